"""Check-in data and registrations for the guest-register tests, made through the service."""

import zoneinfo
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from guests.models import Registration
from guests.services import registration_create


def checkin_data(prop, **overrides) -> dict:
    """A complete Connecticut check-in that arrived an hour ago and leaves in two days."""
    tz = zoneinfo.ZoneInfo(prop.timezone)
    arrival = timezone.localtime(timezone.now(), tz) - timedelta(hours=1)
    data = {
        "guest_name": "Ada Lovelace",
        "room": "101",
        "arrival": arrival,
        "expected_departure": arrival.date() + timedelta(days=2),
        "rate": Decimal("149.00"),
        "rate_type": "nightly",
        "amount_charged": Decimal("298.00"),
        "payment_method": "card",
        "receipt_number": "F-2026-00001",
        "adults": 1,
        "minors": 0,
    }
    if overrides.get("occupants"):
        # The counts follow from an occupant list (guests.occupants) unless a test sets them.
        del data["adults"], data["minors"]
    data.update(overrides)
    return data


def arriving(prop, day, hour: int = 15, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), zoneinfo.ZoneInfo(prop.timezone))


def make_registration(prop, actor, *, channel: str = "desk", **overrides) -> Registration:
    return registration_create(
        prop=prop, actor=actor, channel=channel, data=checkin_data(prop, **overrides)
    )
