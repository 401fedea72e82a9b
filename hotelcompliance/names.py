"""People's names as the register matches them: one normaliser, and the blind index's hashes.

A records request names guests; the register holds what the desk typed. Both sides go through
`normalise_name`, so a name matches itself however it was keyed: in any case, with or without
accents, with extra or odd spaces, composed or decomposed, with invisible characters pasted
in. Matching is of WHOLE names: "Ann" is not "Joanna", nor "Ann Smith".

`name_digests` turns a name into keyed hashes (HMAC-SHA256 under the lookup keys of
`hotelcompliance.crypto`, in a domain of their own), which is what the register's name index
stores: SQL then matches whole names without decrypting anything or searching substrings, and
the index itself reveals no name to someone who reads the table without the keys.

The core keeps only the function; the app that owns an index registers how to rebuild it
(`register_name_index`), so that `rotate_encryption_key` rehashes it under the newest key.
"""

import unicodedata
from collections.abc import Callable, Iterable

from hotelcompliance import crypto

DIGEST_DOMAIN = "name\x1f"

# Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt): characters that
# render as nothing. With every format character (category Cf), they never count in a name.
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
# Look-alike apostrophes and hyphens that keyboards, phones and PMS exports swap freely, and
# the letters with a stroke or ligature that no Unicode decomposition takes to plain Latin
# (a PMS that only knows ASCII writes "Lukasz" for "Łukasz", "Oystein" for "Øystein").
_FOLDS = str.maketrans(
    {
        "\u0131": "i",
        "\u0142": "l",
        "\u00f8": "o",
        "\u0111": "d",
        "\u0127": "h",
        "\u0167": "t",
        "\u00e6": "ae",
        "\u0153": "oe",
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)


def is_ignorable(character: str) -> bool:
    """Whether a character is invisible: a format character or a default-ignorable one."""
    if unicodedata.category(character) == "Cf":
        return True
    point = ord(character)
    return any(low <= point <= high for low, high in _IGNORABLE_RANGES)


def normalise_name(value: str) -> str:
    """The form in which two spellings of one name are equal ("" when nothing is left).

    NFKC (compatibility forms: full-width letters, ligatures), invisible characters dropped,
    case folded, accents removed (NFKD, then every combining mark; stroke letters and æ/œ
    folded to plain Latin), look-alike apostrophes and hyphens unified, runs of any white
    space made one space, trimmed, and NFC at the end.
    The result is a fixed point: normalising it again changes nothing.
    """
    text = unicodedata.normalize("NFKC", str(value))
    text = "".join(character for character in text if not is_ignorable(character))
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c) and not is_ignorable(c))
    text = " ".join(text.translate(_FOLDS).split())
    return unicodedata.normalize("NFC", text)


def names_match(first: str, second: str) -> bool:
    """Whether two names are the same whole name (both non-empty once normalised)."""
    key = normalise_name(first)
    return bool(key) and key == normalise_name(second)


def name_digest(value: str) -> str | None:
    """The index hash of a name under the newest key, or None if the name normalises to ""."""
    key = normalise_name(value)
    if not key:
        return None
    return crypto.keyed_hashes(DIGEST_DOMAIN + key)[0]


def name_digests(value: str) -> list[str]:
    """The name's hash under every configured key (to search while a key rotation runs)."""
    key = normalise_name(value)
    if not key:
        return []
    return crypto.keyed_hashes(DIGEST_DOMAIN + key)


def digests_of(names: Iterable[str]) -> set[str]:
    """Every hash that a stored name matching any of `names` may carry."""
    found: set[str] = set()
    for name in names:
        found.update(name_digests(name))
    return found


# Apps own their name indexes; the core only knows how to ask them to rebuild.
NameIndexRefresher = Callable[[], int]
_REFRESHERS: dict[str, NameIndexRefresher] = {}


def register_name_index(name: str, refresher: NameIndexRefresher) -> None:
    """Register (or replace) how an app rebuilds its name index under the newest key."""
    _REFRESHERS[name] = refresher


def refresh_name_indexes() -> dict[str, int]:
    """Rebuild every registered name index; returns the rows rewritten per index."""
    return {name: _REFRESHERS[name]() for name in sorted(_REFRESHERS)}
