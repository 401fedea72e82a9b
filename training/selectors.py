"""Reads that compose the status engine for pages, reminders and certification."""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator

from hotelcompliance.access_log import (
    AccessKind,
    access_event_record,
    access_list_record,
    access_view_record,
)
from hotelcompliance.scoping import get_object_for_property
from hotelcompliance.tenancy import Property
from training.models import AnnualCertification, Employee
from training.status import COMPLIANT, DUE_SOON, OVERDUE, RosterRow, roster_status

if TYPE_CHECKING:
    from hotelcompliance.access_log import AnyRequest

REMINDER_STATUSES = (OVERDUE, DUE_SOON)


def reminders_due(prop: Property, *, as_of: date) -> list[RosterRow]:
    """The property's employees who are overdue or due soon on `as_of`, overdue first."""
    return due_rows(roster_status(prop, as_of=as_of))


def due_rows(rows: list[RosterRow]) -> list[RosterRow]:
    """The overdue then the due-soon rows of a roster (a manager's digest)."""
    due = [row for row in rows if row.status.status in REMINDER_STATUSES]
    return sorted(due, key=lambda row: REMINDER_STATUSES.index(row.status.status))


@dataclass(frozen=True)
class CertificationRow:
    """One current employee for a year: certified, certifiable now, or not (and why)."""

    roster: RosterRow
    certification: AnnualCertification | None

    @property
    def certifiable(self) -> bool:
        # Trained and counting now: due soon still means the training on record counts.
        return self.certification is None and self.roster.status.status in (COMPLIANT, DUE_SOON)


def certification_overview(prop: Property, *, year: int, as_of: date) -> list[CertificationRow]:
    """Every employee employed on `as_of`, or certified for the year, with their certification."""
    certifications = {
        c.employee_id: c for c in AnnualCertification.objects.for_property(prop).filter(year=year)
    }
    rows = []
    for row in roster_status(prop, as_of=as_of):
        employee = row.employee
        current = employee.end_date is None or employee.end_date >= as_of
        certification = certifications.get(employee.pk)
        if current or certification is not None:
            rows.append(CertificationRow(row, certification))
    return rows


@dataclass(frozen=True)
class Roster:
    """A property's roster on one day: every employee (for the counts) and the filtered rows."""

    rows: list[RosterRow]
    shown: list[RosterRow]


def roster_select(prop: Property, *, as_of: date, status: str = "", job_role: str = "") -> Roster:
    """The roster page's and the training-status API's rows: one property, one order, one filter.

    Rows come in `roster_status` order (name, then id); an empty filter keeps every row.
    The callers validate the filter values (a form, a serializer) against the same choices.
    """
    rows = roster_status(prop, as_of=as_of)
    shown = [
        row
        for row in rows
        if (not status or row.status.status == status)
        and (not job_role or row.employee.job_role == job_role)
    ]
    return Roster(rows=rows, shown=shown)


# Logged reads: each page or API call that shows employees writes one access event, with
# ids and counts only (never a name). Views and endpoints call these, not the access log.


@dataclass(frozen=True)
class RosterPage:
    rows: list[RosterRow]  # the whole roster (for the counts)
    shown: list[RosterRow]  # after the filters
    page: Page[RosterRow]


def roster_read(
    *,
    prop: Property,
    as_of: date,
    filters: dict[str, Any],
    page: str | None,
    page_size: int,
    request: "AnyRequest",
) -> RosterPage:
    """The roster with its status, filtered and a page of it; one event for the page shown."""
    roster = roster_select(
        prop,
        as_of=as_of,
        status=filters.get("status") or "",
        job_role=filters.get("job_role") or "",
    )
    rows, shown = roster.rows, roster.shown
    paged = Paginator(shown, page_size).get_page(page)
    access_list_record(
        request,
        prop,
        AccessKind.VIEW,
        "training_roster",
        counts={"employees": len(paged.object_list), "matching": len(shown), "total": len(rows)},
        fields=sorted(name for name, value in filters.items() if value),
    )
    return RosterPage(rows=rows, shown=shown, page=paged)


def employee_read(
    *, prop: Property, pk: int, request: "AnyRequest", page: str = "detail"
) -> Employee:
    """One employee of the property (another's is a 404, unlogged), and the event for it."""
    employee = get_object_for_property(Employee.objects.all(), prop, pk=pk)
    employee.property = prop
    employee_view_record(employee=employee, request=request, page=page)
    return employee


def employee_view_record(*, employee: Employee, request: "AnyRequest", page: str) -> None:
    access_view_record(request, employee, "employee", page)


def certification_overview_read(
    *, prop: Property, year: int, as_of: date, request: "AnyRequest"
) -> list[CertificationRow]:
    rows = certification_overview(prop, year=year, as_of=as_of)
    access_list_record(
        request, prop, AccessKind.VIEW, "certification_overview", counts={"employees": len(rows)}
    )
    return rows


def roster_export_read(
    *, prop: Property, as_of: date, columns: list[str] | tuple[str, ...], request: "AnyRequest"
) -> list[RosterRow]:
    """Every employee with their status, for a CSV that leaves the building: an export."""
    rows = roster_status(prop, as_of=as_of)
    access_event_record(
        actor=request.user,
        prop=prop,
        kind=AccessKind.EXPORT,
        object_type="training_roster",
        fields=columns,
        reason=f"{len(rows)} employees, status on {as_of}",
        request=request,
    )
    return rows


def training_api_list_record(
    *, prop: Property, object_type: str, rows: int, filters: list[str], request: "AnyRequest"
) -> None:
    """A page of employees, records or statuses through the API: one event, counts only."""
    access_list_record(
        request,
        prop,
        AccessKind.VIEW,
        object_type,
        counts={"rows": rows},
        fields=filters,
        reason_prefix="API list page",
    )
