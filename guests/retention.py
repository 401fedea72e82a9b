"""The retention purge: destroy registrations the property's rule pack no longer requires.

A registration may be destroyed once `pack.record_destroy_after(<its last transaction>)` has
come (None: never), and no active legal hold covers its arrival date and room. Retention counts
from the stay's last transaction (`guests.stays.last_transaction`: the property's date of the
check-out, or, never checked out, of the expected departure), never from the arrival: a long
stay is kept the pack's whole minimum after it ended, and the record is still there on the
minimum's last day (`pack.record_kept_until`); it may go the day after. Its amendments,
idempotency keys and name-index rows go with it; concern reports survive, unlinked (the
only change their trigger allows).

Before deleting, the purge records a chain checkpoint at the current head: the amendment
trigger (migration 0005) allows deleting only amendments older than the property's latest
"retention purge" checkpoint. Chain entries stay (they hold digests, not personal data), so
`chain_verify` still passes, and each batch chains a `purge` entry naming the registration ids
it deleted (UUIDs only), so `verify_chain` can tell a purged stay from one deleted behind the
register's back. Each batch is its own short transaction; the counter is untouched and the
chain head is locked only for that last append, after the deletes.

The deletes, the checkpoint and the `purge` entries go through `purge_database()`: the
`purge` connection (`PURGE_DATABASE_URL`, a role that may delete what the application's role
may not; see `manage.py db_roles`) when configured, else the default one.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from guests import name_index, stays
from guests.models import (
    Amendment,
    ConcernReport,
    IdempotencyKey,
    PreArrival,
    PurgeRecord,
    Registration,
)
from hotelcompliance.chain import ChainHead, chain_append, chain_checkpoint
from hotelcompliance.holds import active_holds, lock_holds
from hotelcompliance.rooms import RoomOverride
from hotelcompliance.rules import RulePack
from hotelcompliance.tenancy import Property

CHECKPOINT_REASON = "retention purge"
PURGE_ENTRY_KIND = "purge"
PURGE_DATABASE_ALIAS = "purge"


def purge_database() -> str:
    """The connection the purge deletes through: its own role's when configured."""
    return PURGE_DATABASE_ALIAS if PURGE_DATABASE_ALIAS in connections else DEFAULT_DB_ALIAS


@dataclass(frozen=True)
class PurgeReport:
    property_id: int
    today: date
    dry_run: bool
    registrations: int
    amendments: int
    idempotency_keys: int
    concerns_unlinked: int
    held: int
    batches: int
    first_arrival: date | None
    last_arrival: date | None
    checkpoint_seq: int | None
    last_transaction: date | None = None  # the latest last transaction destroyed

    def __str__(self) -> str:
        verb = "would purge" if self.dry_run else "purged"
        span = (
            f" (arrivals {self.first_arrival} to {self.last_arrival})" if self.first_arrival else ""
        )
        return (
            f"{verb} {self.registrations} registrations{span}, {self.amendments} amendments, "
            f"{self.idempotency_keys} idempotency keys; {self.concerns_unlinked} concerns "
            f"unlinked; {self.held} kept under a legal hold"
        )


@dataclass(frozen=True)
class _Candidate:
    pk: object
    arrival_date: date
    room: str
    last_transaction: date  # the property's date retention counted from
    entry_hash: str = ""  # the row's state when selected: an amendment since changes it
    checked_out_at: datetime | None = None  # a check-out since selection moves the date


