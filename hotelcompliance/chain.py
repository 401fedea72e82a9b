"""Per-property append-only hash chain: tampering with the record becomes detectable.

Each entry hashes its canonical JSON together with the previous entry's hash, so editing,
deleting, reordering or inserting an entry breaks every link after it. Entries carry no
personal data (object references and content digests only), so the chain outlives the
guest records it vouches for. A checkpoint records the last hash before old entries are
pruned, so a shortened chain still verifies from there.
"""

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, NoReturn, TypeVar

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotelcompliance.tenancy import Property

_M = TypeVar("_M", bound=models.Model)

GENESIS_HASH = "0" * 64


def canonical_json(data: Any) -> bytes:
    """Serialise deterministically: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def content_digest(data: dict[str, Any]) -> str:
    """SHA-256 of an object's content, for a chain payload that must not hold the content."""
    return hashlib.sha256(canonical_json(data)).hexdigest()


def instant(value: datetime) -> str:
    """A moment as chain payloads and digests write it: UTC, to the microsecond."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


class AppendOnlyModel(models.Model):
    """Rows are written once; the database triggers refuse changes (see migrations).

    `purge_deletes` / `purge_updates` name what only the retention purge may still do to
    the rows (delete them; clear these columns): `manage.py db_roles` grants exactly that
    to the purge's database role, and nothing of it to the application's.
    """

    purge_deletes: ClassVar[bool] = False
    purge_updates: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError(f"{type(self).__name__} is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError(f"{type(self).__name__} is append-only.")


class ChainHead(models.Model):
    """The latest link of a property's chain; locked while appending so links never fork."""

    property = models.OneToOneField(
        Property, on_delete=models.PROTECT, primary_key=True, related_name="chain_head"
    )
    seq = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"{self.property_id}#{self.seq}"


class ChainEntry(AppendOnlyModel):
    # Entries up to a checkpoint may be pruned (the trigger allows it to the purge's role).
    purge_deletes = True

    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=64)
    object_ref = models.CharField(max_length=100)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["property", "seq"]
        verbose_name_plural = _("chain entries")
        constraints = [
            models.UniqueConstraint(fields=["property", "seq"], name="chain_entry_seq_unique")
        ]
        # verify_chain finds the entries that vouch for a chunk of rows by their object.
        indexes = [models.Index(fields=["property", "object_ref"], name="chain_entry_object")]

    def __str__(self) -> str:
        return f"{self.property_id}#{self.seq} {self.kind}"

    def compute_hash(self) -> str:
        return compute_entry_hash(
            prev_hash=self.prev_hash,
            property_id=self.property_id,
            seq=self.seq,
            kind=self.kind,
            object_ref=self.object_ref,
            payload=self.payload,
            created_at=self.created_at,
        )


class ChainCheckpoint(AppendOnlyModel):
    """The hash of the last entry at `seq`, kept when entries up to it are pruned."""

    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveBigIntegerField()
    entry_hash = models.CharField(max_length=64)
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["property", "seq"]

    def __str__(self) -> str:
        return f"{self.property_id} checkpoint #{self.seq}"


def compute_entry_hash(
    *,
    prev_hash: str,
    property_id: int,
    seq: int,
    kind: str,
    object_ref: str,
    payload: dict,
    created_at: datetime,
) -> str:
    body = canonical_json(
        {
            "property": property_id,
            "seq": seq,
            "kind": kind,
            "object": object_ref,
            "payload": payload,
            "at": instant(created_at),
        }
    )
    return hashlib.sha256(prev_hash.encode() + body).hexdigest()


def chain_append(
    *, prop: Property, kind: str, object_ref: str, payload: dict, using: str = DEFAULT_DB_ALIAS
) -> ChainEntry:
    """Append one entry to the property's chain, inside the caller's transaction.

    `using` is the database connection (the retention purge writes through its own role's).
    """
    with transaction.atomic(using=using, savepoint=False):
        head = _locked_head(prop, using)
        # Round-trip the payload through JSON so the hash sees what the database will hold.
        payload = json.loads(canonical_json(payload))
        entry = ChainEntry(
            property=prop,
            seq=head.seq + 1,
            kind=kind,
            object_ref=object_ref,
            payload=payload,
            created_at=timezone.now(),
            prev_hash=head.entry_hash,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True, using=using)
        ChainHead.objects.using(using).filter(property=prop).update(
            seq=entry.seq, entry_hash=entry.entry_hash
        )
        return entry


