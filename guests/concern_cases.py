"""A concern report followed up as a case: status, owner and notes, each step written once.

The report itself never changes (it is evidence, `guests.concerns`); what the managers do about
it is a `ConcernCaseEntry` per step (reviewed, referred to the police or the hotline, closed,
or a note), chained like the report so a step rewritten or removed behind the application's
back shows in `verify_chain` (`guests.integrity.concern_case_problems`). The case's state is
its latest step's; a report nobody has looked at yet is `new`, owned by nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from guests.models import NARRATIVE_MAX_LENGTH, ConcernCaseEntry, ConcernReport, ConcernStatus
from hotelcompliance.chain import chain_append, content_digest, instant
from hotelcompliance.tenancy import Membership, Property
from hotelcompliance.validators import no_control_characters

CASE_ENTRY_KIND = "concern_case"
CASE_FIELDS = frozenset({"status", "owner", "note"})


@dataclass(frozen=True)
class CaseState:
    status: str
    owner: User | None
    entries: tuple[ConcernCaseEntry, ...]

    @property
    def status_label(self) -> str:
        return str(ConcernStatus(self.status).label)


def case_status_subquery() -> Subquery:
    """A concern's case status as a query expression: its latest step's (none: NULL = new)."""
    latest = ConcernCaseEntry.objects.filter(concern=OuterRef("pk")).order_by("-created_at", "-pk")
    return Subquery(latest.values("status")[:1])


def with_case_status(concerns: QuerySet[ConcernReport]) -> QuerySet[ConcernReport]:
    """The concerns annotated with `case_status` (NULL for a report with no step yet)."""
    return concerns.annotate(case_status=case_status_subquery())


def filter_by_case_status(
    concerns: QuerySet[ConcernReport], status: str
) -> QuerySet[ConcernReport]:
    """Only the concerns whose case stands at `status` (`new` includes reports with no step)."""
    annotated = concerns.annotate(case_status=case_status_subquery())
    if status == ConcernStatus.NEW:
        return annotated.filter(Q(case_status__isnull=True) | Q(case_status=ConcernStatus.NEW))
    return annotated.filter(case_status=status)


def case_state(concern: ConcernReport) -> CaseState:
    entries = tuple(
        ConcernCaseEntry.objects.filter(concern=concern)
        .select_related("owner", "written_by")
        .order_by("created_at", "pk")
    )
    if not entries:
        return CaseState(ConcernStatus.NEW, None, ())
    latest = entries[-1]
    return CaseState(latest.status, latest.owner, entries)


def case_owners(prop: Property) -> list[User]:
    """Who may own a case: the property's active managers and group administrators."""
    ids = Membership.objects.managers_of(prop).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("username"))


def case_entry_digest(entry: ConcernCaseEntry) -> str:
    """SHA-256 of a case step as stored (the chain entry holds this, never the note)."""
    return content_digest(
        {
            "id": str(entry.pk),
            "property": entry.property_id,
            "concern": str(entry.concern_id),
            "status": entry.status,
            "owner": entry.owner_id,
            "note": entry.note,
            "written_by": entry.written_by_id,
            "created_at": instant(entry.created_at),
        }
    )


def concern_case_step(
    *, concern: ConcernReport, actor: User, data: dict[str, Any]
) -> ConcernCaseEntry:
    """Record one step of the concern's case: `status`, `owner` (a user id or blank), `note`.

    A field left out keeps the case's current value (the status, the owner). A step must
    change the status or the owner, or carry a note. Raises
    `ValidationError({field: [message]})` and writes nothing on any problem.
    """
    prop = concern.property
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - CASE_FIELDS):
        errors[name] = [_("Unknown field.")]
    current = case_state(concern)
    status = _status(data.get("status", current.status), errors)
    owner = _owner(prop, data["owner"], errors) if "owner" in data else current.owner
    note = _note(data.get("note", ""), errors)
    if not errors and status == current.status and owner == current.owner and not note:
        errors["note"] = [_("Change the status or the owner, or write a note.")]
    if errors:
        raise ValidationError(errors)
    entry = ConcernCaseEntry(
        property=prop,
        concern=concern,
        status=status,
        owner=owner,
        note=note,
        written_by=actor,
    )
    with transaction.atomic():
        entry.created_at = timezone.now()
        chained = chain_append(
            prop=prop,
            kind=CASE_ENTRY_KIND,
            object_ref=f"{CASE_ENTRY_KIND}:{entry.pk}",
            payload={"digest": case_entry_digest(entry), "concern": str(concern.pk)},
        )
        entry.entry_hash = chained.entry_hash
        entry.save(force_insert=True)
    return entry


def _status(value: object, errors: dict[str, list[str]]) -> str:
    if value not in ConcernStatus.values:
        errors["status"] = [_("Choose one of the case statuses.")]
        return ""
    return str(value)


def _owner(prop: Property, value: object, errors: dict[str, list[str]]) -> User | None:
    if value in (None, ""):
        return None
    owners = {str(user.pk): user for user in case_owners(prop)}
    found = owners.get(str(value))
    if found is None:
        errors["owner"] = [_("Choose a manager of this property, or nobody.")]
    return found


def _note(value: object, errors: dict[str, list[str]]) -> str:
    if not isinstance(value, str):
        errors["note"] = [_("Write the note as text.")]
        return ""
    note = value.strip()
    if len(note) > NARRATIVE_MAX_LENGTH:
        errors["note"] = [
            _("Keep the note under %(n)s characters.") % {"n": f"{NARRATIVE_MAX_LENGTH:,}"}
        ]
    try:
        no_control_characters(note)
    except ValidationError as error:
        errors["note"] = list(error.messages)
    return note
