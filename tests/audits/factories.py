"""Helpers to file records requests in tests (through the service, as the product does)."""

from datetime import timedelta

from django.utils import timezone

from audits.services import records_request_file
from hotelcompliance.roles import Role
from tests.factories import MembershipFactory, UserFactory


def days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def request_data(**overrides) -> dict:
    data = {
        "legal_basis": "administrative_subpoena",
        "period_start": days_ago(20),
        "period_end": days_ago(10),
        "rooms": ["101", "102"],
        "names": ["Jane Roe"],
        "fields": ["guest_name", "room", "arrival"],
        "deadline": days_ago(-14),
    }
    data.update(overrides)
    return data


def file_request(prop, inspector, **overrides):
    return records_request_file(prop=prop, inspector=inspector, data=request_data(**overrides))


def file_exigent_request(prop, inspector, **overrides):
    """A break-glass request for room 101 over the last two days: produced at once."""
    scope = {
        "legal_basis": "exigent_circumstances",
        "period_start": days_ago(1),
        "period_end": days_ago(0),
        "rooms": ["101"],
        "names": [],
        "exigent_reason": "A missing child was seen entering room 101 last night.",
    }
    return file_request(prop, inspector, **{**scope, **overrides})


def second_inspector(prop):
    """Irene, another agency's inspector at the property: none of Ivan's requests are hers."""
    return MembershipFactory(
        user=UserFactory(username="irene"),
        property=prop,
        role=Role.INSPECTOR,
        agency="State Police",
        badge_number="SP-9",
    ).user


def api_body(**overrides) -> dict:
    """A JSON body for POST .../records-requests/ (dates as ISO strings)."""
    body = request_data(**overrides)
    for key in ("period_start", "period_end", "deadline"):
        if hasattr(body[key], "isoformat"):
            body[key] = body[key].isoformat()
    return body
