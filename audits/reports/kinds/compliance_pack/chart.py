"""The register's chart: registrations per bucket as bars, and the same figures as a table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import inch
from reportlab.platypus import Flowable

from audits.reports.document import table
from audits.reports.frame import ACCENT, MUTED

if TYPE_CHECKING:
    from audits.reports.kinds.compliance_pack.register import RegisterFacts


def chart(register: RegisterFacts) -> Flowable:
    width, height = 7.3 * inch, 1.7 * inch
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 18, width - 40, height - 26
    values = [n for _, n in register.buckets]
    chart.data = [values]
    every = max(1, len(values) // 12)
    chart.categoryAxis.categoryNames = [
        d.strftime("%m-%d") if i % every == 0 else "" for i, (d, _) in enumerate(register.buckets)
    ]
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.fillColor = MUTED
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labels.fillColor = MUTED
    top = max(values) if values else 0
    chart.valueAxis.valueMax = max(4, top + (top // 10) + 1)
    chart.valueAxis.valueStep = max(1, chart.valueAxis.valueMax // 4)
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    drawing.add(chart)
    return drawing


def bucket_table(register: RegisterFacts) -> Flowable:
    per_row = 6
    cells = [
        (d.strftime("%a %m-%d") if register.bucket_days == 1 else d.isoformat(), str(n))
        for d, n in register.buckets
    ]
    rows = []
    for start in range(0, len(cells), per_row):
        chunk = cells[start : start + per_row]
        chunk += [("", "")] * (per_row - len(chunk))
        rows.append([value for pair in chunk for value in pair])
    label = "Day" if register.bucket_days == 1 else "Week of"
    header = [label, "n"] * per_row
    return table(header, rows, [0.82 * inch, 0.4 * inch] * per_row)
