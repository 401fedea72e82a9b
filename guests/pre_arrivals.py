"""Pre-arrival registration: the desk or the PMS prepares a stay, the guest fills it by link.

The link is a signed capability (`hotelcompliance.capability_links`): the pre-arrival's UUID
signed under this module's salt, so the URL names nobody. It works while the pre-arrival is
open (link sent or filled) and until the end of its departure day; the desk may revoke it,
and a check-in ends it. Every use of a genuine token, refused or not, writes an access event.

At arrival `pre_arrival_check_in` hands the check-in form's data to
`services.registration_create`, so every rule of the pack, the numbering and the chain apply
as at any check-in; the registration keeps the PMS's `external_ref` (or `pre-arrival:<id>`),
so a second submit, or a later PMS sync of the same reservation, finds it instead of a copy.
The guest's details are then emptied from the pre-arrival (the register holds them). Open
pre-arrivals past their departure expire, and every ended one has its personal data purged
`PRE_ARRIVAL_RETENTION_DAYS` after it ended (`pre_arrivals_expire`, a beat task).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guests import services
from guests.models import Channel, RateType, Registration
from guests.pre_arrival_models import (
    GUEST_FILLED_FIELDS,
    OPEN_STATUSES,
    PERSONAL_FIELDS,
    PreArrival,
    PreArrivalStatus,
)
from guests.types import RegistrationData
from hotelcompliance.access_log import AccessKind, access_event_record, access_list_record
from hotelcompliance.capability_links import capability_row_id, capability_token
from hotelcompliance.emails import absolute_url, make_message
from hotelcompliance.outbox import outbox_enqueue
from hotelcompliance.rules import RulePack
from hotelcompliance.tenancy import Property

if TYPE_CHECKING:
    from hotelcompliance.access_log import AnyRequest

SALT = "guests.pre-arrival"
SEND_LINK_TASK = "guests.tasks.send_pre_arrival_link"
OBJECT_TYPE = "pre_arrival"
# How far ahead a stay may be prepared: any real booking, no date arithmetic overflow.
BOOKING_WINDOW = timedelta(days=2 * 366)
# What the desk or the PMS may give when preparing a stay (and nothing else).
PREPARED_FIELDS = (
    "guest_name",
    "email",
    "phone",
    "expected_arrival",
    "expected_departure",
    "language",
    "external_ref",
    "room",
    "rate",
    "rate_type",
    "payment_method",
    "receipt_number",
    "adults",
    "minors",
)
# Why a link does not open, for the guest's page (no detail of the stay in any of them).
INVALID, EXPIRED, USED, REVOKED = "invalid", "expired", "used", "revoked"


@dataclass(frozen=True)
class Opened:
    """What a token opened: the pre-arrival when it works, else why not (`refusal`)."""

    pre_arrival: PreArrival | None
    refusal: str = ""


def link_token(pre_arrival: PreArrival) -> str:
    return capability_token(SALT, pre_arrival.pk)


def link_url(pre_arrival: PreArrival) -> str:
    """The guest's link on the configured public site (for emails, the QR code, the PMS)."""
    return absolute_url(reverse("pre_arrival_guest", kwargs={"token": link_token(pre_arrival)}))


def guest_fields(pack: RulePack) -> tuple[str, ...]:
    """What the guest's page asks: the lead guest's name, and what the pack requires of them."""
    required = pack.guest_fields().required | {"guest_name"}
    return tuple(name for name in GUEST_FILLED_FIELDS if name in required)


# --- Preparing a stay (the desk, the PMS) ------------------------------------------------------


def pre_arrival_create(
    *, prop: Property, actor: Any, data: dict[str, Any]
) -> tuple[PreArrival, bool]:
    """Prepare a stay; with the `external_ref` of an existing one, return that one instead.

    Returns (pre_arrival, created). Raises `ValidationError({field: messages})` and saves
    nothing when the data does not make a stay.
    """
    unknown = sorted(set(data) - set(PREPARED_FIELDS))
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in unknown})
    external_ref = (data.get("external_ref") or "").strip()
    if external_ref:
        existing = _by_external_ref(prop, external_ref)
        if existing is not None:
            return existing, False
    values = {name: value for name, value in data.items() if value is not None}
    values["external_ref"] = external_ref
    pre_arrival = PreArrival(property=prop, created_by=actor, created_at=timezone.now(), **values)
    errors = _stay_errors(pre_arrival, prop)
    try:
        pre_arrival.full_clean(exclude=["property", "created_by", "registration", "ended_by"])
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            pre_arrival.save(force_insert=True)
    except IntegrityError:
        existing = _by_external_ref(prop, external_ref) if external_ref else None
        if existing is None:
            raise
        return existing, False  # a concurrent call with the same reference won
    return pre_arrival, True


