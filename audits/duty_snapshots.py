"""Each property's duties kept day by day: the dashboard's history and the group page's rows.

`snapshot_take` judges the duties with `audits.duties` (the compliance pack's computation)
and stores the verdicts with the day's training counts; the daily beat task
(`audits.tasks.snapshot_duties`) takes one for every property, and a property's dashboard
takes today's when it is viewed. `snapshot_backfill` rebuilds the training counts of past
month ends from the completion history, so a new installation's chart is not empty.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from audits.duties import property_duties
from audits.models import DutySnapshot
from audits.reports.kinds.compliance_pack.shared import Duty
from hotelcompliance.tenancy import Property
from training.status import COMPLIANT, DUE, DUE_SOON, NOT_REQUIRED, OVERDUE, roster_status

CHART_MONTHS = 12


@dataclass(frozen=True)
class TrainingCounts:
    required: int
    compliant: int
    due: int
    due_soon: int
    overdue: int


def training_counts(statuses: Iterable[str]) -> TrainingCounts:
    """How the covered employees stand (leavers and exempt roles are not counted)."""
    values = [s for s in statuses if s != NOT_REQUIRED]
    return TrainingCounts(
        required=len(values),
        compliant=values.count(COMPLIANT),
        due=values.count(DUE),
        due_soon=values.count(DUE_SOON),
        overdue=values.count(OVERDUE),
    )


def duty_rows(duties: Sequence[Duty]) -> list[dict[str, str]]:
    return [{"key": d.key, "name": d.name, "status": d.status, "reason": d.reason} for d in duties]


def snapshot_take(
    prop: Property, *, on: date | None = None
) -> tuple[DutySnapshot, tuple[Duty, ...]]:
    """Judge the property's duties on `on` (its today by default) and keep them for that day."""
    on = on or prop.today()
    duties, facts = property_duties(prop, on=on)
    current = [ln.status for ln in facts.roster.lines if ln.end_date is None or ln.end_date >= on]
    counts = training_counts(current)
    snapshot, _ = DutySnapshot.objects.update_or_create(
        property=prop,
        taken_on=on,
        defaults={
            "taken_at": timezone.now(),
            "duties": duty_rows(duties),
            **counts.__dict__,
        },
    )
    return snapshot, duties


def snapshot_all() -> int:
    """Today's snapshot of every property (the daily beat task); how many were taken."""
    taken = 0
    for prop in Property.objects.order_by("pk"):
        snapshot_take(prop)
        taken += 1
    return taken


def month_ends(today: date, months: int = CHART_MONTHS) -> list[date]:
    """The last day of each of the `months` months before today's, oldest first, then today.

    Today stands for the current month, so the chart's last point is always up to date.
    """
    ends = []
    year, month = today.year, today.month
    for _ in range(months - 1):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        ends.append(date(year, month, calendar.monthrange(year, month)[1]))
    return [*reversed(ends), today]


def snapshot_backfill(prop: Property, *, months: int = CHART_MONTHS) -> int:
    """Training counts of past month ends from the completion history (duties left empty).

    Days that already have a snapshot are kept; how many were added. Employees hired after a
    day did not count on it.
    """
    today = prop.today()
    have = set(DutySnapshot.objects.filter(property=prop).values_list("taken_on", flat=True))
    added = 0
    for day in month_ends(today, months)[:-1]:
        if day in have:
            continue
        rows = roster_status(prop, as_of=day)
        counts = training_counts(row.status.status for row in rows if row.employee.hire_date <= day)
        DutySnapshot.objects.create(property=prop, taken_on=day, **counts.__dict__)
        added += 1
    return added


def latest_snapshots(properties: Sequence[Property]) -> dict[int, DutySnapshot]:
    """Each property's newest snapshot, in one query whatever the number of properties."""
    newest = DutySnapshot.objects.filter(property=OuterRef("property")).order_by("-taken_on")
    rows = DutySnapshot.objects.filter(
        property__in=[p.pk for p in properties], pk=Subquery(newest.values("pk")[:1])
    )
    return {row.property_id: row for row in rows}


@dataclass(frozen=True)
class MonthPoint:
    month: date  # the day the point stands for (a month's last day, or today)
    percent: int | None  # None: no snapshot for that month
    required: int
    current: int


def compliance_series(properties: Sequence[Property], *, today: date) -> list[MonthPoint]:
    """Training compliance across the properties at each month end of the last year: one query.

    A month's point sums every property's snapshot of that day (the share of covered
    employees trained and current); a month no property has a snapshot for has no point.
    """
    days = month_ends(today)
    rows = DutySnapshot.objects.filter(
        property__in=[p.pk for p in properties], taken_on__in=days
    ).values_list("taken_on", "required", "compliant", "due_soon")
    totals: dict[date, list[int]] = {}
    for taken_on, required, compliant, due_soon in rows:
        total = totals.setdefault(taken_on, [0, 0])
        total[0] += required
        total[1] += compliant + due_soon
    points = []
    for day in days:
        required, current = totals.get(day, (0, 0))
        percent = round(100 * current / required) if required else None
        if day not in totals:
            percent = None
        points.append(MonthPoint(day, percent, required, current))
    return points
