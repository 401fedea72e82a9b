"""Records requests filed in the period and the access log: counts and dates, never the
names a request asks for."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from audits.models import LegalBasis, RecordsRequest, RequestStatus
from audits.reports.document import STYLES, day_text, para, table
from audits.reports.kinds.common import local_stamp
from audits.reports.kinds.compliance_pack.shared import period_bounds
from audits.reports.kinds.training_roster import left
from hotelcompliance.access_log import AccessEvent, AccessKind
from hotelcompliance.tenancy import Property

if TYPE_CHECKING:
    from audits.reports.kinds.compliance_pack.pack import Snapshot


# At most this many records requests are listed (the count covers them all).
MAX_REQUESTS_LISTED = 200


@dataclass(frozen=True)
class RequestLine:
    reference: str
    filed: str
    agency: str
    legal_basis: str
    status: str
    scope: str
    deadline: date
    updated: str


@dataclass(frozen=True)
class AccessFacts:
    total: int
    by_kind: tuple[tuple[str, int], ...]
    by_role: tuple[tuple[str, int], ...]
    actors: int


def collect_requests(
    prop: Property, *, period_start: date, period_end: date, tz: zoneinfo.ZoneInfo
) -> tuple[tuple[RequestLine, ...], int]:
    """Requests filed in the period: status, basis and dates; never the names they ask for."""
    start, end = period_bounds(period_start, period_end, tz)
    rows = RecordsRequest.objects.for_property(prop).filter(
        created_at__gte=start, created_at__lt=end
    )
    bases = dict(LegalBasis.choices)
    statuses = dict(RequestStatus.choices)
    values = rows.order_by("created_at", "pk").values(
        "pk",
        "created_at",
        "updated_at",
        "agency",
        "legal_basis",
        "status",
        "period_start",
        "period_end",
        "deadline",
    )[:MAX_REQUESTS_LISTED]
    lines = tuple(
        RequestLine(
            reference=str(v["pk"])[:8],
            filed=local_stamp(v["created_at"], tz),
            agency=v["agency"],
            legal_basis=str(bases.get(v["legal_basis"], v["legal_basis"])),
            status=str(statuses.get(v["status"], v["status"])),
            scope=f"{v['period_start'].isoformat()} to {v['period_end'].isoformat()}",
            deadline=v["deadline"],
            updated=local_stamp(v["updated_at"], tz),
        )
        for v in values
    )
    total = len(lines) if len(lines) < MAX_REQUESTS_LISTED else rows.count()
    return lines, total


def collect_access(
    prop: Property, *, period_start: date, period_end: date, tz: zoneinfo.ZoneInfo
) -> AccessFacts:
    """Access events in the period, counted by kind and by the actor's roles (3 queries)."""
    start, end = period_bounds(period_start, period_end, tz)
    events = AccessEvent.objects.filter(property=prop, created_at__gte=start, created_at__lt=end)
    kinds = dict(AccessKind.choices)
    by_kind = [
        (str(kinds.get(kind, kind)), n)
        for kind, n in events.values("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
        .values_list("kind", "n")
    ]
    by_role: dict[str, int] = {}
    for roles, n in (
        events.values("roles").annotate(n=Count("pk")).order_by().values_list("roles", "n")
    ):
        label = ", ".join(sorted(roles)).replace("_", " ") if roles else "no role (system)"
        by_role[label] = by_role.get(label, 0) + n
    totals = events.aggregate(total=Count("pk"), actors=Count("actor", distinct=True))
    return AccessFacts(
        total=totals["total"],
        by_kind=tuple(by_kind),
        by_role=tuple(sorted(by_role.items(), key=lambda item: (-item[1], item[0]))),
        actors=totals["actors"],
    )


def requests_section(snapshot: Snapshot) -> list[Flowable]:
    flow: list[Flowable] = [
        Paragraph("Records requests and access", STYLES["h1"]),
        Paragraph("Records requests filed in the period", STYLES["h2"]),
    ]
    if not snapshot.requests:
        flow.append(para("No records request was filed in the period."))
    else:
        rows = [
            [r.reference, r.filed, r.agency, r.legal_basis, r.status, r.scope, day_text(r.deadline)]
            for r in snapshot.requests
        ]
        widths = [0.7, 1.15, 1.35, 1.15, 0.85, 1.3, 0.8]
        flow.append(
            table(
                ["Ref.", "Filed", "Agency", "Legal basis", "Status", "Scope (period)", "Deadline"],
                rows,
                [w * inch for w in widths],
            )
        )
        if snapshot.requests_total > len(snapshot.requests):
            flow.append(
                para(f"and {snapshot.requests_total - len(snapshot.requests)} more.", "small")
            )
        flow.append(para("Guest names asked for are never printed in this pack.", "small"))
    access = snapshot.access
    flow += [
        Paragraph("Access log in the period", STYLES["h2"]),
        para(
            f"{access.total} access events by {access.actors} user(s): every view of unmasked "
            "data, search, export, import, download and refusal is logged."
        ),
        Spacer(1, 4),
    ]
    if access.total:
        flow.append(
            KeepTogether(
                [
                    left(table(["Kind", "Events"], access.by_kind, [2.4 * inch, 0.9 * inch])),
                    Spacer(1, 6),
                    left(
                        table(
                            ["Role of the user", "Events"], access.by_role, [2.4 * inch, 0.9 * inch]
                        )
                    ),
                ]
            )
        )
    return flow