def _stay_errors(pre_arrival: PreArrival, prop: Property) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (pre_arrival.guest_name or "").strip():
        errors["guest_name"] = [_("Give the lead guest's name.")]
    arrival, departure = pre_arrival.expected_arrival, pre_arrival.expected_departure
    today = prop.today()
    if isinstance(arrival, date):
        if arrival < today:
            errors["expected_arrival"] = [_("The arrival must be today or later.")]
        elif arrival > today + BOOKING_WINDOW:
            errors["expected_arrival"] = [_("Enter a date within two years of today.")]
    if isinstance(arrival, date) and isinstance(departure, date) and departure < arrival:
        errors["expected_departure"] = [_("The departure must not be before the arrival.")]
    return errors


def _by_external_ref(prop: Property, external_ref: str) -> PreArrival | None:
    return PreArrival.objects.for_property(prop).filter(external_ref=external_ref).first()


def pre_arrival_read(*, prop: Property, pk: Any, request: AnyRequest, page: str) -> PreArrival:
    """The property's pre-arrival (404 for another's), its read logged."""
    from hotelcompliance.scoping import get_object_for_property

    pre_arrival = get_object_for_property(
        PreArrival.objects.select_related("property"), prop, pk=pk
    )
    access_event_record(
        actor=request.user,
        prop=prop,
        kind=AccessKind.VIEW,
        object_type=OBJECT_TYPE,
        object_id=str(pre_arrival.pk),
        reason=page,
        request=request,
    )
    return pre_arrival


def pre_arrival_revoke(*, pre_arrival: PreArrival, actor: Any, request: AnyRequest) -> bool:
    """End the link at once (a wrong address, a cancelled booking); False if it had ended."""
    now = timezone.now()
    with transaction.atomic():
        ended = PreArrival.objects.filter(pk=pre_arrival.pk, status__in=OPEN_STATUSES).update(
            status=PreArrivalStatus.REVOKED, ended_at=now, ended_by=actor
        )
        if ended:
            access_event_record(
                actor=actor,
                prop=pre_arrival.property,
                kind=AccessKind.REVOKE,
                object_type=OBJECT_TYPE,
                object_id=str(pre_arrival.pk),
                reason="desk revoked the pre-arrival link",
                request=request,
            )
    pre_arrival.refresh_from_db()
    return bool(ended)


def pre_arrival_send(pre_arrival: PreArrival) -> bool:
    """Queue the email of the link (after commit, through the outbox); False without an email."""
    if not pre_arrival.email or not pre_arrival.is_open():
        return False
    outbox_enqueue(SEND_LINK_TASK, pre_arrival_id=str(pre_arrival.pk))
    return True


def pre_arrival_email(pre_arrival_id: str) -> bool:
    """Email a still-open link to its guest, in the language the desk chose for them."""
    pre_arrival = PreArrival.objects.select_related("property").filter(pk=pre_arrival_id).first()
    if pre_arrival is None or not pre_arrival.is_open() or not pre_arrival.email:
        return False
    make_message(
        to=pre_arrival.email,
        template="guests/emails/pre_arrival",
        language=pre_arrival.language,
        context={
            "prop": pre_arrival.property,
            "url": link_url(pre_arrival),
            "arrival": pre_arrival.expected_arrival,
            "expires_on": pre_arrival.expected_departure,
        },
    ).send()
    return True


# --- The guest's side ------------------------------------------------------------------------


