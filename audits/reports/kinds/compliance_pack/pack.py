"""The pack as a whole: its snapshot, the collection (every database read) and the story."""

from dataclasses import dataclass

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

# A module import: `audits.duties` imports this package's sections, so its names are read at
# call time (whichever of the two is imported first).
from audits import duties as duty_rules
from audits.reports.document import STYLES
from audits.reports.frame import PORTRAIT
from audits.reports.kinds.annual_certification import (
    CertificationFacts,
    certification_section,
)
from audits.reports.kinds.common import Cover, ReportContext, collect_cover, cover_story
from audits.reports.kinds.compliance_pack.integrity import (
    IntegrityFacts,
    collect_integrity,
    integrity_section,
)
from audits.reports.kinds.compliance_pack.posters import (
    PosterFacts,
    poster_section,
)
from audits.reports.kinds.compliance_pack.rate import RateFacts, rate_section
from audits.reports.kinds.compliance_pack.records_requests import (
    AccessFacts,
    RequestLine,
    collect_access,
    collect_requests,
    requests_section,
)
from audits.reports.kinds.compliance_pack.register import (
    RegisterFacts,
    register_section,
)
from audits.reports.kinds.compliance_pack.retention import (
    RetentionFacts,
    retention_section,
)
from audits.reports.kinds.compliance_pack.shared import Duty
from audits.reports.kinds.compliance_pack.summary import summary_section
from audits.reports.kinds.compliance_pack.training import training_section
from audits.reports.kinds.training_roster import RosterFacts

TITLE = "Compliance pack"


PAGESIZE = PORTRAIT


@dataclass(frozen=True)
class Snapshot:
    cover: Cover
    duties: tuple[Duty, ...]
    roster: RosterFacts
    certification: CertificationFacts
    posters: PosterFacts
    rate: RateFacts
    retention: RetentionFacts
    register: RegisterFacts
    requests: tuple[RequestLine, ...]
    requests_total: int
    access: AccessFacts
    integrity: IntegrityFacts


def collect(context: ReportContext) -> Snapshot:
    report = context.report
    prop = report.property
    pack = prop.rule_pack()
    start, end, tz = report.period_start, report.period_end, context.tz
    facts = duty_rules.collect_duty_facts(
        prop,
        pack,
        period_start=start,
        period_end=end,
        on=context.generated_at.astimezone(tz).date(),
        tz=tz,
    )
    roster, register = facts.roster, facts.register
    requests, requests_total = collect_requests(prop, period_start=start, period_end=end, tz=tz)
    rate_rule = pack.rule("rate")
    return Snapshot(
        cover=collect_cover(context, TITLE),
        duties=duty_rules.duties(pack, facts),
        roster=roster,
        certification=facts.certification,
        posters=facts.posters,
        rate=RateFacts(
            summary=rate_rule.summary, citation=rate_rule.citation, hourly=register.hourly
        ),
        retention=facts.retention,
        register=register,
        requests=requests,
        requests_total=requests_total,
        access=collect_access(prop, period_start=start, period_end=end, tz=tz),
        integrity=collect_integrity(prop),
    )


def story(snapshot: Snapshot) -> list[Flowable]:
    flow = cover_story(
        snapshot.cover,
        intro=(
            "The property's compliance with its jurisdiction's guest-record, training, notice "
            "and rate duties for the period, with the evidence for each. No guest's personal "
            "data is included."
        ),
    )
    flow += summary_section(snapshot)
    flow += training_section(snapshot.roster)
    flow += [Spacer(1, 10), Paragraph("Annual certifications", STYLES["h1"])]
    flow += certification_section(snapshot.certification)
    flow += [PageBreak(), *poster_section(snapshot.posters), Spacer(1, 6)]
    flow += [*rate_section(snapshot.rate, snapshot.register), Spacer(1, 6)]
    flow += [*retention_section(snapshot.retention), PageBreak()]
    flow += register_section(snapshot.register)
    flow += [PageBreak(), *requests_section(snapshot), Spacer(1, 10)]
    flow += integrity_section(snapshot.integrity)
    return flow
