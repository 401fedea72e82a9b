"""verify_chain recomputes the core's chained rows: access events and legal holds."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from hotelcompliance.access_log import AccessEvent, AccessKind, access_event_record
from hotelcompliance.chain import ChainEntry, chain_append, chain_verify, chain_verify_contents
from hotelcompliance.holds import LegalHold, hold_place, hold_release
from tests.db_tools import tamper

pytestmark = pytest.mark.django_db


def problems(prop) -> list[str]:
    return chain_verify_contents(prop)


def only(found: list[str], needle: str) -> str:
    assert len(found) == 1, found
    assert needle in found[0], found
    return found[0]


def record(prop, actor, *, ip="203.0.113.7", reason="Records request 42") -> AccessEvent:
    request = RequestFactory().get("/", REMOTE_ADDR=ip)
    return access_event_record(
        actor=actor,
        prop=prop,
        kind=AccessKind.VIEW_UNMASKED,
        object_type="registration",
        object_id="7",
        fields=["id_number"],
        reason=reason,
        request=request,
    )


# --- access events ------------------------------------------------------------------------------


def test_untouched_access_events_verify_and_their_entry_holds_no_reason_or_ip(hotel_a, maria):
    event = record(hotel_a, maria, reason="Asked by Officer Jane Roe")
    record(hotel_a, maria, ip="2001:DB8:0::0001")  # stored in its canonical form

    assert problems(hotel_a) == []
    payload = ChainEntry.objects.get(object_ref=f"access:{event.pk}").payload
    assert "Jane" not in str(payload) and "203.0.113.7" not in str(payload)
    assert event.roles == ["manager"]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("reason", "Nothing to see"),
        ("ip_address", "198.51.100.1"),
        ("roles", '["org_admin"]'),
        ("actor_label", "someone"),
        ("fields", '["room"]'),
        ("object_id", "8"),
        ("kind", "view"),
    ],
)
def test_an_access_event_edited_in_any_field_is_named(hotel_a, maria, column, value):
    event = record(hotel_a, maria)

    tamper(
        f"UPDATE core_accessevent SET {column} = %s WHERE id = %s",
        value,
        event.pk.hex,
        tables=("core_accessevent",),
    )

    only(problems(hotel_a), f"access event {event.pk}")
    assert chain_verify(hotel_a).ok  # the links alone could not tell


def test_an_access_event_given_another_actor_is_named(hotel_a, maria, sam):
    event = record(hotel_a, maria)

    tamper(
        "UPDATE core_accessevent SET actor_id = %s WHERE id = %s",
        sam.pk,
        event.pk.hex,
        tables=("core_accessevent",),
    )

    only(problems(hotel_a), f"access event {event.pk}")


def test_an_access_event_moved_in_time_is_named(hotel_a, maria):
    event = record(hotel_a, maria)

    tamper(
        "UPDATE core_accessevent SET created_at = %s WHERE id = %s",
        event.created_at - timedelta(days=1),
        event.pk.hex,
        tables=("core_accessevent",),
    )

    only(problems(hotel_a), f"access event {event.pk}")


def test_a_deleted_access_event_is_named(hotel_a, maria):
    record(hotel_a, maria)
    event = record(hotel_a, maria)

    tamper("DELETE FROM core_accessevent WHERE id = %s", event.pk.hex, tables=("core_accessevent",))

    assert "gone" in only(problems(hotel_a), f"access event {event.pk}")


def test_an_access_event_slipped_in_behind_the_chain_is_named(hotel_a, maria):
    forged = AccessEvent.objects.create(
        property=hotel_a, actor=maria, actor_label="maria", kind="view", object_type="x"
    )

    only(problems(hotel_a), f"access event {forged.pk}")


def test_an_access_event_moved_to_another_property_is_named(hotel_a, hotel_b, maria):
    event = record(hotel_a, maria)

    tamper(
        "UPDATE core_accessevent SET property_id = %s WHERE id = %s",
        hotel_b.pk,
        event.pk.hex,
        tables=("core_accessevent",),
    )

    only(problems(hotel_a), f"access event {event.pk}")
    only(problems(hotel_b), f"access event {event.pk}")


def test_an_event_chained_in_the_old_format_is_verified_by_what_it_holds(hotel_a, maria):
    event = AccessEvent.objects.create(
        property=hotel_a,
        actor=maria,
        actor_label="maria",
        kind="search",
        object_type="registration",
        fields=["room"],
        reason="old",
    )
    # What access_event_record chained before the entry held a digest of the whole event.
    chain_append(
        prop=hotel_a,
        kind="access",
        object_ref=f"access:{event.pk}",
        payload={
            "kind": "search",
            "actor": maria.pk,
            "object": "registration:",
            "fields": ["room"],
            "at": event.created_at.isoformat(),
        },
    )
    notes: list[str] = []

    assert chain_verify_contents(hotel_a, notes=notes) == []
    assert notes == [
        "access events: 1 access events chained in the old format were verified on their "
        "kind, actor, object, fields and time only (not their reason, IP or roles)."
    ]

    tamper(
        "UPDATE core_accessevent SET fields = %s WHERE id = %s",
        '["guest_name"]',
        event.pk.hex,
        tables=("core_accessevent",),
    )
    only(problems(hotel_a), f"access event {event.pk}")


# --- legal holds --------------------------------------------------------------------------------


def place(prop, actor, **extra) -> LegalHold:
    today = timezone.localdate()
    return hold_place(
        prop=prop,
        actor=actor,
        source="records_request:test",
        period_start=today - timedelta(days=30),
        period_end=today - timedelta(days=10),
        rooms=extra.pop("rooms", ["12"]),
        reason="Subpoena 2026-17",
        **extra,
    )


def test_holds_placed_released_and_rescheduled_verify(hotel_a, maria):
    place(hotel_a, maria)
    released = place(hotel_a, maria)
    hold_release(hold=released, actor=maria)
    scheduled = place(hotel_a, maria)
    hold_release(hold=scheduled, actor=maria, at=timezone.now() + timedelta(days=30))
    hold_release(hold=scheduled, actor=maria, at=timezone.now() + timedelta(days=10))

    assert problems(hotel_a) == []


@pytest.mark.parametrize(
    ("column", "value"),
    [("period_start", "2020-01-01"), ("rooms", '["13"]'), ("reason", "None"), ("source", "x:1")],
)
def test_an_edited_hold_is_named(hotel_a, maria, column, value):
    hold = place(hotel_a, maria)

    tamper(f"UPDATE core_legalhold SET {column} = %s WHERE id = %s", value, hold.pk.hex)

    only(problems(hotel_a), f"legal hold {hold.pk}")


def test_a_hold_released_behind_the_chain_is_named(hotel_a, maria):
    hold = place(hotel_a, maria)

    tamper(
        "UPDATE core_legalhold SET released_at = %s WHERE id = %s",
        timezone.now() - timedelta(days=1),
        hold.pk.hex,
    )

    assert "release" in only(problems(hotel_a), f"legal hold {hold.pk}")


def test_a_hold_release_moved_earlier_is_named(hotel_a, maria):
    hold = hold_release(
        hold=place(hotel_a, maria), actor=maria, at=timezone.now() + timedelta(days=30)
    )

    tamper(
        "UPDATE core_legalhold SET released_at = %s WHERE id = %s",
        timezone.now() - timedelta(minutes=1),
        hold.pk.hex,
    )

    only(problems(hotel_a), f"legal hold {hold.pk}")


def test_a_hold_release_undone_is_named(hotel_a, maria):
    hold = hold_release(hold=place(hotel_a, maria), actor=maria)

    tamper("UPDATE core_legalhold SET released_at = NULL WHERE id = %s", hold.pk.hex)

    only(problems(hotel_a), f"legal hold {hold.pk}")


def test_a_deleted_hold_is_named(hotel_a, maria):
    hold = place(hotel_a, maria)

    tamper("DELETE FROM core_legalhold WHERE id = %s", hold.pk.hex)

    assert "gone" in only(problems(hotel_a), f"legal hold {hold.pk}")


def test_a_hold_slipped_in_behind_the_chain_is_named(hotel_a, maria):
    forged = LegalHold.objects.create(
        property=hotel_a,
        source="x:1",
        reason="forged",
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        placed_by=maria,
    )

    only(problems(hotel_a), f"legal hold {forged.pk}")


def test_a_hold_chained_in_the_old_format_is_verified_by_what_it_holds(hotel_a, maria):
    today = timezone.localdate()
    hold = LegalHold.objects.create(
        property=hotel_a,
        source="records_request:old",
        reason="Subpoena",
        period_start=today,
        period_end=today,
        rooms=["12"],
        placed_by=maria,
    )
    # What hold_place chained before its entry held a digest of the whole hold.
    chain_append(
        prop=hotel_a,
        kind="legal_hold.placed",
        object_ref=f"legal_hold:{hold.pk}",
        payload={
            "source": hold.source,
            "period": [today.isoformat(), today.isoformat()],
            "rooms": ["12"],
            "by": maria.pk,
        },
    )
    assert problems(hotel_a) == []

    tamper("UPDATE core_legalhold SET rooms = %s WHERE id = %s", "[]", hold.pk.hex)

    only(problems(hotel_a), f"legal hold {hold.pk}")