def pre_arrival_open(*, token: str, request: AnyRequest, page: str) -> Opened:
    """What the token opens, its use logged; a refusal says only why (expired, used, ...)."""
    pre_arrival_id = capability_row_id(SALT, token)
    if pre_arrival_id is None:
        return Opened(None, INVALID)
    pre_arrival = PreArrival.objects.select_related("property").filter(pk=pre_arrival_id).first()
    if pre_arrival is None:
        return Opened(None, INVALID)
    refusal = _refusal(pre_arrival)
    access_event_record(
        actor=None,
        prop=pre_arrival.property,
        kind=AccessKind.VIEW if not refusal else AccessKind.DENIED,
        object_type=OBJECT_TYPE,
        object_id=str(pre_arrival.pk),
        reason=f"guest's pre-arrival link: {page}" + (f" ({refusal})" if refusal else ""),
        request=request,
    )
    return Opened(None if refusal else pre_arrival, refusal)


def _refusal(pre_arrival: PreArrival) -> str:
    if pre_arrival.status == PreArrivalStatus.CHECKED_IN:
        return USED
    if pre_arrival.status == PreArrivalStatus.REVOKED:
        return REVOKED
    if pre_arrival.status == PreArrivalStatus.EXPIRED or not pre_arrival.is_open():
        return EXPIRED
    return ""


def pre_arrival_fill(*, pre_arrival: PreArrival, data: dict[str, Any]) -> PreArrival:
    """Store what the guest filled (validated by the page's form against the pack).

    A blank ID number keeps the one given before: the page never shows it back.
    """
    values = {name: value for name, value in data.items() if name in GUEST_FILLED_FIELDS}
    if not values.get("id_number"):
        values.pop("id_number", None)
    with transaction.atomic():
        locked = PreArrival.objects.select_for_update().get(pk=pre_arrival.pk)
        if locked.status not in OPEN_STATUSES:
            raise ValidationError(_("This link no longer works."))
        for name, value in values.items():
            setattr(locked, name, value)
        locked.status = PreArrivalStatus.FILLED
        locked.filled_at = timezone.now()
        locked.full_clean(exclude=["property", "created_by", "registration", "ended_by"])
        locked.save()
    return locked


# --- The desk ----------------------------------------------------------------------------------


def expected_arrivals(prop: Property) -> list[PreArrival]:
    """Open pre-arrivals due today (or overdue, within their stay), unlogged.

    The desk logs them in its own one event (`selectors.desk_lists_read`).
    """
    today = prop.today()
    return list(
        PreArrival.objects.for_property(prop)
        .open()
        .filter(expected_arrival__lte=today, expected_departure__gte=today)
        .select_related("property")
        .order_by("expected_arrival", "room", "guest_name")
    )


def expected_arrivals_read(*, prop: Property, request: AnyRequest) -> list[PreArrival]:
    """The expected arrivals alone, with one access event."""
    rows = expected_arrivals(prop)
    access_list_record(
        request,
        prop,
        AccessKind.VIEW,
        "expected_arrivals",
        counts={"expected_arrivals": len(rows)},
        fields=["expected_arrivals"],
    )
    return rows


def check_in_initial(pre_arrival: PreArrival, now: datetime) -> dict[str, Any]:
    """The check-in form pre-filled from the pre-arrival (the clerk still sees every field)."""
    initial: dict[str, Any] = {
        "arrival": now,
        "expected_departure": pre_arrival.expected_departure,
        "adults": pre_arrival.adults or 1,
        "minors": pre_arrival.minors or 0,
        "occupants": "\n".join(pre_arrival.occupants or []),
        "rate_type": pre_arrival.rate_type or RateType.NIGHTLY,
    }
    for name in (
        "room",
        "guest_name",
        "rate",
        "payment_method",
        "receipt_number",
        "address",
        "phone",
        "email",
        "id_type",
        "id_number",
        "id_issuer",
        "vehicle_plate",
        "vehicle_state",
    ):
        value = getattr(pre_arrival, name)
        if value not in (None, ""):
            initial[name] = value
    amount = _amount(pre_arrival, now.date())
    if amount is not None:
        initial["amount_charged"] = amount
    return initial


def _amount(pre_arrival: PreArrival, arrival_day: date) -> Decimal | None:
    """Rate times nights for a nightly rate (the clerk may change it); None otherwise."""
    if pre_arrival.rate is None or (pre_arrival.rate_type or RateType.NIGHTLY) != RateType.NIGHTLY:
        return None
    nights = max((pre_arrival.expected_departure - arrival_day).days, 1)
    return pre_arrival.rate * nights


