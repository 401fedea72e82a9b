"""The summary of legal duties: the scorecard table of `audits.duties.duties`' verdicts."""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from audits.reports.document import STYLES, para, table
from audits.reports.kinds.compliance_pack.shared import ATTENTION, MET, NOT_MET, Duty

if TYPE_CHECKING:
    from audits.reports.kinds.compliance_pack.pack import Snapshot


def duties_table(duty_rows: tuple[Duty, ...]) -> Flowable:
    rows = [
        [
            Paragraph(
                f"<b>{escape(d.name)}</b><br/><font size=7 color='#5b6b7b'>"
                f"{escape(d.summary)}</font>",
                STYLES["cell"],
            ),
            d.status,
            d.reason,
            d.citation,
        ]
        for d in duty_rows
    ]
    widths = [2.55, 0.7, 2.55, 1.5]
    return table(
        ["Duty", "Status", "For this property", "Citation"],
        rows,
        [w * inch for w in widths],
        status_column=1,
    )


def summary_section(snapshot: Snapshot) -> list[Flowable]:
    counts = {
        status: sum(1 for d in snapshot.duties if d.status == status)
        for status in (MET, ATTENTION, NOT_MET)
    }
    return [
        Paragraph("Summary of legal duties", STYLES["h1"]),
        para(
            f"{len(snapshot.duties)} duties: {counts[MET]} met, {counts[ATTENTION]} need "
            f"attention, {counts[NOT_MET]} not met. Each status is judged from the records "
            f"below, as of {snapshot.cover.period_end.isoformat()} (retention: as held on "
            f"{snapshot.retention.on.isoformat()})."
        ),
        Spacer(1, 6),
        duties_table(snapshot.duties),
        PageBreak(),
    ]
