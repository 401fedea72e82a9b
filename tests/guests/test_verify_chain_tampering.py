"""verify_chain sees every tampering with the register's chained rows, and names the row.

Each test changes the database the way a superuser, a restored backup or a disabled trigger
could (raw SQL, triggers out of the way), then expects `verify_chain` to name exactly that
row by number or id, never by what it holds, while the chain's links alone still verify.
"""

import io
import zoneinfo
from datetime import UTC, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from guests.models import Amendment, Registration
from guests.retention import purge_expired
from guests.services import registration_amend, registration_checkout
from hotelcompliance.chain import (
    ChainEntry,
    chain_append,
    chain_verify,
    chain_verify_contents,
    content_digest,
)
from tests.db_tools import tamper
from tests.guests.concern_data import NARRATIVE, make_concern
from tests.guests.factories import arriving, make_registration

pytestmark = pytest.mark.django_db


def problems(prop) -> list[str]:
    return chain_verify_contents(prop)


def verify() -> str:
    out = io.StringIO()
    try:
        call_command("verify_chain", stdout=out)
    except CommandError as error:
        return out.getvalue() + f"\nFAILED: {error}"
    return out.getvalue()


def old_stay(prop, actor, *, days_ago: int = 200, **extra) -> Registration:
    """A stay long past the six months, checked out the day after it arrived."""
    tz = zoneinfo.ZoneInfo(prop.timezone)
    day = timezone.localdate(timezone=tz) - timedelta(days=days_ago)
    registration = make_registration(
        prop,
        actor,
        arrival=arriving(prop, day),
        expected_departure=day + timedelta(days=2),
        **extra,
    )
    registration_checkout(
        registration=registration, actor=actor, at=registration.arrival + timedelta(hours=20)
    )
    return registration


def amended(prop, actor, **changes):
    registration = make_registration(prop, actor)
    amendment = registration_amend(
        registration=registration,
        actor=actor,
        changes=changes or {"room": "202"},
        reason="Moved rooms",
    )[0]
    return registration, amendment


def only(found: list[str], needle: str) -> str:
    """The one problem, which must name `needle`."""
    assert len(found) == 1, found
    assert needle in found[0], found
    return found[0]


def test_a_register_with_every_kind_of_entry_verifies(hotel_a, sam, maria):
    registration, _ = amended(hotel_a, maria)
    registration_checkout(registration=registration, actor=sam)
    make_concern(hotel_a, sam, registration=str(registration.pk))
    purged = old_stay(hotel_a, maria)
    registration_amend(registration=purged, actor=maria, changes={"room": "9"}, reason="x")
    make_concern(hotel_a, sam, registration=str(purged.pk))
    purge_expired(prop=hotel_a, today=timezone.localdate())

    assert not Registration.objects.filter(pk=purged.pk).exists()
    assert problems(hotel_a) == []
    assert "FAILED" not in verify()


# --- amendments ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value"), [("reason", "Nothing happened"), ("new_value", "303"), ("field", "adults")]
)
def test_an_edited_amendment_is_named(hotel_a, maria, column, value):
    _, amendment = amended(hotel_a, maria)

    tamper(
        f"UPDATE guests_amendment SET {column} = %s WHERE id = %s",
        value,
        amendment.pk.hex,
        tables=("guests_amendment",),
    )

    only(problems(hotel_a), f"amendment {amendment.pk}")
    assert chain_verify(hotel_a).ok  # the links alone could not tell


def test_a_deleted_amendment_is_named(hotel_a, maria):
    registration, amendment = amended(hotel_a, maria)

    tamper(
        "DELETE FROM guests_amendment WHERE id = %s",
        amendment.pk.hex,
        tables=("guests_amendment",),
    )

    message = only(problems(hotel_a), f"amendment {amendment.pk}")
    assert str(registration.pk) in message and "gone" in message


