"""Check-in, correction and check-out: the only writes to the register.

A check-in is validated in full before anything is written, then numbered, encrypted, chained
and saved in one transaction, so a refusal or a crash leaves no row, no chain entry and no
used number behind. A correction (`registration_amend`) is validated the same way and leaves
one chained `Amendment` per changed field.
"""

import contextlib
import dataclasses
import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guests import name_index, occupants, stays
from guests.completeness import stay_missing_fields
from guests.models import (
    AMENDABLE_FIELDS,
    AMENDMENT_REASON_MAX_LENGTH,
    MAX_ADULTS,
    MAX_MINORS,
    Amendment,
    IdempotencyKey,
    Registration,
    RegistrationCounter,
)
from guests.types import RegistrationData
from hotelcompliance import crypto
from hotelcompliance.chain import (
    canonical_json,
    chain_append,
    chain_append_many,
    content_digest,
    instant,
)
from hotelcompliance.fields import EncryptedToken, lookup_value, raw_token
from hotelcompliance.holds import (
    NAME_FIELDS,
    SCOPE_FIELDS,
    active_holds,
    covering_holds,
    frozen_fields,
    lock_holds,
)
from hotelcompliance.roles import Action
from hotelcompliance.rules import GUEST_FIELDS, RulePack
from hotelcompliance.scoping import can
from hotelcompliance.tenancy import Property, token_property_id
from hotelcompliance.validators import single_line

# Shared with the purge and the reports; kept importable from here.
ASSUMED_CHECKOUT_TIME = stays.ASSUMED_CHECKOUT_TIME
NIGHT_ENDS_AT = stays.NIGHT_ENDS_AT
arrival_night = stays.arrival_night

WRITABLE_FIELDS = frozenset({*GUEST_FIELDS, "external_ref"})
# The fields a legal hold may freeze (`hotelcompliance.holds.frozen_fields`).
HOLDABLE_FIELDS = SCOPE_FIELDS | NAME_FIELDS
# Whatever the jurisdiction says, a stay needs someone to name and an end date to plan around.
ALWAYS_REQUIRED = frozenset({"guest_name", "expected_departure"})
# Without a manager, an arrival may be recorded at most this far ahead (a booking keyed in
# the evening before) or behind (a weekend's paper cards typed in on Monday). Further out is
# a correction of the record, so a manager's call.
CLERK_ARRIVAL_AHEAD = timedelta(days=1)
CLERK_ARRIVAL_BEHIND = timedelta(days=3)
# The action whose holders (managers, group administrators) may record any arrival.
ARRIVAL_OVERRIDE_ACTION = Action.REGISTRATION_AMEND
# The fields the rate rule reads: a correction of any other leaves its verdict as it was.
RATE_RULE_FIELDS = frozenset(
    {"rate", "rate_type", "amount_charged", "arrival", "expected_departure"}
)
# The party: counts and the occupant list must agree (`guests.occupants`).
PARTY_COUNT_FIELDS = frozenset({"adults", "minors"})
PARTY_FIELDS = PARTY_COUNT_FIELDS | {"occupants"}
# Fields the service sets; never part of `data`, so never validated as input.
SERVICE_FIELDS = {
    "id",
    "property",
    "number",
    "registered_by",
    "channel",
    "created_at",
    "entry_hash",
    "checked_out_at",
    "id_number_lookup",
}
_STRING_FIELDS = {
    f.name
    for f in Registration._meta.concrete_fields
    if f.get_internal_type() in ("CharField", "TextField")
}


def registration_create(
    *, prop: Property, actor, channel: str, data: RegistrationData
) -> Registration:
    """Check a guest in: validate against the property's rule pack, then number and chain it.

    Raises `ValidationError({field: message})` and saves nothing if any check fails.
    """
    registration = _validated_registration(prop=prop, actor=actor, channel=channel, data=data)
    return _insert(prop, registration)


