"""Charts drawn on the server as SVG: no script, no inline style, readable without sight.

Each function returns the markup of one `<svg role="img">` whose `<title>` and `<desc>` say
what it shows and what it shows it *is* (the latest value, the range); the page puts the same
figures in a table beside it (`core/_chart_table.html`) for anyone who would rather read them.
Colours come from classes in `app.css` (the CSP allows no `style` attribute); sizes are a
`viewBox`, so a chart scales to its container at 390 px as at 1280 px.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 36


@dataclass(frozen=True)
class Point:
    label: str  # the x-axis label (a month, a week)
    value: float | None  # None: no figure for that point (drawn as a gap)


def _svg(chart_id: str, title: str, desc: str, body: list[str]) -> SafeString:
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'preserveAspectRatio="xMidYMid meet">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )
    # Every text in `head` and `body` is escaped where it is made; the rest is numbers.
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308  # nosec B703 B308


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    if count <= 1:
        return LEFT + span / 2
    return LEFT + span * index / (count - 1)


def _y(value: float, top: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * (1 - (value / top if top else 0))


def _axes(
    points: Sequence[Point], top: float, unit: str, label_x: Callable[[int], float]
) -> list[str]:
    # 5 steps for a scale of 1 or 5 times a power of ten, 4 for 2 times: whole-number ticks.
    ticks = 4 if f"{top:g}".startswith("2") else 5
    if unit == "%":
        ticks = 4
    parts = ['<g class="chart-axes" aria-hidden="true">']
    for step in range(ticks + 1):
        value = top * step / ticks
        y = _y(value, top)
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text class="chart-tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{value:g}{escape(unit)}</text>"
        )
    every = max(1, len(points) // 6)
    last = len(points) - 1
    for index, point in enumerate(points):
        # Every few points, and the last one (with room before it for its label).
        shown = index == last or (index % every == 0 and last - index >= every)
        if not shown:
            continue
        # The last label ends at its point, so it never runs off the right edge.
        anchor = "end" if index == last and index else "middle"
        parts.append(
            f'<text class="chart-tick" x="{label_x(index):.1f}" y="{HEIGHT - 12}" '
            f'text-anchor="{anchor}">{escape(point.label)}</text>'
        )
    parts.append("</g>")
    return parts


def line_chart(
    points: Sequence[Point],
    *,
    chart_id: str,
    title: str,
    desc: str,
    top: float = 100,
    unit: str = "%",
) -> SafeString:
    """A line over `points` on a 0..`top` scale; a point without a value breaks the line."""
    body = _axes(points, top, unit, lambda i: _x(i, len(points)))
    runs: list[list[str]] = [[]]
    marks = []
    for index, point in enumerate(points):
        if point.value is None:
            runs.append([])
            continue
        x, y = _x(index, len(points)), _y(min(point.value, top), top)
        runs[-1].append(f"{x:.1f},{y:.1f}")
        marks.append(f'<circle class="chart-mark" cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>')
    for run in runs:
        if len(run) > 1:
            body.append(f'<polyline class="chart-line" points="{" ".join(run)}"/>')
    body.append('<g aria-hidden="true">' + "".join(marks) + "</g>")
    return _svg(chart_id, title, desc, body)


def bar_chart(points: Sequence[Point], *, chart_id: str, title: str, desc: str) -> SafeString:
    """One bar a point, on a scale rounded up from the largest value."""
    largest = max((p.value or 0 for p in points), default=0)
    top = nice_top(largest)
    span = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    body = _axes(points, top, "", lambda i: LEFT + span * (i + 0.5))
    bars = []
    for index, point in enumerate(points):
        value = point.value or 0
        x = LEFT + span * index + span * 0.15
        y = _y(value, top)
        bars.append(
            f'<rect class="chart-bar" x="{x:.1f}" y="{y:.1f}" width="{span * 0.7:.1f}" '
            f'height="{HEIGHT - BOTTOM - y:.1f}"/>'
        )
    body.append('<g aria-hidden="true">' + "".join(bars) + "</g>")
    return _svg(chart_id, title, desc, body)


def nice_top(largest: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above `largest` (at least 5)."""
    if largest <= 5:
        return 5
    magnitude = 1.0
    while magnitude * 10 < largest:
        magnitude *= 10
    for factor in (1, 2, 5, 10):
        if magnitude * factor >= largest:
            return magnitude * factor
    return magnitude * 10