def test_an_amendment_slipped_in_behind_the_chain_is_named(hotel_a, maria):
    registration, amendment = amended(hotel_a, maria)
    forged = Amendment.objects.create(
        registration=registration,
        property=hotel_a,
        field="room",
        old_value="202",
        new_value="404",
        reason="Forged",
        amended_by=maria,
        entry_hash=amendment.entry_hash,
    )

    only(problems(hotel_a), f"amendment {forged.pk}")


def test_a_registration_set_back_to_before_its_correction_is_named(hotel_a, maria):
    registration, _ = amended(hotel_a, maria)
    first = ChainEntry.objects.get(
        kind="registration", object_ref=f"registration:{registration.pk}"
    )

    tamper(
        "UPDATE guests_registration SET room = %s, entry_hash = %s WHERE id = %s",
        "101",
        first.entry_hash,
        registration.pk.hex,
    )

    message = only(problems(hotel_a), f"registration #{registration.number}")
    assert "set back" in message


# --- concern reports ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value"),
    [("narrative", "Nothing to report."), ("hotline_reference", "X-1"), ("action_taken", "[]")],
)
def test_an_edited_concern_report_is_named_without_its_text(hotel_a, sam, column, value):
    concern = make_concern(hotel_a, sam)

    tamper(
        f"UPDATE guests_concernreport SET {column} = %s WHERE id = %s",
        value,
        concern.pk.hex,
        tables=("guests_concernreport",),
    )

    only(problems(hotel_a), f"concern report {concern.pk}")
    output = verify()
    assert "FAILED" in output
    assert NARRATIVE[:20] not in output and "Nothing to report" not in output


def test_a_deleted_concern_report_is_named(hotel_a, sam):
    concern = make_concern(hotel_a, sam)

    tamper(
        "DELETE FROM guests_concernreport WHERE id = %s",
        concern.pk.hex,
        tables=("guests_concernreport",),
    )

    assert "gone" in only(problems(hotel_a), f"concern report {concern.pk}")


def test_a_concern_unlinked_outside_a_purge_is_named(hotel_a, sam):
    registration = make_registration(hotel_a, sam)
    concern = make_concern(hotel_a, sam, registration=str(registration.pk))

    # The one UPDATE the trigger lets through (it is the purge's): no bypass needed.
    tamper("UPDATE guests_concernreport SET registration_id = NULL WHERE id = %s", concern.pk.hex)

    assert "link" in only(problems(hotel_a), f"concern report {concern.pk}")


# --- registrations deleted ---------------------------------------------------------------------


def delete_registration_row(pk_hex: str) -> None:
    """Delete a stay as a tamperer must: its name-index rows first, or the foreign key refuses."""
    tamper("DELETE FROM guests_registrationname WHERE registration_id = %s", pk_hex)
    tamper("DELETE FROM guests_registration WHERE id = %s", pk_hex)


def test_a_registration_deleted_outside_a_purge_is_named(hotel_a, sam):
    make_registration(hotel_a, sam)
    deleted = make_registration(hotel_a, sam, guest_name="Grace Hopper")

    delete_registration_row(deleted.pk.hex)

    message = only(problems(hotel_a), f"registration {deleted.pk}")
    assert "no retention purge" in message
    output = verify()
    assert "FAILED" in output and "Grace" not in output
    assert chain_verify(hotel_a).ok


def test_a_purge_chains_the_ids_it_deleted_and_nothing_else(hotel_a, maria):
    first = old_stay(hotel_a, maria, guest_name="Grace Hopper")
    second = old_stay(hotel_a, maria, days_ago=210)
    kept = make_registration(hotel_a, maria)

    purge_expired(prop=hotel_a, today=timezone.localdate(), batch_size=1)

    entries = ChainEntry.objects.filter(property=hotel_a, kind="purge").order_by("seq")
    assert [e.payload for e in entries] == [
        {"registrations": [str(second.pk)]},
        {"registrations": [str(first.pk)]},
    ]
    assert "Grace" not in str([e.payload for e in entries])
    assert Registration.objects.filter(pk=kept.pk).exists()
    assert problems(hotel_a) == []


