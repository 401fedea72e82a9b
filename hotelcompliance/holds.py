"""Legal holds: registrations a records request (or an objection to one) may still need.

A hold covers a property's arrivals between two dates, in some rooms or in all of them. The
retention purge must skip every registration a hold covers (`holds_cover`); `audits` places
and releases holds, and the core knows nothing of records requests beyond the `source`
reference string ("records_request:<uuid>").

`released_at` is when the hold ends: empty while it is open-ended, in the past once released,
in the future when the release is scheduled (a produced request keeps its hold for a grace
period, for instance). A hold is active until that moment. Holds carry no personal data:
period and room numbers only, so the purge needs no guest names to honour them.

A hold cannot be escaped by amendment. The fields a hold's scope reads, `SCOPE_FIELDS`
(arrival and room), and, for a hold whose placer's scope also selects by guest name
(`names_in_scope`), `NAME_FIELDS` (guest_name, occupants), are frozen on every registration
the hold covers while it is active: `guests.services.registration_amend` refuses to change
them (`frozen_fields`). We chose to refuse rather than to let the hold follow the row: a
legal hold preserves the record as it stood when the hold was placed, a hold that followed
rows would have to track individual stays (and a correction could silently widen or narrow
it), and an amendment refused is visible to the manager, who can correct the stay once the
hold ends.

Placing a hold, the purge's delete and an amendment of a frozen field serialise on one lock
per property (`lock_holds`), so a hold placed while the purge runs either is seen by the
purge's batch or is placed after that batch is gone, never in between: the purge never
deletes a row that an active hold covered at any moment.
"""

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotelcompliance.chain import chain_append, content_digest, instant
from hotelcompliance.tenancy import Property
from hotelcompliance.validators import single_line

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_HOLD_ROOMS = 200
ROOM_MAX_LENGTH = 16
# The registration fields a hold's scope reads, and those a name-selecting scope adds.
SCOPE_FIELDS = frozenset({"arrival", "room"})
NAME_FIELDS = frozenset({"guest_name", "occupants"})


class LegalHoldQuerySet(models.QuerySet):
    def for_property(self, prop: Property) -> "LegalHoldQuerySet":
        return self.filter(property=prop)

    def active(self, at: datetime | None = None) -> "LegalHoldQuerySet":
        """Holds not yet released at `at` (now by default)."""
        at = at or timezone.now()
        return self.filter(Q(released_at__isnull=True) | Q(released_at__gt=at))

    def covering_date(self, day: date) -> "LegalHoldQuerySet":
        return self.filter(period_start__lte=day, period_end__gte=day)


class LegalHold(models.Model):
    """A property's arrivals in a period (and rooms) that must not be purged."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.CharField(max_length=500, validators=[single_line])
    source = models.CharField(
        max_length=100,
        validators=[single_line],
        help_text=_('What placed the hold, as "<kind>:<id>", e.g. "records_request:<uuid>".'),
    )
    period_start = models.DateField(help_text=_("First arrival date covered."))
    period_end = models.DateField(help_text=_("Last arrival date covered."))
    rooms = models.JSONField(default=list, blank=True, help_text=_("Rooms covered; empty = all."))
    names_in_scope = models.BooleanField(
        default=False,
        help_text=_("The placer's scope also selects by guest name: names are frozen too."),
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["property", "-placed_at"]
        indexes = [models.Index(fields=["property", "period_start"], name="legal_hold_period")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="legal_hold_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold {self.period_start}..{self.period_end} ({self.source})"

    def is_active(self, at: datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.released_at is None or self.released_at > at

    def covers(self, *, arrival_date: date, room: str) -> bool:
        """Whether an arrival on that date in that room falls inside this hold's scope."""
        if not (self.period_start <= arrival_date <= self.period_end):
            return False
        return not self.rooms or str(room) in self.rooms


def _validate_rooms(rooms: object) -> list[str]:
    if not isinstance(rooms, list | tuple):
        raise ValidationError({"rooms": _("Give the rooms as a list.")})
    if len(rooms) > MAX_HOLD_ROOMS:
        raise ValidationError({"rooms": f"List at most {MAX_HOLD_ROOMS} rooms."})
    cleaned = []
    for room in rooms:
        if not isinstance(room, str) or not room.strip() or len(room) > ROOM_MAX_LENGTH:
            raise ValidationError(
                {"rooms": f"Each room is a name of 1 to {ROOM_MAX_LENGTH} characters."}
            )
        single_line(room)
        cleaned.append(room.strip())
    return sorted(set(cleaned))


