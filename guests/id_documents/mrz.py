"""ICAO Doc 9303 machine readable zones: TD1 (ID cards, 3 x 30) and TD3 (passports, 2 x 44).

Written from the standard (Part 3 for check digits, Parts 4 and 5 for the layouts) because
the PyPI `mrz` package has had no release since 2020. Every check digit is verified, the
composite one too; a failure is a flag, not an exception, so the clerk sees it.
"""

import re
from datetime import date

from guests.id_documents.parsed import Flag, ParsedDocument, UnreadableScan

WEIGHTS = (7, 3, 1)
LINE = re.compile(r"^[A-Z0-9<]+$")
LENGTHS = {3: 30, 2: 44}  # lines -> characters: TD1, TD3


def char_value(char: str) -> int:
    if char.isdigit():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise ValueError(char)


def check_digit(field: str) -> str:
    """The 7-3-1 weighted sum modulo 10 (Doc 9303 Part 3, 4.9)."""
    total = sum(char_value(char) * WEIGHTS[i % 3] for i, char in enumerate(field))
    return str(total % 10)


def _digit_ok(field: str, digit: str) -> bool:
    # An optional field left empty may carry "<" as its check digit.
    if digit == "<" and set(field) <= {"<"}:
        return True
    return check_digit(field) == digit


def lines_of(text: str) -> list[str]:
    """The MRZ lines of a scan: blank lines dropped, spaces removed, upper case."""
    rows = [re.sub(r"\s", "", row).upper() for row in text.splitlines()]
    return [row for row in rows if row]


def looks_like(text: str) -> bool:
    rows = lines_of(text)
    width = LENGTHS.get(len(rows))
    return width is not None and all(len(row) == width and LINE.match(row) for row in rows)


def _date(value: str, *, today: date, future: bool) -> date | None:
    """YYMMDD: an expiry is in this century; a birth date is never after today."""
    if not value.isdigit():
        return None
    yy, month, day = int(value[:2]), int(value[2:4]), int(value[4:])
    century = 2000 if future or yy <= today.year % 100 else 1900
    try:
        return date(century + yy, month, day)
    except ValueError:
        return None


def _names(field: str) -> tuple[str, str]:
    family, _, given = field.partition("<<")
    clean = lambda part: " ".join(part.replace("<", " ").split())  # noqa: E731
    return clean(family), clean(given)


def _clean(value: str) -> str:
    return value.replace("<", "").strip()


def parse(text: str, *, today: date) -> ParsedDocument:
    if not looks_like(text):
        raise UnreadableScan("not_an_mrz")
    rows = lines_of(text)
    return _td1(rows, today) if len(rows) == 3 else _td3(rows, today)


def _td3(rows: list[str], today: date) -> ParsedDocument:
    one, two = rows
    number, dob, expiry, optional = two[0:9], two[13:19], two[21:27], two[28:42]
    checks = [
        _digit_ok(number, two[9]),
        _digit_ok(dob, two[19]),
        _digit_ok(expiry, two[27]),
        _digit_ok(optional, two[42]),
        _digit_ok(two[0:10] + two[13:20] + two[21:43], two[43]),
    ]
    family, given = _names(one[5:44])
    return _result(
        kind=one[0],
        issuer=_clean(one[2:5]),
        number=_clean(number),
        family=family,
        given=given,
        nationality=_clean(two[10:13]),
        dob=dob,
        expiry=expiry,
        checks=checks,
        today=today,
    )


def _td1(rows: list[str], today: date) -> ParsedDocument:
    one, two, three = rows
    number, number_check = one[5:14], one[14]
    if number_check == "<":  # a number longer than 9: it goes on in the optional field
        rest = one[15:30].rstrip("<")
        number, number_check = number + rest[:-1], rest[-1:] or "<"
    dob, expiry = two[0:6], two[8:14]
    checks = [
        _digit_ok(number, number_check),
        _digit_ok(dob, two[6]),
        _digit_ok(expiry, two[14]),
        _digit_ok(one[5:30] + two[0:7] + two[8:15] + two[18:29], two[29]),
    ]
    family, given = _names(three)
    return _result(
        kind=one[0],
        issuer=_clean(one[2:5]),
        number=_clean(number),
        family=family,
        given=given,
        nationality=_clean(two[15:18]),
        dob=dob,
        expiry=expiry,
        checks=checks,
        today=today,
    )


def _result(
    *,
    kind: str,
    issuer: str,
    number: str,
    family: str,
    given: str,
    nationality: str,
    dob: str,
    expiry: str,
    checks: list[bool],
    today: date,
) -> ParsedDocument:
    born = _date(dob, today=today, future=False)
    expires = _date(expiry, today=today, future=True)
    flags = set()
    if not all(checks):
        flags.add(Flag.CHECK_DIGIT_FAILED)
    if born is None or expires is None:
        flags.add(Flag.BAD_DATE)
    if expires is not None and expires < today:
        flags.add(Flag.EXPIRED)
    return ParsedDocument(
        source="mrz",
        document_type="passport" if kind == "P" else "other",
        document_number=number,
        issuer=issuer,
        family_name=family,
        given_names=given,
        country=nationality,
        date_of_birth=born,
        expiry=expires,
        flags=frozenset(flags),
    )
