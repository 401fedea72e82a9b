"""The import's fingerprint table: the first line of each key, across growth."""

from hotelcompliance.imports.seen import FirstLines, fingerprint


def test_the_first_line_of_each_key_is_kept_across_growth():
    table = FirstLines(capacity=4)
    keys = [fingerprint([str(n)]) for n in range(5000)]

    assert all(table.first_line(key, line) is None for line, key in enumerate(keys, start=2))
    assert len(table) == 5000
    assert table.first_line(keys[0], 9999) == 2
    assert table.first_line(keys[4999], 9999) == 5001


def test_fingerprints_ignore_spaces_around_cells_and_are_never_zero():
    assert fingerprint([" a ", "b"]) == fingerprint(["a", "b "])
    assert fingerprint(["a", "b"]) != fingerprint(["ab", ""])
    assert fingerprint([]) != 0
