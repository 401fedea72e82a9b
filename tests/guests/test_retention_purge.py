"""The retention purge destroys exactly the expired, finished, unheld registrations."""

import zoneinfo
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from guests.models import Amendment, ConcernReport, IdempotencyKey, PurgeRecord, Registration
from guests.retention import purge_expired
from guests.services import (
    registration_amend,
    registration_checkout,
    registration_create_idempotent,
)
from guests.tasks import purge_expired_registrations
from hotelcompliance.chain import ChainCheckpoint, ChainEntry, chain_verify
from hotelcompliance.holds import hold_place
from tests.guests.concern_data import make_concern
from tests.guests.factories import arriving, checkin_data, make_registration

pytestmark = pytest.mark.django_db


def local_today(prop) -> date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(prop.timezone))


def stay(prop, actor, *, days_ago: int, room: str = "101", checked_out: bool = True, **extra):
    """A stay that arrived `days_ago` days ago, for two nights (checked out, by default)."""
    day = local_today(prop) - timedelta(days=days_ago)
    registration = make_registration(
        prop,
        actor,
        room=room,
        arrival=arriving(prop, day),
        expected_departure=day + timedelta(days=2),
        **extra,
    )
    if checked_out:
        left = min(registration.arrival + timedelta(hours=20), timezone.now())
        registration_checkout(registration=registration, actor=actor, at=left)
    return registration


def exists(registration) -> bool:
    return Registration.objects.filter(pk=registration.pk).exists()


def test_it_purges_expired_stays_and_keeps_recent_ones(hotel_a, maria):
    old = stay(hotel_a, maria, days_ago=200)
    recent = stay(hotel_a, maria, days_ago=100)

    report = purge_expired(prop=hotel_a, today=local_today(hotel_a))

    assert not exists(old)
    assert exists(recent)
    assert report.registrations == 1
    assert report.first_arrival == report.last_arrival == local_today(hotel_a) - timedelta(200)


def test_it_keeps_a_stay_through_the_last_day_of_its_minimum(hotel_a, maria):
    registration = stay(hotel_a, maria, days_ago=10)
    tz = zoneinfo.ZoneInfo(hotel_a.timezone)
    left_on = timezone.localtime(registration.checked_out_at, tz).date()
    kept_until = hotel_a.rule_pack().record_kept_until(left_on)

    purge_expired(prop=hotel_a, today=kept_until)
    assert exists(registration)

    purge_expired(prop=hotel_a, today=kept_until + timedelta(days=1))
    assert not exists(registration)


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(days_ago=st.integers(min_value=1, max_value=400))
def test_a_stay_within_183_days_is_never_purged(hotel_a, maria, days_ago):
    with transaction.atomic():
        registration = stay(hotel_a, maria, days_ago=days_ago)

        purge_expired(prop=hotel_a, today=local_today(hotel_a))

        left_on = timezone.localtime(
            registration.checked_out_at, zoneinfo.ZoneInfo(hotel_a.timezone)
        ).date()
        expired = hotel_a.rule_pack().record_destroy_after(left_on) <= local_today(hotel_a)
        assert exists(registration) is not expired
        if days_ago <= 183:
            assert exists(registration)
        transaction.set_rollback(True)


def test_it_keeps_a_stay_still_in_house(hotel_a, maria):
    # Arrived 200 days ago, never checked out and due to leave in the future: a long stay.
    day = local_today(hotel_a) - timedelta(days=200)
    registration = make_registration(
        hotel_a,
        maria,
        arrival=arriving(hotel_a, day),
        expected_departure=local_today(hotel_a) + timedelta(days=3),
    )

    purge_expired(prop=hotel_a, today=local_today(hotel_a))

    assert exists(registration)


def test_it_purges_an_unchecked_out_stay_whose_departure_passed(hotel_a, maria):
    registration = stay(hotel_a, maria, days_ago=200, checked_out=False)

    purge_expired(prop=hotel_a, today=local_today(hotel_a))

    assert not exists(registration)


def test_it_keeps_stays_under_a_legal_hold(hotel_a, maria):
    held = stay(hotel_a, maria, days_ago=200, room="12")
    other_room = stay(hotel_a, maria, days_ago=200, room="14")
    day = local_today(hotel_a) - timedelta(days=200)
    hold_place(
        prop=hotel_a,
        actor=maria,
        source="records_request:test",
        period_start=day,
        period_end=day,
        rooms=["12"],
        reason="Records request",
    )

    report = purge_expired(prop=hotel_a, today=local_today(hotel_a))

    assert exists(held)
    assert not exists(other_room)
    assert (report.registrations, report.held) == (1, 1)


