"""CT DCP registration pack: what the operator registration due from 2027-01-01 asks for.

PA 26-98 §1: from January 1, 2027 every operator registers with the Department of Consumer
Protection, giving the operator's and a primary contact's details, the address of each
property, and proof of compliance with CGS §§44-4 to 44-6 (records, training, hourly rates, as
we read the references) and §54-234a (the hotline notice). The pack gathers that evidence and
ends with a checklist of what is still missing. The form itself is the Commissioner's to
prescribe; fees, renewal and penalties are not yet known (jurisdictions.md, appendix).
"""

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from audits.reports.document import STYLES, para, table
from audits.reports.frame import PORTRAIT
from audits.reports.kinds.annual_certification import CertificationFacts, collect_certification
from audits.reports.kinds.common import Cover, ReportContext, collect_cover, cover_story
from audits.reports.kinds.compliance_pack import (
    NOT_MET,
    PosterFacts,
    RegisterFacts,
    RetentionFacts,
    collect_posters,
    collect_register,
    collect_retention,
    poster_table,
    retention_status,
)
from audits.reports.kinds.training_roster import RosterFacts, collect_roster
from hotelcompliance.tenancy import Property
from training.status import COMPLIANT, DUE, DUE_SOON, NOT_REQUIRED, OVERDUE

TITLE = "CT DCP registration pack"
PAGESIZE = PORTRAIT

# How we read PA 26-98's references (jurisdictions.md §1.1: an inference to confirm).
CODIFIED = {
    "records": "CGS §44-4",
    "training": "CGS §44-5",
    "rate": "CGS §44-6",
    "notice": "CGS §54-234a",
}


@dataclass(frozen=True)
class Operator:
    legal_name: str
    trading_name: str
    business_address: str
    phone: str
    email: str
    contact_name: str


@dataclass(frozen=True)
class PropertyLine:
    name: str
    address: str
    licence_number: str
    registration_number: str
    rooms: int
    this_one: bool


@dataclass(frozen=True)
class LawLine:
    """A duty as the pack states it: codified section, act and summary."""

    section: str
    source: str
    summary: str


@dataclass(frozen=True)
class CheckItem:
    label: str
    done: bool
    detail: str


@dataclass(frozen=True)
class Snapshot:
    cover: Cover
    operator: Operator
    properties: tuple[PropertyLine, ...]
    registration_citation: str
    registration_note: str
    authority: str
    required_from: date | None
    records_law: LawLine
    retention_law: LawLine
    training_law: LawLine
    certification_law: LawLine
    rate_law: LawLine
    notice_law: LawLine
    register: RegisterFacts
    retention: RetentionFacts
    roster: RosterFacts
    certification: CertificationFacts
    posters: PosterFacts
    checklist: tuple[CheckItem, ...]


def collect(context: ReportContext) -> Snapshot:
    report = context.report
    prop = report.property
    pack = prop.rule_pack()
    org = prop.organisation
    start, end, tz = report.period_start, report.period_end, context.tz
    operator = Operator(
        legal_name=org.legal_name,
        trading_name=org.name,
        business_address=org.business_address,
        phone=org.phone,
        email=org.email,
        contact_name=org.contact_name,
    )
    properties = tuple(
        PropertyLine(
            name=p.name,
            address=p.address,
            licence_number=p.licence_number,
            registration_number=p.registration_number,
            rooms=p.rooms,
            this_one=p.pk == prop.pk,
        )
        for p in Property.objects.filter(organisation=org, jurisdiction=prop.jurisdiction).order_by(
            "name", "pk"
        )
    )
    register = collect_register(prop, pack, period_start=start, period_end=end, tz=tz)
    retention = collect_retention(prop, pack, on=context.generated_at.astimezone(tz).date(), tz=tz)
    roster = collect_roster(prop, period_start=start, period_end=end)
    certification = collect_certification(prop, as_of=end)
    posters = collect_posters(prop, pack)

    def law(rule_name: str, duty: str = "") -> LawLine:
        rule = pack.rule(rule_name)
        return LawLine(CODIFIED.get(duty, ""), rule.citation, rule.summary)

    rule = pack.rule("registration")
    return Snapshot(
        cover=collect_cover(context, TITLE),
        operator=operator,
        properties=properties,
        registration_citation=rule.citation,
        registration_note=rule.note,
        authority=rule.get("authority") or "Department of Consumer Protection",
        required_from=rule.get("required_from"),
        records_law=law("guest_records", "records"),
        retention_law=law("retention", "records"),
        training_law=law("training_scope", "training"),
        certification_law=law("certification", "training"),
        rate_law=law("rate", "rate"),
        notice_law=law("notice", "notice"),
        register=register,
        retention=retention,
        roster=roster,
        certification=certification,
        posters=posters,
        checklist=checklist(
            operator=operator,
            prop=prop,
            register=register,
            retention=retention,
            roster=roster,
            certification=certification,
            posters=posters,
        ),
    )