def pre_arrival_check_in_read(*, pre_arrival: PreArrival, request: AnyRequest) -> None:
    """The desk's confirmation page shows the filled ID number in clear: logged as such."""
    unmasked = ["id_number"] if pre_arrival.id_number else []
    access_event_record(
        actor=request.user,
        prop=pre_arrival.property,
        kind=AccessKind.VIEW_UNMASKED if unmasked else AccessKind.VIEW,
        object_type=OBJECT_TYPE,
        object_id=str(pre_arrival.pk),
        fields=unmasked,
        reason="desk check-in from a pre-arrival",
        request=request,
    )


def registration_external_ref(pre_arrival: PreArrival) -> str:
    """The PMS's reservation id, else one of our own: a second check-in finds the first."""
    return pre_arrival.external_ref or f"pre-arrival:{pre_arrival.pk}"


def pre_arrival_check_in(
    *, pre_arrival: PreArrival, actor: Any, data: RegistrationData
) -> Registration:
    """Check the guest in through `registration_create`, and end the pre-arrival with it.

    Raises `ValidationError` (the register's field errors, or a link that ended) and changes
    nothing: the registration and the pre-arrival's end are one transaction.
    """
    data = cast(RegistrationData, {**data, "external_ref": registration_external_ref(pre_arrival)})
    with transaction.atomic():
        locked = PreArrival.objects.select_for_update().get(pk=pre_arrival.pk)
        if locked.status not in OPEN_STATUSES:
            raise ValidationError(_("This pre-arrival was already checked in, revoked or expired."))
        registration = services.registration_create(
            prop=locked.property, actor=actor, channel=Channel.DESK, data=data
        )
        _end_checked_in(locked, registration, actor)
    return registration


def pre_arrival_synced(*, prop: Property, external_ref: str, registration: Registration) -> bool:
    """A PMS sync checked in the reservation a pre-arrival was made for: end it too."""
    if not external_ref:
        return False
    pre_arrival = (
        PreArrival.objects.for_property(prop)
        .open()
        .select_for_update()
        .filter(external_ref=external_ref)
        .first()
    )
    if pre_arrival is None:
        return False
    _end_checked_in(pre_arrival, registration, registration.registered_by)
    return True


def _end_checked_in(pre_arrival: PreArrival, registration: Registration, actor: Any) -> None:
    """Checked in: the register now holds the details, so this copy of them is emptied."""
    now = timezone.now()
    _empty_personal_data(pre_arrival)
    pre_arrival.status = PreArrivalStatus.CHECKED_IN
    pre_arrival.registration = registration
    pre_arrival.ended_at = now
    pre_arrival.ended_by = actor
    pre_arrival.purged_at = now
    pre_arrival.save()


def _empty_personal_data(pre_arrival: PreArrival) -> None:
    for name in PERSONAL_FIELDS:
        nullable = getattr(PreArrival._meta.get_field(name), "null", False)
        setattr(pre_arrival, name, [] if name == "occupants" else (None if nullable else ""))


# --- Expiry and retention (a beat task) --------------------------------------------------------


@dataclass(frozen=True)
class ExpiryResult:
    expired: int
    purged: int


def pre_arrivals_expire() -> ExpiryResult:
    """Expire open pre-arrivals whose departure day is over (by each property's date), then
    empty the personal data of those ended `PRE_ARRIVAL_RETENTION_DAYS` ago or more."""
    now = timezone.now()
    expired = 0
    for prop in Property.objects.filter(
        pk__in=PreArrival.objects.open().values("property_id")
    ).order_by("pk"):
        expired += (
            PreArrival.objects.for_property(prop)
            .open()
            .filter(expected_departure__lt=prop.today())
            .update(status=PreArrivalStatus.EXPIRED, ended_at=now)
        )
    cutoff = now - timedelta(days=settings.PRE_ARRIVAL_RETENTION_DAYS)
    purged = 0
    stale = PreArrival.objects.filter(purged_at__isnull=True, ended_at__lte=cutoff).exclude(
        status__in=OPEN_STATUSES
    )
    for pk in stale.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            row = PreArrival.objects.select_for_update().get(pk=pk)
            _empty_personal_data(row)
            row.purged_at = now
            row.save()
        purged += 1
    return ExpiryResult(expired=expired, purged=purged)
