"""AAMVA DL/ID card design standard: the PDF417 payload as a keyboard-wedge scanner types it.

Written from the standard (2000 = version 1 through 2020 = version 10, annex D) because the
only PyPI candidate (`aamva-parser` 0.1.2, one release, a young port) is not yet a
well-kept dependency. Wedges rarely type the control characters faithfully, so the offsets
of the subfile designators are not trusted: the header is found by its "ANSI "/"AAMVA"
marker, and elements are read line by line, whatever ends a line (LF, CR or CR LF).
"""

import re
from datetime import date

from guests.id_documents.parsed import Flag, ParsedDocument, UnreadableScan

KNOWN_VERSIONS = range(1, 11)
HEADER = re.compile(r"(?:ANSI ?|AAMVA)(\d{6})(\d{2})")
ELEMENT = re.compile(r"^(?:DL|ID)?(D[A-Z]{2})(.*)$")
SUBFILE = re.compile(r"(DL|ID)(?=D[A-Z]{2})")
CANADA = {"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"}


def looks_like(text: str) -> bool:
    return bool(HEADER.search(text)) or "\nDAQ" in _lines_text(text)


def _lines_text(text: str) -> str:
    return text.replace("\x1e", "\n").replace("\r\n", "\n").replace("\r", "\n")


def elements_of(text: str) -> dict[str, str]:
    """Element id -> value; the first occurrence wins (a later subfile may repeat ids)."""
    body = _lines_text(text)
    header = HEADER.search(body)
    if header is not None:
        # The designators ("DL00410278...") follow the header; the data begins where the
        # first subfile type is followed by an element id.
        rest = body[header.end() :]
        start = SUBFILE.search(rest)
        body = rest[start.start() :] if start else rest
    found: dict[str, str] = {}
    for line in body.split("\n"):
        match = ELEMENT.match(line.strip("\x1e "))
        if match and match.group(1) not in found:
            found[match.group(1)] = match.group(2).strip()
    return found


def _date(value: str, *, canadian: bool) -> date | None:
    """MMDDCCYY in the US, CCYYMMDD in Canada and in version 1; the other order if that fails."""
    if not re.fullmatch(r"\d{8}", value):
        return None
    us = (int(value[4:]), int(value[:2]), int(value[2:4]))
    iso = (int(value[:4]), int(value[4:6]), int(value[6:]))
    for year, month, day in (iso, us) if canadian else (us, iso):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


def _names(found: dict[str, str], version: int | None) -> tuple[str, str]:
    """Family and given names across versions: DAA (v1) "LAST,FIRST,MIDDLE", DCT (v2, v3)."""
    if found.get("DCS") or found.get("DAB"):
        family = found.get("DCS") or found.get("DAB", "")
        given = found.get("DAC") or found.get("DCT", "")
        middle = found.get("DAD", "")
        names = [part.strip() for part in given.replace(",", " ").split()]
        names += [part for part in middle.replace(",", " ").split()]
        return family.strip(), " ".join(names)
    full = found.get("DAA", "")
    if "," in full:
        family, *rest = [part.strip() for part in full.split(",")]
        return family, " ".join(part for part in rest if part)
    parts = full.split()
    return (parts[-1], " ".join(parts[:-1])) if parts else ("", "")


def _postal(value: str) -> str:
    """ZIP+4 without its empty "0000", a Canadian code as typed, no padding."""
    value = value.strip()
    if re.fullmatch(r"\d{9}", value):
        return value[:5] if value.endswith("0000") else f"{value[:5]}-{value[5:]}"
    return value


def parse(text: str, *, today: date) -> ParsedDocument:
    header = HEADER.search(_lines_text(text))
    found = elements_of(text)
    number = found.get("DAQ", "")
    if not number:
        raise UnreadableScan("no_document_number")
    version = int(header.group(2)) if header else None
    state = found.get("DAJ", "") or found.get("DAO", "")
    country = found.get("DCG", "")
    canadian = country == "CAN" or state in CANADA or version in (None, 1)
    family, given = _names(found, version)
    born = _date(found.get("DBB", ""), canadian=canadian)
    expires = _date(found.get("DBA", ""), canadian=canadian)
    flags = set()
    if version is None or version not in KNOWN_VERSIONS:
        flags.add(Flag.UNKNOWN_VERSION)
    if born is None or expires is None:
        flags.add(Flag.BAD_DATE)
    if expires is not None and expires < today:
        flags.add(Flag.EXPIRED)
    subfile = SUBFILE.search(_lines_text(text))
    is_id_card = subfile is not None and subfile.group(1) == "ID"
    street = ", ".join(part for part in (found.get("DAG", ""), found.get("DAH", "")) if part)
    return ParsedDocument(
        source="aamva",
        document_type="state_id" if is_id_card else "drivers_licence",
        document_number=number,
        issuer=state,
        family_name=family,
        given_names=given,
        street=street,
        city=found.get("DAI", ""),
        state=state,
        postal_code=_postal(found.get("DAK", "")),
        country=country or ("CAN" if state in CANADA else "USA"),
        date_of_birth=born,
        expiry=expires,
        version=version,
        flags=frozenset(flags),
    )
