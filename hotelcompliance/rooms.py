"""A property's rooms, typed once or pasted from a list, and the desk's recorded overrides.

The register keeps the room as the clerk typed it (`Registration.room`); a property that lists
its rooms here gets completion of vacant rooms at the desk, a warning before two stays share a
room, and records requests whose room scope is checked against real rooms. A property with no
rooms listed works as before: any room is accepted.
"""

import csv
import dataclasses
import io
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hotelcompliance.chain import AppendOnlyModel
from hotelcompliance.scoping import PropertyScopedQuerySet
from hotelcompliance.tenancy import Property
from hotelcompliance.validators import single_line

# As long as the register's own `Registration.room`, so every listed room can be recorded.
ROOM_NUMBER_MAX_LENGTH = 16
FLOOR_MAX_LENGTH = 16
MAX_ROOMS_PER_IMPORT = 2000
OVERRIDE_REASON_MAX_LENGTH = 500


class RoomQuerySet(PropertyScopedQuerySet):
    def active(self) -> "RoomQuerySet":
        return self.filter(active=True)


class Room(models.Model):
    """One room (or suite, cabin, site) of a property, by the number or name the desk uses."""

    # A UUID, as every desk URL carries (never a number that could be read as a room).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(Property, on_delete=models.CASCADE, related_name="room_list")
    number = models.CharField(
        gettext_lazy("Room"), max_length=ROOM_NUMBER_MAX_LENGTH, validators=[single_line]
    )
    floor = models.CharField(
        gettext_lazy("Floor"), max_length=FLOOR_MAX_LENGTH, blank=True, validators=[single_line]
    )
    active = models.BooleanField(gettext_lazy("In use"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RoomQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["property", "number"], name="room_number_unique")
        ]

    def __str__(self) -> str:
        return f"Room {self.number} at property {self.property_id}"


class RoomOverride(AppendOnlyModel):
    """A manager's decision to check a guest in despite a room or folio warning: who, when, why.

    Written in the check-in's own transaction; `registration_id` names the stay it let through
    (a UUID, no foreign key, so the core does not depend on the register), and the purge
    deletes the row with its stay.
    """

    purge_deletes = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    registration_id = models.UUIDField(db_index=True)
    # Warning codes (`room_in_use`, `folio_repeated`) and the other stays' register numbers.
    warnings = models.JSONField(default=list)
    other_numbers = models.JSONField(default=list)
    reason = models.CharField(max_length=OVERRIDE_REASON_MAX_LENGTH, validators=[single_line])
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PropertyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Override for registration {self.registration_id}"


@dataclasses.dataclass(frozen=True)
class RoomLine:
    line: int
    number: str
    floor: str


@dataclasses.dataclass(frozen=True)
class RoomsAdded:
    created: int
    reactivated: int
    unchanged: int


def has_rooms(prop: Property) -> bool:
    """Whether the property lists its rooms (then room checks apply)."""
    return Room.objects.for_property(prop).active().exists()


def active_room_numbers(prop: Property) -> list[str]:
    return list(Room.objects.for_property(prop).active().values_list("number", flat=True))


def unknown_rooms(prop: Property, numbers: Iterable[str]) -> list[str]:
    """The given rooms the property does not list as active; none when it lists no rooms."""
    wanted = [number.strip() for number in numbers if number.strip()]
    known = set(active_room_numbers(prop))
    if not known:
        return []
    return sorted({number for number in wanted if number not in known})


