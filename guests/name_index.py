"""The register's blind index of names: one keyed hash per whole name a stay carries.

A records request's names are matched here, in SQL, as whole names normalised by
`hotelcompliance.names` (case, accents, spacing and invisible characters ignored), instead of
as substrings of the `occupants` JSON ("Ann" matched "Joanna", and a name could match the JSON
syntax). The index holds HMAC-SHA256 hashes under the field-encryption lookup keys, so reading
the table without the keys reveals no name.

Every write path keeps it exact: check-in and the import index the new rows, an amendment of
`guest_name` or `occupants` re-indexes its row, the purge deletes the rows with their stay,
`rotate_encryption_key` rebuilds it under the newest key (`refresh_all`), and `verify_chain`
reports a stay whose index no longer says what its names say (`name_index_problems`).
"""

from collections.abc import Iterable, Iterator

from django.db import transaction

from guests.models import Registration, RegistrationName
from guests.occupants import names as occupant_names
from hotelcompliance.names import name_digests
from hotelcompliance.tenancy import Property

CHUNK = 1000


def names_of(registration: Registration) -> list[str]:
    """The whole names a stay carries: the lead guest's, then each occupant's."""
    names = [registration.guest_name or ""]
    names.extend(occupant_names(registration.occupants))
    return names


def digests_for(registration: Registration) -> set[str]:
    """The hashes (newest key) the index must hold for this stay."""
    return _digests_by_key(registration)[0]


def _digests_by_key(registration: Registration) -> list[set[str]]:
    """The stay's hashes under each configured key, newest first."""
    by_key: list[set[str]] = []
    for name in names_of(registration):
        for index, digest in enumerate(name_digests(name)):
            while len(by_key) <= index:
                by_key.append(set())
            by_key[index].add(digest)
    return by_key or [set()]


def index_rows(registrations: Iterable[Registration]) -> list[RegistrationName]:
    return [
        RegistrationName(registration=r, property_id=r.property_id, digest=digest)
        for r in registrations
        for digest in sorted(digests_for(r))
    ]


def index_new(registrations: Iterable[Registration]) -> None:
    """Index stays just inserted (check-in, import), in the caller's transaction."""
    RegistrationName.objects.bulk_create(index_rows(registrations), batch_size=CHUNK)


def reindex(registration: Registration) -> None:
    """Make the index say what the stay's names now say (after an amendment)."""
    RegistrationName.objects.filter(registration=registration).delete()
    index_new([registration])


def delete_for(registration_ids: list, *, using: str | None = None) -> int:
    """One DELETE of the index rows of these stays (the purge's batch); returns how many."""
    names = RegistrationName.objects.using(using) if using else RegistrationName.objects
    queryset = names.filter(registration_id__in=registration_ids)
    return queryset._raw_delete(queryset.db)


def refresh_all() -> int:
    """Rebuild the whole index under the newest key (run by `rotate_encryption_key`).

    Chunk by chunk, each in its own transaction; returns the stays whose rows changed.
    """
    changed = 0
    last_pk = None
    while True:
        rows = Registration.objects.order_by("pk").only(
            "pk", "property_id", "guest_name", "occupants"
        )
        if last_pk is not None:
            rows = rows.filter(pk__gt=last_pk)
        chunk = list(rows[:CHUNK])
        if not chunk:
            return changed
        last_pk = chunk[-1].pk
        with transaction.atomic():
            stored = _stored(chunk)
            for registration in chunk:
                if stored.get(registration.pk, set()) != digests_for(registration):
                    reindex(registration)
                    changed += 1


def name_index_problems(prop: Property) -> Iterator[str]:
    """One message per stay whose index rows differ from what its names hash to (any key).

    A deleted or forged index row would hide a guest from (or add one to) a request's
    extract; the message names the stay by number and id, never by name.
    """
    rows = (
        Registration.objects.for_property(prop)
        .order_by("number")
        .only("pk", "number", "property_id", "guest_name", "occupants")
    )
    chunk: list[Registration] = []
    for registration in rows.iterator(chunk_size=CHUNK):
        chunk.append(registration)
        if len(chunk) >= CHUNK:
            yield from _check(prop, chunk)
            chunk = []
    if chunk:
        yield from _check(prop, chunk)


def _stored(chunk: list[Registration]) -> dict:
    stored: dict = {}
    pairs = RegistrationName.objects.filter(registration__in=[r.pk for r in chunk]).values_list(
        "registration_id", "digest"
    )
    for registration_id, digest in pairs:
        stored.setdefault(registration_id, set()).add(digest)
    return stored


def _check(prop: Property, chunk: list[Registration]) -> Iterator[str]:
    stored = _stored(chunk)
    # During a key rotation a stay may still be indexed under an older key.
    wrong = [r for r in chunk if stored.get(r.pk, set()) not in _digests_by_key(r)]
    if not wrong:
        return
    # A row edited outside the register is reported by its own checker (guests.integrity);
    # this one reports an index that disagrees with an intact row.
    from guests.integrity import rows_changed_outside

    edited = rows_changed_outside(prop, [r.pk for r in wrong])
    for registration in wrong:
        if registration.pk not in edited:
            yield (
                f"registration #{registration.number} ({registration.pk}): its name index "
                "does not match its names."
            )
