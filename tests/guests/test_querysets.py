import zoneinfo
from datetime import timedelta

from django.utils import timezone

from guests.models import Registration
from guests.services import registration_checkout
from tests.guests.factories import arriving, make_registration


def test_in_house_lists_arrived_guests_not_yet_checked_out(hotel_a, hotel_b, sam, olga):
    staying = make_registration(hotel_a, sam, room="101")
    left = make_registration(hotel_a, sam, room="102")
    registration_checkout(registration=left, actor=sam)
    elsewhere = make_registration(hotel_b, olga)

    assert list(Registration.objects.for_property(hotel_a).in_house()) == [staying]
    assert set(Registration.objects.in_house()) == {staying, elsewhere}


def test_arriving_on_follows_the_given_time_zone(hotel_a, maria):
    tz = zoneinfo.ZoneInfo(hotel_a.timezone)
    day = timezone.localtime(timezone.now(), tz).date() - timedelta(days=5)
    departure = day + timedelta(days=2)
    early = make_registration(
        hotel_a, maria, arrival=arriving(hotel_a, day, 0, 5), expected_departure=departure
    )
    late = make_registration(
        hotel_a, maria, arrival=arriving(hotel_a, day, 23, 55), expected_departure=departure
    )
    make_registration(
        hotel_a,
        maria,
        arrival=arriving(hotel_a, day - timedelta(days=1), 23, 59),
        expected_departure=departure,
    )
    registrations = Registration.objects.for_property(hotel_a)

    assert set(registrations.arriving_on(day, tz)) == {early, late}
    # 23:55 in New Haven is already the next day in UTC.
    assert late not in registrations.arriving_on(day, zoneinfo.ZoneInfo("UTC"))