def _insert(
    prop: Property,
    registration: Registration,
    keys: tuple[tuple[str, str], ...] = (),
    request_digest: str = "",
) -> Registration:
    """Number, encrypt, chain and save a validated registration (and its idempotency keys)."""
    id_number = registration.id_number or ""
    id_field = Registration._meta.get_field("id_number")
    with transaction.atomic():
        counter = RegistrationCounter.objects.select_for_update().filter(property=prop).first()
        if counter is None:  # the property's first check-in
            RegistrationCounter.objects.get_or_create(property=prop)
            counter = RegistrationCounter.objects.select_for_update().get(property=prop)
        # Under the counter lock no other check-in of this property runs, so these re-checks
        # cannot race (the pre-checks only give the early, friendly answer).
        if keys and _stored_keys(prop, keys):
            raise _AlreadyDone
        if registration.external_ref and _external_ref_taken(prop, registration.external_ref):
            raise ValidationError({"external_ref": _EXTERNAL_REF_TAKEN})
        registration.number = counter.last_number + 1
        registration.created_at = timezone.now()
        # Encrypt here rather than on save, so the chained digest covers the stored ciphertext.
        token = crypto.encrypt(id_number, aad=id_field.aad) if id_number else ""
        registration.id_number_lookup = lookup_value(id_number) or ""
        entry = chain_append(
            prop=prop,
            kind="registration",
            object_ref=f"registration:{registration.pk}",
            payload={"digest": registration_digest(registration, id_number_token=token)},
        )
        registration.entry_hash = entry.entry_hash
        registration.id_number = EncryptedToken(token) if token else ""
        try:
            registration.save(force_insert=True)
        finally:
            registration.id_number = id_number
        name_index.index_new([registration])
        RegistrationCounter.objects.filter(property=prop).update(last_number=registration.number)
        for source, key in keys:
            IdempotencyKey.objects.create(
                property=prop,
                source=source,
                key=key,
                registration=registration,
                request_digest=request_digest,
            )
    return registration


IDEMPOTENCY_KEY_MAX_LENGTH = 100
IDEMPOTENCY_HEADER = "Idempotency-Key"


class IdempotencyConflict(Exception):
    """The idempotency key (or external_ref) was first used with a different request."""


class _AlreadyDone(Exception):
    """Raised under the counter lock when another request stored the same key first."""


def request_digest(data: Any) -> str:
    """Fingerprint a request body, to tell a retry from a reused key."""
    return content_digest({"body": json.loads(canonical_json(data))})


def registration_create_idempotent(
    *,
    prop: Property,
    actor,
    channel: str,
    data: RegistrationData,
    digest: str,
    idempotency_key: str = "",
) -> tuple[Registration, bool]:
    """Check a guest in once per `idempotency_key` or `external_ref`; return (row, created).

    A retry with the same key and the same request `digest` returns the first registration;
    the same key with another digest raises `IdempotencyConflict`. Two racing retries are
    serialised by the counter lock, and the unique key constraint backs that up.
    """
    keys = _idempotency_keys(idempotency_key, data)
    if not keys:
        return registration_create(prop=prop, actor=actor, channel=channel, data=data), True
    # Most requests are new: the key is looked up once, under the counter lock. A retry that
    # no longer validates (time has passed) still gets the first result.
    try:
        registration = _validated_registration(prop=prop, actor=actor, channel=channel, data=data)
    except ValidationError:
        first = _first_result(prop, keys, digest)
        if first is not None:
            return first, False
        raise
    try:
        return _insert(prop, registration, keys, digest), True
    except (_AlreadyDone, IntegrityError):
        first = _first_result(prop, keys, digest)
        if first is None:
            raise
        return first, False


def validate_idempotency_key(value: Any) -> str:
    """Return the header's key, or raise a field error naming the header."""
    if value is None:
        return ""
    message = ""
    if not isinstance(value, str) or not value.strip():
        message = "Give a non-empty key."
    elif len(value) > IDEMPOTENCY_KEY_MAX_LENGTH:
        message = f"Use at most {IDEMPOTENCY_KEY_MAX_LENGTH} characters."
    else:
        try:
            single_line(value)
        except ValidationError as error:
            message = error.messages[0]
    if message:
        raise ValidationError({IDEMPOTENCY_HEADER: [message]})
    return value.strip()


def _idempotency_keys(idempotency_key: str, data: RegistrationData) -> tuple[tuple[str, str], ...]:
    keys = []
    if idempotency_key:
        keys.append((IdempotencyKey.Source.HEADER, idempotency_key))
    external_ref = data.get("external_ref")
    if isinstance(external_ref, str) and external_ref.strip():
        keys.append((IdempotencyKey.Source.EXTERNAL_REF, external_ref.strip()))
    return tuple(keys)


