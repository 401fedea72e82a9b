"""Canaries: guests with unique marker values go through every flow that logs, emails, errs,
redirects or describes the API; then no marker may appear in any log record, URL, email,
chain entry, outbox payload, access event or the OpenAPI schema. The ID number may appear
nowhere in the database but as ciphertext, and in no response except the logged reveal.
"""

import json
import logging
import secrets

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from guests.models import Registration
from guests.tasks import notify_managers_of_concern
from hotelcompliance.access_log import AccessEvent
from hotelcompliance.chain import ChainEntry
from hotelcompliance.outbox import OutboxEvent
from tests.pages import PageClient

pytestmark = pytest.mark.django_db

TAG = secrets.token_hex(3).upper()  # unique per run, so a marker is never a coincidence


def markers(n: int) -> dict[str, str]:
    letters = "".join(chr(ord("A") + int(c, 16)) for c in TAG)  # a name needs letters
    return {
        "guest_name": f"Canary{letters}{n} Quixote",
        "id_number": f"IDCAN{TAG}{n}",
        "email": f"canary.{TAG.lower()}{n}@example.test",
        "phone": f"+1 860 555 {TAG[:2]}{n}",
        "vehicle_plate": f"QZ{TAG[:4]}{n}",
    }


FIRST, SECOND, AMENDED = markers(1), markers(2), markers(3)
ALL_VALUES = [v for m in (FIRST, SECOND, AMENDED) for v in m.values()]
ID_NUMBERS = [m["id_number"] for m in (FIRST, SECOND, AMENDED)]


# The logged reveal shows the number; a refused check-in form keeps what the clerk just typed
# (sent with no-store, to the person who typed it).
EXPECTED_ID_ECHOES = ("/reveal-id/", "/desk/check-in/")


class Recorder:
    """A test client that keeps every URL it asked for and every URL it was sent to."""

    def __init__(self, client):
        self.client, self.urls, self.bodies = client, [], []

    def __getattr__(self, name):
        method = getattr(self.client, name)
        if name not in {"get", "post", "patch", "put", "delete"}:
            return method

        def call(path, *args, **kwargs):
            response = method(path, *args, **kwargs)
            self.urls.append(path)
            if "Location" in response:
                self.urls.append(response["Location"])
            if not getattr(response, "streaming", False):
                self.bodies.append((path, response.content.decode(errors="replace")))
            return response

        return call


def checkin_body(prop, values: dict, **extra) -> dict:
    from tests.guests.factories import checkin_data

    data = checkin_data(prop, id_type="passport", id_issuer="CT", **values, **extra)
    return json.loads(json.dumps(data, default=str))


def form_body(prop, values: dict) -> dict:
    import zoneinfo
    from datetime import timedelta

    from django.utils import timezone

    arrival = timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(prop.timezone))
    arrival -= timedelta(hours=1)
    return {
        "room": "204",
        "adults": "1",
        "minors": "0",
        "occupants": "",
        "arrival": arrival.strftime("%Y-%m-%dT%H:%M"),
        "expected_departure": (arrival.date() + timedelta(days=2)).isoformat(),
        "rate": "149.00",
        "rate_type": "nightly",
        "amount_charged": "298.00",
        "payment_method": "card",
        "receipt_number": "F-1001",
        "address": "",
        "id_type": "passport",
        "id_issuer": "CT",
        "vehicle_state": "CT",
        "token": secrets.token_hex(16),
        **values,
    }


