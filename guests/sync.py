"""A PMS keeps the register in step through the API: upserts by its own reference, in batches.

A stay is found by its `external_ref` (the PMS's reservation or folio id). An unknown one is
checked in; a known one is corrected through `services.registration_amend` (one chained
amendment per changed field, with the reason), and a check-out sets the check-out. A stay sent
again unchanged writes nothing, so every sync, single or batch, may be retried safely.
Deletions in the PMS never delete a registration: absent fields are left as they are.
"""

import dataclasses
import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guests import pre_arrivals, services
from guests.completeness import stay_missing_fields
from guests.models import AMENDABLE_FIELDS, Amendment, Registration
from guests.types import RegistrationData, SyncStay
from hotelcompliance import signed_intake
from hotelcompliance.roles import Action
from hotelcompliance.scoping import can
from hotelcompliance.tenancy import Property
from hotelcompliance.validators import single_line

if TYPE_CHECKING:
    from hotelcompliance.api_tokens import ApiToken

MAX_BATCH = 500
EXTERNAL_REF_MAX_LENGTH = Registration._meta.get_field("external_ref").max_length or 64
DEFAULT_REASON = "PMS sync through the API"


class Outcome(enum.StrEnum):
    CREATED = "created"
    AMENDED = "amended"
    UNCHANGED = "unchanged"


@dataclasses.dataclass(frozen=True)
class SyncResult:
    registration: Registration
    outcome: Outcome
    amended: tuple[str, ...] = ()
    checked_out: bool = False

    @property
    def incomplete(self) -> tuple[str, ...]:
        return stay_missing_fields(self.registration)


class BatchInvalid(Exception):
    """Some stays of a batch were refused; nothing of the batch was written."""

    def __init__(self, errors: dict[int, dict[str, list[str]]]) -> None:
        super().__init__(f"{len(errors)} stay(s) refused")
        self.errors = errors


def external_ref_problem(value: Any) -> str:
    """Why `value` cannot be a PMS reference, or ""."""
    if not isinstance(value, str) or not value.strip():
        return _("Give the PMS's reference for this stay.")
    if len(value.strip()) > EXTERNAL_REF_MAX_LENGTH:
        return _("Use at most %(n)d characters.") % {"n": EXTERNAL_REF_MAX_LENGTH}
    try:
        single_line(value)
    except ValidationError as error:
        return error.messages[0]
    return ""


def registration_sync(
    *,
    prop: Property,
    actor: Any,
    external_ref: str,
    data: RegistrationData,
    checked_out_at: datetime | None = None,
    reason: str = DEFAULT_REASON,
) -> SyncResult:
    """Create or amend the stay the PMS calls `external_ref`, all of it or nothing.

    Raises `ValidationError` (field errors) and `PermissionDenied` (a change the actor's role
    may not make: correcting a stay needs `registration.amend`).
    """
    problem = external_ref_problem(external_ref)
    if problem:
        raise ValidationError({"external_ref": [problem]})
    external_ref = external_ref.strip()
    data = cast(RegistrationData, {k: v for k, v in data.items() if k != "external_ref"})
    with transaction.atomic():
        existing = _find(prop, external_ref)
        if existing is None:
            try:
                with transaction.atomic():
                    return _create(prop, actor, external_ref, data, checked_out_at)
            except (ValidationError, IntegrityError) as error:
                existing = _find(prop, external_ref)  # a concurrent sync created it first
                if existing is None:
                    raise error from None
        return registration_update(existing, actor, data, checked_out_at, reason)


def registrations_sync_batch(
    *, prop: Property, actor: Any, stays: list[SyncStay], reason: str = DEFAULT_REASON
) -> list[SyncResult]:
    """Sync up to `MAX_BATCH` stays in one transaction: every stay or none.

    Each stay is a dict with `external_ref`, optional `checked_out_at` and the registration
    fields. Raises `BatchInvalid` with every refused stay's field errors, by its index.
    """
    if len(stays) > MAX_BATCH:
        raise ValidationError({"stays": [_("Send at most %(n)d stays.") % {"n": MAX_BATCH}]})
    errors: dict[int, dict[str, list[str]]] = {}
    results: list[SyncResult] = []
    seen: set[str] = set()
    with transaction.atomic():
        for index, stay in enumerate(stays):
            try:
                results.append(_batch_item(prop, actor, stay, seen, f"{reason}, item {index}"))
            except ValidationError as error:
                errors[index] = error.message_dict
            except PermissionDenied:
                errors[index] = {"non_field_errors": [_("Your role may not correct stays here.")]}
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise BatchInvalid(errors)
    return results


def signed_delivery_sync(
    *, token: "ApiToken", delivery_id: str, prop: Property, stays: list[SyncStay]
) -> list[SyncResult]:
    """Record a signed delivery and sync its batch as the token's user, in one transaction.

    A delivery id seen before raises `signed_intake.DeliveryRefused` (a replay); a refused
    batch (`BatchInvalid`) rolls the record back, so the PMS may send the corrected batch
    again under the same id.
    """
    with transaction.atomic():
        signed_intake.delivery_record(token, delivery_id)
        return registrations_sync_batch(
            prop=prop,
            actor=token.user,
            stays=stays,
            reason=f"PMS signed delivery {delivery_id}",
        )


