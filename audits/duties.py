"""Each legal duty of a property: met, needs attention or not met, with its reason in words.

One computation for every place that shows it: page 2 of the compliance pack (the duty
scorecard) and the dashboard both call `duties`, so a manager never reads one verdict on
screen and another in the PDF an inspector receives. The facts are gathered by the pack's own
collectors (`collect_duty_facts`); the dashboard asks for them without poster thumbnails.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, timedelta

from audits.reports.kinds.annual_certification import CertificationFacts, collect_certification
from audits.reports.kinds.compliance_pack.posters import PosterFacts, collect_posters, poster_status
from audits.reports.kinds.compliance_pack.rate import rate_status
from audits.reports.kinds.compliance_pack.register import (
    RegisterFacts,
    collect_register,
    fields_status,
)
from audits.reports.kinds.compliance_pack.retention import (
    RetentionFacts,
    collect_retention,
    retention_status,
)
from audits.reports.kinds.compliance_pack.shared import ATTENTION, MET, NOT_MET, Duty
from audits.reports.kinds.compliance_pack.training import (
    certification_status,
    hire_status,
    refresher_status,
)
from audits.reports.kinds.training_roster import RosterFacts, collect_roster
from hotelcompliance.rules import RulePack
from hotelcompliance.tenancy import Property

STATUSES = (MET, ATTENTION, NOT_MET)
# The dashboard judges the register over the year that ends today.
DASHBOARD_PERIOD_DAYS = 365


@dataclass(frozen=True)
class DutyFacts:
    """Everything the duties are judged on (collected by `collect_duty_facts`)."""

    roster: RosterFacts
    certification: CertificationFacts
    posters: PosterFacts
    register: RegisterFacts
    retention: RetentionFacts
    registration_number: str
    period_end: date


def duties(pack: RulePack, facts: DutyFacts) -> tuple[Duty, ...]:
    """Every duty of the pack with its status and a plain reason, in the scorecard's order."""

    def duty(rule_name: str, name: str, status: str, reason: str) -> Duty:
        rule = pack.rule(rule_name)
        return Duty(name, rule.summary, status, reason, rule.citation, key=rule_name)

    return (
        duty("retention", "Records kept and retained", *retention_status(facts.retention)),
        duty("guest_records", "Guest record fields", *fields_status(facts.register)),
        duty("new_hire_deadline", "Training at hire", *hire_status(facts.roster)),
        duty("refresher", "Refresher training", *refresher_status(facts.roster)),
        duty("certification", "Annual certification", *certification_status(facts.certification)),
        duty("rate", "Hourly-rate ban", *rate_status(pack, facts.register)),
        duty("notice", "Hotline notice posted", *poster_status(pack, facts.posters)),
        duty(
            "registration",
            "Operator registration",
            *registration_status(pack, facts.registration_number, facts.period_end),
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


def collect_duty_facts(
    prop: Property,
    pack: RulePack,
    *,
    period_start: date,
    period_end: date,
    on: date,
    tz: zoneinfo.ZoneInfo,
    thumbnails: bool = True,
) -> DutyFacts:
    """The facts for the period (retention as held `on`), in a constant number of queries."""
    return DutyFacts(
        roster=collect_roster(prop, period_start=period_start, period_end=period_end),
        certification=collect_certification(prop, as_of=period_end),
        posters=collect_posters(prop, pack, thumbnails=thumbnails),
        register=collect_register(
            prop, pack, period_start=period_start, period_end=period_end, tz=tz
        ),
        retention=collect_retention(prop, pack, on=on, tz=tz),
        registration_number=prop.registration_number,
        period_end=period_end,
    )


def property_duties(prop: Property, *, on: date) -> tuple[tuple[Duty, ...], DutyFacts]:
    """The duties as of `on` (the register judged over the year up to it): the dashboard's."""
    pack = prop.rule_pack()
    facts = collect_duty_facts(
        prop,
        pack,
        period_start=on - timedelta(days=DASHBOARD_PERIOD_DAYS - 1),
        period_end=on,
        on=on,
        tz=prop.tz,
        thumbnails=False,
    )
    return duties(pack, facts), facts