def raw_rows(model) -> str:
    """Every column of every row, as stored (ciphertext stays ciphertext)."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return "\n".join(repr(row) for row in cursor.fetchall())


def test_no_marker_leaks_into_logs_urls_emails_or_the_schema(
    caplog, mailoutbox, hotel_a, sam, maria, gina, settings
):
    caplog.set_level(logging.DEBUG)
    api_desk, api_manager = APIClient(), APIClient()
    api_desk.force_authenticate(sam)
    api_manager.force_authenticate(maria)
    desk, manager = Recorder(PageClient()), Recorder(PageClient())
    desk.force_login(sam)
    manager.force_login(maria)
    api_desk, api_manager = Recorder(api_desk), Recorder(api_manager)
    base = f"/api/v1/properties/{hotel_a.pk}/registrations/"

    # API: check-in, a refused check-in, reads, a correction, check-out.
    created = api_desk.post(base, checkin_body(hotel_a, FIRST), format="json")
    assert created.status_code == 201, created.content
    stay = created.json()["id"]
    refused = api_desk.post(base, checkin_body(hotel_a, FIRST, adults=-5), format="json")
    assert refused.status_code == 400
    assert api_desk.get(base).status_code == 200
    assert api_desk.get(f"{base}{stay}/").status_code == 200
    amended = api_manager.patch(
        f"{base}{stay}/",
        {
            "phone": AMENDED["phone"],
            "id_number": AMENDED["id_number"],
            "guest_name": AMENDED["guest_name"],
            "reason": "Typo at check-in",
        },
        format="json",
    )
    assert amended.status_code == 200, amended.content
    assert api_desk.post(f"{base}{stay}/checkout/").status_code == 200
    assert api_desk.get(f"{base}?in_house=true").status_code in (200, 400)

    # Pages: a check-in (and a refused one), the stay, a search, a correction, a reveal.
    page = desk.post("/desk/check-in/", form_body(hotel_a, SECOND))
    assert page.status_code == 302, page.context["form"].errors
    desk.get(page["Location"])
    desk.post("/desk/check-in/", form_body(hotel_a, {**SECOND, "adults": "0"}))
    second = Registration.objects.get(receipt_number="F-1001")
    found = manager.post("/desk/search/", {"name": SECOND["guest_name"].split()[0]})
    assert SECOND["guest_name"] in found.content.decode()
    manager.post(
        f"/desk/registrations/{second.pk}/correct/",
        {"field": "vehicle_plate", "new_value": AMENDED["vehicle_plate"], "reason": "Misread"},
    )
    revealed = manager.post(
        f"/desk/registrations/{second.pk}/reveal-id/", {"reason": "Police request, case 2026-17"}
    )
    assert SECOND["id_number"] in revealed.content.decode()  # the one place it may show

    # A concern report naming the guest in its narrative, through the API and the page; the
    # managers' email goes out through the outbox.
    concern = api_desk.post(
        f"/api/v1/properties/{hotel_a.pk}/concerns/",
        {
            "indicators": ["control.someone_speaks_for_them"],
            "narrative": f"{FIRST['guest_name']} ({FIRST['phone']}) looked afraid.",
            "action_taken": ["manager_told"],
            "registration": stay,
        },
        format="json",
    )
    assert concern.status_code == 201, concern.content
    desk.post(
        "/desk/concerns/new/",
        {
            "narrative": f"{SECOND['guest_name']} plate {SECOND['vehicle_plate']}",
            "registration": "",
        },
    )
    for event in OutboxEvent.objects.filter(task_name="guests.tasks.notify_managers_of_concern"):
        notify_managers_of_concern(**event.kwargs, event_id=str(event.id))
    assert mailoutbox, "the concern emails were sent"

    # The API description.
    schema = Client().get("/api/schema/?format=json")
    assert schema.status_code == 200

    # --- Where markers must never be -----------------------------------------------------
    logs = "\n".join(
        f"{r.name} {r.levelname} {r.getMessage()} {r.args!r} {getattr(r, 'request', '')}"
        for r in caplog.records
    )
    urls = "\n".join(desk.urls + manager.urls + api_desk.urls + api_manager.urls)
    emails = "\n".join(
        f"{m.subject}\n{m.body}\n"
        + "\n".join(str(content) for content, _ in getattr(m, "alternatives", []))
        for m in mailoutbox
    )
    audit_tables = {m.__name__: raw_rows(m) for m in (ChainEntry, AccessEvent, OutboxEvent)}
    places = {
        "logs": logs,
        "URLs": urls,
        "emails": emails,
        "OpenAPI schema": schema.content.decode(),
        **audit_tables,
    }
    leaks = [
        f"{value!r} in {place}"
        for place, text in places.items()
        for value in ALL_VALUES
        if value in text
    ]
    assert leaks == []

    # The ID number: in no response but the reveal, and nowhere in the database in clear.
    responses = api_desk.bodies + api_manager.bodies + desk.bodies + manager.bodies
    shown = [
        (path, number)
        for path, body in responses
        for number in ID_NUMBERS
        if number in body and not path.endswith(EXPECTED_ID_ECHOES)
    ]
    assert shown == []
    stored = [
        f"{number} in {model._meta.db_table}"
        for model in apps.get_models()
        for number in ID_NUMBERS
        if number in raw_rows(model)
    ]
    assert stored == []
    assert Registration.objects.get(pk=stay).id_number == AMENDED["id_number"]  # still readable


PERSONAL_FIELDS = {
    "guest_name",
    "name",
    "names",
    "id_number",
    "email",
    "phone",
    "address",
    "vehicle_plate",
    "occupants",
    "date_of_birth",
}


def test_no_personal_field_is_a_query_or_path_parameter():
    schema = Client().get("/api/schema/?format=json").json()

    in_urls = sorted(
        f"{method.upper()} {path}: {parameter['name']}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict)
        for parameter in operation.get("parameters", [])
        if parameter.get("in") in {"query", "path"} and parameter["name"] in PERSONAL_FIELDS
    )

    assert in_urls == []
