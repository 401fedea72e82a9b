"""Annual certification: who was certified for the year the period ends in, and who is not yet.

The certification year is the calendar year of the period's last day, the year whose deadline
(Connecticut: October 1) `AnnualCertification.year` and the certifications page use. The
certified lines are the year's `AnnualCertification` rows; the uncertified ones come from
`training.selectors.certification_overview`. The training certifications page issues this kind
as the year's roster, and the personnel-file kind prints the same `LawCitation`.
"""

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from django.db.models import QuerySet
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, Spacer

from audits.reports.document import STYLES, day_text, table
from audits.reports.frame import PORTRAIT
from audits.reports.kinds.common import (
    Cover,
    ReportContext,
    collect_cover,
    cover_story,
    local_stamp,
)
from hotelcompliance.tenancy import Property
from training.models import AnnualCertification
from training.selectors import certification_overview
from training.status import NOT_REQUIRED

TITLE = "Annual training certification"
PAGESIZE = PORTRAIT


@dataclass(frozen=True)
class LawCitation:
    """The certification duty as the rule pack states it, with the year's deadline."""

    jurisdiction: str
    citation: str
    summary: str
    deadline: date | None


@dataclass(frozen=True)
class RosterLine:
    """One signed certification, as printed: the signer's name and time copied at signing."""

    employee_name: str
    employee_number: str
    job_role: str
    last_completed_on: date | None
    signed_by: str
    signed_at: str


@dataclass(frozen=True)
class Uncertified:
    name: str
    employee_number: str
    job_role: str
    status: str
    certifiable: bool
    reason: str


@dataclass(frozen=True)
class CertificationFacts:
    """One year's certifications at a property, judged on `as_of`."""

    year: int
    as_of: date
    law: LawCitation
    where: str
    certified: tuple[RosterLine, ...]
    uncertified: tuple[Uncertified, ...]

    @property
    def deadline_passed(self) -> bool:
        return self.law.deadline is not None and self.law.deadline < self.as_of

    @property
    def required(self) -> int:
        return len(self.certified) + len(self.uncertified)


@dataclass(frozen=True)
class Snapshot:
    cover: Cover
    certification: CertificationFacts


def law_citation(prop: Property, year: int) -> LawCitation:
    pack = prop.rule_pack()
    rule = pack.rule("certification")
    return LawCitation(
        jurisdiction=pack.name,
        citation=rule.citation,
        summary=rule.summary,
        deadline=pack.annual_certification_due(year),
    )


def certified_lines(prop: Property, *, year: int) -> tuple[RosterLine, ...]:
    """Every certification of the property for the year, by employee name."""
    certifications: QuerySet[AnnualCertification] = (
        AnnualCertification.objects.for_property(prop)
        .filter(year=year)
        .select_related("employee")
        .order_by("employee__name", "pk")
    )
    return tuple(
        RosterLine(
            employee_name=c.employee.name,
            employee_number=c.employee.employee_number,
            job_role=c.employee.get_job_role_display(),
            last_completed_on=c.last_completed_on,
            signed_by=c.signed_by_name,
            signed_at=local_stamp(c.signed_at, prop.tz),
        )
        for c in certifications
    )


def collect_certification(prop: Property, *, as_of: date) -> CertificationFacts:
    """The certifications of `as_of`'s year, and the current employees still without one."""
    year = as_of.year
    uncertified = []
    for row in certification_overview(prop, year=year, as_of=as_of):
        status = row.roster.status
        if row.certification is not None or status.status == NOT_REQUIRED:
            continue
        employee = row.roster.employee
        uncertified.append(
            Uncertified(
                name=employee.name,
                employee_number=employee.employee_number,
                job_role=employee.get_job_role_display(),
                status=status.status.replace("_", " "),
                certifiable=row.certifiable,
                reason=(
                    "trained and current: can be certified now"
                    if row.certifiable
                    else f"cannot be certified yet: {status.reason}"
                ),
            )
        )
    return CertificationFacts(
        year=year,
        as_of=as_of,
        law=law_citation(prop, year),
        where=prop.rule_pack().rule("certification").get("where") or "",
        certified=certified_lines(prop, year=year),
        uncertified=tuple(sorted(uncertified, key=lambda u: (u.certifiable, u.name.lower()))),
    )


