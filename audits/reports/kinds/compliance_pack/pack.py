"""The pack as a whole: its snapshot, the collection (every database read) and the story."""

from dataclasses import dataclass

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from audits.reports.document import STYLES
from audits.reports.frame import PORTRAIT
from audits.reports.kinds.annual_certification import (
    CertificationFacts,
    certification_section,
    collect_certification,
)
from audits.reports.kinds.common import Cover, ReportContext, collect_cover, cover_story
from audits.reports.kinds.compliance_pack.integrity import (
    IntegrityFacts,
    collect_integrity,
    integrity_section,
)
from audits.reports.kinds.compliance_pack.posters import (
    PosterFacts,
    collect_posters,
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
    collect_register,
    register_section,
)
from audits.reports.kinds.compliance_pack.retention import (
    RetentionFacts,
    collect_retention,
    retention_section,
)
from audits.reports.kinds.compliance_pack.shared import Duty
from audits.reports.kinds.compliance_pack.summary import duties, summary_section
from audits.reports.kinds.compliance_pack.training import training_section
from audits.reports.kinds.training_roster import RosterFacts, collect_roster

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
    roster = collect_roster(prop, period_start=start, period_end=end)
    certification = collect_certification(prop, as_of=end)
    posters = collect_posters(prop, pack)
    register = collect_register(prop, pack, period_start=start, period_end=end, tz=tz)
    retention = collect_retention(prop, pack, on=context.generated_at.astimezone(tz).date(), tz=tz)
    requests, requests_total = collect_requests(prop, period_start=start, period_end=end, tz=tz)
    rate_rule = pack.rule("rate")
    return Snapshot(
        cover=collect_cover(context, TITLE),
        duties=duties(
            pack,
            roster=roster,
            certification=certification,
            posters=posters,
            register=register,
            retention=retention,
            registration_number=prop.registration_number,
            period_end=end,
        ),
        roster=roster,
        certification=certification,
        posters=posters,
        rate=RateFacts(
            summary=rate_rule.summary, citation=rate_rule.citation, hourly=register.hourly
        ),
        retention=retention,
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
