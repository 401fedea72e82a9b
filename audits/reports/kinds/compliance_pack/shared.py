"""What every section of the compliance pack shares: the statuses, a duty row and the period
as instants. The paragraph and date helpers are every report's: `audits.reports.document`."""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

MET, ATTENTION, NOT_MET = "met", "attention", "not met"


@dataclass(frozen=True)
class Duty:
    name: str
    summary: str
    status: str
    reason: str
    citation: str
    # The rule pack's name for the duty (`retention`, `notice`...): the dashboard's label key.
    key: str = ""


def period_bounds(
    period_start: date, period_end: date, tz: zoneinfo.ZoneInfo
) -> tuple[datetime, datetime]:
    """The period as instants: from its first day's midnight to the day after its last."""
    start = datetime.combine(period_start, time.min, tzinfo=tz)
    end = datetime.combine(period_end + timedelta(days=1), time.min, tzinfo=tz)
    return start, end
