"""Which line first held a fingerprint: a flat open-addressing table, a few bytes a row.

The duplicate checks of an import remember one fingerprint per row for the whole file. A dict
of 16-byte digests costs about 150 bytes a row (key object, value object, slot), more than
a CSV row's own bytes; this table keeps an 8-byte key and a 4-byte line number in two arrays,
at most 80 % full: 15 to 30 bytes a row (more for a moment while it doubles). Keys are
64-bit hashes, so two different rows share one with odds of about n² / 2⁶⁵ (10⁻⁹ at 200,000
rows).
"""

import hashlib
from array import array
from collections.abc import Iterable

_EMPTY = 0


def fingerprint(cells: Iterable[str]) -> int:
    """A 64-bit hash of the cells as read (spaces around each cell ignored); never 0."""
    text = "\x1f".join(cell.strip() for cell in cells)
    value = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
    return value or 1


class FirstLines:
    """`first_line(key, line)`: the line `key` was seen on before, or None (then remembered)."""

    def __init__(self, capacity: int = 1024) -> None:
        size = 1
        while size < capacity:
            size *= 2
        self._keys = array("Q", bytes(8 * size))
        self._lines = array("I", bytes(4 * size))
        self._mask = size - 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, int):
            return False
        keys, mask = self._keys, self._mask
        slot = key & mask
        while True:
            found = keys[slot]
            if found == _EMPTY:
                return False
            if found == key:
                return True
            slot = (slot + 1) & mask

    def first_line(self, key: int, line: int) -> int | None:
        keys, mask = self._keys, self._mask
        slot = key & mask
        while True:
            found = keys[slot]
            if found == _EMPTY:
                keys[slot] = key
                self._lines[slot] = line
                self._count += 1
                if self._count * 10 > (mask + 1) * 8:  # at most 80 % full
                    self._grow()
                return None
            if found == key:
                return int(self._lines[slot])
            slot = (slot + 1) & mask

    def _grow(self) -> None:
        old = zip(self._keys, self._lines, strict=True)
        size = (self._mask + 1) * 2
        self._keys = array("Q", bytes(8 * size))
        self._lines = array("I", bytes(4 * size))
        self._mask = size - 1
        self._count = 0
        for key, line in old:
            if key != _EMPTY:
                self.first_line(key, line)
