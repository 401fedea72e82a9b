"""Reads that compose the status engine for pages, reminders and certification."""

from dataclasses import dataclass
from datetime import date

from hotelcompliance.roles import Role
from hotelcompliance.tenancy import Membership, Property
from training.models import AnnualCertification
from training.status import COMPLIANT, DUE_SOON, OVERDUE, RosterRow, roster_status

REMINDER_STATUSES = (OVERDUE, DUE_SOON)


def reminders_due(prop: Property, *, as_of: date) -> list[RosterRow]:
    """The property's employees who are overdue or due soon on `as_of`, overdue first."""
    rows = [
        row for row in roster_status(prop, as_of=as_of) if row.status.status in REMINDER_STATUSES
    ]
    return sorted(rows, key=lambda row: REMINDER_STATUSES.index(row.status.status))


def training_managers_emails(prop: Property) -> list[str]:
    """The addresses of the property's active managers and group administrators, one a user."""
    rows = (
        Membership.objects.for_property(prop)
        .filter(role__in=[Role.MANAGER, Role.ORG_ADMIN], user__is_active=True)
        .exclude(user__email="")
        .values_list("user_id", "user__email")
    )
    return sorted(set(dict(rows).values()))


@dataclass(frozen=True)
class CertificationRow:
    """One current employee for a year: certified, certifiable now, or not (and why)."""

    roster: RosterRow
    certification: AnnualCertification | None

    @property
    def certifiable(self) -> bool:
        return self.certification is None and self.roster.status.status == COMPLIANT


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
