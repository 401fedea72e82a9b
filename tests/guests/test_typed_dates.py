"""Dates typed in one box: the formats a clerk uses, read on the property's clock."""

import uuid
import zoneinfo
from datetime import date, datetime

import pytest
from django.urls import reverse

from guests.models import Registration
from guests.typed_dates import TypedDateError, parse_typed_date, parse_typed_datetime

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
# 20:00 UTC on 7 December 2026 is 15:00 in New York.
NOW = datetime(2026, 12, 7, 20, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/07/2026 15:30", datetime(2026, 12, 7, 15, 30)),
        ("2026-12-07 15:30", datetime(2026, 12, 7, 15, 30)),
        ("2026-12-07T15:30", datetime(2026, 12, 7, 15, 30)),
        ("today 15:30", datetime(2026, 12, 7, 15, 30)),
        ("Hoy 15:30", datetime(2026, 12, 7, 15, 30)),
        ("15:30", datetime(2026, 12, 7, 15, 30)),
        ("3:30 pm", datetime(2026, 12, 7, 15, 30)),
        ("1530", datetime(2026, 12, 7, 15, 30)),
        ("now", datetime(2026, 12, 7, 15, 0)),
        ("tomorrow 9:00", datetime(2026, 12, 8, 9, 0)),
        ("12/08 10:00", datetime(2026, 12, 8, 10, 0)),
        ("12/8/26 12:00 am", datetime(2026, 12, 8, 0, 0)),
    ],
)
def test_date_times_are_read_in_the_propertys_zone(text, expected):
    value = parse_typed_datetime(text, now=NOW, tz=NEW_YORK)

    assert value == expected.replace(tzinfo=NEW_YORK)


def test_slashed_dates_put_the_day_first_outside_the_us():
    value = parse_typed_datetime("08/12/2026 10:00", now=NOW, tz=NEW_YORK, day_first=True)
    assert value.date() == date(2026, 12, 8)
    assert parse_typed_date("08/12/2026", today=TODAY, day_first=True) == date(2026, 12, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/09/2026", date(2026, 12, 9)),
        ("2026-12-09", date(2026, 12, 9)),
        ("tomorrow", date(2026, 12, 8)),
        ("mañana", date(2026, 12, 8)),
        ("+3", date(2026, 12, 10)),
        ("12/9", date(2026, 12, 9)),
    ],
)
def test_dates(text, expected):
    assert parse_typed_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text", ["", "garbage", "13/40/2026 10:00", "25:00", "12/07/2026", "02/30/2026 10:00", "15"]
)
def test_bad_date_times_say_what_to_type(text):
    with pytest.raises(TypedDateError) as refused:
        parse_typed_datetime(text, now=NOW, tz=NEW_YORK)
    assert "15:30" in refused.value.message


@pytest.mark.parametrize("text", ["", "31/12/2026", "today 15:30", "soon", "+"])
def test_bad_dates_say_what_to_type(text):
    with pytest.raises(TypedDateError) as refused:
        parse_typed_date(text, today=TODAY)
    assert "12/07/2026" in refused.value.message


@pytest.mark.django_db
@pytest.mark.clock("2026-12-07T20:00:00+00:00")
def test_the_desk_takes_typed_dates_and_computes_the_amount(client, sam, hotel_a):
    client.force_login(sam)
    data = {
        "room": "7",
        "guest_name": "Ada Lovelace",
        "arrival": "today 15:30",
        "expected_departure": "+2",
        "rate": "100",
        "rate_type": "nightly",
        "amount_charged": "",
        "payment_method": "card",
        "receipt_number": "F-1",
        "id_issuer": "CT",
        "vehicle_state": "CT",
        "token": str(uuid.uuid4()),
    }

    response = client.post(reverse("check_in"), data)

    assert response.status_code == 302, response.context["form"].errors
    stay = Registration.objects.get()
    assert stay.arrival == datetime(2026, 12, 7, 15, 30, tzinfo=NEW_YORK)
    assert stay.expected_departure == date(2026, 12, 9)
    assert str(stay.amount_charged) == "200.00"  # 100 x 2 nights
    assert (stay.adults, stay.minors) == (1, 0)
    # The property's state was only a default: no ID number, no plate, so nothing recorded.
    assert stay.id_issuer == "" and stay.vehicle_state == ""


@pytest.mark.django_db
@pytest.mark.clock("2026-12-07T20:00:00+00:00")
def test_the_form_defaults_issuer_and_vehicle_state_to_the_propertys_state(client, sam):
    client.force_login(sam)
    form = client.get(reverse("check_in")).context["form"]

    assert form["id_issuer"].value() == "CT" and form["vehicle_state"].value() == "CT"
    assert form["arrival"].value() == "2026-12-07 15:00"


@pytest.mark.django_db
@pytest.mark.clock("2026-12-07T20:00:00+00:00")
def test_every_error_of_a_submission_shows_at_once(client, sam):
    client.force_login(sam)
    data = {
        "room": "7",
        "guest_name": "",
        "arrival": "garbage",
        "expected_departure": "+2",
        "rate": "100",
        "rate_type": "hourly",  # banned in Connecticut: the service's rule
        "amount_charged": "",
        "payment_method": "",
        "receipt_number": "",
        "token": str(uuid.uuid4()),
    }

    errors = client.post(reverse("check_in"), data).context["form"].errors

    # Form errors (the arrival) and the register's own (required fields) together.
    assert {"arrival", "guest_name", "payment_method", "receipt_number"} <= set(errors)
    assert "amount_charged" in errors  # hourly: no sum follows, and Connecticut requires it
    assert Registration.objects.count() == 0
