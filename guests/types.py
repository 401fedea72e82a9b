"""The shapes of the data dicts the guests services take, so mypy checks their keys.

The services still check every value at run time: the API hands them what a client sent.
"""

import uuid
from datetime import date
from typing import TypedDict


class ConcernData(TypedDict, total=False):
    """What `concerns.concern_report_create` files, under the API contract's names."""

    indicators: list[str]  # codes of `guests.indicators`
    narrative: str
    action_taken: list[str]  # `ConcernAction` values
    hotline_reference: str
    registration: uuid.UUID | None  # a stay of the same property


class SearchCriteria(TypedDict, total=False):
    """What `selectors.registration_search` matches; only the criteria given are present."""

    name: str
    room: str
    arrival_from: date
    arrival_to: date
    receipt_number: str
