"""What a records request's scope covers: one matcher for every place that reads a scope.

A scope is a period of arrival dates (the property's local days), optionally some rooms, and
optionally some guest names. Names match a lead guest or an occupant as a WHOLE name through
the register's blind index (`Registration.objects.named`, normalised by
`hotelcompliance.names`), never as a substring. The register extract, the row count that
managers see before producing, and the exigent path's breadth check all call
`scope_registrations`, so they can never disagree about which stays are in scope.

The exigent path is break-glass, produced without review: a scope that still covers more than
`settings.EXIGENT_SCOPE_MAX_PERCENT` (default 20) percent of the period's stays is refused.
A scope of a single stay is never too broad (in a tiny inn one room can be a third of a
night's stays, and nothing narrower exists).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet

from hotelcompliance.tenancy import Property

if TYPE_CHECKING:
    from audits.models import RecordsRequest
    from guests.models import RegistrationQuerySet

DEFAULT_EXIGENT_SCOPE_MAX_PERCENT = 20
ALWAYS_NARROW_ROWS = 1


@dataclass(frozen=True)
class ScopeSize:
    """How many stays a scope covers, and how many arrived in its period: counts only."""

    rows: int
    period_rows: int

    @property
    def percent(self) -> float:
        return 100.0 * self.rows / self.period_rows if self.period_rows else 0.0


def period_registrations(
    prop: Property, period_start: date, period_end: date
) -> "RegistrationQuerySet":
    """The property's stays that arrived on the period's local days, both ends included."""
    from guests.models import Registration

    tz = prop.tz
    start = datetime.combine(period_start, time.min, tzinfo=tz)
    end = datetime.combine(period_end + timedelta(days=1), time.min, tzinfo=tz)
    return Registration.objects.for_property(prop).filter(arrival__gte=start, arrival__lt=end)


def scope_registrations(
    prop: Property,
    *,
    period_start: date,
    period_end: date,
    rooms: list[str] | tuple[str, ...] = (),
    names: list[str] | tuple[str, ...] = (),
) -> QuerySet:
    """The stays a scope covers, in register order (arrival, then number)."""
    rows = period_registrations(prop, period_start, period_end)
    if rooms:
        rows = rows.filter(room__in=list(rooms))
    if names:
        rows = rows.named(names)
    return rows.order_by("arrival", "number")


def request_registrations(records_request: "RecordsRequest") -> QuerySet:
    """The stays a filed records request covers."""
    return scope_registrations(
        records_request.property,
        period_start=records_request.period_start,
        period_end=records_request.period_end,
        rooms=records_request.rooms or (),
        names=records_request.names or (),
    )


def scope_size(
    prop: Property,
    *,
    period_start: date,
    period_end: date,
    rooms: list[str] | tuple[str, ...] = (),
    names: list[str] | tuple[str, ...] = (),
) -> ScopeSize:
    """Count a scope's stays and its period's (two COUNT queries, nothing personal read)."""
    rows = scope_registrations(
        prop, period_start=period_start, period_end=period_end, rooms=rooms, names=names
    )
    return ScopeSize(
        rows=rows.count(), period_rows=period_registrations(prop, period_start, period_end).count()
    )


def request_scope_size(records_request: "RecordsRequest") -> ScopeSize:
    return scope_size(
        records_request.property,
        period_start=records_request.period_start,
        period_end=records_request.period_end,
        rooms=records_request.rooms or (),
        names=records_request.names or (),
    )


def exigent_max_percent() -> int:
    return int(getattr(settings, "EXIGENT_SCOPE_MAX_PERCENT", DEFAULT_EXIGENT_SCOPE_MAX_PERCENT))


def exigent_too_broad(size: ScopeSize) -> bool:
    """Whether an exigent scope of this size must be refused."""
    if size.rows <= ALWAYS_NARROW_ROWS:
        return False
    return size.rows * 100 > exigent_max_percent() * size.period_rows
