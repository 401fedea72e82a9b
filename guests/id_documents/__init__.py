"""Identity documents read at the desk: AAMVA PDF417 (US/Canadian licences) and ICAO 9303 MRZ.

`read_scan(text, today=...)` takes what a keyboard-wedge scanner typed and returns a
`ParsedDocument`, or raises `UnreadableScan`. Nothing here stores or logs the scan.
"""

from datetime import date

from guests.id_documents import aamva, mrz
from guests.id_documents.parsed import Flag, ParsedDocument, UnreadableScan

__all__ = ["Flag", "ParsedDocument", "UnreadableScan", "read_scan"]


def read_scan(text: str, *, today: date) -> ParsedDocument:
    """Parse a wedge scan: an AAMVA barcode if it has the header or data elements, else an MRZ."""
    if aamva.looks_like(text):
        return aamva.parse(text, today=today)
    if mrz.looks_like(text):
        return mrz.parse(text, today=today)
    raise UnreadableScan("not_an_id")