def collect(context: ReportContext) -> Snapshot:
    report = context.report
    return Snapshot(
        cover=collect_cover(context, TITLE),
        certification=collect_certification(report.property, as_of=report.period_end),
    )


# --- Drawing: from the snapshot alone. --------------------------------------------------------


def law_paragraph(facts: CertificationFacts) -> Flowable:
    law = facts.law
    if law.deadline is None:
        deadline = f"{escape(law.jurisdiction)} sets no fixed yearly certification deadline."
    else:
        state = "has passed" if facts.deadline_passed else "is still ahead"
        deadline = (
            f"The {facts.year} deadline is <b>{law.deadline.isoformat()}</b>; on "
            f"{facts.as_of.isoformat()} it {state}."
        )
    return Paragraph(
        f"<b>{escape(law.jurisdiction)}, {escape(law.citation)}:</b> {escape(law.summary)} "
        + deadline,
        STYLES["body"],
    )


def summary_line(facts: CertificationFacts) -> str:
    return (
        f"{len(facts.certified)} certified for {facts.year}; "
        f"{len(facts.uncertified)} current employee(s) still uncertified on "
        f"{facts.as_of.isoformat()}."
    )


def certified_table(facts: CertificationFacts) -> Flowable:
    header = ["Employee", "Number", "Role", "Last training", "Certified by", "When"]
    rows = [
        [
            line.employee_name,
            line.employee_number,
            line.job_role,
            day_text(line.last_completed_on),
            line.signed_by,
            line.signed_at,
        ]
        for line in facts.certified
    ]
    widths = [1.6, 0.8, 1.0, 0.9, 1.5, 1.5]
    return table(header, rows, [w * inch for w in widths])


def uncertified_table(facts: CertificationFacts) -> Flowable:
    header = ["Employee", "Number", "Role", "Training status", "Why not certified"]
    rows = [[u.name, u.employee_number, u.job_role, u.status, u.reason] for u in facts.uncertified]
    widths = [1.5, 0.8, 0.95, 0.9, 3.15]
    return table(header, rows, [w * inch for w in widths], status_column=3)


def certification_section(facts: CertificationFacts) -> list[Flowable]:
    """The law, the certified list and who is still uncertified (shared with the pack)."""
    flow: list[Flowable] = [
        law_paragraph(facts),
        Spacer(1, 4),
        Paragraph(escape(summary_line(facts)), STYLES["body"]),
    ]
    if facts.where:
        flow.append(
            Paragraph(f"The certification is kept in {escape(facts.where)}.", STYLES["small"])
        )
    flow += [Paragraph(f"Certified for {facts.year}", STYLES["h2"])]
    if facts.certified:
        flow.append(certified_table(facts))
    else:
        flow.append(Paragraph(f"No employee is certified for {facts.year}.", STYLES["body"]))
    flow.append(Paragraph("Still uncertified", STYLES["h2"]))
    if facts.uncertified:
        flow.append(uncertified_table(facts))
    else:
        flow.append(
            Paragraph("Every current employee who must be trained is certified.", STYLES["body"])
        )
    return flow


def story(snapshot: Snapshot) -> list[Flowable]:
    facts = snapshot.certification
    flow = cover_story(
        snapshot.cover,
        intro=(
            f"The annual certifications, for {facts.year}, that each employee received the "
            "trafficking-awareness training, and the current employees still uncertified on "
            f"{facts.as_of.isoformat()}, the last day of the period."
        ),
    )
    flow.append(Paragraph(f"Certification year {facts.year}", STYLES["h1"]))
    flow += certification_section(facts)
    return flow
