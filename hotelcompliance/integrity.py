"""The core's own rows against the chain: access events and legal holds.

`verify_chain` walks the links (`chain.chain_verify`); these checkers prove that no *row* was
changed, deleted or slipped in behind the chain's back, whoever did it (a superuser, a
restored backup, a disabled trigger). Registered from `CoreConfig.ready`, like any app's.
Messages name rows by kind and id, never by what they hold.
"""

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from hotelcompliance.access_log import (
    AccessEvent,
    access_event_digest,
    access_event_old_payload_differs,
)
from hotelcompliance.chain import (
    ContentNote,
    EntryView,
    chain_entries_for,
    chain_entry_chunks,
    keyset_chunks,
)
from hotelcompliance.holds import LegalHold, hold_digest
from hotelcompliance.tenancy import Property

ACCESS = "access"
HOLD_PLACED = "legal_hold.placed"
HOLD_RELEASED = "legal_hold.released"


def access_event_problems(prop: Property) -> Iterator[str]:
    """Each chained access event still stored as chained; each stored one chained.

    Entries written before the digest (their payload has no `digest`) are verified on what
    they hold: kind, actor, object, fields and time, but not reason, IP or roles.
    """
    old_format = 0
    for chunk in chain_entry_chunks(prop, [ACCESS]):
        rows = {str(e.pk): e for e in AccessEvent.objects.filter(pk__in=_ids(chunk))}
        for entry in chunk:
            event = rows.get(entry.object_id)
            name = f"access event {entry.object_id} ({entry})"
            if event is None:
                yield f"{name}: its row is gone (access events are never deleted)."
            elif event.property_id != prop.pk:
                yield f"{name}: the row was moved to another property."
            elif "digest" in entry.payload:
                if entry.payload["digest"] != access_event_digest(event):
                    yield f"{name}: the row was changed after it was chained (its digest differs)."
            else:
                old_format += 1
                if access_event_old_payload_differs(event, entry.payload):
                    yield f"{name}: the row was changed after it was chained."
    yield from _unchained(
        AccessEvent.objects.filter(property=prop), prop, "access:", [ACCESS], "access event"
    )
    if old_format:
        yield ContentNote(
            f"{old_format} access events chained in the old format were verified on their "
            "kind, actor, object, fields and time only (not their reason, IP or roles)."
        )


def legal_hold_problems(prop: Property) -> Iterator[str]:
    """Each hold as placed and as last released, against its entries; none gone, none added."""
    kinds = [HOLD_PLACED, HOLD_RELEASED]
    seen: set[str] = set()
    for chunk in keyset_chunks(LegalHold.objects.filter(property=prop)):
        entries = chain_entries_for(prop, [f"legal_hold:{h.pk}" for h in chunk], kinds)
        for hold in chunk:
            seen.add(str(hold.pk))
            yield from _hold_problems(hold, entries.get(f"legal_hold:{hold.pk}", []))
    for chunk in chain_entry_chunks(prop, [HOLD_PLACED]):
        for entry in chunk:
            if entry.object_id not in seen:
                yield f"legal hold {entry.object_id} ({entry}): its row is gone."


def _hold_problems(hold: LegalHold, entries: list[EntryView]) -> Iterator[str]:
    name = f"legal hold {hold.pk}"
    placed = [e for e in entries if e.kind == HOLD_PLACED]
    released = [e for e in entries if e.kind == HOLD_RELEASED]
    if len(placed) != 1:
        yield f"{name}: no chain entry records its placing."
        return
    payload = placed[0].payload
    if "digest" in payload:
        changed = payload["digest"] != hold_digest(hold)
    else:  # chained before the digest: what the entry holds
        changed = (
            payload.get("source") != hold.source
            or payload.get("period") != [hold.period_start.isoformat(), hold.period_end.isoformat()]
            or payload.get("rooms") != hold.rooms
            or payload.get("by") != hold.placed_by_id
        )
    if changed:
        yield f"{name} ({placed[0]}): the hold was changed after it was placed."
    if hold.released_at is None and released:
        yield f"{name} ({released[-1]}): its chained release was removed from the row."
    elif hold.released_at is not None:
        last = released[-1].payload if released else None
        if last is None:
            yield f"{name}: released, but no chain entry records the release."
        elif _moment(last.get("ends_at")) != hold.released_at or last.get("by") != (
            hold.released_by_id
        ):
            yield f"{name} ({released[-1]}): its release differs from the chained one."


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _ids(chunk: list[EntryView]) -> list[str]:
    """The chunk's object ids that can be primary keys at all (UUIDs)."""
    ids = []
    for entry in chunk:
        try:
            ids.append(str(uuid.UUID(entry.object_id)))
        except ValueError:
            continue
    return ids


def _unchained(
    queryset: QuerySet[Any], prop: Property, prefix: str, kinds: list[str], noun: str
) -> Iterator[str]:
    """Rows of the queryset that no entry of these kinds names: slipped in behind the chain."""
    for chunk in keyset_chunks(queryset.only("pk")):
        refs = {f"{prefix}{row.pk}": row.pk for row in chunk}
        chained = chain_entries_for(prop, refs, kinds)
        for ref, pk in refs.items():
            if ref not in chained:
                yield f"{noun} {pk}: no chain entry vouches for this row."
