"""Legal holds: the core concept the purge will honour, placed and released by audits."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hotelcompliance.chain import ChainEntry, chain_verify
from hotelcompliance.holds import LegalHold, active_holds, hold_place, hold_release, holds_cover

pytestmark = pytest.mark.django_db


def place(prop, actor, rooms=("101",)):
    return hold_place(
        prop=prop,
        actor=actor,
        source="records_request:test",
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 10),
        rooms=list(rooms),
        reason="Test hold",
    )


def test_a_hold_covers_its_period_and_rooms_only(hotel_a, maria):
    place(hotel_a, maria)

    assert holds_cover(hotel_a, arrival_date=date(2026, 3, 1), room="101")
    assert holds_cover(hotel_a, arrival_date=date(2026, 3, 10), room="101")
    assert not holds_cover(hotel_a, arrival_date=date(2026, 3, 11), room="101")
    assert not holds_cover(hotel_a, arrival_date=date(2026, 2, 28), room="101")
    assert not holds_cover(hotel_a, arrival_date=date(2026, 3, 5), room="102")


def test_a_hold_without_rooms_covers_every_room(hotel_a, maria):
    place(hotel_a, maria, rooms=())

    assert holds_cover(hotel_a, arrival_date=date(2026, 3, 5), room="999")


def test_a_hold_covers_only_its_property(hotel_a, hotel_b, maria):
    place(hotel_a, maria)

    assert not holds_cover(hotel_b, arrival_date=date(2026, 3, 5), room="101")


def test_a_released_hold_covers_nothing(hotel_a, maria):
    hold = place(hotel_a, maria)

    hold_release(hold=hold, actor=maria)

    assert not holds_cover(hotel_a, arrival_date=date(2026, 3, 5), room="101")
    assert list(active_holds(hotel_a)) == []


def test_a_scheduled_release_keeps_the_hold_until_then(hotel_a, maria):
    hold = place(hotel_a, maria)
    ends = timezone.now() + timedelta(days=30)

    hold_release(hold=hold, actor=maria, at=ends)

    assert holds_cover(hotel_a, arrival_date=date(2026, 3, 5), room="101")
    after = ends + timedelta(seconds=1)
    assert not holds_cover(hotel_a, arrival_date=date(2026, 3, 5), room="101", at=after)


def test_releasing_twice_is_refused(hotel_a, maria):
    hold = place(hotel_a, maria)
    hold_release(hold=hold, actor=maria)

    with pytest.raises(ValidationError, match="already been released"):
        hold_release(hold=hold, actor=maria)


def test_a_period_that_ends_before_it_starts_is_refused(hotel_a, maria):
    with pytest.raises(ValidationError, match="end on or after"):
        hold_place(
            prop=hotel_a,
            actor=maria,
            source="records_request:x",
            period_start=date(2026, 3, 10),
            period_end=date(2026, 3, 1),
            reason="Test",
        )
    assert LegalHold.objects.count() == 0


def test_placing_and_releasing_are_chained(hotel_a, maria):
    hold = place(hotel_a, maria)
    hold_release(hold=hold, actor=maria)

    kinds = list(ChainEntry.objects.filter(property=hotel_a).values_list("kind", flat=True))
    assert kinds == ["legal_hold.placed", "legal_hold.released"]
    assert chain_verify(hotel_a).ok


def test_the_core_holds_module_imports_no_app():
    import ast
    from pathlib import Path

    import hotelcompliance.holds as module

    tree = ast.parse(Path(module.__file__).read_text())
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not imported & {"audits", "guests", "training"}
