"""Re-imports are upserts: a file row whose `external_ref` is in the register updates that stay.

`pms_import` checks every row as a check-in would; this module decides, for a row whose PMS
reference is already in the register, what the row changes, and applies it through the same
function as the API sync (`sync.registration_update`): every changed field becomes a chained
amendment with the reason "PMS import <file>, line N", a check-out sets the check-out, an
identical row changes nothing. A cell left empty, or a stay missing from the file, never
removes anything: deletions in the PMS never delete a registration.

The comparison runs on the checked row (values as the register stores them) against the stored
stay, one query per batch, so the 95 % of a nightly file that is unchanged costs no lock and
no write.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from guests import services, sync
from guests.models import AMENDABLE_FIELDS, Registration
from guests.types import RegistrationData
from hotelcompliance.csv_cells import without_value
from hotelcompliance.imports.errors import RowError
from hotelcompliance.imports.result import MAX_REPORTED_ERRORS, ParsedRow
from hotelcompliance.imports.seen import fingerprint
from hotelcompliance.tenancy import Property

CHECKED_OUT_ELSEWHERE = "This stay was already checked out at another time; it cannot move."


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class UpdatePlan:
    """What one row does to the stay it names: the fields to amend, the check-out to set."""

    line: int
    registration: Registration
    changes: dict[str, Any]
    checked_out_at: datetime | None = None

    @property
    def fields(self) -> list[str]:
        return sorted(self.changes) + (["checked_out_at"] if self.checked_out_at else [])

    @property
    def changed(self) -> bool:
        return bool(self.changes) or self.checked_out_at is not None


@dataclass
class Outcomes:
    """Per file: how many rows are created, updated, unchanged; each updated line's fields.

    The updated lines are kept up to `MAX_REPORTED_ERRORS` (counted in full), so a large
    file's preview stays small.
    """

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    updates: list[dict[str, Any]] = field(default_factory=list)

    def note(self, plan: UpdatePlan | None) -> None:
        if plan is None:
            self.created += 1
        elif not plan.changed:
            self.unchanged += 1
        else:
            self.updated += 1
            if len(self.updates) < MAX_REPORTED_ERRORS:
                self.updates.append({"line": plan.line, "fields": plan.fields})

    def counts(self) -> tuple[int, int, int]:
        return (self.created, self.updated, self.unchanged)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "updates": self.updates,
        }


def existing_by_ref(prop: Property, refs: list[str]) -> dict[str, Registration]:
    """The property's stays these PMS references name (one query), by reference."""
    if not refs:
        return {}
    found = Registration.objects.for_property(prop).filter(external_ref__in=refs)
    stays = {}
    for registration in found:
        registration.property = prop  # the one we have: no join, no copy per row
        stays[registration.external_ref] = registration
    return stays


def stay_mark(line: int, registration: Registration) -> int:
    """A line and the stay as it stood: its chain entry and its check-out.

    The first pass marks each unchanged row so; the second finds the same mark when the stay
    has not moved since, and skips that row's checks (it writes nothing either way).
    """
    return fingerprint([str(line), registration.entry_hash, str(registration.checked_out_at)])


def row_ref(row: ParsedRow) -> str:
    return str(row.values.get("external_ref", "")).strip()


def plan_update(
    row: ParsedRow, candidate: Registration, existing: Registration, *, check_holds: bool = True
) -> UpdatePlan:
    """What `row` (checked into `candidate`) changes in `existing`; problems go on the row.

    Only the fields the row carries are compared: an empty cell keeps the stored value. A
    check-out is set once; a different one for a stay already checked out is a row error.
    """
    changes = {
        name: getattr(candidate, name)
        for name in AMENDABLE_FIELDS
        if name in row.values
        and services._canonical(getattr(candidate, name))
        != services._canonical(getattr(existing, name))
    }
    plan = UpdatePlan(line=row.line, registration=existing, changes=changes)
    at = candidate.checked_out_at
    if at is not None:
        if existing.checked_out_at is None:
            plan.checked_out_at = at
        elif existing.checked_out_at != at:
            row.fail("checked_out_at", CHECKED_OUT_ELSEWHERE)
    if changes and check_holds:
        # A legal hold freezes some fields: say so in the preview, not at the confirmation.
        for name, messages in services._held_fields(existing, sorted(changes)).items():
            row.fail(name, messages[0])
    return plan


def reason_for(file_name: str, line: int) -> str:
    """The amendment's reason: which file and which line changed the stay."""
    name = " ".join(file_name.split())[:100] or "file"
    return f"PMS import {name}, line {line}"


def apply_updates(plans: list[UpdatePlan], *, actor: User, file_name: str) -> RowError | None:
    """Amend and check out as the plans say (the API sync's rule, one step for the batch).

    Runs inside the import's transaction: the caller rolls everything back on an error, which
    comes back as the row error of the refused line.
    """
    if not plans:
        return None
    items: list[sync.UpdateItem] = [
        (
            plan.registration,
            cast(RegistrationData, plan.changes),
            plan.checked_out_at,
            reason_for(file_name, plan.line),
        )
        for plan in plans
    ]
    try:
        sync.registrations_update_many(items, actor=actor)
    except PermissionDenied:
        return RowError(plans[0].line, "row", _("Your role may not correct stays here."))
    except services.AmendRefused as refused:
        plan = plans[refused.index]
        name, messages = next(iter(refused.error.message_dict.items()))
        return RowError(plan.line, name, without_value(messages[0], plan.changes.get(name)))
    return None
