"""What the dashboard shows of each property, read in a bounded number of queries.

The per-property page and the group page (one row per property) share `property_statuses`:
its query count depends on the number of distinct rule packs, never on the number of
properties, employees or stays. Duties come from `audits.duties` (the compliance pack's own
computation): live for one property (`property_dashboard`), from each property's latest
`DutySnapshot` on the group page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Max
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.duty_snapshots import MonthPoint, compliance_series, latest_snapshots, snapshot_take
from audits.models import OPEN_STATUSES, DutySnapshot, PosterEvidence, PosterNotice, RecordsRequest
from audits.reports.kinds.compliance_pack.shared import ATTENTION, MET, NOT_MET
from guests.completeness import missing_later
from guests.concern_cases import filter_by_case_status
from guests.models import ConcernReport, ConcernStatus, PurgeRecord, Registration
from hotelcompliance.tenancy import Property

if TYPE_CHECKING:  # django-stubs-ext is a development requirement only
    from django_stubs_ext import StrOrPromise

# A photo of the hotline notice older than this is stale: the poster may have gone since.
POSTER_STALE_DAYS = 365
REGISTRATION_WEEKS = 12
OPEN_REQUESTS_SHOWN = 10

STATUS_LABELS: dict[str, StrOrPromise] = {
    MET: _("Met"),
    ATTENTION: _("Needs attention"),
    NOT_MET: _("Not met"),
}
STATUS_BADGES = {MET: "ok", ATTENTION: "warn", NOT_MET: "bad"}
DUTY_LABELS: dict[str, StrOrPromise] = {
    "retention": _("Records kept and retained"),
    "guest_records": _("Guest record fields"),
    "new_hire_deadline": _("Training at hire"),
    "refresher": _("Refresher training"),
    "certification": _("Annual certification"),
    "rate": _("Hourly-rate ban"),
    "notice": _("Hotline notice posted"),
    "registration": _("Operator registration"),
}
DUTY_KEYS = tuple(DUTY_LABELS)


@dataclass(frozen=True)
class DutyCell:
    key: str
    label: StrOrPromise
    status: str
    status_label: StrOrPromise
    badge: str
    reason: str


@dataclass(frozen=True)
class OpenRequest:
    pk: str
    deadline: date
    days_left: int
    status_label: str

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


@dataclass
class PropertyStatus:
    prop: Property
    duties: list[DutyCell] = field(default_factory=list)
    judged_on: date | None = None
    overdue: int = 0
    due_soon: int = 0
    open_requests: int = 0
    requests: list[OpenRequest] = field(default_factory=list)
    new_concerns: int = 0
    poster_required: bool = True
    poster_latest: date | None = None
    poster_stale: bool = False
    incomplete: int = 0
    last_purge: datetime | None = None

    @property
    def next_deadline(self) -> OpenRequest | None:
        return self.requests[0] if self.requests else None

    @property
    def poster_missing(self) -> bool:
        return self.poster_required and self.poster_latest is None

    def duty(self, key: str) -> DutyCell | None:
        return next((d for d in self.duties if d.key == key), None)

    @property
    def duty_columns(self) -> list[tuple[StrOrPromise, DutyCell | None]]:
        """Every duty in the scorecard's order, None where none was judged (the group table)."""
        return [(DUTY_LABELS[key], self.duty(key)) for key in DUTY_KEYS]


def duty_cells(rows: Sequence[dict[str, str]]) -> list[DutyCell]:
    """The stored or live verdicts, labelled in the reader's language."""
    return [
        DutyCell(
            key=row["key"],
            label=DUTY_LABELS.get(row["key"], row["name"]),
            status=row["status"],
            status_label=STATUS_LABELS.get(row["status"], row["status"]),
            badge=STATUS_BADGES.get(row["status"], ""),
            reason=row["reason"],
        )
        for row in rows
    ]


def _apply_snapshot(status: PropertyStatus, snapshot: DutySnapshot) -> None:
    status.duties = duty_cells(snapshot.duties)
    status.judged_on = snapshot.taken_on
    status.overdue = snapshot.overdue
    status.due_soon = snapshot.due_soon


def property_statuses(properties: Sequence[Property]) -> list[PropertyStatus]:
    """One status per property, duties from its latest snapshot: the group page's rows."""
    statuses = {p.pk: PropertyStatus(p) for p in properties}
    for pk, snapshot in latest_snapshots(properties).items():
        _apply_snapshot(statuses[pk], snapshot)
    _add_requests(statuses)
    _add_concerns(statuses)
    _add_posters(statuses)
    _add_incomplete(statuses)
    _add_purges(statuses)
    return [statuses[p.pk] for p in properties]