def _stored_keys(prop: Property, keys: tuple[tuple[str, str], ...]) -> list[IdempotencyKey]:
    found = []
    for source, key in keys:
        row = (
            IdempotencyKey.objects.filter(property=prop, source=source, key=key)
            .select_related("registration")
            .first()
        )
        if row is not None:
            found.append(row)
    return found


def _first_result(
    prop: Property, keys: tuple[tuple[str, str], ...], digest: str
) -> Registration | None:
    found = _stored_keys(prop, keys)
    if not found:
        return None
    if (
        any(row.request_digest != digest for row in found)
        or len({row.registration_id for row in found}) != 1
    ):
        raise IdempotencyConflict
    return found[0].registration


ALREADY_CHECKED_OUT = "already_checked_out"


def registration_checkout(
    *, registration: Registration, actor, at: datetime | None = None
) -> Registration:
    """Record the guest's departure, once, and chain it.

    `at` backdates a check-out (imports, the demo); it may not precede arrival or be in the
    future. The row is locked so two clerks checking out the same stay cannot both succeed.
    """
    now = timezone.now()
    with transaction.atomic():
        # Lock only the registration row, not the property joined in for the chain.
        locked = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("property")
            .get(pk=registration.pk)
        )
        checked_out_at = at or now
        if timezone.is_naive(checked_out_at):  # the property's local time
            checked_out_at = timezone.make_aware(checked_out_at, locked.property.tz)
        if locked.checked_out_at is not None:
            raise ValidationError(
                {
                    "checked_out_at": ValidationError(
                        _("This registration has already been checked out."),
                        code=ALREADY_CHECKED_OUT,
                    )
                }
            )
        if checked_out_at > now:
            raise ValidationError({"checked_out_at": _("A check-out cannot be in the future.")})
        if checked_out_at < locked.arrival:
            raise ValidationError({"checked_out_at": _("A check-out cannot precede the arrival.")})
        chain_append(
            prop=locked.property,
            kind="checkout",
            object_ref=f"registration:{locked.pk}",
            payload=checkout_payload(locked.pk, checked_out_at, by=actor.pk),
        )
        Registration.objects.filter(pk=locked.pk).update(checked_out_at=checked_out_at)
    registration.checked_out_at = checked_out_at
    return registration


def checkout_payload(registration_id, checked_out_at: datetime, *, by: int | None) -> dict:
    """The `checkout` entry's payload: who (a user id), and a digest of the moment.

    `by` is in clear so `verify_chain` can recompute the digest from the row's
    `checked_out_at` (the row does not store who checked the guest out).
    """
    return {"digest": checkout_digest(registration_id, checked_out_at, by=by), "by": by}


def checkout_digest(registration_id, checked_out_at: datetime, *, by: int | None) -> str:
    return content_digest(
        {
            "registration": str(registration_id),
            "checked_out_at": instant(checked_out_at),
            "by": by,
        }
    )


def registration_amend(
    *, registration: Registration, actor, changes: RegistrationData, reason: str
) -> list[Amendment]:
    """Correct a registration: one chained Amendment per changed field, in one transaction.

    The result is validated exactly like a check-in (field limits, the pack's required
    fields, dates, the rate rule); unknown or non-amendable fields and a missing reason are
    field errors, and nothing is written on any error. Values equal to the current ones
    change nothing, so a retried correction writes no second amendment.
    """
    try:
        return registrations_amend_many(items=[(registration, changes, reason)], actor=actor)[0]
    except AmendRefused as refused:
        raise refused.error from None


