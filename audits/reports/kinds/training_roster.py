"""Training roster: every employee active in the period, their status at its end, overdue first.

Statuses come from `training.status.roster_status`, exactly as the training dashboard derives
them, judged on the period's last day.
"""

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, Spacer

from audits.reports.document import STYLES, day_text, table
from audits.reports.frame import LANDSCAPE
from audits.reports.kinds.common import Cover, ReportContext, collect_cover, cover_story
from hotelcompliance.tenancy import Property
from training.status import (
    COMPLIANT,
    DUE,
    DUE_SOON,
    NOT_REQUIRED,
    OVERDUE,
    RosterRow,
    roster_status,
)

TITLE = "Training roster"
PAGESIZE = LANDSCAPE

# Worst first: the order the roster lists employees in.
STATUS_ORDER = (OVERDUE, DUE, DUE_SOON, COMPLIANT, NOT_REQUIRED)
STATUS_LABELS = {
    OVERDUE: "overdue",
    DUE: "due",
    DUE_SOON: "due soon",
    COMPLIANT: "compliant",
    NOT_REQUIRED: "not required",
}


@dataclass(frozen=True)
class RosterLine:
    name: str
    employee_number: str
    job_role: str
    hire_date: date
    end_date: date | None
    due_date: date | None
    last_completed_on: date | None
    last_course: str
    status: str
    reason: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class TrainingLaw:
    jurisdiction: str
    scope: str
    new_hire: str
    refresher: str


@dataclass(frozen=True)
class RosterFacts:
    """The roster on one day: lines (overdue first), counts by status and the law behind it."""

    as_of: date
    lines: tuple[RosterLine, ...]
    counts: tuple[tuple[str, int], ...]
    headcount: int
    law: TrainingLaw

    def count(self, status: str) -> int:
        return dict(self.counts).get(status, 0)


@dataclass(frozen=True)
class Snapshot:
    cover: Cover
    roster: RosterFacts


def collect_roster(prop: Property, *, period_start: date, period_end: date) -> RosterFacts:
    """Employees active at any time in the period, with their status on its last day.

    A constant number of queries whatever the headcount (the status engine loads the records
    and courses once); the last course is read from the records each roster row carries.
    """
    lines = []
    for row in roster_status(prop, as_of=period_end):
        employee, status = row.employee, row.status
        if employee.hire_date > period_end:
            continue
        if employee.end_date is not None and employee.end_date < period_start:
            continue
        lines.append(
            RosterLine(
                name=employee.name,
                employee_number=employee.employee_number,
                job_role=employee.get_job_role_display(),
                hire_date=employee.hire_date,
                end_date=employee.end_date,
                due_date=status.due_date,
                last_completed_on=status.last_completed_on,
                last_course=_course_on(row, status.last_completed_on),
                status=status.status,
                reason=status.reason,
            )
        )
    lines.sort(key=lambda line: (STATUS_ORDER.index(line.status), line.name.lower()))
    counts = tuple(
        (status, sum(1 for ln in lines if ln.status == status)) for status in STATUS_ORDER
    )
    headcount = sum(1 for ln in lines if ln.end_date is None or ln.end_date >= period_end)
    return RosterFacts(
        as_of=period_end,
        lines=tuple(lines),
        counts=counts,
        headcount=headcount,
        law=training_law(prop),
    )


def training_law(prop: Property) -> TrainingLaw:
    pack = prop.rule_pack()
    scope, new_hire, refresher = (
        pack.rule("training_scope"),
        pack.rule("new_hire_deadline"),
        pack.rule("refresher"),
    )
    return TrainingLaw(
        jurisdiction=pack.name,
        scope=f"{scope.summary} ({scope.citation})",
        new_hire=f"{new_hire.summary} ({new_hire.citation})",
        refresher=f"{refresher.summary} ({refresher.citation})",
    )


def _course_on(row: RosterRow, completed_on: date | None) -> str:
    """The title of the course completed that day (from the records the roster loaded)."""
    if completed_on is None:
        return ""
    titles = [record.course.title for record in row.records if record.completed_on == completed_on]
    return sorted(titles)[0] if titles else ""


def collect(context: ReportContext) -> Snapshot:
    report = context.report
    return Snapshot(
        cover=collect_cover(context, TITLE),
        roster=collect_roster(
            report.property, period_start=report.period_start, period_end=report.period_end
        ),
    )


# --- Drawing: from the snapshot alone. --------------------------------------------------------


def counts_table(roster: RosterFacts) -> Flowable:
    header = ["Employees", *(STATUS_LABELS[s].capitalize() for s in STATUS_ORDER)]
    row = [str(len(roster.lines)), *(str(roster.count(s)) for s in STATUS_ORDER)]
    width = 1.05 * inch
    return left(table(header, [row], [width] * len(header)))


def left(flowable: Flowable) -> Flowable:
    """Align a table narrower than the frame with the text, not the centre."""
    flowable.hAlign = "LEFT"
    return flowable


def law_paragraphs(law: TrainingLaw) -> list[Flowable]:
    return [
        Paragraph(f"<b>Who:</b> {_esc(law.scope)}", STYLES["small"]),
        Paragraph(f"<b>New hires:</b> {_esc(law.new_hire)}", STYLES["small"]),
        Paragraph(f"<b>Refresher:</b> {_esc(law.refresher)}", STYLES["small"]),
    ]


def _esc(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def roster_table(roster: RosterFacts) -> Flowable:
    header = [
        "Employee",
        "Number",
        "Role",
        "Hired",
        "Due",
        "Last training",
        "Course",
        "Status",
        "Reason",
    ]
    rows = [
        [
            line.name + (f" (left {line.end_date})" if line.end_date else ""),
            line.employee_number,
            line.job_role,
            day_text(line.hire_date),
            day_text(line.due_date),
            day_text(line.last_completed_on),
            line.last_course or "—",
            line.status_label,
            line.reason,
        ]
        for line in roster.lines
    ]
    widths = [1.35, 0.6, 0.95, 0.8, 0.8, 0.9, 1.1, 0.7, 2.6]
    return table(header, rows, [w * inch for w in widths], status_column=7)


def story(snapshot: Snapshot) -> list[Flowable]:
    roster = snapshot.roster
    flow = cover_story(
        snapshot.cover,
        intro=(
            "Every employee on the staff at any time in the period, with their "
            f"trafficking-awareness training status on {roster.as_of.isoformat()}, the last day "
            "of the period. Overdue employees are listed first."
        ),
    )
    flow += [
        Paragraph("Status at the end of the period", STYLES["h1"]),
        counts_table(roster),
        Spacer(1, 6),
        Paragraph(
            f"Current headcount on {roster.as_of.isoformat()}: {roster.headcount}. "
            f"The law in {_esc(roster.law.jurisdiction)}:",
            STYLES["body"],
        ),
        *law_paragraphs(roster.law),
        Spacer(1, 10),
        Paragraph("Roster", STYLES["h1"]),
    ]
    if roster.lines:
        flow.append(roster_table(roster))
    else:
        flow.append(Paragraph("No employees were on the staff in the period.", STYLES["body"]))
    return flow
