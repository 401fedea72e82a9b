"""The desk's room checks: which rooms are vacant, and what to warn about before a check-in.

Warnings, not rules: a room still shown in house (a guest not checked out yet) or a folio
number already used may be a real mistake or a real situation (a family in two check-ins, a
late check-out). A clerk is stopped and asks a manager; a manager checks the guest in anyway
with a reason, kept as a `hotelcompliance.rooms.RoomOverride` in the check-in's transaction.
The API and the PMS import do not warn: the PMS is the source of its own room plan.
"""

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from guests.models import Registration
from hotelcompliance.rooms import Room, RoomOverride
from hotelcompliance.tenancy import Property

ROOM_IN_USE = "room_in_use"
FOLIO_REPEATED = "folio_repeated"


@dataclasses.dataclass(frozen=True)
class StayWarning:
    code: str
    message: str
    other_numbers: tuple[int, ...]


def in_house_rooms(prop: Property) -> set[str]:
    """Rooms of the stays in house now (not checked out, arrived)."""
    rows = Registration.objects.for_property(prop).in_house().exclude(room="")
    return set(rows.values_list("room", flat=True))


def vacant_rooms(prop: Property) -> list[str]:
    """The property's rooms in use with nobody in house, in room order (for the datalist)."""
    occupied = in_house_rooms(prop)
    rooms = Room.objects.for_property(prop).active().values_list("number", flat=True)
    return [number for number in rooms if number not in occupied]


def stay_warnings(prop: Property, data: Mapping[str, Any]) -> list[StayWarning]:
    """What the desk must confirm before this check-in: a shared room, a repeated folio.

    `data` are the check-in form's cleaned values (room, arrival, expected_departure,
    receipt_number). The messages give register numbers, never a guest's name.
    """
    warnings = []
    room = (data.get("room") or "").strip()
    arrival = data.get("arrival")
    departure = data.get("expected_departure")
    if room and isinstance(arrival, datetime) and isinstance(departure, date):
        numbers = _overlapping_in_house(prop, room, departure)
        if numbers:
            warnings.append(
                StayWarning(
                    ROOM_IN_USE,
                    _(
                        "Room %(room)s is still in house (#%(numbers)s, not checked out). "
                        "Check that stay out first, or confirm that both stay in this room."
                    )
                    % {"room": room, "numbers": ", #".join(str(n) for n in numbers)},
                    tuple(numbers),
                )
            )
    folio = (data.get("receipt_number") or "").strip()
    if folio:
        numbers = list(
            Registration.objects.for_property(prop)
            .filter(receipt_number=folio)
            .order_by("number")
            .values_list("number", flat=True)[:5]
        )
        if numbers:
            warnings.append(
                StayWarning(
                    FOLIO_REPEATED,
                    _("This receipt or folio number is already on #%(numbers)s.")
                    % {"numbers": ", #".join(str(n) for n in numbers)},
                    tuple(numbers),
                )
            )
    return warnings


def _overlapping_in_house(prop: Property, room: str, departure: date) -> list[int]:
    """Stays in this room not checked out that arrived before the new stay ends."""
    ends = datetime.combine(departure + timedelta(days=1), time.min, tzinfo=prop.tz)
    rows = (
        Registration.objects.for_property(prop)
        .filter(Q(room=room), checked_out_at__isnull=True, arrival__lt=ends)
        .order_by("number")
        .values_list("number", flat=True)[:5]
    )
    return list(rows)


def override_record(
    *,
    prop: Property,
    registration: Registration,
    actor: Any,
    warnings: list[StayWarning],
    reason: str,
) -> RoomOverride:
    """Keep who let this stay through the warnings, when and why (in the caller's transaction)."""
    return RoomOverride.objects.create(
        property=prop,
        registration_id=registration.pk,
        warnings=[warning.code for warning in warnings],
        other_numbers=sorted({n for warning in warnings for n in warning.other_numbers}),
        reason=reason.strip(),
        overridden_by=actor,
        created_at=timezone.now(),
    )
