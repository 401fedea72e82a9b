"""Retention counts from a stay's last transaction (its check-out), never from its arrival."""

import zoneinfo
from datetime import date, timedelta

import pytest
from django.utils import timezone

from guests import retention
from guests.models import PurgeRecord, Registration
from guests.retention import kept_until, purge_expired
from guests.services import registration_checkout
from tests.guests.factories import arriving, make_registration

pytestmark = pytest.mark.django_db


def today(prop) -> date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(prop.timezone))


def long_stay(prop, actor, *, arrived_days_ago: int, left_days_ago: int | None, departs=None):
    """A stay that arrived long ago; checked out `left_days_ago` days ago (None: never)."""
    arrival_day = today(prop) - timedelta(days=arrived_days_ago)
    departure = departs or today(prop) - timedelta(days=left_days_ago or 0)
    registration = make_registration(
        prop, actor, arrival=arriving(prop, arrival_day), expected_departure=departure
    )
    if left_days_ago is not None:
        left = arriving(prop, today(prop) - timedelta(days=left_days_ago), hour=10)
        registration_checkout(registration=registration, actor=actor, at=left)
    return registration


def exists(registration) -> bool:
    return Registration.objects.filter(pk=registration.pk).exists()


def test_a_long_stay_is_kept_the_whole_minimum_after_its_check_out(hotel_a, maria):
    # Arrived 300 days ago (past six months), checked out 100 days ago (within them).
    stay = long_stay(hotel_a, maria, arrived_days_ago=300, left_days_ago=100)

    report = purge_expired(prop=hotel_a, today=today(hotel_a))

    assert exists(stay)
    assert report.registrations == 0
    left_on = today(hotel_a) - timedelta(days=100)
    assert kept_until(hotel_a, stay) == hotel_a.rule_pack().record_kept_until(left_on)
    assert kept_until(hotel_a, stay) > today(hotel_a)


def test_a_long_stay_goes_once_the_minimum_after_its_check_out_has_passed(hotel_a, maria):
    stay = long_stay(hotel_a, maria, arrived_days_ago=500, left_days_ago=200)

    report = purge_expired(prop=hotel_a, today=today(hotel_a))

    assert not exists(stay)
    left_on = today(hotel_a) - timedelta(days=200)
    assert report.last_transaction == left_on
    record = PurgeRecord.objects.get(property=hotel_a)
    assert (record.last_arrival, record.last_transaction) == (
        today(hotel_a) - timedelta(days=500),
        left_on,
    )


def test_a_stay_never_checked_out_counts_from_its_expected_departure(hotel_a, maria):
    departed = today(hotel_a) - timedelta(days=150)
    stay = long_stay(hotel_a, maria, arrived_days_ago=400, left_days_ago=None, departs=departed)

    purge_expired(prop=hotel_a, today=today(hotel_a))
    assert exists(stay)
    assert kept_until(hotel_a, stay) == hotel_a.rule_pack().record_kept_until(departed)

    purge_expired(prop=hotel_a, today=kept_until(hotel_a, stay) + timedelta(days=1))
    assert not exists(stay)


def test_a_stay_still_in_house_has_no_end_yet(hotel_a, maria):
    stay = long_stay(
        hotel_a,
        maria,
        arrived_days_ago=400,
        left_days_ago=None,
        departs=today(hotel_a) + timedelta(days=2),
    )

    assert kept_until(hotel_a, stay) is None


def test_a_check_out_between_selection_and_delete_keeps_the_stay(hotel_a, maria):
    # Never checked out, due to leave 200 days ago: selected; then the clerk checks it out
    # today, which moves its last transaction to today.
    departed = today(hotel_a) - timedelta(days=200)
    stay = long_stay(hotel_a, maria, arrived_days_ago=400, left_days_ago=None, departs=departed)
    (batch,) = list(retention._expired_batches(hotel_a, today(hotel_a), 100))
    assert [c.pk for c in batch] == [stay.pk]

    registration_checkout(registration=stay, actor=maria)
    counts = {"registrations": 0, "amendments": 0, "idempotency_keys": 0, "concerns_unlinked": 0}
    purged = retention._purge_batch(hotel_a, batch, counts)

    assert purged == [] and counts["registrations"] == 0
    assert exists(stay)
