"""Names carry no invisible tricks: every personal-data text field refuses them, every way in.

Bidi overrides and isolates, zero-width characters and the other format characters (Unicode
category Cf) are refused with a field message that names the character, through the API, the
forms and the CSV imports of every app; the joiners some scripts need are kept, and a name so
kept still matches itself typed without them.
"""

import uuid
import zoneinfo
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audits.models import RecordsRequest
from audits.poster_evidence import poster_evidence_add
from guests.models import ConcernReport, Registration
from guests.pms_import import registrations_import
from hotelcompliance.roles import Role
from tests.audits.factories import api_body, file_request
from tests.factories import MembershipFactory, UserFactory
from tests.guests.concern_data import concern_data
from tests.guests.factories import checkin_data, make_registration
from tests.guests.pms_csv import pms_csv, pms_row, upload
from training.models import Employee

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "Ann\u202ehtimS" shows as "AnnSmith" reversed
TRICKS = ["\u202e", "\u2066", "\u200b", "\ufeff", "\u2060", "\u200d", "\u00ad"]


def json_ready(data: dict) -> dict:
    import json

    return json.loads(json.dumps(data, default=str))


def refused_with_the_character(message: str, character: str) -> bool:
    return f"U+{ord(character):04X}" in message and "invisible" in message


# --- the register ---------------------------------------------------------------------------


