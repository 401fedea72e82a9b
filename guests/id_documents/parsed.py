"""The one result of reading an identity document, whatever its format."""

import enum
from dataclasses import dataclass, field
from datetime import date


class Flag(enum.StrEnum):
    """Something the clerk must see before relying on the document."""

    EXPIRED = "expired"
    CHECK_DIGIT_FAILED = "check_digit_failed"
    UNKNOWN_VERSION = "unknown_version"
    BAD_DATE = "bad_date"


class UnreadableScan(ValueError):
    """The text is no identity document we can read; `code` says why, never the content."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ParsedDocument:
    """What a document says, in the register's terms (`IdType` values for `document_type`)."""

    source: str  # "aamva" or "mrz"
    document_type: str
    document_number: str
    issuer: str
    family_name: str = ""
    given_names: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    date_of_birth: date | None = None
    expiry: date | None = None
    version: int | None = None
    flags: frozenset[Flag] = field(default_factory=frozenset)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.family_name) if part)

    @property
    def address(self) -> str:
        """One line, as the register keeps it: street, city, state and postal code."""
        place = " ".join(part for part in (self.state, self.postal_code) if part)
        return ", ".join(part for part in (self.street, self.city, place) if part)