def checklist(
    *,
    operator: Operator,
    prop: Property,
    register: RegisterFacts,
    retention: RetentionFacts,
    roster: RosterFacts,
    certification: CertificationFacts,
    posters: PosterFacts,
) -> tuple[CheckItem, ...]:
    """What the registration needs, each item done or missing with a plain detail."""
    overdue, due = roster.count(OVERDUE), roster.count(DUE)
    retention_verdict, retention_reason = retention_status(retention)
    waiting = len(certification.uncertified)

    def given(label: str, value: str, hint: str) -> CheckItem:
        return CheckItem(label, bool(value), value or hint)

    return (
        given("Operator legal name", operator.legal_name, "not recorded for the organisation"),
        given("Operator business address", operator.business_address, "not recorded"),
        given("Operator phone", operator.phone, "not recorded"),
        given("Operator email", operator.email, "not recorded"),
        given(
            "Primary contact person",
            operator.contact_name,
            "no contact person named (name, business address, phone and email)",
        ),
        CheckItem("Address of each property", True, f"{prop.address}"),
        given("Property licence number", prop.licence_number, "not recorded"),
        given(
            "DCP registration number",
            prop.registration_number,
            "not recorded (assigned by the Department on registration)",
        ),
        CheckItem(
            "Guest records kept",
            retention.held > 0,
            f"{retention.held} registrations held" if retention.held else "no registrations held",
        ),
        CheckItem(
            "Required guest fields complete",
            register.total > 0 and register.incomplete == 0,
            f"{register.incomplete} of {register.total} registrations in the period incomplete",
        ),
        CheckItem("Minimum retention respected", retention_verdict != NOT_MET, retention_reason),
        CheckItem(
            "Every employee's training current",
            overdue == 0 and due == 0,
            f"{overdue} overdue, {due} due, of {roster.headcount} current employees",
        ),
        CheckItem(
            f"Annual certification {certification.year}",
            waiting == 0,
            f"{len(certification.certified)} certified, {waiting} uncertified",
        ),
        CheckItem(
            "No hourly rates",
            register.hourly == 0,
            f"{register.hourly} registrations with an hourly rate in the period",
        ),
        CheckItem(
            "Poster evidence of the hotline notice",
            bool(posters.lines),
            f"{len(posters.lines)} notice(s) photographed"
            if posters.lines
            else "no poster evidence recorded",
        ),
    )


# --- Drawing: from the snapshot alone --------------------------------------------------------


def _or(value: str) -> str:
    return value or "not recorded"


def _law(line: LawLine) -> Flowable:
    section = f"<b>{escape(line.section)}</b> ({escape(line.source)}): " if line.section else ""
    return Paragraph(f"{section}{escape(line.summary)}", STYLES["small"])


def _facts(rows: list[tuple[str, str]], header: tuple[str, str] = ("Detail", "Value")) -> Flowable:
    return table(header, rows, (2.2 * inch, 5.1 * inch))


def operator_section(s: Snapshot) -> list[Flowable]:
    op = s.operator
    this = next((p for p in s.properties if p.this_one), None)
    rows = [
        ("Operator (legal name)", _or(op.legal_name)),
        ("Trading as", op.trading_name),
        ("Business address", _or(op.business_address)),
        ("Phone", _or(op.phone)),
        ("Email", _or(op.email)),
        ("Primary contact person", _or(op.contact_name)),
    ]
    prop_rows = []
    if this is not None:
        prop_rows = [
            ("Property", this.name),
            ("Address", this.address),
            ("Licence number", _or(this.licence_number)),
            ("DCP registration number", _or(this.registration_number)),
            ("Rooms", str(this.rooms)),
        ]
    since = s.required_from.isoformat() if s.required_from else "a date not yet known"
    flow: list[Flowable] = [
        Paragraph("What the registration asks", STYLES["h1"]),
        para(
            f"From {since}, every operator of a hotel, motel, inn or similar lodging registers "
            f"with the {s.authority} ({s.registration_citation}) and gives: the operator's name, "
            "business address, phone and email; a primary contact person's name, business "
            "address, phone and email; the address of each property it operates; and proof of "
            f"compliance with {CODIFIED['records']} to {CODIFIED['rate']} and "
            f"{CODIFIED['notice']}."
        ),
        para(s.registration_note, "small"),
        para(
            "Section numbers §§44-4, 44-5 and 44-6 are mapped to the records, training and "
            "hourly-rate duties as we read the act's references; confirm against the current "
            "statute text.",
            "small",
        ),
        Spacer(1, 6),
        Paragraph("Operator", STYLES["h2"]),
        _facts(rows),
        Paragraph("This property", STYLES["h2"]),
        _facts(prop_rows),
        Paragraph(
            f"Properties the operator runs in this jurisdiction ({len(s.properties)})", STYLES["h2"]
        ),
    ]
    rows_props = [
        [
            p.name + (" (this report)" if p.this_one else ""),
            p.address,
            p.licence_number or "—",
            p.registration_number or "—",
            str(p.rooms),
        ]
        for p in s.properties
    ]
    widths = [1.7, 2.9, 1.0, 1.1, 0.6]
    flow.append(
        table(
            ["Property", "Address", "Licence", "Registration", "Rooms"],
            rows_props,
            [w * inch for w in widths],
        )
    )
    return flow


