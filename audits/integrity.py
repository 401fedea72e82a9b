"""Records-request timelines against the chain: no step edited, deleted or slipped in.

Each `records_request.event` entry holds the step's request, states, actor and time, and a
digest of its reason with the request's scope; this checker recomputes them from the stored
rows, so an edited reason, a deleted step or a request whose scope (period, rooms, names,
fields, deadline) was changed afterwards is named. Registered from `AuditsConfig.ready`.
"""

from collections.abc import Iterator
from datetime import datetime

from audits.models import RecordsRequestEvent
from audits.services import records_request_event_digest
from hotelcompliance.chain import EntryView, chain_entries_for, chain_entry_chunks, keyset_chunks
from hotelcompliance.tenancy import Property

KIND = "records_request.event"


def records_request_event_problems(prop: Property) -> Iterator[str]:
    """One message per timeline step whose row and entry disagree, or that lost either."""
    rows = RecordsRequestEvent.objects.for_property(prop).select_related("request")
    for chunk in keyset_chunks(rows):
        entries = chain_entries_for(prop, [f"records_request_event:{e.pk}" for e in chunk], [KIND])
        for event in chunk:
            name = f"records request {event.request_id} step {event.pk}"
            entry = next(
                (
                    e
                    for e in entries.get(f"records_request_event:{event.pk}", [])
                    if e.entry_hash == event.entry_hash
                ),
                None,
            )
            if entry is None:
                yield f"{name}: no chain entry vouches for this row."
            elif _differs(event, entry):
                yield f"{name} ({entry}): the step or its request changed after it was chained."
    for chunk in chain_entry_chunks(prop, [KIND]):
        stored = {
            str(pk)
            for pk in RecordsRequestEvent.objects.for_property(prop)
            .filter(pk__in=[e.object_id for e in chunk])
            .values_list("pk", flat=True)
        }
        for entry in chunk:
            if entry.object_id not in stored:
                yield (
                    f"records request {entry.payload.get('request')} step {entry.object_id} "
                    f"({entry}): its row is gone."
                )


def _differs(event: RecordsRequestEvent, entry: EntryView) -> bool:
    payload = entry.payload
    try:
        at = datetime.fromisoformat(payload.get("at", ""))
    except (TypeError, ValueError):
        return True
    return (
        payload.get("request") != str(event.request_id)
        or payload.get("from") != event.from_status
        or payload.get("to") != event.to_status
        or payload.get("by") != event.actor_id
        or payload.get("step", "") != (event.step or "")
        or at != event.at
        or payload.get("digest") != records_request_event_digest(event.reason, event.request)
    )