class AmendRefused(Exception):
    """One stay of `registrations_amend_many` was refused: `index` and its field errors."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(f"stay {index} refused")
        self.index, self.error = index, error


def registrations_amend_many(
    *, items: list[tuple[Registration, RegistrationData, str]], actor
) -> list[list[Amendment]]:
    """Correct several registrations of one property: `registration_amend`'s rules for each.

    `items` are (registration, changes, reason). One transaction: the rows are locked
    together, every stay is checked as `registration_amend` checks one, and the amendments of
    all of them are chained in one append (`chain_append_many`: the same entries, fewer
    queries) and inserted together: an import's updates cost a few queries, not a few per
    field. Raises `AmendRefused` for the first refused stay; nothing is written then.
    """
    if not items:
        return []
    requests = [_amend_request(changes, reason) for _, changes, reason in items]
    prop = items[0][0].property
    pks = [item[0].pk for item in items]
    with transaction.atomic():
        holds_matter = any(HOLDABLE_FIELDS & set(request[1]) for request in requests)
        if holds_matter:
            # Before the row locks (the purge takes them in this order): no hold can be
            # placed, and no purge batch run, until this correction has committed.
            lock_holds(prop)
            # Under the lock: with no hold in force, no stay's fields are frozen (one query).
            holds_matter = active_holds(prop).exists()
        # Lock the rows so two corrections cannot both start from the same old value.
        locked_rows = {
            row.pk: row
            for row in Registration.objects.select_for_update(of=("self",))
            .select_related("property")
            .filter(pk__in=pks)
            .order_by("pk")
        }
        tokens = dict(
            Registration.objects.filter(pk__in=pks).values_list("pk", raw_token("id_number"))
        )
        planned: list[tuple[Registration, list[Amendment], dict[str, Any]]] = []
        results: list[list[Amendment]] = []
        chain_items: list[tuple[str, str, dict]] = []
        for index, (registration, (errors, amendable, reason)) in enumerate(
            zip((i[0] for i in items), requests, strict=True)
        ):
            locked = locked_rows[registration.pk]
            candidate, changed = _amend_candidate(
                locked, amendable, actor, errors, check_holds=holds_matter
            )
            if errors or candidate is None:
                raise AmendRefused(index, ValidationError(errors))
            if not changed:
                results.append([])
                continue
            amendments, updates, payloads = _amendments_of(
                locked, candidate, changed, actor=actor, reason=reason, token=tokens[locked.pk]
            )
            chain_items.extend(payloads)
            planned.append((locked, amendments, updates))
            results.append(amendments)
        entries = iter(chain_append_many(prop=prop, items=chain_items))
        for _locked, amendments, _updates in planned:
            for amendment in amendments:
                amendment.entry_hash = next(entries).entry_hash
        Amendment.objects.bulk_create([a for plan in planned for a in plan[1]])
        _rows_update(planned)
        for locked, amendments, _updates in planned:
            if {"guest_name", "occupants"} & {a.field for a in amendments}:
                name_index.reindex(locked)
    return results


def _rows_update(planned: list[tuple[Registration, list[Amendment], dict[str, Any]]]) -> None:
    """Write the corrected rows, each pointing at the chain entry that vouches for it.

    One row: one UPDATE of its changed columns. Several: one `bulk_update` of the columns any
    of them changed (the others keep their own values, already on the locked rows), except a
    changed ID number, whose new ciphertext is written row by row (re-encrypting an unchanged
    one would change the ciphertext its digest names).
    """
    bulk: list[Registration] = []
    fields: set[str] = {"entry_hash"}
    for locked, amendments, updates in planned:
        updates["entry_hash"] = amendments[-1].entry_hash
        if len(planned) == 1 or "id_number" in updates:
            Registration.objects.filter(pk=locked.pk).update(**updates)
            continue
        locked.entry_hash = updates["entry_hash"]
        fields.update(updates)
        bulk.append(locked)
    if bulk:
        Registration.objects.bulk_update(bulk, sorted(fields))


def _amend_request(changes: Any, reason: Any) -> tuple[dict[str, list[str]], dict[str, Any], str]:
    """The request's own problems (no field, unknown fields, the reason), the amendable part."""
    errors: dict[str, list[str]] = {}
    if not isinstance(changes, dict) or not changes:
        errors["non_field_errors"] = [_("Name at least one field to correct.")]
        changes = {}
    for name in sorted(set(changes) - set(AMENDABLE_FIELDS)):
        known = name in SERVICE_FIELDS or name == "external_ref"
        errors[name] = [_("This field cannot be amended.") if known else _("Unknown field.")]
    reason_message = _reason_problem(reason)
    if reason_message:
        errors["reason"] = [reason_message]
    reason = reason.strip() if isinstance(reason, str) else ""
    amendable = {name: value for name, value in changes.items() if name in AMENDABLE_FIELDS}
    _follow_occupants(amendable)
    return errors, amendable, reason