def _batch_item(
    prop: Property, actor: Any, stay: SyncStay, seen: set[str], reason: str
) -> SyncResult:
    fields: dict[str, Any] = dict(stay)
    external_ref = fields.pop("external_ref", None)
    checked_out_at = fields.pop("checked_out_at", None)
    if isinstance(external_ref, str) and external_ref.strip() in seen:
        raise ValidationError({"external_ref": [_("This stay is already in the batch.")]})
    if isinstance(external_ref, str):
        seen.add(external_ref.strip())
    with transaction.atomic():  # a savepoint: a refused stay leaves nothing behind
        return registration_sync(
            prop=prop,
            actor=actor,
            external_ref=external_ref,  # any type: the service checks it
            data=cast(RegistrationData, fields),
            checked_out_at=checked_out_at,
            reason=reason,
        )


def _find(prop: Property, external_ref: str) -> Registration | None:
    return (
        Registration.objects.for_property(prop)
        .select_related("property")
        .filter(external_ref=external_ref)
        .first()
    )


def _create(
    prop: Property,
    actor: Any,
    external_ref: str,
    data: RegistrationData,
    checked_out_at: datetime | None,
) -> SyncResult:
    registration = services.registration_create(
        prop=prop, actor=actor, channel="api", data={**data, "external_ref": external_ref}
    )
    # The reservation had a pre-arrival: it is checked in now, by the PMS.
    pre_arrivals.pre_arrival_synced(prop=prop, external_ref=external_ref, registration=registration)
    if checked_out_at is not None:
        services.registration_checkout(registration=registration, actor=actor, at=checked_out_at)
    return SyncResult(registration, Outcome.CREATED, checked_out=checked_out_at is not None)


def registration_update(
    registration: Registration,
    actor: Any,
    data: RegistrationData,
    checked_out_at: datetime | None,
    reason: str,
) -> SyncResult:
    """Amend a known stay with what its PMS now says, and set the check-out it reports.

    The one update rule of the API sync and the file re-import (`guests.import_upsert`,
    through `registrations_update_many`): changed fields become chained amendments with
    `reason`, an unchanged stay writes nothing.
    """
    try:
        return registrations_update_many(
            [(registration, data, checked_out_at, reason)], actor=actor
        )[0]
    except services.AmendRefused as refused:
        raise refused.error from None


UpdateItem = tuple[Registration, RegistrationData, datetime | None, str]


def registrations_update_many(items: list[UpdateItem], *, actor: Any) -> list[SyncResult]:
    """`registration_update` for several stays of one property, their amendments in one step.

    Raises `services.AmendRefused` (the index and field errors of the first refused stay)
    and `PermissionDenied` (a correction the actor's role may not make); the caller's
    transaction rolls everything back.
    """
    requests: list[tuple[Registration, RegistrationData, str]] = []
    for index, (registration, data, _at, reason) in enumerate(items):
        unknown = sorted(set(data) - set(AMENDABLE_FIELDS))
        if unknown:
            error = ValidationError({name: [_("Unknown field.")] for name in unknown})
            raise services.AmendRefused(index, error)
        changes = cast(RegistrationData, {k: v for k, v in data.items() if k in AMENDABLE_FIELDS})
        requests.append((registration, changes, reason))
    amending = [(n, request) for n, request in enumerate(requests) if request[1]]
    amended: dict[int, list[Amendment]] = {}
    if amending:
        try:
            done = services.registrations_amend_many(
                items=[request for _, request in amending], actor=actor
            )
        except services.AmendRefused as refused:
            raise services.AmendRefused(amending[refused.index][0], refused.error) from None
        amended = {pair[0]: found for pair, found in zip(amending, done, strict=True)}
    if any(amended.values()) and not can(actor, items[0][0].property, Action.REGISTRATION_AMEND):
        raise PermissionDenied  # the caller's transaction rolls the amendments back
    checked_out: list[bool] = []
    for index, (registration, _data, at, _reason) in enumerate(items):
        try:
            checked_out.append(_check_out(registration, actor, at))
        except ValidationError as error:
            raise services.AmendRefused(index, error) from None
    fresh = Registration.objects.select_related("property").in_bulk([item[0].pk for item in items])
    results = []
    for index, item in enumerate(items):
        registration = item[0]
        changed = tuple(sorted({amendment.field for amendment in amended.get(index, [])}))
        outcome = Outcome.AMENDED if changed or checked_out[index] else Outcome.UNCHANGED
        results.append(SyncResult(fresh[registration.pk], outcome, changed, checked_out[index]))
    return results


def _check_out(registration: Registration, actor: Any, at: datetime | None) -> bool:
    """Set the check-out the PMS reports; the same one again changes nothing."""
    if at is None:
        return False
    if timezone.is_naive(at):
        at = timezone.make_aware(at, registration.property.tz)
    if registration.checked_out_at is None:
        services.registration_checkout(registration=registration, actor=actor, at=at)
        return True
    if registration.checked_out_at != at:
        raise ValidationError(
            {
                "checked_out_at": [
                    _("This stay was already checked out at another time; it cannot move.")
                ]
            }
        )
    return False