def _locked_head(prop: Property, using: str = DEFAULT_DB_ALIAS) -> ChainHead:
    """The property's chain head, row-locked until the transaction ends (created on first use)."""
    heads = ChainHead.objects.using(using).select_for_update()
    head = heads.filter(property=prop).first()
    if head is None:
        # A concurrent first append may win the insert; the savepoint keeps the transaction usable.
        with contextlib.suppress(IntegrityError), transaction.atomic(using=using):
            ChainHead.objects.using(using).create(property=prop)
        head = heads.get(property=prop)
    return head


def chain_checkpoint(
    *, prop: Property, upto_seq: int, reason: str, using: str = DEFAULT_DB_ALIAS
) -> ChainCheckpoint:
    """Record the hash at `upto_seq`, so entries up to it may be pruned and still verify."""
    entry = ChainEntry.objects.using(using).get(property=prop, seq=upto_seq)
    return ChainCheckpoint.objects.using(using).create(
        property=prop, seq=upto_seq, entry_hash=entry.entry_hash, reason=reason
    )


@dataclass(frozen=True)
class ChainVerdict:
    ok: bool
    entries_checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    problem: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"OK: {self.entries_checked} entries verified up to #{self.head_seq}."
        return f"BROKEN at #{self.broken_seq}: {self.problem}"


def chain_verify(prop: Property, *, chunk_size: int = 2000) -> ChainVerdict:
    """Walk the property's chain and name the first broken link, if any."""
    head = ChainHead.objects.filter(property=prop).first()
    head_seq, head_hash = (head.seq, head.entry_hash) if head else (0, GENESIS_HASH)
    checkpoints = ChainCheckpoint.objects.filter(property=prop)
    first = ChainEntry.objects.filter(property=prop).order_by("seq").first()

    expected_seq, prev_hash = 1, GENESIS_HASH
    if first is not None and first.seq > 1:
        checkpoint = checkpoints.filter(seq=first.seq - 1).order_by("-created_at").first()
        if checkpoint is None:
            return ChainVerdict(
                False, 0, head_seq, head_hash, first.seq - 1, "entries are missing before this one"
            )
        expected_seq, prev_hash = checkpoint.seq + 1, checkpoint.entry_hash
    elif first is None and head_seq:
        checkpoint = checkpoints.order_by("-seq").first()
        if checkpoint is None or checkpoint.seq != head_seq:
            return ChainVerdict(False, 0, head_seq, head_hash, 1, "every entry is missing")
        expected_seq, prev_hash = checkpoint.seq + 1, checkpoint.entry_hash

    checked = 0
    last_seq = expected_seq - 1
    entries = ChainEntry.objects.filter(property=prop).order_by("seq")
    for entry in entries.iterator(chunk_size=chunk_size):
        problem = _link_problem(entry, expected_seq, prev_hash)
        if problem:
            return ChainVerdict(False, checked, head_seq, head_hash, expected_seq, problem)
        checked += 1
        expected_seq, prev_hash, last_seq = entry.seq + 1, entry.entry_hash, entry.seq
    if last_seq != head_seq or prev_hash != head_hash:
        return ChainVerdict(
            False, checked, head_seq, head_hash, last_seq + 1, "entries after this are missing"
        )
    return ChainVerdict(True, checked, head_seq, head_hash)


def _link_problem(entry: ChainEntry, expected_seq: int, prev_hash: str) -> str:
    if entry.seq > expected_seq:
        return "this entry is missing (deleted)"
    if entry.seq < expected_seq:
        return "entries are out of order"
    if entry.prev_hash != prev_hash:
        return "the link to the previous entry is broken (deleted, reordered or inserted)"
    if entry.compute_hash() != entry.entry_hash:
        return "the entry's content was altered"
    return ""


def chain_append_many(*, prop: Property, items: list[tuple[str, str, dict]]) -> list[ChainEntry]:
    """Append entries `(kind, object_ref, payload)` in order, in one locked step and one insert.

    The entries are exactly those `chain_append` would write one by one (same sequence, links
    and hashes); only the number of queries differs. Inside the caller's transaction.
    """
    if not items:
        return []
    with transaction.atomic(savepoint=False):
        head = _locked_head(prop)
        seq, prev_hash = head.seq, head.entry_hash
        entries = []
        for kind, object_ref, payload in items:
            seq += 1
            entry = ChainEntry(
                property=prop,
                seq=seq,
                kind=kind,
                object_ref=object_ref,
                payload=json.loads(canonical_json(payload)),
                created_at=timezone.now(),
                prev_hash=prev_hash,
            )
            entry.entry_hash = prev_hash = entry.compute_hash()
            entries.append(entry)
        ChainEntry.objects.bulk_create(entries)
        ChainHead.objects.filter(property=prop).update(seq=seq, entry_hash=prev_hash)
        return entries


