"""Day-use and same-day stays register everywhere; the CT short-stay rule reads the real stay.

PA 23-20 bars a discount or benefit based on an hourly rate or an occupancy of 12 hours or
less. A stay is judged on its plan until it is checked out (a day-use stay: until the end of
its day, the longest the plan allows), then on its real length and the amount charged.
"""

import json
import zoneinfo
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from guests.models import Registration
from guests.pms_import import registrations_import
from guests.services import registration_amend, registration_checkout, registration_create
from guests.stays import is_day_use, planned_end, stay_hours
from tests.guests.factories import arriving, checkin_data
from tests.guests.pms_csv import pms_csv, pms_row, upload

pytestmark = pytest.mark.django_db

NEW_HAVEN = zoneinfo.ZoneInfo("America/New_York")
# A Tuesday morning in New Haven, far from DST changes.
NOW = datetime(2026, 6, 16, 9, 0, tzinfo=NEW_HAVEN)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def at_the_desk(frozen_clock):
    frozen_clock.move_to(NOW)


def create(prop, actor, **overrides) -> Registration:
    return registration_create(
        prop=prop, actor=actor, channel="desk", data=checkin_data(prop, **overrides)
    )


def rate_error(prop, actor, **overrides) -> str:
    with pytest.raises(ValidationError) as caught:
        create(prop, actor, **overrides)
    return caught.value.message_dict["rate_type"][0]


# --- Registering a same-day stay ----------------------------------------------------------


def test_the_service_registers_a_day_use_stay(hotel_a, sam):
    registration = create(
        hotel_a, sam, arrival=arriving(hotel_a, TODAY, hour=8), expected_departure=TODAY
    )

    registration.refresh_from_db()
    assert registration.expected_departure == TODAY
    assert is_day_use(registration.arrival, registration.expected_departure, NEW_HAVEN)


