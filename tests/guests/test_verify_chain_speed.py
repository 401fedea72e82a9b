"""verify_chain checks 10,000 entries, every row recomputed, in under 10 s (G9)."""

import io
import time
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from guests.pms_import import registrations_import
from guests.services import registration_amend
from hotelcompliance.access_log import AccessEvent, access_event_digest
from hotelcompliance.chain import ChainEntry, chain_append_many
from tests.guests.concern_data import make_concern
from tests.guests.pms_csv import pms_csv, pms_row, upload

pytestmark = pytest.mark.django_db

ENTRIES = 10_000
TARGET_SECONDS = 10
STAYS = 3_000  # each a check-in and a check-out entry
AMENDMENTS = 150
CONCERNS = 100


def access_events(prop, actor, count: int) -> None:
    """`count` access events and their entries, as `access_event_record` writes them."""
    events = [
        AccessEvent(
            property=prop,
            actor=actor,
            actor_label=actor.username,
            kind="view",
            object_type="registration",
            object_id=str(n),
            fields=["guest_name"],
            reason=f"Page {n}",
            roles=["manager"],
            ip_address="192.0.2.10",
            created_at=timezone.now(),
        )
        for n in range(count)
    ]
    AccessEvent.objects.bulk_create(events)
    chain_append_many(
        prop=prop,
        items=[
            (
                "access",
                f"access:{e.pk}",
                {
                    "kind": e.kind,
                    "actor": e.actor_id,
                    "object": f"{e.object_type}:{e.object_id}",
                    "fields": e.fields,
                    "at": e.created_at.isoformat(),
                    "digest": access_event_digest(e),
                },
            )
            for e in events
        ],
    )


def test_ten_thousand_entries_verify_in_under_ten_seconds(hotel_a, maria, sam):
    rows = []
    for n in range(STAYS):
        row = pms_row(hotel_a, n)
        left = datetime.fromisoformat(row["arrival"]) + timedelta(hours=20)
        rows.append({**row, "checked_out_at": left.isoformat(timespec="minutes")})
    result = registrations_import(prop=hotel_a, actor=maria, file=upload(pms_csv(rows)))
    assert result.ok, result.as_dict()["errors"][:3]
    registrations = list(hotel_a.registrations.order_by("number")[:AMENDMENTS])
    for registration in registrations:
        # A recount names who is added: the counts follow the occupant list (guests/occupants.py).
        recounted = [*registration.occupants, {"name": "Kim Added", "minor": False}]
        registration_amend(
            registration=registration,
            actor=maria,
            changes={"occupants": recounted},
            reason="Recount",
        )
    assert hotel_a.registrations.filter(adults=3).count() == AMENDMENTS
    for registration in registrations[:CONCERNS]:
        make_concern(hotel_a, sam, registration=str(registration.pk))
    access_events(hotel_a, maria, ENTRIES - ChainEntry.objects.filter(property=hotel_a).count())
    assert ChainEntry.objects.filter(property=hotel_a).count() == ENTRIES

    out = io.StringIO()
    started = time.perf_counter()
    call_command("verify_chain", "--property", str(hotel_a.pk), stdout=out)
    seconds = time.perf_counter() - started

    assert f"OK: {ENTRIES} entries verified" in out.getvalue()
    print(f"\nverify_chain: {ENTRIES} entries in {seconds:.2f} s")
    assert seconds < TARGET_SECONDS
