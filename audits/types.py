"""The shapes of the data dicts the audits services take, so mypy checks their keys.

The services still check every value at run time: the API hands them what a client sent.
"""

from datetime import date
from typing import TypedDict


class RecordsRequestFiling(TypedDict, total=False):
    """What `services.records_request_file` files (`services.FILE_FIELDS`); any other key is
    refused. `rooms` and `names` empty mean every room and every guest."""

    legal_basis: str  # `LegalBasis` values
    period_start: date
    period_end: date
    rooms: list[str]
    names: list[str]
    fields: list[str]  # registration fields asked for
    deadline: date
    exigent_reason: str
    agency_reference: str  # the agency's own case or file number
    subject: str  # `RequestSubject` values: the guest register (default) or training records