# Apps register how to check their rows against the chain entries that vouch for them (the
# core imports no app). A checker takes a property and yields one message per row whose
# stored content no longer matches its entry, naming the row (never its personal data); a
# `ContentNote` it yields is information (how old-format entries were checked), not a fault.
ContentChecker = Callable[[Property], Iterable[str]]
_CONTENT_CHECKERS: dict[str, ContentChecker] = {}
CONTENT_CHUNK = 1000


class ContentNote(str):
    """A checker's remark that is not a problem, e.g. "12 entries in the old format"."""


def register_content_checker(name: str, checker: ContentChecker) -> None:
    """Register (or replace) an app's row-against-chain checker, from its AppConfig.ready."""
    _CONTENT_CHECKERS[name] = checker


def chain_verify_contents(
    prop: Property, *, limit: int = 100, notes: list[str] | None = None
) -> list[str]:
    """Every registered checker's findings for the property (at most `limit` messages).

    The checkers' notes go to `notes` when a list is given, and are dropped otherwise.
    """
    problems: list[str] = []
    for name in sorted(_CONTENT_CHECKERS):
        for message in _CONTENT_CHECKERS[name](prop):
            if isinstance(message, ContentNote):
                if notes is not None:
                    notes.append(f"{name}: {message}")
                continue
            problems.append(f"{name}: {message}")
            if len(problems) >= limit:
                return problems
    return problems


@dataclass(frozen=True)
class EntryView:
    """What a content checker reads of an entry (no model instance, no hash recomputed)."""

    seq: int
    kind: str
    object_ref: str
    payload: dict
    entry_hash: str

    @property
    def object_id(self) -> str:
        """The id after the `<type>:` prefix of `object_ref`."""
        return self.object_ref.partition(":")[2]

    def __str__(self) -> str:
        return f"chain #{self.seq}"


_VIEW_FIELDS = ("seq", "kind", "object_ref", "payload", "entry_hash")


def chain_entry_chunks(
    prop: Property, kinds: Iterable[str], *, chunk_size: int = CONTENT_CHUNK
) -> Iterator[list[EntryView]]:
    """The property's entries of these kinds in chain order, a chunk at a time (keyset paging)."""
    kinds = list(kinds)
    last_seq = 0
    while True:
        rows = (
            ChainEntry.objects.filter(property=prop, kind__in=kinds, seq__gt=last_seq)
            .order_by("seq")
            .values_list(*_VIEW_FIELDS)[:chunk_size]
        )
        chunk = [EntryView(*row) for row in rows]
        if not chunk:
            return
        yield chunk
        if len(chunk) < chunk_size:
            return
        last_seq = chunk[-1].seq


def chain_entries_for(
    prop: Property, object_refs: Iterable[str], kinds: Iterable[str]
) -> dict[str, list[EntryView]]:
    """The entries of these kinds naming each object, in chain order (one indexed query)."""
    found: dict[str, list[EntryView]] = {}
    rows = (
        ChainEntry.objects.filter(property=prop, object_ref__in=list(object_refs), kind__in=kinds)
        .order_by("seq")
        .values_list(*_VIEW_FIELDS)
    )
    for row in rows:
        view = EntryView(*row)
        found.setdefault(view.object_ref, []).append(view)
    return found


def keyset_chunks(
    queryset: models.QuerySet[_M], *, chunk_size: int = CONTENT_CHUNK
) -> Iterator[list[_M]]:
    """A queryset's rows in primary-key order, a chunk at a time, with no cursor held open."""
    last_pk = None
    queryset = queryset.order_by("pk")
    while True:
        page = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
        chunk = list(page[:chunk_size])
        if not chunk:
            return
        yield chunk
        if len(chunk) < chunk_size:
            return
        last_pk = chunk[-1].pk


@contextlib.contextmanager
def chain_snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """One read-only, repeatable-read transaction: the chain and the rows seen at one instant.

    Without it a check-in committed between reading the chain head and its entries (or a row
    and its entry) would look like tampering. SQLite's read transaction is a snapshot already.
    """
    connection = connections[using]
    outermost = not connection.in_atomic_block  # inside a transaction, its snapshot rules
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield
