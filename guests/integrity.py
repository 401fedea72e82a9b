"""The register's rows against the chain: registrations, check-outs, amendments, concerns.

The chain's links prove no entry was changed; these checkers prove that no *row* was changed,
deleted or slipped in behind the chain's back (a direct `UPDATE guests_registration ...`, a
superuser with the triggers disabled, a restore from an edited backup). Each recomputes the
stored rows' digests against the entries that vouch for them, in chunks, and each entry must
still have its row, unless the retention purge chained that it deleted it (a `purge` entry
names the registration ids it deleted). Registered with the core's `verify_chain` from
`GuestsConfig.ready`. Messages name rows by number or id, never by what they hold.
"""

import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth import get_user_model

from guests.concern_cases import CASE_ENTRY_KIND, case_entry_digest
from guests.concerns import concern_report_digest
from guests.models import Amendment, ConcernCaseEntry, ConcernReport, Registration
from guests.retention import PURGE_ENTRY_KIND
from guests.services import amendment_digest, checkout_digest, registration_digest
from hotelcompliance.chain import (
    ContentNote,
    chain_entries_for,
    chain_entry_chunks,
    keyset_chunks,
)
from hotelcompliance.fields import raw_token
from hotelcompliance.tenancy import Membership, Property

CHUNK = 1000


if TYPE_CHECKING:  # django-stubs-ext is a development requirement only
    from django_stubs_ext import WithAnnotations

    class _IdNumberToken(TypedDict):
        id_number_token: str | None  # `raw_token("id_number")`: the ciphertext as stored

    RegistrationWithToken = WithAnnotations[Registration, _IdNumberToken]


def purged_registration_ids(prop: Property) -> set[str]:
    """Every registration id the property's retention purges chained as deleted."""
    purged: set[str] = set()
    for chunk in chain_entry_chunks(prop, [PURGE_ENTRY_KIND], chunk_size=50):
        for entry in chunk:
            purged.update(entry.payload.get("registrations", ()))
    return purged


def registration_content_problems(prop: Property) -> Iterator[str]:
    """Each registration row against its entry; each chained registration still stored."""
    rows = (
        Registration.objects.for_property(prop)
        .defer("id_number")  # the digest takes the ciphertext: no need to decrypt
        .annotate(id_number_token=raw_token("id_number"))
    )
    for chunk in keyset_chunks(rows, chunk_size=CHUNK):
        yield from _check_rows(prop, chunk)
    yield from _gone(prop, ["registration"], "check-in")


def rows_changed_outside(prop: Property, pks: list[uuid.UUID]) -> set[uuid.UUID]:
    """Of these registrations, the ones whose row no longer matches its chain entry."""
    rows = (
        Registration.objects.for_property(prop)
        .filter(pk__in=pks)
        .defer("id_number")
        .annotate(id_number_token=raw_token("id_number"))
    )
    return {r.pk for r in rows if next(iter(_check_rows(prop, [r])), None) is not None}


def _check_rows(prop: Property, chunk: list["RegistrationWithToken"]) -> Iterator[str]:
    entries = chain_entries_for(
        prop, [f"registration:{r.pk}" for r in chunk], ["registration", "amendment"]
    )
    for registration in chunk:
        name = f"registration #{registration.number} ({registration.pk})"
        chained = entries.get(f"registration:{registration.pk}", [])
        vouching = [e for e in chained if e.entry_hash == registration.entry_hash]
        if not vouching:
            yield f"{name}: no chain entry vouches for this row."
            continue
        if vouching[-1] is not chained[-1]:
            yield f"{name}: the row was set back to before its last chained correction."
            continue
        payload = vouching[0].payload
        expected = payload.get("registration_digest") or payload.get("digest")
        actual = registration_digest(
            registration, id_number_token=registration.id_number_token or ""
        )
        if actual != expected:
            yield f"{name}: the row was changed outside the register (its digest differs)."


def _gone(prop: Property, kinds: list[str], noun: str) -> Iterator[str]:
    """Entries of these kinds whose registration row is gone with no purge naming it."""
    purged: set[str] | None = None
    for chunk in chain_entry_chunks(prop, kinds, chunk_size=CHUNK):
        stored = _stored_ids(Registration, prop, [e.object_id for e in chunk])
        missing = [e for e in chunk if e.object_id not in stored]
        if not missing:
            continue
        if purged is None:
            purged = purged_registration_ids(prop)
        for entry in missing:
            if entry.object_id not in purged:
                yield (
                    f"registration {entry.object_id} ({entry}, its {noun}): the row is gone, "
                    "and no retention purge chained its deletion."
                )


def checkout_problems(prop: Property) -> Iterator[str]:
    """Each check-out time against its `checkout` entry; each check-out chained.

    Entries written before the entry named its actor (no `by` in the payload) are verified by
    trying the staff of the property as the actor the digest was computed with.
    """
    old_format = _OldFormatActors(prop)
    rows = Registration.objects.for_property(prop).only(
        "pk", "number", "checked_out_at", "registered_by_id"
    )
    for chunk in keyset_chunks(rows, chunk_size=CHUNK):
        entries = chain_entries_for(prop, [f"registration:{r.pk}" for r in chunk], ["checkout"])
        for registration in chunk:
            name = f"registration #{registration.number} ({registration.pk})"
            chained = entries.get(f"registration:{registration.pk}", [])
            if registration.checked_out_at is None:
                if chained:
                    yield f"{name} ({chained[-1]}): its chained check-out was removed from the row."
                continue
            if not chained:
                yield f"{name}: checked out, but no chain entry records the check-out."
                continue
            entry = chained[-1]
            if "by" in entry.payload:
                digest = checkout_digest(
                    registration.pk, registration.checked_out_at, by=entry.payload["by"]
                )
                matches = digest == entry.payload.get("digest")
            else:
                matches = old_format.matches(
                    registration, registration.checked_out_at, entry.payload.get("digest")
                )
            if not matches:
                yield f"{name} ({entry}): the check-out time differs from the chained one."
    yield from _gone(prop, ["checkout"], "check-out")
    if old_format.count:
        yield ContentNote(
            f"{old_format.count} check-outs chained in the old format (no actor in the entry) "
            "were verified by trying the property's staff as the actor."
        )


class _OldFormatActors:
    """Recomputes an old-format checkout digest with each plausible actor (staff first)."""

    def __init__(self, prop: Property) -> None:
        self.prop = prop
        self.count = 0
        self._staff: list[int] | None = None
        self._everyone: list[int] | None = None

    def matches(self, registration: Registration, at: datetime, digest: str | None) -> bool:
        self.count += 1
        if self._staff is None:
            self._staff = sorted(
                set(Membership.objects.for_property(self.prop).values_list("user_id", flat=True))
            )
        if self._try(registration, at, digest, [registration.registered_by_id, *self._staff]):
            return True
        if self._everyone is None:  # staff who left: their membership is gone, not their id
            self._everyone = list(get_user_model().objects.values_list("pk", flat=True))
        return self._try(registration, at, digest, self._everyone)

    @staticmethod
    def _try(
        registration: Registration, at: datetime, digest: str | None, actors: Sequence[int | None]
    ) -> bool:
        return any(checkout_digest(registration.pk, at, by=actor) == digest for actor in actors)


def amendment_problems(prop: Property) -> Iterator[str]:
    """Each amendment row against its entry; each chained amendment still stored."""
    rows = Amendment.objects.for_property(prop)
    for chunk in keyset_chunks(rows, chunk_size=CHUNK):
        entries = chain_entries_for(
            prop, {f"registration:{a.registration_id}" for a in chunk}, ["amendment"]
        )
        for amendment in chunk:
            name = f"amendment {amendment.pk} of registration {amendment.registration_id}"
            entry = next(
                (
                    e
                    for e in entries.get(f"registration:{amendment.registration_id}", [])
                    if e.entry_hash == amendment.entry_hash
                ),
                None,
            )
            if entry is None or entry.payload.get("amendment") != str(amendment.pk):
                yield f"{name}: no chain entry vouches for this row."
            elif entry.payload.get("digest") != amendment_digest(amendment):
                yield f"{name} ({entry}): the row was changed after it was chained."
    purged: set[str] | None = None
    for chunk in chain_entry_chunks(prop, ["amendment"], chunk_size=CHUNK):
        stored = _stored_ids(Amendment, prop, [e.payload.get("amendment") for e in chunk])
        for entry in chunk:
            if entry.payload.get("amendment") in stored:
                continue
            if purged is None:
                purged = purged_registration_ids(prop)
            if entry.object_id not in purged:
                yield (
                    f"amendment {entry.payload.get('amendment')} of registration "
                    f"{entry.object_id} ({entry}): its row is gone, and no retention purge "
                    "chained the deletion of its registration."
                )


def concern_problems(prop: Property) -> Iterator[str]:
    """Each concern report against its entry; none deleted; unlinked only by a purge."""
    purged: set[str] | None = None
    for chunk in keyset_chunks(ConcernReport.objects.for_property(prop), chunk_size=CHUNK):
        entries = chain_entries_for(prop, [f"concern:{c.pk}" for c in chunk], ["concern"])
        for report in chunk:
            name = f"concern report {report.pk}"
            entry = next(
                (
                    e
                    for e in entries.get(f"concern:{report.pk}", [])
                    if e.entry_hash == report.entry_hash
                ),
                None,
            )
            if entry is None:
                yield f"{name}: no chain entry vouches for this row."
                continue
            if entry.payload.get("digest") != concern_report_digest(report):
                yield f"{name} ({entry}): the report was changed after it was chained."
            linked = str(report.registration_id) if report.registration_id else None
            chained = entry.payload.get("registration")
            if linked == chained:
                continue
            if linked is None:
                if purged is None:
                    purged = purged_registration_ids(prop)
                if chained in purged:
                    continue  # the purge unlinks the concerns of the stays it destroys
            yield f"{name} ({entry}): its registration link differs from the chained one."
    for chunk in chain_entry_chunks(prop, ["concern"], chunk_size=CHUNK):
        stored = _stored_ids(ConcernReport, prop, [e.object_id for e in chunk])
        for entry in chunk:
            if entry.object_id not in stored:
                yield (
                    f"concern report {entry.object_id} ({entry}): its row is gone "
                    "(concern reports are never deleted)."
                )


def _stored_ids(
    model: type[Registration | ConcernReport | Amendment], prop: Property, ids: Sequence[object]
) -> set[str]:
    """Which of these ids the property's table still holds (ids that are not UUIDs: none)."""
    wanted = [i for i in ids if _is_uuid(i)]
    rows = model.objects.for_property(prop).filter(pk__in=wanted).values_list("pk", flat=True)
    return {str(pk) for pk in rows}


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def concern_case_problems(prop: Property) -> Iterator[str]:
    """Each case step against its entry (content and concern); none deleted or slipped in."""
    for chunk in keyset_chunks(ConcernCaseEntry.objects.for_property(prop), chunk_size=CHUNK):
        refs = [f"{CASE_ENTRY_KIND}:{e.pk}" for e in chunk]
        entries = chain_entries_for(prop, refs, [CASE_ENTRY_KIND])
        for step in chunk:
            name = f"concern case step {step.pk}"
            entry = next(
                (
                    e
                    for e in entries.get(f"{CASE_ENTRY_KIND}:{step.pk}", [])
                    if e.entry_hash == step.entry_hash
                ),
                None,
            )
            if entry is None:
                yield f"{name}: no chain entry vouches for this row."
            elif entry.payload.get("digest") != case_entry_digest(step):
                yield f"{name} ({entry}): the step was changed after it was chained."
            elif entry.payload.get("concern") != str(step.concern_id):
                yield f"{name} ({entry}): it names another concern than the chained one."
    for chunk in chain_entry_chunks(prop, [CASE_ENTRY_KIND], chunk_size=CHUNK):
        wanted = [e.object_id for e in chunk if _is_uuid(e.object_id)]
        stored = {
            str(pk)
            for pk in ConcernCaseEntry.objects.for_property(prop)
            .filter(pk__in=wanted)
            .values_list("pk", flat=True)
        }
        for entry in chunk:
            if entry.object_id not in stored:
                yield (
                    f"concern case step {entry.object_id} ({entry}): its row is gone "
                    "(case steps are never deleted)."
                )