def _amend_candidate(
    locked: Registration,
    amendable: dict[str, Any],
    actor,
    errors: dict[str, list[str]],
    *,
    check_holds: bool = True,
) -> tuple[Registration | None, list[str]]:
    """The stay as corrected, checked like a check-in, and the fields that really change."""
    current = {name: getattr(locked, name) for name in AMENDABLE_FIELDS}
    candidate = None
    try:
        candidate = _validated_registration(
            prop=locked.property,
            actor=actor,
            channel=locked.channel,
            data={**current, **amendable},
            checked_out_at=locked.checked_out_at,
            judge_rate=bool(RATE_RULE_FIELDS & set(amendable)),
            judge_party=bool(PARTY_FIELDS & set(amendable)),
            # A stay still waiting for its PMS's details may be corrected meanwhile.
            may_wait=frozenset(stay_missing_fields(locked)),
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors or candidate is None:
        return None, []
    changed = [
        name
        for name in sorted(amendable)
        if _canonical(getattr(candidate, name)) != _canonical(current[name])
    ]
    if changed and check_holds:
        errors.update(_held_fields(locked, changed))
    return candidate, changed


def _follow_occupants(amendable: dict[str, Any]) -> None:
    """A corrected occupant list brings its counts along, unless the counts are corrected too.

    The correction page changes one field at a time: without this, a stay whose list and
    counts disagree could be corrected neither way.
    """
    if "occupants" not in amendable or PARTY_COUNT_FIELDS & set(amendable):
        return
    try:
        listed = occupants.normalise(amendable["occupants"])
    except ValidationError:
        return  # the validation names the problem
    if listed:
        amendable["adults"], amendable["minors"] = occupants.party(listed)


def _held_fields(locked: Registration, changed: list[str]) -> dict[str, list[str]]:
    """The changes an active legal hold over this stay forbids, with the reason per field.

    Refuse rather than follow (`hotelcompliance.holds`): the fields a hold's scope reads stay
    as they were while the hold is active, so no correction moves a stay out of its hold.
    """
    if not HOLDABLE_FIELDS & set(changed):
        return {}
    tz = locked.property.tz
    holds = covering_holds(
        locked.property,
        arrival_date=timezone.localtime(locked.arrival, tz).date(),
        room=locked.room,
    )
    frozen = frozen_fields(holds)
    if not frozen & set(changed):
        return {}
    ends = [hold.released_at for hold in holds if hold.released_at is not None]
    until = (
        _(" until %(day)s") % {"day": timezone.localtime(max(ends), tz).date().isoformat()}
        if len(ends) == len(holds)
        else ""
    )
    message = _(
        "A legal hold covers this stay: this field cannot be changed while the hold is "
        "active%(until)s."
    ) % {"until": until}
    return {name: [message] for name in changed if name in frozen}


def _reason_problem(reason: Any) -> str:
    if not isinstance(reason, str) or not reason.strip():
        return "Give the reason for this correction."
    if len(reason.strip()) > AMENDMENT_REASON_MAX_LENGTH:
        return f"Use at most {AMENDMENT_REASON_MAX_LENGTH} characters."
    try:
        single_line(reason)
    except ValidationError as error:
        return error.messages[0]
    return ""


def _amendments_of(
    locked: Registration,
    candidate: Registration,
    changed: list[str],
    *,
    actor,
    reason: str,
    token: str | None,
) -> tuple[list[Amendment], dict[str, Any], list[tuple[str, str, dict]]]:
    """One stay's amendments (not saved), its row's new values and their chain entries.

    `token` is the stored ciphertext of the ID number (the digest takes it, not the number).
    """
    updates: dict[str, Any] = {name: getattr(candidate, name) for name in changed}
    id_field = Registration._meta.get_field("id_number")
    if "id_number" in changed:
        new_id = candidate.id_number or ""
        token = crypto.encrypt(new_id, aad=id_field.aad) if new_id else ""
        updates["id_number"] = EncryptedToken(token) if token else ""
        updates["id_number_lookup"] = lookup_value(new_id) or ""
        # The digest reads the lookup column too: the row will hold the new number's.
        locked.id_number_lookup = updates["id_number_lookup"]
    token = token or ""
    old_values = {name: getattr(locked, name) for name in changed}
    for name in changed:
        setattr(locked, name, getattr(candidate, name))
    # The digest of the row as it will stand, so a later direct edit is detectable.
    after_digest = registration_digest(locked, id_number_token=token)

    now = timezone.now()
    amendments = []
    payloads: list[tuple[str, str, dict]] = []
    for name in changed:
        amendment = Amendment(
            registration=locked,
            property=locked.property,
            field=name,
            old_value=_shown(name, old_values[name]),
            new_value=_shown(name, getattr(candidate, name)),
            reason=reason,
            amended_by=actor,
            created_at=now,
        )
        payload = {
            "amendment": str(amendment.pk),
            "digest": amendment_digest(amendment),
            "registration_digest": after_digest,
        }
        payloads.append(("amendment", f"registration:{locked.pk}", payload))
        amendments.append(amendment)
    return amendments, updates, payloads


def amendment_digest(amendment: Amendment) -> str:
    """SHA-256 of an amendment as stored (values already masked where they must be)."""
    return content_digest(
        {
            "id": str(amendment.pk),
            "registration": str(amendment.registration_id),
            "property": amendment.property_id,
            "field": amendment.field,
            "old_value": amendment.old_value,
            "new_value": amendment.new_value,
            "reason": amendment.reason,
            "amended_by": amendment.amended_by_id,
            "created_at": instant(amendment.created_at),
        }
    )


def _shown(name: str, value: Any) -> str:
    """The text an amendment keeps of a value: the ID number only ever masked."""
    if name == "id_number":
        return crypto.mask(value or "")
    value = _canonical(value)
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def registration_digest(registration: Registration, *, id_number_token: str) -> str:
    """SHA-256 of the registration as stored, for its chain entry.

    Takes the ID number's ciphertext, never its plaintext; `checked_out_at` is left out
    because check-out is its own chain entry. Values are normalised (UTC instants, two-place
    decimals) so the digest recomputed from the database row is the same.
    """
    values: dict[str, Any] = {}
    for field in Registration._meta.concrete_fields:
        if field.name in ("entry_hash", "checked_out_at", "id_number"):
            continue
        if field.name == "arrival_time_assumed" and not registration.arrival_time_assumed:
            continue  # added later: rows chained before it (all False) keep their digest
        values[field.attname] = _canonical(getattr(registration, field.attname))
    values["occupants"] = occupants.digest_form(values["occupants"])
    values["id_number"] = id_number_token
    return content_digest(values)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return instant(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if value is None or isinstance(value, (str, int, list, dict, bool)):
        return value
    return str(value)  # UUIDs


_EXTERNAL_REF_TAKEN = "A registration with this external reference already exists here."


def _external_ref_taken(prop: Property, external_ref: str) -> bool:
    return Registration.objects.filter(property=prop, external_ref=external_ref).exists()


def is_integration(actor: Any) -> bool:
    """Whether the actor is an integration's token (bound to one property), not a person."""
    return actor is not None and token_property_id(actor) is not None


def _waiting_allowed(actor: Any, pack: RulePack) -> frozenset[str]:
    """The fields a check-in by this actor may leave for later (`guests.completeness`)."""
    return pack.guest_fields().later if is_integration(actor) else frozenset()


def _arrival_window_problem(prop: Property, actor, arrival: datetime) -> str:
    """Why this actor may not record this arrival, or "" (managers may record any)."""
    now = timezone.now()
    if now - CLERK_ARRIVAL_BEHIND <= arrival <= now + CLERK_ARRIVAL_AHEAD:
        return ""
    if is_integration(actor):
        return ""  # a PMS backfilling its own history, not a clerk typing a card
    if actor is not None and can(actor, prop, ARRIVAL_OVERRIDE_ACTION):
        return ""
    if arrival > now:
        return (
            f"An arrival more than {CLERK_ARRIVAL_AHEAD.days} day ahead needs a manager: "
            "ask one to record it."
        )
    return (
        f"An arrival more than {CLERK_ARRIVAL_BEHIND.days} days ago needs a manager: "
        "ask one to record it."
    )


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, tuple, dict)) and not value