def test_a_dry_run_changes_nothing(hotel_a, maria):
    registration = stay(hotel_a, maria, days_ago=200)
    registration_amend(registration=registration, actor=maria, changes={"room": "9"}, reason="x")
    checkpoints, entries = ChainCheckpoint.objects.count(), ChainEntry.objects.count()

    report = purge_expired(prop=hotel_a, today=local_today(hotel_a), dry_run=True)

    assert exists(registration)
    assert Amendment.objects.filter(registration=registration).count() == 1
    assert (ChainCheckpoint.objects.count(), ChainEntry.objects.count()) == (checkpoints, entries)
    assert (report.registrations, report.amendments, report.checkpoint_seq) == (1, 1, None)
    assert PurgeRecord.objects.get().dry_run is True


def test_concerns_survive_unlinked_and_amendments_are_gone(hotel_a, maria):
    registration = stay(hotel_a, maria, days_ago=200)
    registration_amend(registration=registration, actor=maria, changes={"room": "9"}, reason="x")
    concern = make_concern(hotel_a, maria, registration=str(registration.pk))

    report = purge_expired(prop=hotel_a, today=local_today(hotel_a))

    assert not exists(registration)
    assert not Amendment.objects.filter(registration_id=registration.pk).exists()
    survivor = ConcernReport.objects.get(pk=concern.pk)
    assert survivor.registration_id is None
    assert survivor.narrative == concern.narrative
    assert (report.amendments, report.concerns_unlinked) == (1, 1)


def test_it_deletes_the_idempotency_keys(hotel_a, maria):
    day = local_today(hotel_a) - timedelta(days=200)
    data = checkin_data(
        hotel_a, arrival=arriving(hotel_a, day), expected_departure=day + timedelta(days=1)
    )
    result = registration_create_idempotent(
        prop=hotel_a, actor=maria, channel="api", data=data, digest="d" * 64, idempotency_key="k-1"
    )
    assert IdempotencyKey.objects.count() == 1

    report = purge_expired(prop=hotel_a, today=local_today(hotel_a))

    assert report.idempotency_keys == 1
    assert IdempotencyKey.objects.count() == 0
    assert not exists(result[0])


def test_the_chain_still_verifies_after_a_purge(hotel_a, maria):
    registration = stay(hotel_a, maria, days_ago=200)
    registration_amend(registration=registration, actor=maria, changes={"room": "9"}, reason="x")
    stay(hotel_a, maria, days_ago=5)

    report = purge_expired(prop=hotel_a, today=local_today(hotel_a))

    assert chain_verify(hotel_a).ok
    checkpoint = ChainCheckpoint.objects.get(property=hotel_a)
    assert checkpoint.seq == report.checkpoint_seq
    assert checkpoint.reason.startswith("retention purge")


def test_it_records_the_counts_without_personal_data(hotel_a, maria):
    stay(hotel_a, maria, days_ago=200, guest_name="Grace Hopper")
    stay(hotel_a, maria, days_ago=210, guest_name="Grace Hopper")

    report = purge_expired(prop=hotel_a, today=local_today(hotel_a))

    record = PurgeRecord.objects.get(property=hotel_a)
    assert (record.registrations, record.dry_run, record.checkpoint_seq) == (
        2,
        False,
        report.checkpoint_seq,
    )
    assert record.first_arrival == local_today(hotel_a) - timedelta(days=210)
    assert record.last_arrival == local_today(hotel_a) - timedelta(days=200)
    assert "Grace" not in str(record.__dict__)


def test_it_deletes_in_batches(hotel_a, maria):
    for days_ago in range(200, 205):
        stay(hotel_a, maria, days_ago=days_ago)

    report = purge_expired(prop=hotel_a, today=local_today(hotel_a), batch_size=2)

    assert (report.registrations, report.batches) == (5, 3)
    assert not Registration.objects.for_property(hotel_a).exists()


def test_it_leaves_other_properties_alone(hotel_a, hotel_b, maria, olga):
    other = stay(hotel_b, olga, days_ago=200)

    purge_expired(prop=hotel_a, today=local_today(hotel_a))

    assert exists(other)


def test_amendments_still_refuse_delete_without_a_purge_checkpoint(hotel_a, maria):
    registration = stay(hotel_a, maria, days_ago=5)
    registration_amend(registration=registration, actor=maria, changes={"room": "9"}, reason="x")

    # SQLite reports the trigger as IntegrityError, PostgreSQL as ProgrammingError.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM guests_amendment")


def test_the_command_and_the_task_purge_every_property(hotel_a, hotel_b, maria, olga, capsys):
    stay(hotel_a, maria, days_ago=200)
    stay(hotel_b, olga, days_ago=200)

    call_command("purge_expired", "--dry-run", "--property", str(hotel_a.pk))
    assert "would purge 1 registrations" in capsys.readouterr().out
    assert Registration.objects.count() == 2

    assert purge_expired_registrations() == 2
    assert Registration.objects.count() == 0