@pytest.mark.parametrize("character", TRICKS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(
    "field", ["guest_name", "address", "room", "id_number", "id_issuer", "vehicle_plate"]
)
def test_the_registration_api_refuses_a_trick_in_any_text_field(
    api_as, hotel_a, sam, field, character
):
    body = json_ready(checkin_data(hotel_a))
    body[field] = f"Ann{character}Smith"[:16]

    response = api_as(sam).post(
        f"/api/v1/properties/{hotel_a.pk}/registrations/", body, format="json"
    )

    assert response.status_code == 400
    assert refused_with_the_character(response.json()["fields"][field][0], character)
    assert not Registration.objects.exists()


def test_the_registration_api_refuses_a_trick_in_an_occupant_or_the_email(api_as, hotel_a, sam):
    client = api_as(sam)
    url = f"/api/v1/properties/{hotel_a.pk}/registrations/"
    for field, value in (("occupants", ["Bob\u2067Smith"]), ("email", "ann\u200b@example.test")):
        body = {**json_ready(checkin_data(hotel_a)), field: value}

        response = client.post(url, body, format="json")

        assert response.status_code == 400, (field, response.json())
        assert field in response.json()["fields"]
    assert not Registration.objects.exists()


def test_an_amendment_cannot_slip_a_trick_in(api_as, hotel_a, sam, maria):
    registration = make_registration(hotel_a, sam)

    response = api_as(maria).patch(
        f"/api/v1/properties/{hotel_a.pk}/registrations/{registration.pk}/",
        {"guest_name": f"Ada{RLO}ecalevoL", "reason": f"Typo{RLO}"},
        format="json",
    )

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert refused_with_the_character(fields["guest_name"][0], RLO)
    assert refused_with_the_character(fields["reason"][0], RLO)
    assert Registration.objects.get().guest_name == "Ada Lovelace"


def test_the_check_in_form_shows_the_refusal_beside_the_name(client, hotel_a, sam):
    tz = zoneinfo.ZoneInfo(hotel_a.timezone)
    now = timezone.localtime(timezone.now(), tz)
    client.force_login(sam)

    response = client.post(
        "/desk/check-in/",
        {
            "room": "204",
            "guest_name": "Ada\u200bLovelace",
            "adults": "1",
            "minors": "0",
            "occupants": "Charles\u2066 Babbage",
            "arrival": now.strftime("%Y-%m-%dT%H:%M"),
            "expected_departure": (now.date() + timedelta(days=2)).isoformat(),
            "rate": "149.00",
            "rate_type": "nightly",
            "amount_charged": "298.00",
            "payment_method": "card",
            "receipt_number": "F-1",
            "token": str(uuid.uuid4()),
        },
    )

    form = response.context["form"]
    assert refused_with_the_character(form.errors["guest_name"][0], "\u200b")
    assert refused_with_the_character(form.errors["occupants"][0], "\u2066")
    assert 'id="id_guest_name_error"' in response.content.decode()
    assert not Registration.objects.exists()


def test_the_csv_import_names_the_line_and_field_of_a_trick(hotel_a, maria):
    rows = [
        pms_row(hotel_a, 1),
        pms_row(hotel_a, 2, guest_name=f"Eve{RLO}Adams"),
        pms_row(hotel_a, 3, occupants="Bob Smith; Carl\u200bSmith"),
    ]

    result = registrations_import(prop=hotel_a, actor=maria, file=upload(pms_csv(rows)))

    errors = {(e.line, e.field): e.message for e in result.errors}
    assert set(errors) == {(3, "guest_name"), (4, "occupants")}
    assert refused_with_the_character(errors[(3, "guest_name")], RLO)
    assert "Eve" not in errors[(3, "guest_name")]  # the cell's value is not repeated
    assert result.imported == 0 and not Registration.objects.exists()


# --- the joiners that spelling needs are kept, and names still match themselves --------------


def test_a_persian_name_keeps_its_joiner_and_matches_itself_typed_without_it(hotel_a, sam, ivan):
    with_zwnj = "\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627 \u0627\u062d\u0645\u062f\u06cc"
    registration = make_registration(hotel_a, sam, guest_name=with_zwnj)
    assert Registration.objects.get().guest_name == with_zwnj

    day = timezone.localdate(timezone=zoneinfo.ZoneInfo(hotel_a.timezone))
    request = file_request(
        hotel_a,
        ivan,
        period_start=day - timedelta(days=1),
        period_end=day,
        rooms=[],
        names=[with_zwnj.replace("\u200c", "")],
    )

    from audits.scope import request_registrations

    assert list(request_registrations(request)) == [registration]


# --- staff, requests, concerns, posters, memberships ---------------------------------------


def test_the_employee_api_and_form_refuse_a_trick(api_as, client, hotel_a, maria):
    body = {
        "name": f"Rosa{RLO}Delgado",
        "employee_number": "HA-1",
        "email": "rosa\u200b@example.test",
        "job_role": "front_desk",
        "customer_facing": True,
        "hire_date": "2025-03-03",
    }
    response = api_as(maria).post(
        f"/api/v1/properties/{hotel_a.pk}/employees/", body, format="json"
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert refused_with_the_character(fields["name"][0], RLO)
    assert "email" in fields

    client.force_login(maria)
    page = client.post(
        "/training/employees/new/",
        {
            "name": "Rosa Delgado",
            "employee_number": "HA\u20601",
            "email": "",
            "job_role": "front_desk",
            "customer_facing": "on",
            "hire_date": "2025-03-03",
            "end_date": "",
        },
    )
    assert refused_with_the_character(page.context["form"].errors["employee_number"][0], "\u2060")
    assert not Employee.objects.exists()


def test_the_roster_import_refuses_a_trick_by_line_and_field(client, hotel_a, maria):
    from django.core.files.uploadedfile import SimpleUploadedFile

    roster = (
        "employee_number,name,email,job_role,customer_facing,hire_date,end_date\n"
        "HA-1,Rosa Delgado,,front_desk,yes,2025-03-03,\n"
        f"HA-2,Sam{RLO}Okafor,,housekeeping,no,2024-11-01,\n"
    )
    client.force_login(maria)
    response = client.post(
        "/training/import/",
        {"kind": "roster", "file": SimpleUploadedFile("roster.csv", roster.encode())},
    )
    preview = client.get(response["Location"])

    (error,) = preview.context["errors"]
    assert (error.line, error.field) == (3, "name")
    assert refused_with_the_character(error.message, RLO)
    assert not Employee.objects.exists()


@pytest.mark.parametrize("field", ["names", "rooms"])
def test_a_records_request_refuses_a_trick_in_its_names_or_rooms(api_as, hotel_a, ivan, field):
    body = api_body(**{field: ["10\u200b1" if field == "rooms" else f"Jane{RLO}Roe"]})

    response = api_as(ivan).post(
        f"/api/v1/properties/{hotel_a.pk}/records-requests/", body, format="json"
    )

    assert response.status_code == 400
    assert "invisible" in response.json()["fields"][field][0]
    assert not RecordsRequest.objects.exists()


def test_the_filing_form_refuses_a_trick_in_a_name(client, hotel_a, ivan):
    from tests.audits.factories import days_ago

    client.force_login(ivan)
    response = client.post(
        "/records-requests/new/",
        {
            "token": str(uuid.uuid4()),
            "legal_basis": "administrative_subpoena",
            "period_start": days_ago(20).isoformat(),
            "period_end": days_ago(10).isoformat(),
            "rooms": "101",
            "names": "Jane\u2066Roe",
            "register_fields": ["guest_name", "room", "arrival"],
            "deadline": days_ago(-14).isoformat(),
            "exigent_reason": "",
        },
    )

    assert "invisible" in str(response.context["form"].errors["names"])
    assert not RecordsRequest.objects.exists()


def test_a_concern_refuses_a_trick_in_its_narrative_and_reference(api_as, hotel_a, sam):
    body = concern_data(
        narrative=f"Room 12: {RLO}a man answered for her.",
        action_taken=["hotline_called"],
        hotline_reference="REF\u200b-1",
    )

    response = api_as(sam).post(f"/api/v1/properties/{hotel_a.pk}/concerns/", body, format="json")

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert refused_with_the_character(fields["narrative"][0], RLO)
    assert refused_with_the_character(fields["hotline_reference"][0], "\u200b")
    assert not ConcernReport.objects.exists()


def test_poster_evidence_refuses_a_trick_in_its_text(hotel_a, maria):
    from datetime import date

    with pytest.raises(ValidationError) as refused:
        poster_evidence_add(
            prop=hotel_a,
            actor=maria,
            data={
                "notice": "other",
                "notice_other": "Hotline\u2060 notice",
                "location": f"Front desk{RLO}",
                "posted_on": date(2026, 6, 1),
            },
            photo=None,
        )

    assert refused_with_the_character(refused.value.message_dict["location"][0], RLO)
    assert refused_with_the_character(refused.value.message_dict["notice_other"][0], "\u2060")


def test_an_inspectors_agency_and_badge_refuse_a_trick(hotel_a):
    membership = MembershipFactory.build(
        user=UserFactory(username="irene"),
        property=hotel_a,
        role=Role.INSPECTOR,
        agency=f"State{RLO} Police",
        badge_number="SP\u200b9",
    )

    with pytest.raises(ValidationError) as refused:
        membership.full_clean()

    assert {"agency", "badge_number"} <= set(refused.value.message_dict)