def registration_validate(
    *,
    prop: Property,
    actor,
    channel: str,
    data: RegistrationData,
    check_external_ref: bool = True,
    field_checks: bool = True,
    pack=None,
    checked_out_at: datetime | None = None,
    judge_party: bool = True,
) -> Registration:
    """The unsaved registration a check-in would write, or `ValidationError` with every problem.

    For callers that write in bulk (`guests.pms_import`): the same rules as a check-in.
    `check_external_ref=False` skips the per-row query for a taken `external_ref` when the
    caller checks a whole batch at once. `field_checks=False` skips the per-field limits
    (lengths, choices, control characters) and is only for data that already passed them
    unchanged: the import's second pass over the very bytes its first pass validated.
    `pack` is `prop.rule_pack()`, computed once by a caller validating many rows.
    `checked_out_at` (a past stay's known check-out) makes the rate rule judge the stay on
    its real length rather than its plan. `judge_party=False` lets counts stand beside an
    occupant list that cannot say who is a minor (a PMS export's unmarked companions).
    """
    return _validated_registration(
        prop=prop,
        actor=actor,
        channel=channel,
        data=data,
        check_external_ref=check_external_ref,
        field_checks=field_checks,
        pack=pack,
        checked_out_at=checked_out_at,
        judge_party=judge_party,
    )