def parse_room_list(text: str) -> list[RoomLine]:
    """Rooms from pasted text: one per line, or CSV `number[,floor]` (a header line allowed).

    Raises `ValidationError` naming each bad line (never saved half-way).
    """
    if not isinstance(text, str):
        raise ValidationError(_("Give the rooms as text."))
    dialect = csv.excel
    sample = text[:2000]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), dialect, delimiter=delimiter)
    rooms: list[RoomLine] = []
    errors: list[str] = []
    seen: set[str] = set()
    for index, cells in enumerate(reader, start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if index == 1 and cells[0].lower() in {"room", "number", "habitación", "habitacion"}:
            continue
        number, floor = cells[0], cells[1] if len(cells) > 1 else ""
        problem = _room_problem(number, floor, extra=len(cells) > 2 and any(cells[2:]))
        if not problem and number in seen:
            problem = _("this room is listed twice.")
        if problem:
            errors.append(_("Line %(line)s: %(problem)s") % {"line": index, "problem": problem})
            continue
        seen.add(number)
        rooms.append(RoomLine(index, number, floor))
    if len(rooms) > MAX_ROOMS_PER_IMPORT:
        errors.append(
            _("List at most %(count)s rooms at a time.") % {"count": MAX_ROOMS_PER_IMPORT}
        )
    if not rooms and not errors:
        errors.append(_("Give at least one room."))
    if errors:
        raise ValidationError({"rooms": errors[:50]})
    return rooms


def _room_problem(number: str, floor: str, *, extra: bool = False) -> str:
    if not number:
        return _("the room number is missing.")
    if extra:
        return _("give the room and, optionally, its floor: nothing more.")
    if len(number) > ROOM_NUMBER_MAX_LENGTH:
        return _("a room has at most %(count)s characters.") % {"count": ROOM_NUMBER_MAX_LENGTH}
    if len(floor) > FLOOR_MAX_LENGTH:
        return _("a floor has at most %(count)s characters.") % {"count": FLOOR_MAX_LENGTH}
    for value in (number, floor):
        try:
            single_line(value)
        except ValidationError as error:
            return error.messages[0]
    return ""


def rooms_add(*, prop: Property, text: str) -> RoomsAdded:
    """Add the pasted rooms; a listed room that was taken out of use is put back in use.

    All or nothing: any bad line refuses the whole list.
    """
    lines = parse_room_list(text)
    created = reactivated = unchanged = 0
    with transaction.atomic():
        existing = {
            room.number: room
            for room in Room.objects.for_property(prop)
            .select_for_update()
            .filter(number__in=[line.number for line in lines])
        }
        new = []
        for line in lines:
            room = existing.get(line.number)
            if room is None:
                new.append(Room(property=prop, number=line.number, floor=line.floor))
                created += 1
            elif not room.active or (line.floor and room.floor != line.floor):
                reactivated += not room.active
                unchanged += room.active
                room.active = True
                room.floor = line.floor or room.floor
                room.save(update_fields=["active", "floor"])
            else:
                unchanged += 1
        Room.objects.bulk_create(new)
    return RoomsAdded(created=created, reactivated=reactivated, unchanged=unchanged)


def room_update(*, room: Room, number: str, floor: str, active: bool) -> Room:
    """Rename, re-floor or take a room out of use (its past stays keep the room as recorded)."""
    number, floor = (number or "").strip(), (floor or "").strip()
    errors = {
        name: problem
        for name, problem in (
            ("number", _room_problem(number, "")),
            ("floor", _room_problem("-", floor)),
        )
        if problem
    }
    if errors:
        raise ValidationError(errors)
    clash = (
        Room.objects.filter(property_id=room.property_id, number=number)
        .exclude(pk=room.pk)
        .exists()
    )
    if clash:
        raise ValidationError({"number": _("This property already has a room with this number.")})
    room.number, room.floor, room.active = number, floor, active
    room.save(update_fields=["number", "floor", "active"])
    return room


def override_reason_problem(reason: object) -> str:
    """Why this override reason is refused, or ""."""
    if not isinstance(reason, str) or not reason.strip():
        return _("Give the reason for checking this guest in despite the warning.")
    if len(reason.strip()) > OVERRIDE_REASON_MAX_LENGTH:
        return _("Use at most %(count)s characters.") % {"count": OVERRIDE_REASON_MAX_LENGTH}
    try:
        single_line(reason)
    except ValidationError as error:
        return error.messages[0]
    return ""