def purge_expired(
    *, prop: Property, today: date, dry_run: bool = False, batch_size: int = 2000
) -> PurgeReport:
    """Destroy the property's expired, unheld registrations in batches; record the run.

    Candidates are streamed a batch at a time (memory stays flat at a million rows), holds
    are read once per batch, and each batch is its own short transaction, so check-ins
    continue alongside.
    """
    counts = {"registrations": 0, "amendments": 0, "idempotency_keys": 0, "concerns_unlinked": 0}
    held = batches = 0
    first_arrival = last_arrival = last_transaction = None
    checkpoint_seq = None
    checkpointed = False
    for expired in _expired_batches(prop, today, batch_size):
        if dry_run:
            holds = list(active_holds(prop))
            batch = [c for c in expired if not _held(c, holds)]
            ids = [c.pk for c in batch]
            counts["registrations"] += len(batch)
            counts["amendments"] += Amendment.objects.filter(registration_id__in=ids).count()
            counts["idempotency_keys"] += IdempotencyKey.objects.filter(
                registration_id__in=ids
            ).count()
            counts["concerns_unlinked"] += ConcernReport.objects.filter(
                registration_id__in=ids
            ).count()
        else:
            if not checkpointed:
                checkpoint_seq, checkpointed = _checkpoint(prop, today), True
            batch = _purge_batch(prop, expired, counts)
            batches += 1
        held += len(expired) - len(batch)
        if batch:
            first_arrival = first_arrival or batch[0].arrival_date
            last_arrival = batch[-1].arrival_date
            latest = max(c.last_transaction for c in batch)
            last_transaction = max(last_transaction or latest, latest)

    report = PurgeReport(
        property_id=prop.pk,
        today=today,
        dry_run=dry_run,
        held=held,
        batches=batches,
        first_arrival=first_arrival,
        last_arrival=last_arrival,
        checkpoint_seq=checkpoint_seq,
        last_transaction=last_transaction,
        **counts,
    )
    PurgeRecord.objects.create(
        property=prop,
        today=today,
        dry_run=dry_run,
        registrations=report.registrations,
        amendments=report.amendments,
        idempotency_keys=report.idempotency_keys,
        concerns_unlinked=report.concerns_unlinked,
        held=held,
        batches=batches,
        first_arrival=report.first_arrival,
        last_arrival=report.last_arrival,
        last_transaction=last_transaction,
        checkpoint_seq=checkpoint_seq,
    )
    return report


def _held(candidate: "_Candidate", holds: list) -> bool:
    return any(h.covers(arrival_date=candidate.arrival_date, room=candidate.room) for h in holds)


def is_expired(prop: Property, *, last_transaction: date, today: date) -> bool:
    """Whether the pack lets a stay whose last transaction was on that date go on `today`."""
    destroy_after = prop.rule_pack().record_destroy_after(last_transaction)
    return destroy_after is not None and destroy_after <= today


def kept_until(prop: Property, registration: Registration) -> date | None:
    """The last day the register must keep this stay; None while it is not over, or for good.

    A stay not over yet (in house, or due to leave today or later) has no last transaction.
    """
    tz = prop.tz
    today = prop.today()
    if registration.checked_out_at is None and registration.expected_departure >= today:
        return None
    last = stays.last_transaction(
        registration.arrival, registration.expected_departure, registration.checked_out_at, tz
    )
    return prop.rule_pack().record_kept_until(last)


def _expired_batches(prop: Property, today: date, size: int) -> Iterator[list[_Candidate]]:
    """The property's stays past retention, oldest arrival first, a batch at a time.

    Reads only ids, dates and rooms (no personal data). Each batch is read after the previous
    one was purged, keyed on the last arrival seen, so nothing is read twice or held open.
    """
    pack = prop.rule_pack()
    last_day = _last_expired_transaction_date(pack, today)
    if last_day is None:
        return
    tz = prop.tz
    # A stay's last transaction must be on or before `last_day` (the property's date): its
    # check-out before the next local midnight, or, never checked out, its expected departure
    # on or before it. A check-out never precedes its arrival, so the arrival bound holds for
    # every such stay and lets the (property, arrival) index serve the scan.
    before = datetime.combine(last_day + timedelta(days=1), time.min, tz)
    expired = (
        Registration.objects.for_property(prop)
        .filter(arrival__lt=before)
        .filter(
            Q(checked_out_at__lt=before)
            | Q(
                checked_out_at__isnull=True,
                expected_departure__lte=last_day,
                expected_departure__lt=today,
            )
        )
        .order_by("arrival", "number")
    )
    after: tuple | None = None
    while True:
        rows = expired
        if after is not None:
            rows = rows.filter(Q(arrival__gt=after[0]) | Q(arrival=after[0], number__gt=after[1]))
        batch = []
        columns = (
            "pk",
            "arrival",
            "number",
            "room",
            "entry_hash",
            "expected_departure",
            "checked_out_at",
        )
        for pk, arrival, number, room, entry_hash, departure, left in rows.values_list(*columns)[
            :size
        ]:
            batch.append(
                _Candidate(
                    pk=pk,
                    arrival_date=timezone.localtime(arrival, tz).date(),
                    room=room,
                    entry_hash=entry_hash,
                    last_transaction=stays.last_transaction(arrival, departure, left, tz),
                    checked_out_at=left,
                )
            )
            after = (arrival, number)
        if not batch:
            return
        yield batch
        if len(batch) < size:
            return


