"""The register section: registrations per day or week and missing required fields, counted
in the database (no guest's data is read)."""

import zoneinfo
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, Spacer

from audits.reports.document import STYLES, para, table
from audits.reports.kinds.compliance_pack.chart import bucket_table, chart
from audits.reports.kinds.compliance_pack.rate import short_stay_benefits
from audits.reports.kinds.compliance_pack.shared import ATTENTION, MET, period_bounds
from audits.reports.kinds.training_roster import left
from guests.models import Registration
from hotelcompliance.rules import RulePack
from hotelcompliance.tenancy import Property

# Longer periods are charted by week instead of by day.
DAILY_BUCKETS_UP_TO_DAYS = 62


@dataclass(frozen=True)
class RegisterFacts:
    """The register in the period: counts only, never a guest's data."""

    total: int
    buckets: tuple[tuple[date, int], ...]
    bucket_days: int
    required_fields: tuple[str, ...]
    missing: tuple[tuple[str, int], ...]
    hourly: int
    incomplete: int
    # Other stays whose rate the rule bars, judged on their real length (check-out) and the
    # amount charged: an "other" rate or a discount for a stay of 12 hours or less (CT).
    short_stay_benefits: int = 0

    @property
    def busiest(self) -> tuple[date, int] | None:
        return max(self.buckets, key=lambda b: b[1]) if self.total else None


def _missing_filter(name: str) -> Q:
    """Rows where a registration field counts as not given (blank, null or an empty list)."""
    field = Registration._meta.get_field(name)
    if not isinstance(field, models.Field):  # the pack's guest fields are register columns
        raise LookupError(f"{name} is not a column of the register.")
    if name == "id_number":
        return Q(id_number_lookup="")
    if name == "occupants":
        return Q(occupants=[]) | Q(occupants__isnull=True)
    if field.get_internal_type() in ("CharField", "TextField"):
        return Q(**{name: ""}) | Q(**{f"{name}__isnull": True})
    if field.null:
        return Q(**{f"{name}__isnull": True})
    return Q(pk__isnull=True)  # a non-null column with a default is never missing


def collect_register(
    prop: Property, pack: RulePack, *, period_start: date, period_end: date, tz: zoneinfo.ZoneInfo
) -> RegisterFacts:
    """Registrations per day (or week), missing required fields, hourly rates and short-stay
    benefits: 4 queries."""
    start, end = period_bounds(period_start, period_end, tz)
    rows = Registration.objects.for_property(prop).filter(arrival__gte=start, arrival__lt=end)
    required = tuple(sorted(pack.guest_fields().required))
    missing_any = Q(pk__isnull=True)
    for name in required:
        missing_any |= _missing_filter(name)
    counts = rows.aggregate(
        total=Count("pk"),
        hourly=Count("pk", filter=Q(rate_type="hourly")),
        incomplete=Count("pk", filter=missing_any),
        **{f"missing_{name}": Count("pk", filter=_missing_filter(name)) for name in required},
    )
    per_day = dict(
        rows.annotate(day=TruncDate("arrival", tzinfo=tz))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
        .values_list("day", "n")
    )
    return RegisterFacts(
        short_stay_benefits=short_stay_benefits(rows, pack, tz),
        total=counts["total"],
        buckets=_buckets(per_day, period_start, period_end),
        bucket_days=1 if (period_end - period_start).days < DAILY_BUCKETS_UP_TO_DAYS else 7,
        required_fields=required,
        missing=tuple((name, counts[f"missing_{name}"]) for name in required),
        hourly=counts["hourly"],
        incomplete=counts["incomplete"],
    )


def _buckets(per_day: dict, start: date, end: date) -> tuple[tuple[date, int], ...]:
    """Every day of the period (zeros included), or every week for a long period."""
    days = (end - start).days + 1
    step = 1 if days <= DAILY_BUCKETS_UP_TO_DAYS else 7
    result = []
    for offset in range(0, days, step):
        first = start + timedelta(days=offset)
        total = sum(per_day.get(first + timedelta(days=i), 0) for i in range(step))
        result.append((first, total))
    return tuple(result)


def fields_status(register: RegisterFacts) -> tuple[str, str]:
    if register.total == 0:
        return ATTENTION, "no registrations were recorded in the period"
    if register.incomplete:
        fields = ", ".join(name for name, n in register.missing if n)
        return ATTENTION, (
            f"{register.incomplete} of {register.total} registrations lack a required field "
            f"({fields})"
        )
    return MET, f"all {register.total} registrations in the period have every required field"


def register_section(register: RegisterFacts) -> list[Flowable]:
    unit = "day" if register.bucket_days == 1 else "week"
    busiest = register.busiest
    flow: list[Flowable] = [
        Paragraph("Register statistics", STYLES["h1"]),
        para(
            f"{register.total} registrations in the period"
            + (f"; busiest {unit} {busiest[0].isoformat()} with {busiest[1]}" if busiest else "")
            + "."
        ),
        Paragraph(f"Registrations per {unit}", STYLES["h2"]),
    ]
    if register.buckets:
        flow += [chart(register), Spacer(1, 4), bucket_table(register)]
    rows = [
        (name.replace("_", " "), str(n), f"{n / register.total:.1%}" if register.total else "—")
        for name, n in register.missing
    ]
    flow += [
        Paragraph("Missing required fields", STYLES["h2"]),
        para(
            f"{register.incomplete} of {register.total} registrations lack at least one field "
            "the jurisdiction requires."
        ),
        Spacer(1, 4),
        left(
            table(
                ["Required field", "Missing", "Share"], rows, [2.4 * inch, 1.0 * inch, 1.0 * inch]
            )
        ),
    ]
    return flow
