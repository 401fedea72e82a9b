"""A stay an integration checked in without its charge, payment or receipt is "incomplete"."""

import zoneinfo
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from guests.completeness import incomplete, incomplete_count, stay_missing_fields
from guests.models import Registration
from guests.services import registration_amend
from tests.guests.factories import checkin_data, make_registration

pytestmark = pytest.mark.django_db
LATER = ("amount_charged", "payment_method", "receipt_number")


@pytest.fixture(autouse=True)
def mid_afternoon():
    """Away from midnight, so "an hour ago" is still today at Hotel A."""
    afternoon = datetime(2026, 3, 10, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    with time_machine.travel(afternoon, tick=True):
        yield


def pms_stay(prop, user, **overrides) -> Registration:
    """Checked in by an integration token's user (bound to `prop`), without the later fields."""
    from guests.services import registration_create

    user.api_token_property_id = prop.pk
    data = {k: v for k, v in checkin_data(prop, **overrides).items() if k not in LATER}
    try:
        return registration_create(prop=prop, actor=user, channel="api", data=data)
    finally:
        del user.api_token_property_id


def test_a_stay_without_the_later_fields_lists_them(hotel_a, maria):
    registration = pms_stay(hotel_a, maria)
    complete = make_registration(hotel_a, maria)

    assert stay_missing_fields(registration) == LATER
    assert stay_missing_fields(complete) == ()
    everything = Registration.objects.for_property(hotel_a)
    assert list(incomplete(everything, hotel_a.rule_pack())) == [registration]


def test_a_clerk_may_correct_an_incomplete_stay_and_it_stays_incomplete(hotel_a, maria):
    registration = pms_stay(hotel_a, maria)

    registration_amend(
        registration=registration, actor=maria, changes={"room": "202"}, reason="Moved"
    )

    registration.refresh_from_db()
    assert registration.room == "202" and stay_missing_fields(registration) == LATER


def test_the_desk_marks_an_incomplete_stay(client, hotel_a, maria, sam):
    pms_stay(hotel_a, maria, guest_name="Ada Lovelace")
    make_registration(hotel_a, sam, guest_name="Grace Hopper", room="102")
    client.force_login(sam)

    html = client.get(reverse("desk")).content.decode()

    assert html.count(">incomplete</span>") == 2  # arrivals and in house, once each
    assert "Waiting for the PMS to send the charge, payment or receipt" in html


def test_the_dashboard_counts_incomplete_stays_until_they_are_complete(client, hotel_a, maria):
    registration = pms_stay(hotel_a, maria)
    client.force_login(maria)

    before = client.get(reverse("dashboard")).content.decode()
    registration_amend(
        registration=registration,
        actor=maria,
        changes={"amount_charged": "298.00", "payment_method": "card", "receipt_number": "F-1"},
        reason="PMS sent the folio",
    )
    after = client.get(reverse("dashboard")).content.decode()

    assert "1 incomplete" in before
    assert "incomplete" not in after.replace("Stays incomplete", "")
    assert incomplete_count(hotel_a) == 0
