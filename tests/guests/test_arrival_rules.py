"""Arrivals far from now need a manager; arrivals before 06:00 belong to the previous night;
a departure may be on the arrival date (day use), never before it."""

import zoneinfo
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from guests.services import CLERK_ARRIVAL_AHEAD, CLERK_ARRIVAL_BEHIND, registration_create
from guests.stays import is_day_use
from tests.guests.factories import arriving, checkin_data

pytestmark = pytest.mark.django_db


def create(prop, actor, **overrides):
    return registration_create(
        prop=prop, actor=actor, channel="desk", data=checkin_data(prop, **overrides)
    )


@pytest.mark.parametrize(
    "offset",
    [-(CLERK_ARRIVAL_BEHIND + timedelta(hours=1)), CLERK_ARRIVAL_AHEAD + timedelta(hours=1)],
)
def test_a_clerk_may_not_record_an_arrival_far_from_now(hotel_a, sam, offset):
    arrival = timezone.now() + offset
    with pytest.raises(ValidationError) as error:
        create(hotel_a, sam, arrival=arrival, expected_departure=arrival.date() + timedelta(days=3))

    assert "needs a manager" in error.value.message_dict["arrival"][0]


@pytest.mark.parametrize(
    "offset",
    [-(CLERK_ARRIVAL_BEHIND - timedelta(hours=1)), CLERK_ARRIVAL_AHEAD - timedelta(hours=1)],
)
def test_a_clerk_may_record_an_arrival_within_the_window(hotel_a, sam, offset):
    arrival = timezone.now() + offset
    create(hotel_a, sam, arrival=arrival, expected_departure=arrival.date() + timedelta(days=3))


@pytest.mark.parametrize("who", ["maria", "gina"])
def test_a_manager_may_record_any_arrival(hotel_a, who, request):
    arrival = timezone.now() - timedelta(days=20)
    registration = create(
        hotel_a,
        request.getfixturevalue(who),
        arrival=arrival,
        expected_departure=arrival.date() + timedelta(days=2),
    )
    assert registration.number == 1


def test_an_api_client_without_the_manager_role_gets_a_field_error(api_as, hotel_a, sam):
    arrival = timezone.now() - timedelta(days=10)
    body = {
        **{k: str(v) for k, v in checkin_data(hotel_a).items()},
        "arrival": arrival.isoformat(),
        "expected_departure": (arrival.date() + timedelta(days=2)).isoformat(),
    }

    response = api_as(sam).post(
        f"/api/v1/properties/{hotel_a.pk}/registrations/", body, format="json"
    )

    assert response.status_code == 400
    assert "needs a manager" in response.json()["fields"]["arrival"][0]


def test_the_desk_form_shows_the_error_beside_the_arrival(client, hotel_a, sam):
    client.force_login(sam)
    page = client.get("/desk/check-in/").content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    tz = zoneinfo.ZoneInfo(hotel_a.timezone)
    arrival = timezone.localtime(timezone.now(), tz) - timedelta(days=6)
    data = {
        **{k: v for k, v in checkin_data(hotel_a).items() if k not in ("arrival",)},
        "arrival": arrival.strftime("%Y-%m-%dT%H:%M"),
        "expected_departure": (arrival.date() + timedelta(days=2)).isoformat(),
        "token": token,
    }

    response = client.post("/desk/check-in/", data)

    assert response.status_code == 200
    assert "needs a manager" in response.content.decode()


# --- late-night arrivals ------------------------------------------------------------------------

NIGHT = date(2026, 7, 28)


def at_local(prop, day: date, hour: int, minute: int = 0) -> datetime:
    return arriving(prop, day, hour, minute)


def test_an_arrival_at_half_past_midnight_may_leave_the_same_morning(hotel_a, sam):
    arrival = at_local(hotel_a, NIGHT + timedelta(days=1), 0, 30)  # 00:30 on the 29th
    with time_machine.travel(arrival + timedelta(minutes=5), tick=False):
        registration = create(
            hotel_a, sam, arrival=arrival, expected_departure=NIGHT + timedelta(days=1)
        )
    assert registration.expected_departure == date(2026, 7, 29)


def test_an_arrival_at_six_leaving_that_day_is_a_day_use_stay(hotel_a, sam):
    arrival = at_local(hotel_a, NIGHT + timedelta(days=1), 6, 0)
    with time_machine.travel(arrival + timedelta(minutes=5), tick=False):
        registration = create(
            hotel_a, sam, arrival=arrival, expected_departure=NIGHT + timedelta(days=1)
        )
    tz = zoneinfo.ZoneInfo(hotel_a.timezone)
    assert is_day_use(registration.arrival, registration.expected_departure, tz)


def test_a_late_night_arrival_may_not_leave_before_its_arrival_date(hotel_a, sam):
    arrival = at_local(hotel_a, NIGHT + timedelta(days=1), 2, 0)
    with (
        time_machine.travel(arrival + timedelta(minutes=5), tick=False),
        pytest.raises(ValidationError) as error,
    ):
        create(hotel_a, sam, arrival=arrival, expected_departure=NIGHT)
    message = error.value.message_dict["expected_departure"][0]
    assert message == "The expected departure cannot be before the arrival date."


def test_the_night_follows_the_propertys_clock_not_utc(hotel_a, sam):
    # 00:30 in New Haven is 04:30 UTC: the rule uses the property's local time.
    arrival = at_local(hotel_a, NIGHT + timedelta(days=1), 0, 30)
    assert arrival.astimezone(zoneinfo.ZoneInfo("UTC")).hour == 4
    with time_machine.travel(arrival + timedelta(hours=1), tick=False):
        create(hotel_a, sam, arrival=arrival, expected_departure=NIGHT + timedelta(days=1))
