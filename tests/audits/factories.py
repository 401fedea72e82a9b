"""Helpers to file records requests in tests (through the service, as the product does)."""

from datetime import timedelta

from django.utils import timezone

from audits.services import records_request_file


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


def api_body(**overrides) -> dict:
    """A JSON body for POST .../records-requests/ (dates as ISO strings)."""
    body = request_data(**overrides)
    for key in ("period_start", "period_end", "deadline"):
        if hasattr(body[key], "isoformat"):
            body[key] = body[key].isoformat()
    return body
