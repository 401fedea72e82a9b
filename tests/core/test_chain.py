"""The per-property hash chain detects every kind of tampering, and survives pruning."""

import pytest
from django.db import connection, transaction

from hotelcompliance.chain import (
    ChainEntry,
    ChainHead,
    chain_append,
    chain_checkpoint,
    chain_verify,
    content_digest,
)
from tests.db_tools import append_only_triggers_disabled, run_concurrently


def append_entries(prop, count):
    return [
        chain_append(
            prop=prop,
            kind="test",
            object_ref=f"thing:{n}",
            payload={"digest": content_digest({"n": n})},
        )
        for n in range(1, count + 1)
    ]


def raw(sql, params=()):
    with append_only_triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_an_untouched_chain_verifies(hotel_a):
    append_entries(hotel_a, 5)

    verdict = chain_verify(hotel_a)

    assert verdict.ok
    assert verdict.entries_checked == 5
    assert verdict.head_seq == 5


@pytest.mark.django_db
def test_each_property_has_its_own_chain(hotel_a, hotel_b):
    append_entries(hotel_a, 3)
    append_entries(hotel_b, 2)

    assert ChainHead.objects.get(property=hotel_a).seq == 3
    assert ChainHead.objects.get(property=hotel_b).seq == 2
    assert chain_verify(hotel_b).ok


@pytest.mark.django_db
def test_an_edited_entry_is_named(hotel_a):
    entries = append_entries(hotel_a, 5)
    table = ChainEntry._meta.db_table
    payload = '{"digest": "forged"}'
    raw(f"UPDATE {table} SET payload = %s WHERE id = %s", [payload, entries[2].pk])

    verdict = chain_verify(hotel_a)

    assert not verdict.ok
    assert verdict.broken_seq == 3
    assert "altered" in verdict.problem


@pytest.mark.django_db
def test_a_deleted_entry_is_named(hotel_a):
    entries = append_entries(hotel_a, 5)
    raw(f"DELETE FROM {ChainEntry._meta.db_table} WHERE id = %s", [entries[1].pk])

    verdict = chain_verify(hotel_a)

    assert not verdict.ok
    assert verdict.broken_seq == 2


@pytest.mark.django_db
def test_a_deleted_last_entry_is_named(hotel_a):
    entries = append_entries(hotel_a, 4)
    raw(f"DELETE FROM {ChainEntry._meta.db_table} WHERE id = %s", [entries[-1].pk])

    verdict = chain_verify(hotel_a)

    assert not verdict.ok
    assert verdict.broken_seq == 4


@pytest.mark.django_db
def test_reordered_entries_are_named(hotel_a):
    entries = append_entries(hotel_a, 5)
    table = ChainEntry._meta.db_table
    second, third = entries[1], entries[2]
    raw(f"UPDATE {table} SET seq = 1000 WHERE id = %s", [second.pk])
    raw(f"UPDATE {table} SET seq = 2 WHERE id = %s", [third.pk])
    raw(f"UPDATE {table} SET seq = 3 WHERE id = %s", [second.pk])

    verdict = chain_verify(hotel_a)

    assert not verdict.ok
    assert verdict.broken_seq == 2


@pytest.mark.django_db
def test_an_inserted_entry_is_named(hotel_a):
    entries = append_entries(hotel_a, 4)
    table = ChainEntry._meta.db_table
    for entry in reversed(entries[2:]):
        raw(f"UPDATE {table} SET seq = seq + 1 WHERE id = %s", [entry.pk])
    forged = ChainEntry(
        property=hotel_a,
        seq=3,
        kind="test",
        object_ref="thing:forged",
        payload={},
        created_at=entries[2].created_at,
        prev_hash=entries[1].entry_hash,
    )
    forged.entry_hash = forged.compute_hash()
    forged.save()

    verdict = chain_verify(hotel_a)

    assert not verdict.ok
    assert verdict.broken_seq == 4


@pytest.mark.django_db
def test_a_pruned_chain_still_verifies_from_its_checkpoint(hotel_a):
    append_entries(hotel_a, 6)
    chain_checkpoint(prop=hotel_a, upto_seq=3, reason="retention purge")
    raw(
        f"DELETE FROM {ChainEntry._meta.db_table} WHERE property_id = %s AND seq <= 3", [hotel_a.pk]
    )

    verdict = chain_verify(hotel_a)

    assert verdict.ok, str(verdict)
    assert verdict.entries_checked == 3


@pytest.mark.django_db
def test_pruning_without_a_checkpoint_is_detected(hotel_a):
    append_entries(hotel_a, 4)
    raw(
        f"DELETE FROM {ChainEntry._meta.db_table} WHERE property_id = %s AND seq <= 2", [hotel_a.pk]
    )

    assert not chain_verify(hotel_a).ok


@pytest.mark.django_db
def test_the_database_refuses_to_change_an_entry(hotel_a):
    entry = append_entries(hotel_a, 1)[0]

    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        ChainEntry.objects.filter(pk=entry.pk).update(kind="edited")
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        ChainEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(RuntimeError):
        entry.save()


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_fork_the_chain(hotel_a):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row lock matters on PostgreSQL")

    def writer(worker):
        for n in range(25):
            chain_append(prop=hotel_a, kind="test", object_ref=f"w{worker}:{n}", payload={})

    assert run_concurrently(writer, 4) == []
    seqs = list(ChainEntry.objects.filter(property=hotel_a).values_list("seq", flat=True))
    assert seqs == list(range(1, 101))
    assert chain_verify(hotel_a).ok


def test_the_verify_command_names_the_broken_link(hotel_a, db):
    from django.core.management import CommandError, call_command

    entries = append_entries(hotel_a, 3)
    call_command("verify_chain")
    raw(f"DELETE FROM {ChainEntry._meta.db_table} WHERE id = %s", [entries[1].pk])

    with pytest.raises(CommandError, match="1 chain"):
        call_command("verify_chain")