@dataclasses.dataclass
class _Draft:
    """A check-in being validated: the input, the unsaved row and the problems found so far.

    Each check reads it and returns its own field errors; a later check may rely on an
    earlier one (the rate rule on the stay's length that the dates check computed).
    """

    prop: Property
    actor: Any
    data: Mapping[str, Any]  # a `RegistrationData`, read by name
    pack: RulePack
    registration: Registration
    field_checks: bool
    check_external_ref: bool
    judge_rate: bool
    checked_out_at: datetime | None
    judge_party: bool
    may_wait: frozenset[str]
    errors: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    stay_hours: float | None = None


Problems = dict[str, list[str]]


def _unknown_fields(draft: _Draft) -> Problems:
    return {name: [_("Unknown field.")] for name in sorted(set(draft.data) - WRITABLE_FIELDS)}


def _required_fields(draft: _Draft) -> Problems:
    """The pack's fields (citing the law) and the product's own minimum.

    `may_wait` are fields an integration may send later (the stay shows as incomplete).
    """
    rule = draft.pack.rule("guest_records")
    by_law = draft.pack.guest_fields().required
    return {
        name: [
            _("This field is required in %(pack)s (%(citation)s).")
            % {"pack": draft.pack.name, "citation": rule.citation}
            if name in by_law
            else _("This field is required.")
        ]
        for name in sorted((by_law - draft.may_wait) | ALWAYS_REQUIRED)
        if _is_missing(draft.data.get(name))
        # Counts left out follow from a listed party (`_party`).
        and not (name in PARTY_COUNT_FIELDS and _listed(draft.data.get("occupants")))
    }


def _listed(value: Any) -> bool:
    return isinstance(value, list) and bool(value)


def _field_limits(draft: _Draft) -> Problems:
    """Lengths, choices, control characters: the model's own field validators."""
    if not draft.field_checks:
        return {}
    exclude = (SERVICE_FIELDS - {"channel"}) | set(draft.errors)
    if "arrival" not in draft.data or _is_missing(draft.data["arrival"]):
        exclude.add("arrival")  # checked in now: set by `_arrival`
    try:
        draft.registration.clean_fields(exclude=exclude)
    except ValidationError as error:
        return error.message_dict
    return {}


def _arrival(draft: _Draft) -> Problems:
    """Fill in the arrival (now, or a naive time in the property's zone); check its window."""
    if "arrival" in draft.errors:
        return {}
    registration = draft.registration
    if registration.arrival is None:
        registration.arrival = timezone.now()  # checked in now, at the desk
        return {}
    if timezone.is_naive(registration.arrival):
        registration.arrival = timezone.make_aware(registration.arrival, draft.prop.tz)
    problem = _arrival_window_problem(draft.prop, draft.actor, registration.arrival)
    return {"arrival": [problem]} if problem else {}


def _departure(draft: _Draft) -> Problems:
    """A stay may end on its arrival date (day use), never before; note its length."""
    registration = draft.registration
    if {"arrival", "expected_departure"} & set(draft.errors) or (
        registration.expected_departure is None
    ):
        return {}
    tz = draft.prop.tz
    if registration.expected_departure < timezone.localtime(registration.arrival, tz).date():
        return {
            "expected_departure": [_("The expected departure cannot be before the arrival date.")]
        }
    # Judged on the real length once the check-out is known, on the plan until then.
    left = draft.checked_out_at
    if left is not None and left < registration.arrival:
        left = None
    draft.stay_hours = stays.stay_hours(
        registration.arrival, registration.expected_departure, left, tz
    )
    return {}