def hold_place(
    *,
    prop: Property,
    actor: "User",
    source: str,
    period_start: date,
    period_end: date,
    rooms: list[str] | tuple[str, ...] = (),
    reason: str,
    names_in_scope: bool = False,
) -> LegalHold:
    """Put a legal hold on the property's arrivals in the period (and rooms), and chain it.

    `names_in_scope`: the placer selects within the period by guest name, so the hold also
    freezes the stays' names (`NAME_FIELDS`).
    """
    if period_start is None or period_end is None or period_end < period_start:
        raise ValidationError({"period_end": _("The period must end on or after its start.")})
    hold = LegalHold(
        property=prop,
        source=source,
        reason=reason,
        period_start=period_start,
        period_end=period_end,
        rooms=_validate_rooms(list(rooms)),
        names_in_scope=bool(names_in_scope),
        placed_by=actor,
        placed_at=timezone.now(),
    )
    hold.full_clean()
    with transaction.atomic():
        # Wait for a purge batch or a frozen-field amendment in progress: the hold is in force
        # from the moment it is placed, which is after them.
        lock_holds(prop)
        hold.placed_at = timezone.now()
        hold.save(force_insert=True)
        chain_append(
            prop=prop,
            kind="legal_hold.placed",
            object_ref=f"legal_hold:{hold.pk}",
            payload={
                "source": hold.source,
                "period": [hold.period_start.isoformat(), hold.period_end.isoformat()],
                "rooms": hold.rooms,
                "names_in_scope": hold.names_in_scope,
                "by": actor.pk,
                # The rest (reason, time) without holding the reason's text.
                "digest": hold_digest(hold),
            },
        )
    return hold


def hold_digest(hold: LegalHold) -> str:
    """SHA-256 of a hold as placed (the release is chained by its own entries)."""
    return content_digest(
        {
            "id": str(hold.pk),
            "property": hold.property_id,
            "source": hold.source,
            "reason": hold.reason,
            "period": [hold.period_start.isoformat(), hold.period_end.isoformat()],
            "rooms": hold.rooms,
            "placed_by": hold.placed_by_id,
            "placed_at": instant(hold.placed_at),
        }
    )


def hold_release(*, hold: LegalHold, actor: "User", at: datetime | None = None) -> LegalHold:
    """End the hold now, or schedule its end at `at`; a hold already ended stays ended.

    Scheduling again replaces an earlier scheduled end; a hold whose end has passed cannot be
    re-opened or moved (place a new one instead).
    """
    now = timezone.now()
    ends_at = at or now
    if ends_at < now:
        raise ValidationError({"released_at": _("A hold cannot be released in the past.")})
    with transaction.atomic():
        locked = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if not locked.is_active(now):
            raise ValidationError({"released_at": _("This legal hold has already been released.")})
        locked.released_at = ends_at
        locked.released_by = actor
        locked.save(update_fields=["released_at", "released_by"])
        chain_append(
            prop=locked.property,
            kind="legal_hold.released",
            object_ref=f"legal_hold:{locked.pk}",
            payload={"source": locked.source, "ends_at": ends_at.isoformat(), "by": actor.pk},
        )
    hold.released_at, hold.released_by = locked.released_at, locked.released_by
    return hold


def active_holds(prop: Property, *, at: datetime | None = None) -> LegalHoldQuerySet:
    """The property's holds in force at `at` (now by default)."""
    return LegalHold.objects.for_property(prop).active(at)


def holds_cover(
    prop: Property, *, arrival_date: date, room: str, at: datetime | None = None
) -> bool:
    """Whether any active hold covers an arrival on that date in that room (purge: skip it)."""
    return bool(covering_holds(prop, arrival_date=arrival_date, room=room, at=at))


def covering_holds(
    prop: Property, *, arrival_date: date, room: str, at: datetime | None = None
) -> list[LegalHold]:
    """The active holds that cover an arrival on that date in that room."""
    holds = active_holds(prop, at=at).covering_date(arrival_date)
    return [hold for hold in holds if hold.covers(arrival_date=arrival_date, room=room)]


def frozen_fields(holds: list[LegalHold]) -> frozenset[str]:
    """The registration fields that these covering holds forbid an amendment to change."""
    if not holds:
        return frozenset()
    if any(hold.names_in_scope for hold in holds):
        return SCOPE_FIELDS | NAME_FIELDS
    return SCOPE_FIELDS


def lock_holds(prop: Property, *, using: str | None = None) -> None:
    """Take the property's hold lock until the transaction ends (call inside `atomic`).

    A row lock on the property (FOR NO KEY UPDATE on PostgreSQL, which does not block the
    key-share locks that inserting a registration takes); SQLite serialises writers itself.
    """
    properties = Property.objects.using(using) if using else Property.objects
    list(properties.select_for_update(no_key=True).filter(pk=prop.pk).values_list("pk"))
