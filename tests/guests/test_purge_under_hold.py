"""The purge never deletes a row that an active hold covered at any moment, however tried."""

import threading
import zoneinfo
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from guests import retention
from guests.models import Registration
from guests.retention import purge_expired
from guests.services import registration_amend, registration_checkout
from hotelcompliance.holds import LegalHold, hold_place
from tests.db_tools import run_concurrently
from tests.guests.factories import arriving, make_registration

pytestmark = pytest.mark.django_db

OLD = 400  # days ago: past every pack's retention, whichever date it counts from


def today(prop) -> date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(prop.timezone))


def old_stay(prop, actor, *, room="101", days_ago=OLD):
    day = today(prop) - timedelta(days=days_ago)
    registration = make_registration(
        prop,
        actor,
        room=room,
        arrival=arriving(prop, day),
        expected_departure=day + timedelta(days=2),
    )
    registration_checkout(
        registration=registration, actor=actor, at=registration.arrival + timedelta(hours=20)
    )
    return registration


def hold_over(prop, actor, registration, *, rooms=None):
    day = timezone.localtime(registration.arrival, zoneinfo.ZoneInfo(prop.timezone)).date()
    return hold_place(
        prop=prop,
        actor=actor,
        source="records_request:test",
        period_start=day,
        period_end=day,
        rooms=[registration.room] if rooms is None else rooms,
        reason="Test hold",
    )


def exists(registration) -> bool:
    return Registration.objects.filter(pk=registration.pk).exists()


def test_a_held_stay_cannot_be_amended_out_of_its_hold_and_survives_the_purge(hotel_a, maria):
    held = old_stay(hotel_a, maria)
    hold_over(hotel_a, maria, held)

    for changes in ({"room": "999"}, {"arrival": held.arrival - timedelta(days=1)}):
        with pytest.raises(ValidationError, match="legal hold covers this stay"):
            registration_amend(registration=held, actor=maria, changes=changes, reason="Escape")
    report = purge_expired(prop=hotel_a, today=today(hotel_a))

    assert exists(held)
    assert report.held == 1 and report.registrations == 0


def test_a_stay_amended_into_a_held_room_survives_the_purge(hotel_a, maria):
    anchor = old_stay(hotel_a, maria, room="102")
    hold_over(hotel_a, maria, anchor)
    moved = old_stay(hotel_a, maria, room="101")

    registration_amend(registration=moved, actor=maria, changes={"room": "102"}, reason="Typo")
    purge_expired(prop=hotel_a, today=today(hotel_a))

    assert exists(moved) and exists(anchor)


def test_a_hold_placed_after_selection_and_before_the_delete_is_honoured(
    hotel_a, maria, monkeypatch
):
    target = old_stay(hotel_a, maria)
    other = old_stay(hotel_a, maria, room="205")
    original = retention._purge_batch

    def hold_then_purge(prop, batch, counts):
        assert {c.pk for c in batch} == {target.pk, other.pk}  # selected before the hold
        hold_over(hotel_a, maria, target)
        return original(prop, batch, counts)

    monkeypatch.setattr(retention, "_purge_batch", hold_then_purge)
    report = purge_expired(prop=hotel_a, today=today(hotel_a))

    assert exists(target) and not exists(other)
    assert report.held == 1


def test_a_stay_amended_into_a_hold_after_selection_is_not_deleted(hotel_a, maria, monkeypatch):
    anchor = old_stay(hotel_a, maria, room="102")
    hold_over(hotel_a, maria, anchor)
    moved = old_stay(hotel_a, maria, room="101")
    original = retention._purge_batch

    def amend_then_purge(prop, batch, counts):
        assert moved.pk in {c.pk for c in batch}  # selected while in room 101, unheld
        registration_amend(
            registration=moved, actor=maria, changes={"room": "102"}, reason="Wrong room"
        )
        return original(prop, batch, counts)

    monkeypatch.setattr(retention, "_purge_batch", amend_then_purge)
    purge_expired(prop=hotel_a, today=today(hotel_a))

    assert exists(moved) and Registration.objects.get(pk=moved.pk).room == "102"


def test_a_stay_left_by_a_changed_row_is_purged_by_the_next_run(hotel_a, maria, monkeypatch):
    moved = old_stay(hotel_a, maria, room="101")
    original = retention._purge_batch

    def amend_then_purge(prop, batch, counts):
        registration_amend(
            registration=moved, actor=maria, changes={"address": "1 Elm St"}, reason="Typo"
        )
        return original(prop, batch, counts)

    monkeypatch.setattr(retention, "_purge_batch", amend_then_purge)
    purge_expired(prop=hotel_a, today=today(hotel_a))
    assert exists(moved)  # judged on what it was when selected: left for the next run
    monkeypatch.setattr(retention, "_purge_batch", original)

    purge_expired(prop=hotel_a, today=today(hotel_a))

    assert not exists(moved)


@pytest.mark.django_db(transaction=True)
def test_a_hold_placed_while_a_batch_deletes_waits_for_it_or_keeps_the_row(
    hotel_a, maria, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row lock matters on PostgreSQL")
    target = old_stay(hotel_a, maria)
    read_holds, placed = threading.Event(), threading.Event()
    locked: list = []
    original_held, original_lock = retention._held, retention.lock_holds

    def held(candidate, holds):
        read_holds.set()
        placed.wait(timeout=2)  # give the other connection every chance to slip in
        return original_held(candidate, holds)

    def lock(prop, **kwargs):
        # From here to the batch's commit a new hold waits for this lock, and stamps its
        # `placed_at` only once it has it.
        original_lock(prop, **kwargs)
        locked.append(timezone.now())

    monkeypatch.setattr(retention, "_held", held)
    monkeypatch.setattr(retention, "lock_holds", lock)

    def work(worker: int) -> None:
        if worker == 0:
            purge_expired(prop=hotel_a, today=today(hotel_a))
        else:
            assert read_holds.wait(timeout=30)
            hold_over(hotel_a, maria, target)
            placed.set()

    assert run_concurrently(work, 2) == []
    hold = LegalHold.objects.get()
    # Either the purge saw the hold and kept the row, or the hold came into force after the
    # batch had taken the hold lock (so after its commit): never a deletion while a hold
    # covering the row was in force.
    assert exists(target) or hold.placed_at >= locked[0]
