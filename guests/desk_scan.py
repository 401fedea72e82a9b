"""What a scanned ID puts on the check-in form, and what the clerk must be warned about.

The raw scan is parsed in memory and dropped: only the fields it fills reach the page, and
nothing of it is stored, logged or placed in a URL.
"""

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from guests.id_documents import Flag, ParsedDocument, UnreadableScan, read_scan

# A typed ID number is one short line; anything else that no reader accepts is unreadable.
TYPED_ID_MAX_LENGTH = 40


def scan_read(text: str, *, today: date) -> tuple[ParsedDocument | None, str]:
    """The document read from a scan, and the ID number to look the guest up by.

    A single short line that is no barcode or MRZ is taken as an ID number typed by hand.
    Raises `UnreadableScan` for anything else.
    """
    try:
        document = read_scan(text, today=today)
    except UnreadableScan:
        typed = text.strip()
        if typed and "\n" not in typed and len(typed) <= TYPED_ID_MAX_LENGTH:
            return None, typed
        raise
    return document, document.document_number


def form_initial(document: ParsedDocument) -> dict[str, Any]:
    """The check-in form's fields the document fills (the register keeps no date of birth)."""
    values = {
        "guest_name": document.full_name,
        "address": document.address,
        "id_type": document.document_type,
        "id_number": document.document_number,
        "id_issuer": document.issuer,
    }
    return {name: value for name, value in values.items() if value}


def warnings_of(document: ParsedDocument) -> list[str]:
    """Messages the clerk must see before accepting the document."""
    messages = {
        Flag.EXPIRED: _("This document has expired. Ask for a valid ID."),
        Flag.CHECK_DIGIT_FAILED: _(
            "A check digit of this document is wrong: it may be misread or altered. "
            "Check the document by eye."
        ),
        Flag.UNKNOWN_VERSION: _(
            "This barcode uses a version of the standard we do not know; check every field."
        ),
        Flag.BAD_DATE: _("A date on this document could not be read; check it by eye."),
    }
    return [messages[flag] for flag in Flag if flag in document.flags]


def unreadable_message() -> str:
    return _("The scan could not be read as an ID. Scan again or type the details.")