def property_dashboard(prop: Property) -> PropertyStatus:
    """The property's status with its duties judged now (and kept as today's snapshot)."""
    snapshot, _duties = snapshot_take(prop)
    (status,) = property_statuses([prop])
    _apply_snapshot(status, snapshot)
    return status


def _add_requests(statuses: dict[int, PropertyStatus]) -> None:
    rows = (
        RecordsRequest.objects.filter(property__in=list(statuses), status__in=OPEN_STATUSES)
        .order_by("deadline", "pk")
        .values_list("pk", "property_id", "deadline", "status")
    )
    labels = dict(RecordsRequest._meta.get_field("status").choices or [])
    for pk, property_id, deadline, state in rows:
        status = statuses[property_id]
        status.open_requests += 1
        if len(status.requests) < OPEN_REQUESTS_SHOWN:
            days_left = (deadline - status.prop.today()).days
            status.requests.append(OpenRequest(str(pk), deadline, days_left, labels[state]))


def _add_concerns(statuses: dict[int, PropertyStatus]) -> None:
    concerns = ConcernReport.objects.filter(property__in=list(statuses))
    rows = (
        filter_by_case_status(concerns, ConcernStatus.NEW)
        .values("property_id")
        .annotate(n=Count("pk"))
        .values_list("property_id", "n")
    )
    for property_id, n in rows:
        statuses[property_id].new_concerns = n


def _add_posters(statuses: dict[int, PropertyStatus]) -> None:
    rows = (
        PosterEvidence.objects.filter(
            property__in=list(statuses), notice=PosterNotice.TRAFFICKING_HOTLINE
        )
        .values("property_id")
        .annotate(latest=Max("posted_on"))
        .values_list("property_id", "latest")
    )
    latest = dict(rows)
    for pk, status in statuses.items():
        status.poster_required = bool(status.prop.rule_pack().rule("notice").get("required"))
        status.poster_latest = latest.get(pk)
        if status.poster_latest is not None:
            age = (status.prop.today() - status.poster_latest).days
            status.poster_stale = age > POSTER_STALE_DAYS


def _add_incomplete(statuses: dict[int, PropertyStatus]) -> None:
    """Stays waiting for their PMS's details: one query per distinct set of `later` fields."""
    by_fields: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for pk, status in statuses.items():
        later = tuple(sorted(status.prop.rule_pack().guest_fields().later))
        if later:
            by_fields[later].append(pk)
    for later, pks in by_fields.items():
        rows = (
            Registration.objects.filter(property__in=pks)
            .filter(missing_later(later))
            .values("property_id")
            .annotate(n=Count("pk"))
            .values_list("property_id", "n")
        )
        for property_id, n in rows:
            statuses[property_id].incomplete = n


def _add_purges(statuses: dict[int, PropertyStatus]) -> None:
    rows = (
        PurgeRecord.objects.filter(property__in=list(statuses), dry_run=False)
        .values("property_id")
        .annotate(last=Max("run_at"))
        .values_list("property_id", "last")
    )
    for property_id, last in rows:
        statuses[property_id].last_purge = last


@dataclass(frozen=True)
class WeekPoint:
    week: date  # the week's Monday
    registrations: int


def registrations_per_week(properties: Sequence[Property], *, today: date) -> list[WeekPoint]:
    """Check-ins of each of the last twelve weeks (this one included), zeros kept: one query.

    Weeks are the first property's (for one property: its own local weeks).
    """
    tz = properties[0].tz if properties else timezone.get_current_timezone()
    first_monday = today - timedelta(days=today.weekday(), weeks=REGISTRATION_WEEKS - 1)
    start = datetime.combine(first_monday, datetime.min.time(), tzinfo=tz)
    rows = (
        Registration.objects.filter(property__in=[p.pk for p in properties], arrival__gte=start)
        .annotate(week=TruncWeek("arrival", tzinfo=tz))
        .values("week")
        .annotate(n=Count("pk"))
        .values_list("week", "n")
    )
    counts: dict[date, int] = {}
    for week, n in rows:
        day = week.date() if isinstance(week, datetime) else week
        counts[day] = counts.get(day, 0) + n
    return [
        WeekPoint(
            first_monday + timedelta(weeks=i), counts.get(first_monday + timedelta(weeks=i), 0)
        )
        for i in range(REGISTRATION_WEEKS)
    ]


def training_series(properties: Sequence[Property], *, today: date) -> list[MonthPoint]:
    return compliance_series(properties, today=today)
