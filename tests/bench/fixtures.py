"""The bench's cast, made directly through the ORM in the bench database (Django set up)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from hotelcompliance.api_tokens import issue_token
from hotelcompliance.roles import Role
from hotelcompliance.tenancy import Membership, Organisation, Property

PASSWORD = "bench-password-not-secret-2026"


@dataclass
class Actor:
    user: object
    token: str


def organisation() -> Organisation:
    org, _ = Organisation.objects.get_or_create(name="Bench Group")
    return org


def property_named(name: str) -> Property:
    prop, _ = Property.objects.get_or_create(
        organisation=organisation(),
        name=name,
        defaults={
            "street": "1 Bench Street",
            "city": "Hartford",
            "region": "CT",
            "postal_code": "06103",
            "timezone": "America/New_York",
            "jurisdiction": "US-CT",
            "rooms": 200,
        },
    )
    return prop


def actor(username: str, prop: Property, role: str = Role.FRONT_DESK) -> Actor:
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_password(PASSWORD)
        user.save()
        Membership.objects.create(user=user, property=prop, role=role)
    return Actor(user, issue_token(user)[1])


def checkin_body(prop: Property) -> dict:
    """A complete Connecticut check-in in JSON types, as an integrator sends it."""
    arrival = timezone.localtime(timezone.now()) - timedelta(hours=1)
    return {
        "guest_name": "Ada Lovelace",
        "room": "101",
        "id_type": "passport",
        "id_number": "X1234567",
        "arrival": arrival.isoformat(),
        "expected_departure": (arrival.date() + timedelta(days=2)).isoformat(),
        "rate": str(Decimal("149.00")),
        "rate_type": "nightly",
        "amount_charged": str(Decimal("298.00")),
        "payment_method": "card",
        "receipt_number": "F-2026-00001",
        "adults": 1,
        "minors": 0,
    }