def _last_expired_transaction_date(pack: RulePack, today: date) -> date | None:
    """The latest last-transaction date whose stay may be destroyed today (None: none may).

    `record_destroy_after` grows with the date, so a binary search finds the boundary.
    """
    low, high = today - timedelta(days=366 * 100), today
    if not _destroyable(pack, low, today):
        return None
    while low < high:
        middle = low + timedelta(days=(high - low).days // 2 + 1)
        if _destroyable(pack, middle, today):
            low = middle
        else:
            high = middle - timedelta(days=1)
    return low


def _checkpoint(prop: Property, today: date) -> int | None:
    """Checkpoint the chain at its head, which lets the amendment trigger allow the deletes."""
    using = purge_database()
    with transaction.atomic(using=using):
        head = ChainHead.objects.using(using).filter(property=prop).first()
        if head is None or head.seq == 0:
            return None
        chain_checkpoint(
            prop=prop,
            upto_seq=head.seq,
            reason=f"{CHECKPOINT_REASON} up to {today.isoformat()}",
            using=using,
        )
        return head.seq


def _purge_batch(
    prop: Property, batch: list[_Candidate], counts: dict[str, int]
) -> list[_Candidate]:
    """Delete one batch in its own transaction, re-checking holds placed since selection.

    Under the property's hold lock (no hold is placed, and no arrival, room or name amended,
    until the batch commits), the rows are read again, locked: one amended since it was
    selected is left for the next run, and holds are judged on the rows as they now stand.
    """
    using = purge_database()
    with transaction.atomic(using=using):
        lock_holds(prop, using=using)
        holds = list(active_holds(prop).using(using))
        batch = [c for c in _unchanged(prop, batch, using) if not _held(c, holds)]
        ids = [c.pk for c in batch]
        if not ids:
            return []
        # Plain DELETEs (no ORM collector, which would re-select every related row): the only
        # rows that point at a registration are handled right here. The concern's SET NULL is
        # a plain UPDATE of registration_id, the one change its trigger allows.
        counts["amendments"] += _delete(
            Amendment.objects.using(using).filter(registration_id__in=ids)
        )
        counts["idempotency_keys"] += _delete(
            IdempotencyKey.objects.using(using).filter(registration_id__in=ids)
        )
        # A manager's room or folio override goes with the stay it let through.
        _delete(RoomOverride.objects.using(using).filter(registration_id__in=ids))
        counts["concerns_unlinked"] += (
            ConcernReport.objects.using(using)
            .filter(registration_id__in=ids)
            .update(registration=None)
        )
        # A pre-arrival checked in as this stay keeps only its dates: it forgets the stay.
        PreArrival.objects.using(using).filter(registration_id__in=ids).update(registration=None)
        name_index.delete_for(ids, using=using)
        counts["registrations"] += _delete(
            Registration.objects.using(using).filter(property=prop, pk__in=ids)
        )
        _chain_purged(prop, ids, using)
    return batch


def _chain_purged(prop: Property, ids: list, using: str) -> None:
    """Chain which registrations this batch destroyed (ids only), last, so the head is
    locked only until the batch commits."""
    chain_append(
        prop=prop,
        kind=PURGE_ENTRY_KIND,
        object_ref="retention_purge",
        payload={"registrations": sorted(str(pk) for pk in ids)},
        using=using,
    )


def _unchanged(prop: Property, batch: list[_Candidate], using: str) -> list[_Candidate]:
    """The candidates still as they were selected, read again and locked.

    The same chain entry (no amendment since) and the same check-out (a late check-out of a
    stay never checked out moves its last transaction to today).
    """
    selected = {c.pk: c for c in batch}
    current = (
        Registration.objects.using(using)
        .filter(property=prop, pk__in=list(selected))
        .select_for_update(of=("self",))
        .values_list("pk", "entry_hash", "checked_out_at")
    )
    still = {
        pk
        for pk, entry_hash, checked_out_at in current
        if entry_hash == selected[pk].entry_hash and checked_out_at == selected[pk].checked_out_at
    }
    return [c for c in batch if c.pk in still]


def _destroyable(pack: RulePack, last_transaction: date, today: date) -> bool:
    """Whether a stay with this last transaction may be destroyed today (never: None)."""
    destroy_after = pack.record_destroy_after(last_transaction)
    return destroy_after is not None and destroy_after <= today


def _delete(queryset: QuerySet[Any]) -> int:
    """One DELETE statement for the queryset's rows; returns how many went."""
    return queryset._raw_delete(queryset.db)