def test_a_deletion_beside_a_purge_is_still_named(hotel_a, maria):
    old_stay(hotel_a, maria)
    recent = make_registration(hotel_a, maria)
    purge_expired(prop=hotel_a, today=timezone.localdate())

    delete_registration_row(recent.pk.hex)

    only(problems(hotel_a), f"registration {recent.pk}")


def test_a_registration_deleted_with_its_amendments_is_named_for_each(hotel_a, maria):
    registration, amendment = amended(hotel_a, maria)

    tamper(
        "DELETE FROM guests_amendment WHERE registration_id = %s",
        registration.pk.hex,
        tables=("guests_amendment",),
    )
    delete_registration_row(registration.pk.hex)

    found = problems(hotel_a)
    assert any(f"amendment {amendment.pk}" in p for p in found)
    assert any(f"registration {registration.pk}" in p and "check-in" in p for p in found)


# --- check-outs ---------------------------------------------------------------------------------


def test_a_changed_check_out_time_is_named(hotel_a, sam):
    registration = make_registration(hotel_a, sam)
    registration_checkout(registration=registration, actor=sam)

    tamper(
        "UPDATE guests_registration SET checked_out_at = %s WHERE id = %s",
        registration.checked_out_at + timedelta(hours=3),
        registration.pk.hex,
    )

    message = only(problems(hotel_a), f"registration #{registration.number}")
    assert "check-out" in message


def test_a_removed_check_out_is_named(hotel_a, sam):
    registration = make_registration(hotel_a, sam)
    registration_checkout(registration=registration, actor=sam)

    tamper(
        "UPDATE guests_registration SET checked_out_at = NULL WHERE id = %s", registration.pk.hex
    )

    assert "removed" in only(problems(hotel_a), f"registration #{registration.number}")


def test_a_check_out_that_was_never_chained_is_named(hotel_a, sam):
    registration = make_registration(hotel_a, sam)

    tamper(
        "UPDATE guests_registration SET checked_out_at = %s WHERE id = %s",
        timezone.now(),
        registration.pk.hex,
    )

    assert "no chain entry" in only(problems(hotel_a), f"registration #{registration.number}")


def test_a_check_out_chained_in_the_old_format_is_verified_by_trying_the_staff(hotel_a, sam):
    registration = make_registration(hotel_a, sam)
    left = timezone.now()
    # What registration_checkout chained before the entry named its actor.
    chain_append(
        prop=hotel_a,
        kind="checkout",
        object_ref=f"registration:{registration.pk}",
        payload={
            "digest": content_digest(
                {
                    "registration": str(registration.pk),
                    "checked_out_at": left.astimezone(UTC).isoformat(timespec="microseconds"),
                    "by": sam.pk,
                }
            )
        },
    )
    Registration.objects.filter(pk=registration.pk).update(checked_out_at=left)
    notes: list[str] = []

    assert chain_verify_contents(hotel_a, notes=notes) == []
    assert any("1 check-outs chained in the old format" in note for note in notes)

    tamper(
        "UPDATE guests_registration SET checked_out_at = %s WHERE id = %s",
        left - timedelta(hours=1),
        registration.pk.hex,
    )
    only(problems(hotel_a), f"registration #{registration.number}")


def test_the_command_names_a_tampered_row_among_many_properties(hotel_a, hotel_b, sam, olga):
    make_registration(hotel_b, olga)
    registration = make_registration(hotel_a, sam)
    registration_checkout(registration=registration, actor=sam)

    tamper(
        "UPDATE guests_registration SET checked_out_at = %s WHERE id = %s",
        registration.checked_out_at - timedelta(minutes=5),
        registration.pk.hex,
    )

    output = verify()
    assert "FAILED: 1 chain(s) broken." in output
    assert f"{hotel_a.pk} {hotel_a.name}: check-outs: registration #{registration.number}" in output
    assert problems(hotel_b) == []
