"""Recompute each registration's digest against the chain entry its `entry_hash` names.

The chain's links prove no entry was changed; this proves no *row* was changed behind the
chain's back (a direct `UPDATE guests_registration ...`). Registered with the core's
`verify_chain` from `GuestsConfig.ready`.
"""

from collections.abc import Iterator

from guests.models import Registration
from guests.services import registration_digest
from hotelcompliance.chain import ChainEntry
from hotelcompliance.fields import raw_token
from hotelcompliance.tenancy import Property

CHUNK = 1000


def registration_content_problems(prop: Property) -> Iterator[str]:
    """One message per registration whose stored row no longer matches its chain entry."""
    rows = (
        Registration.objects.for_property(prop)
        .defer("id_number")  # the digest takes the ciphertext: no need to decrypt
        .annotate(id_number_token=raw_token("id_number"))
        .order_by("number")
    )
    chunk: list[Registration] = []
    for registration in rows.iterator(chunk_size=CHUNK):
        chunk.append(registration)
        if len(chunk) >= CHUNK:
            yield from _check(prop, chunk)
            chunk = []
    if chunk:
        yield from _check(prop, chunk)


def _check(prop: Property, chunk: list[Registration]) -> Iterator[str]:
    entries = {
        entry_hash: payload
        for entry_hash, payload in ChainEntry.objects.filter(
            property=prop,
            kind__in=("registration", "amendment"),
            entry_hash__in=[r.entry_hash for r in chunk],
        ).values_list("entry_hash", "payload")
    }
    for registration in chunk:
        name = f"registration #{registration.number} ({registration.pk})"
        payload = entries.get(registration.entry_hash)
        if payload is None:
            yield f"{name}: no chain entry vouches for this row."
            continue
        expected = payload.get("registration_digest") or payload.get("digest")
        actual = registration_digest(
            registration, id_number_token=registration.id_number_token or ""
        )
        if actual != expected:
            yield f"{name}: the row was changed outside the register (its digest differs)."
