"""The summary of legal duties: each rule's status judged from the collected facts."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from audits.reports.document import STYLES, para, table
from audits.reports.kinds.annual_certification import CertificationFacts
from audits.reports.kinds.compliance_pack.posters import PosterFacts, poster_status
from audits.reports.kinds.compliance_pack.rate import rate_status
from audits.reports.kinds.compliance_pack.register import RegisterFacts, fields_status
from audits.reports.kinds.compliance_pack.retention import RetentionFacts, retention_status
from audits.reports.kinds.compliance_pack.shared import ATTENTION, MET, NOT_MET, Duty
from audits.reports.kinds.compliance_pack.training import (
    certification_status,
    hire_status,
    refresher_status,
)
from audits.reports.kinds.training_roster import RosterFacts
from hotelcompliance.rules import RulePack

if TYPE_CHECKING:
    from audits.reports.kinds.compliance_pack.pack import Snapshot


def duties(
    pack: RulePack,
    *,
    roster: RosterFacts,
    certification: CertificationFacts,
    posters: PosterFacts,
    register: RegisterFacts,
    retention: RetentionFacts,
    registration_number: str,
    period_end: date,
) -> tuple[Duty, ...]:
    def duty(rule_name: str, name: str, status: str, reason: str) -> Duty:
        rule = pack.rule(rule_name)
        return Duty(name, rule.summary, status, reason, rule.citation)

    return (
        duty("retention", "Records kept and retained", *retention_status(retention)),
        duty("guest_records", "Guest record fields", *fields_status(register)),
        duty("new_hire_deadline", "Training at hire", *hire_status(roster)),
        duty("refresher", "Refresher training", *refresher_status(roster)),
        duty("certification", "Annual certification", *certification_status(certification)),
        duty("rate", "Hourly-rate ban", *rate_status(pack, register)),
        duty("notice", "Hotline notice posted", *poster_status(pack, posters)),
        duty(
            "registration",
            "Operator registration",
            *registration_status(pack, registration_number, period_end),
        ),
    )


def registration_status(pack: RulePack, number: str, period_end: date) -> tuple[str, str]:
    rule = pack.rule("registration")
    since = rule.get("required_from")
    if since is None:
        return MET, "no operator registration duty is known"
    authority = rule.get("authority") or "the regulator"
    if number:
        return MET, f"registered with the {authority}: {number}"
    if period_end < since:
        return ATTENTION, f"registration with the {authority} is due from {since}; not yet recorded"
    return NOT_MET, f"no registration with the {authority} recorded (required from {since})"


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
