"""The shapes of the data dicts the guests services take, so mypy checks their keys.

The services still check every value at run time: the API hands them what a client sent.
"""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypedDict


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


class RegistrationData(TypedDict, total=False):
    """A stay's fields for `services.registration_create` (the pack says which are required)
    and `services.registration_amend` (only those to change). Keys are `GUEST_FIELDS` plus
    `external_ref`; any other key is refused as an unknown field. A blank text may be None."""

    guest_name: str | None
    address: str | None
    phone: str | None
    email: str | None
    id_type: str | None  # `IdType` values
    id_number: str | None
    id_issuer: str | None
    vehicle_plate: str | None
    vehicle_state: str | None
    room: str | None
    adults: int
    minors: int
    # The other occupants: names (contract v1) or {"name", "minor"} objects.
    occupants: list[Any] | None
    arrival: datetime
    expected_departure: date
    rate: Decimal | None
    rate_type: str | None  # `RateType` values
    amount_charged: Decimal | None
    payment_method: str | None  # `PaymentMethod` values
    receipt_number: str | None
    external_ref: str


class SyncStay(RegistrationData, total=False):
    """One stay of `sync.registrations_sync_batch`: its PMS reference, when the guest left (if
    they did) and the registration fields."""

    checked_out_at: datetime | None
