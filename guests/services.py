"""Check-in and check-out: the only writes to the register.

A check-in is validated in full before anything is written, then numbered, encrypted, chained
and saved in one transaction, so a refusal or a crash leaves no row, no chain entry and no
used number behind.
"""

import zoneinfo
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from guests.models import Registration, RegistrationCounter
from hotelcompliance import crypto
from hotelcompliance.chain import chain_append, content_digest
from hotelcompliance.fields import EncryptedToken, lookup_value
from hotelcompliance.rules import GUEST_FIELDS
from hotelcompliance.tenancy import Property

WRITABLE_FIELDS = frozenset({*GUEST_FIELDS, "external_ref"})
# Whatever the jurisdiction says, a stay needs someone to name and an end date to plan around.
ALWAYS_REQUIRED = frozenset({"guest_name", "expected_departure"})
# expected_departure is a date; for the short-stay rule we assume the usual check-out hour.
ASSUMED_CHECKOUT_TIME = time(11, 0)
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
    *, prop: Property, actor, channel: str, data: dict[str, Any]
) -> Registration:
    """Check a guest in: validate against the property's rule pack, then number and chain it.

    Raises `ValidationError({field: message})` and saves nothing if any check fails.
    """
    registration = _validated_registration(prop=prop, actor=actor, channel=channel, data=data)
    id_number = registration.id_number or ""
    id_field = Registration._meta.get_field("id_number")
    with transaction.atomic():
        RegistrationCounter.objects.get_or_create(property=prop)
        counter = RegistrationCounter.objects.select_for_update().get(property=prop)
        # Under the counter lock no other check-in of this property runs, so this re-check
        # cannot race (the pre-check in validation only gives the early, friendly answer).
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
        RegistrationCounter.objects.filter(property=prop).update(last_number=registration.number)
    return registration


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
        if locked.checked_out_at is not None:
            raise ValidationError(
                {"checked_out_at": "This registration has already been checked out."}
            )
        if checked_out_at > now:
            raise ValidationError({"checked_out_at": "A check-out cannot be in the future."})
        if checked_out_at < locked.arrival:
            raise ValidationError({"checked_out_at": "A check-out cannot precede the arrival."})
        chain_append(
            prop=locked.property,
            kind="checkout",
            object_ref=f"registration:{locked.pk}",
            payload={
                "digest": content_digest(
                    {
                        "registration": str(locked.pk),
                        "checked_out_at": _instant(checked_out_at),
                        "by": actor.pk,
                    }
                )
            },
        )
        Registration.objects.filter(pk=locked.pk).update(checked_out_at=checked_out_at)
    registration.checked_out_at = checked_out_at
    return registration


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
        values[field.attname] = _canonical(getattr(registration, field.attname))
    values["id_number"] = id_number_token
    return content_digest(values)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return _instant(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if value is None or isinstance(value, (str, int, list, dict, bool)):
        return value
    return str(value)  # UUIDs


def _instant(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


_EXTERNAL_REF_TAKEN = "A registration with this external reference already exists here."


def _external_ref_taken(prop: Property, external_ref: str) -> bool:
    return Registration.objects.filter(property=prop, external_ref=external_ref).exists()


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, tuple, dict)) and not value


def _validated_registration(
    *, prop: Property, actor, channel: str, data: dict[str, Any]
) -> Registration:
    """Build the unsaved registration, or raise every problem found at once."""
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - WRITABLE_FIELDS):
        errors[name] = ["Unknown field."]

    pack = prop.rule_pack()
    rule = pack.rule("guest_records")
    by_law = pack.guest_fields().required
    for name in sorted(by_law | ALWAYS_REQUIRED):
        if _is_missing(data.get(name)):
            errors[name] = [
                f"This field is required in {pack.name} ({rule.citation})."
                if name in by_law
                else "This field is required."
            ]

    values = {}
    for name in WRITABLE_FIELDS & set(data):
        value = data[name]
        if name in _STRING_FIELDS:
            value = "" if value is None else value
            value = value.strip() if isinstance(value, str) else value
        elif name == "occupants" and value is None:
            value = []
        if not (name in errors or _is_missing(value)):
            values[name] = value
    registration = Registration(property=prop, registered_by=actor, channel=channel, **values)

    exclude = (SERVICE_FIELDS - {"channel"}) | set(errors)
    if "arrival" not in values:
        exclude.add("arrival")  # filled in below
    try:
        registration.clean_fields(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)

    tz = zoneinfo.ZoneInfo(prop.timezone)
    if "arrival" not in errors:
        if "arrival" not in values:
            registration.arrival = timezone.now()  # checked in now, at the desk
        elif timezone.is_naive(registration.arrival):
            registration.arrival = timezone.make_aware(registration.arrival, tz)
    dates_known = not ({"arrival", "expected_departure"} & set(errors))
    stay_hours = None
    if dates_known and registration.expected_departure is not None:
        arrival_day = timezone.localtime(registration.arrival, tz).date()
        if registration.expected_departure <= arrival_day:
            errors["expected_departure"] = [
                "The expected departure must be after the arrival date."
            ]
        else:
            leaving = datetime.combine(
                registration.expected_departure, ASSUMED_CHECKOUT_TIME, tzinfo=tz
            )
            stay_hours = (leaving - registration.arrival).total_seconds() / 3600

    if registration.rate_type and "rate_type" not in errors:
        allowed, reason = pack.rate_type_allowed(
            rate_type=registration.rate_type, stay_hours=stay_hours
        )
        if not allowed:
            errors["rate_type"] = [reason]

    if (
        registration.external_ref
        and "external_ref" not in errors
        and _external_ref_taken(prop, registration.external_ref)
    ):
        errors["external_ref"] = [_EXTERNAL_REF_TAKEN]

    if errors:
        raise ValidationError(errors)
    return registration
