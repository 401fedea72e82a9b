"""The training duties (at hire, refresher, annual certification) and the roster section."""

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, Spacer

from audits.reports.document import STYLES, day_text, para, table
from audits.reports.kinds.annual_certification import CertificationFacts
from audits.reports.kinds.compliance_pack.shared import ATTENTION, MET, NOT_MET
from audits.reports.kinds.training_roster import RosterFacts, counts_table, law_paragraphs
from training.status import DUE, DUE_SOON, OVERDUE


def hire_status(roster: RosterFacts) -> tuple[str, str]:
    never = [ln for ln in roster.lines if ln.last_completed_on is None]
    overdue = sum(1 for ln in never if ln.status == OVERDUE)
    due = sum(1 for ln in never if ln.status == DUE)
    if overdue:
        return NOT_MET, f"{overdue} employee(s) never trained, past their hire-date deadline"
    if due:
        return ATTENTION, f"{due} new employee(s) due for training at hire"
    return MET, f"every one of {len(roster.lines)} employees has training that counts or is exempt"


def refresher_status(roster: RosterFacts) -> tuple[str, str]:
    trained = [ln for ln in roster.lines if ln.last_completed_on is not None]
    overdue = sum(1 for ln in trained if ln.status == OVERDUE)
    soon = sum(1 for ln in trained if ln.status == DUE_SOON)
    if overdue:
        return NOT_MET, f"{overdue} employee(s) overdue for refresher training"
    if soon:
        return ATTENTION, f"{soon} employee(s) due for a refresher within 30 days"
    return MET, f"{len(trained)} trained employee(s) within the refresher interval"


def certification_status(c: CertificationFacts) -> tuple[str, str]:
    deadline = c.law.deadline
    if deadline is None:
        return MET, f"no fixed certification date; {len(c.certified)} certified for {c.year}"
    waiting = len(c.uncertified)
    if not waiting:
        return MET, f"all {c.required} employee(s) certified for {c.year}"
    if c.deadline_passed:
        return NOT_MET, f"{waiting} employee(s) not certified by {deadline}"
    return ATTENTION, f"{waiting} employee(s) still to certify by {deadline}"


def training_section(roster: RosterFacts) -> list[Flowable]:
    flow: list[Flowable] = [
        Paragraph("Training roster against headcount", STYLES["h1"]),
        para(
            f"Current headcount on {roster.as_of.isoformat()}: {roster.headcount} "
            f"({len(roster.lines)} on the staff at some time in the period). Status at the end "
            "of the period, overdue first."
        ),
        Spacer(1, 4),
        counts_table(roster),
        Spacer(1, 4),
        *law_paragraphs(roster.law),
        Spacer(1, 8),
    ]
    if not roster.lines:
        return [*flow, para("No employees were on the staff in the period.")]
    rows = [
        [
            line.name + (f" (left {line.end_date})" if line.end_date else ""),
            line.job_role,
            day_text(line.hire_date),
            day_text(line.due_date),
            day_text(line.last_completed_on),
            line.status_label,
        ]
        for line in roster.lines
    ]
    widths = [2.2, 1.1, 0.95, 0.95, 1.05, 1.05]
    header = ["Employee", "Role", "Hired", "Due", "Last training", "Status"]
    return [*flow, table(header, rows, [w * inch for w in widths], status_column=5)]