def test_the_api_registers_a_day_use_stay(api_as, hotel_a, sam):
    body = json.loads(
        json.dumps(
            checkin_data(
                hotel_a, arrival=arriving(hotel_a, TODAY, hour=8), expected_departure=TODAY
            ),
            default=str,
        )
    )

    response = api_as(sam).post(
        f"/api/v1/properties/{hotel_a.pk}/registrations/", body, format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["expected_departure"] == TODAY.isoformat()


def test_the_desk_form_registers_a_day_use_stay(client, hotel_a, sam):
    client.force_login(sam)
    form = {
        "room": "204",
        "guest_name": "Ada Lovelace",
        "adults": "1",
        "minors": "0",
        "occupants": "",
        "arrival": f"{TODAY.isoformat()}T08:30",
        "expected_departure": TODAY.isoformat(),
        "rate": "149.00",
        "rate_type": "nightly",
        "amount_charged": "149.00",
        "payment_method": "card",
        "receipt_number": "F-1001",
        "token": "6f1c2b9e-0d0a-4d8e-9a52-3f0c8a1e2b11",
    }

    response = client.post(reverse("check_in"), form)

    assert response.status_code == 302
    assert Registration.objects.get().expected_departure == TODAY


def test_the_pms_import_registers_a_same_day_stay(hotel_a, maria):
    row = pms_row(
        hotel_a,
        1,
        arrival=f"{TODAY - timedelta(days=1)}T09:00",
        expected_departure=(TODAY - timedelta(days=1)).isoformat(),
        checked_out_at=f"{TODAY - timedelta(days=1)}T21:30",
        amount_charged="129.00",
    )

    result = registrations_import(prop=hotel_a, actor=maria, file=upload(pms_csv([row])))

    assert result.ok, result.errors
    stored = Registration.objects.get()
    assert stored.expected_departure == TODAY - timedelta(days=1)
    assert stored.checked_out_at is not None


def test_a_departure_before_the_arrival_date_is_still_refused(hotel_a, sam):
    with pytest.raises(ValidationError) as caught:
        create(
            hotel_a,
            sam,
            arrival=arriving(hotel_a, TODAY, hour=8),
            expected_departure=TODAY - timedelta(days=1),
        )

    assert caught.value.message_dict == {
        "expected_departure": ["The expected departure cannot be before the arrival date."]
    }


# --- The short-stay rule on the plan ------------------------------------------------------


def test_a_day_use_stay_is_planned_until_the_end_of_its_day(hotel_a):
    arrival = arriving(hotel_a, TODAY, hour=13)

    assert planned_end(arrival, TODAY, NEW_HAVEN) == datetime.combine(
        TODAY + timedelta(days=1), time.min, NEW_HAVEN
    )
    assert stay_hours(arrival, TODAY, None, NEW_HAVEN) == 11


def test_an_afternoon_day_use_stay_at_an_other_rate_is_refused(hotel_a, maria):
    message = rate_error(
        hotel_a,
        maria,
        arrival=arriving(hotel_a, TODAY - timedelta(days=1), hour=14),
        expected_departure=TODAY - timedelta(days=1),
        rate_type="other",
    )

    assert "12 hours or less" in message and "PA 23-20" in message


def test_a_short_stay_charged_below_its_nightly_rate_is_refused(hotel_a, maria):
    message = rate_error(
        hotel_a,
        maria,
        arrival=arriving(hotel_a, TODAY - timedelta(days=1), hour=14),
        expected_departure=TODAY - timedelta(days=1),
        rate=Decimal("149.00"),
        amount_charged=Decimal("60.00"),
    )

    assert "12 hours or less" in message


def test_a_day_use_stay_at_its_full_nightly_rate_is_allowed(hotel_a, maria):
    create(
        hotel_a,
        maria,
        arrival=arriving(hotel_a, TODAY - timedelta(days=1), hour=14),
        expected_departure=TODAY - timedelta(days=1),
        rate=Decimal("149.00"),
        amount_charged=Decimal("149.00"),
    )


# --- The short-stay rule on the real stay -------------------------------------------------


def imported(prop, actor, **overrides):
    row = pms_row(prop, 1, **overrides)
    return registrations_import(prop=prop, actor=actor, file=upload(pms_csv([row])))


def test_a_stay_planned_short_but_checked_out_30_hours_later_is_not_short(hotel_a, maria):
    # Planned 23:00 to 11:00 the next morning (12 hours): on its plan, a short stay.
    day = TODAY - timedelta(days=5)
    planned = stay_hours(arriving(hotel_a, day, 23), day + timedelta(days=1), None, NEW_HAVEN)
    assert planned == 12

    result = imported(
        hotel_a,
        maria,
        arrival=f"{day}T23:00",
        expected_departure=(day + timedelta(days=1)).isoformat(),
        checked_out_at=f"{day + timedelta(days=2)}T05:00",
        rate_type="other",
    )

    assert result.ok, result.errors


def test_a_stay_checked_out_early_is_judged_on_its_real_length(hotel_a, maria):
    # Planned for two nights; the guest left 5 hours after arriving.
    day = TODAY - timedelta(days=5)
    result = imported(
        hotel_a,
        maria,
        arrival=f"{day}T15:00",
        expected_departure=(day + timedelta(days=2)).isoformat(),
        checked_out_at=f"{day}T20:00",
        rate_type="other",
    )

    assert not result.ok
    ((line, field, message),) = [(e.line, e.field, e.message) for e in result.errors]
    assert (line, field) == (2, "rate_type") and "12 hours or less" in message


def stay_checked_out(prop, actor, *, arrival, departure, left, **extra) -> Registration:
    registration = create(prop, actor, arrival=arrival, expected_departure=departure, **extra)
    return registration_checkout(registration=registration, actor=actor, at=left)


def test_a_correction_of_the_rate_reads_the_real_length(hotel_a, maria):
    day = TODAY - timedelta(days=5)
    long_after_plan = stay_checked_out(
        hotel_a,
        maria,
        arrival=arriving(hotel_a, day, 23),
        departure=day + timedelta(days=1),
        left=arriving(hotel_a, day + timedelta(days=2), 5),
    )
    early = stay_checked_out(
        hotel_a,
        maria,
        arrival=arriving(hotel_a, day, 15),
        departure=day + timedelta(days=2),
        left=arriving(hotel_a, day, 20),
    )

    registration_amend(
        registration=long_after_plan, actor=maria, changes={"rate_type": "other"}, reason="PMS"
    )
    with pytest.raises(ValidationError) as caught:
        registration_amend(
            registration=early, actor=maria, changes={"rate_type": "other"}, reason="PMS"
        )

    assert "12 hours or less" in caught.value.message_dict["rate_type"][0]
    assert Registration.objects.get(pk=long_after_plan.pk).rate_type == "other"


def test_a_correction_of_another_field_is_not_refused_for_the_stays_length(hotel_a, maria):
    day = TODAY - timedelta(days=5)
    early = stay_checked_out(
        hotel_a,
        maria,
        arrival=arriving(hotel_a, day, 15),
        departure=day + timedelta(days=2),
        left=arriving(hotel_a, day, 20),
        rate_type="other",
    )

    amendments = registration_amend(
        registration=early, actor=maria, changes={"phone": "203-555-0100"}, reason="Typo"
    )

    assert [a.field for a in amendments] == ["phone"]


def test_the_desk_clock_is_the_propertys(hotel_a, maria):
    # 23:30 in New Haven is already tomorrow in UTC: the day-use stay is today's, locally.
    arrival = arriving(hotel_a, TODAY, 23, 30)
    with time_machine.travel(arrival + timedelta(minutes=1), tick=False):
        registration = create(hotel_a, maria, arrival=arrival, expected_departure=TODAY)
    assert is_day_use(registration.arrival, registration.expected_departure, NEW_HAVEN)
