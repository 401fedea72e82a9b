"""What every section of the compliance pack shares: the statuses, a duty row, the period
as instants and the small paragraph helpers."""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph

from audits.reports.document import STYLES

MET, ATTENTION, NOT_MET = "met", "attention", "not met"


@dataclass(frozen=True)
class Duty:
    name: str
    summary: str
    status: str
    reason: str
    citation: str


def period_bounds(
    period_start: date, period_end: date, tz: zoneinfo.ZoneInfo
) -> tuple[datetime, datetime]:
    """The period as instants: from its first day's midnight to the day after its last."""
    start = datetime.combine(period_start, time.min, tzinfo=tz)
    end = datetime.combine(period_end + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def para(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def day_text(value: date | None) -> str:
    return value.isoformat() if value else "—"