def records_section(s: Snapshot) -> list[Flowable]:
    r, reg = s.retention, s.register
    fields = ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in reg.missing if n) or "none"
    rows = [
        ("Registrations held", f"{r.held} on {r.on.isoformat()}; {reg.total} in the period"),
        (
            "Oldest record held",
            f"arrival {r.oldest_arrival.isoformat()}" if r.oldest_arrival else "—",
        ),
        ("Retention window", r.minimum_text),
        (
            "Last purge",
            f"{r.last_purge.run_at}: {r.last_purge.registrations} destroyed"
            if r.last_purge
            else "none recorded",
        ),
        ("Incomplete registrations", f"{reg.incomplete} in the period (missing: {fields})"),
        ("Hourly rates in the period", f"{reg.hourly}"),
    ]
    return [
        Paragraph("Records duty and the hourly-rate ban", STYLES["h1"]),
        _law(s.records_law),
        _law(s.retention_law),
        _law(s.rate_law),
        Spacer(1, 4),
        _facts(rows),
    ]


def training_section(s: Snapshot) -> list[Flowable]:
    roster, cert = s.roster, s.certification
    trained = roster.count(COMPLIANT) + roster.count(DUE_SOON)
    deadline = cert.law.deadline.isoformat() if cert.law.deadline else "no fixed date"
    rows = [
        ("Headcount", f"{roster.headcount} on {roster.as_of.isoformat()}"),
        ("Trained and current", f"{trained} ({roster.count(DUE_SOON)} due within 30 days)"),
        ("Overdue", str(roster.count(OVERDUE))),
        ("Due (new hires)", str(roster.count(DUE))),
        ("Not required", str(roster.count(NOT_REQUIRED))),
        (
            f"Annual certification {cert.year}",
            f"{len(cert.certified)} certified, {len(cert.uncertified)} uncertified; "
            f"deadline {deadline}",
        ),
    ]
    return [
        Paragraph("Training duty", STYLES["h1"]),
        _law(s.training_law),
        _law(s.certification_law),
        Spacer(1, 4),
        _facts(rows),
    ]


def notice_section(s: Snapshot) -> list[Flowable]:
    return [
        Paragraph("Notice duty", STYLES["h1"]),
        _law(s.notice_law),
        Spacer(1, 4),
        poster_table(s.posters),
    ]


def checklist_section(s: Snapshot) -> list[Flowable]:
    missing = [item for item in s.checklist if not item.done]
    rows = [[item.label, "done" if item.done else "missing", item.detail] for item in s.checklist]
    summary = (
        "Nothing is missing."
        if not missing
        else f"{len(missing)} of {len(s.checklist)} items missing: "
        + "; ".join(item.label for item in missing)
        + "."
    )
    return [
        Paragraph("Checklist", STYLES["h1"]),
        para(summary),
        Spacer(1, 4),
        table(
            ["Item", "State", "Detail"],
            rows,
            [2.4 * inch, 0.8 * inch, 4.1 * inch],
            status_column=1,
        ),
    ]


def story(snapshot: Snapshot) -> list[Flowable]:
    flow = cover_story(
        snapshot.cover,
        intro=(
            "The operator and property details, and the evidence of compliance with the "
            "records, training and notice duties, that the Connecticut Department of Consumer "
            "Protection registration (PA 26-98) asks for, with a checklist of what is missing."
        ),
    )
    flow += operator_section(snapshot)
    flow += [PageBreak(), *records_section(snapshot), Spacer(1, 8)]
    flow += [*training_section(snapshot), Spacer(1, 8)]
    flow += [KeepTogether(notice_section(snapshot)), PageBreak()]
    flow += checklist_section(snapshot)
    return flow