def _rate_rule(draft: _Draft) -> Problems:
    """CT PA 23-20: no benefit for an hourly rate or a short stay (`stays.rate_problem`)."""
    registration, errors = draft.registration, draft.errors
    if not (draft.judge_rate and registration.rate_type) or "rate_type" in errors:
        return {}
    problem = stays.rate_problem(
        draft.pack,
        rate_type=registration.rate_type,
        rate=None if "rate" in errors else registration.rate,
        amount_charged=None if "amount_charged" in errors else registration.amount_charged,
        hours=draft.stay_hours,
    )
    return {"rate_type": [problem]} if problem else {}


def _party(draft: _Draft) -> Problems:
    """Counts left out follow from the occupant list; counts given must agree with it."""
    if not draft.judge_party or PARTY_FIELDS & set(draft.errors):
        return {}
    registration, data = draft.registration, draft.data
    listed = registration.occupants if isinstance(registration.occupants, list) else []
    if not listed:
        return {}
    adults, minors = occupants.party(listed)
    given_adults = data.get("adults")
    given_minors = data.get("minors")
    problems = occupants.party_problems(
        listed,
        None if given_adults is None else registration.adults,
        None if given_minors is None else registration.minors,
    )
    if given_adults is None:
        registration.adults = adults
    if given_minors is None:
        registration.minors = minors
    if not problems and (registration.adults > MAX_ADULTS or registration.minors > MAX_MINORS):
        problems["occupants"] = [
            _("A stay has at most %(adults)s adults and %(minors)s minors.")
            % {"adults": MAX_ADULTS, "minors": MAX_MINORS}
        ]
    return problems


def _external_ref_free(draft: _Draft) -> Problems:
    external_ref = draft.registration.external_ref
    if (
        draft.check_external_ref
        and external_ref
        and "external_ref" not in draft.errors
        and _external_ref_taken(draft.prop, external_ref)
    ):
        return {"external_ref": [_EXTERNAL_REF_TAKEN]}
    return {}


# In this order: each check may rely on what the ones before it found or filled in.
REGISTRATION_CHECKS: tuple[Callable[[_Draft], Problems], ...] = (
    _unknown_fields,
    _required_fields,
    _field_limits,
    _arrival,
    _departure,
    _rate_rule,
    _party,
    _external_ref_free,
)


def _unsaved(prop: Property, actor: Any, channel: str, data: Mapping[str, Any]) -> Registration:
    """The row as given: text stripped, missing values left at the model's defaults."""
    values = {}
    for name in WRITABLE_FIELDS & set(data):
        value = data[name]
        if name in _STRING_FIELDS:
            value = "" if value is None else value
            value = value.strip() if isinstance(value, str) else value
        elif name == "occupants":
            # A bad shape is kept as given: the model's validator names the problem.
            with contextlib.suppress(ValidationError):
                value = occupants.normalise(value)
        if not _is_missing(value):
            values[name] = value
    return Registration(property=prop, registered_by=actor, channel=channel, **values)


def _validated_registration(
    *,
    prop: Property,
    actor: Any,
    channel: str,
    data: Mapping[str, Any],
    check_external_ref: bool = True,
    field_checks: bool = True,
    pack: RulePack | None = None,
    checked_out_at: datetime | None = None,
    judge_rate: bool = True,
    may_wait: frozenset[str] | None = None,
    judge_party: bool = True,
) -> Registration:
    """Build the unsaved registration, or raise every problem found at once.

    `judge_rate=False` leaves the rate rule out (a correction touching neither the rate nor
    the dates must not be refused because of how long the stay really lasted).
    `may_wait`: required fields that may be absent (default: the pack's `later` fields for an
    integration, none for a person).
    """
    pack = pack or prop.rule_pack()
    draft = _Draft(
        prop=prop,
        actor=actor,
        data=data,
        pack=pack,
        registration=_unsaved(prop, actor, channel, data),
        field_checks=field_checks,
        check_external_ref=check_external_ref,
        judge_rate=judge_rate,
        checked_out_at=checked_out_at,
        judge_party=judge_party,
        may_wait=_waiting_allowed(actor, pack) if may_wait is None else may_wait,
    )
    for check in REGISTRATION_CHECKS:
        for name, messages in check(draft).items():
            draft.errors.setdefault(name, []).extend(messages)
    if draft.errors:
        raise ValidationError(draft.errors)
    return draft.registration
