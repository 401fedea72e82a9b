"""verify_chain recomputes each registration's digest: a direct SQL edit is caught and named."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from guests.services import registration_amend
from hotelcompliance.chain import (
    ChainEntry,
    ChainHead,
    chain_append,
    chain_append_many,
    chain_verify,
    chain_verify_contents,
)
from tests.guests.factories import make_registration

pytestmark = pytest.mark.django_db


def verify() -> str:
    out = io.StringIO()
    try:
        call_command("verify_chain", stdout=out)
    except CommandError as error:
        return out.getvalue() + f"\nFAILED: {error}"
    return out.getvalue()


def sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_untouched_register_verifies(hotel_a, sam, maria):
    registration = make_registration(hotel_a, sam)
    registration_amend(
        registration=registration, actor=maria, changes={"room": "202"}, reason="Moved rooms"
    )

    assert chain_verify_contents(hotel_a) == []
    assert "FAILED" not in verify()


@pytest.mark.parametrize(
    ("column", "value"),
    [("guest_name", "Someone Else"), ("room", "999"), ("adults", 3), ("id_number", "v1.x.y")],
)
def test_a_direct_sql_edit_of_a_registration_fails_naming_it(hotel_a, sam, column, value):
    make_registration(hotel_a, sam)
    edited = make_registration(hotel_a, sam, guest_name="Grace Hopper")
    make_registration(hotel_a, sam)

    sql(f"UPDATE guests_registration SET {column} = %s WHERE id = %s", value, edited.pk.hex)

    output = verify()
    assert "FAILED" in output
    assert f"registration #{edited.number} ({edited.pk})" in output
    assert output.count("registration #") == 1
    assert "Grace" not in output and "Someone" not in output  # no personal data
    assert chain_verify(hotel_a).ok  # the links alone could not tell


def test_an_edit_after_an_amendment_is_caught_too(hotel_a, sam, maria):
    registration = make_registration(hotel_a, sam)
    registration_amend(
        registration=registration, actor=maria, changes={"room": "202"}, reason="Moved rooms"
    )

    sql("UPDATE guests_registration SET room = %s WHERE id = %s", "101", registration.pk.hex)

    assert f"registration #{registration.number}" in " ".join(chain_verify_contents(hotel_a))


def test_appending_in_bulk_writes_the_same_chain_as_one_by_one(hotel_a, time_machine):
    time_machine.move_to("2026-07-01 12:00:00+00:00", tick=False)
    chain_append(prop=hotel_a, kind="test", object_ref="before", payload={})
    items = [("test", f"thing:{n}", {"digest": f"{n:064x}", "n": n}) for n in range(5)]

    def written() -> list[tuple]:
        return list(
            ChainEntry.objects.filter(property=hotel_a)
            .order_by("seq")
            .values_list(
                "seq", "kind", "object_ref", "payload", "created_at", "prev_hash", "entry_hash"
            )
        )

    with transaction.atomic():
        for kind, ref, payload in items:
            chain_append(prop=hotel_a, kind=kind, object_ref=ref, payload=payload)
        one_by_one = written()
        transaction.set_rollback(True)
    chain_append_many(prop=hotel_a, items=items)

    assert written() == one_by_one
    assert chain_verify(hotel_a).ok
    assert ChainHead.objects.get(property=hotel_a).entry_hash == one_by_one[-1][-1]


def test_bulk_appends_continue_an_existing_chain(hotel_a):
    chain_append(prop=hotel_a, kind="test", object_ref="a:1", payload={})
    chain_append_many(prop=hotel_a, items=[("test", "a:2", {}), ("test", "a:3", {})])
    chain_append(prop=hotel_a, kind="test", object_ref="a:4", payload={})

    assert chain_verify(hotel_a).ok
    assert list(
        ChainEntry.objects.filter(property=hotel_a)
        .order_by("seq")
        .values_list("object_ref", flat=True)
    ) == ["a:1", "a:2", "a:3", "a:4"]
    assert chain_append_many(prop=hotel_a, items=[]) == []
