"""Compliance pack: each legal duty of the property's rule pack, its status and the evidence.

Sections: summary of duties; training roster against headcount; annual certifications; poster
evidence; the hourly-rate rule; retention; register statistics; records requests and the access
log; integrity of the chain. Counts are aggregated in the database; no guest names are read.
The collectors here are shared with the CT DCP registration pack.
"""

import io
import logging
import warnings
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from xml.sax.saxutils import escape

from django.db.models import Count, F, Min, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext
from PIL import Image as PILImage
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak, Paragraph, Spacer

from audits.models import PosterNotice, RecordsRequest
from audits.reports.document import STYLES, table
from audits.reports.frame import ACCENT, MUTED, PORTRAIT
from audits.reports.kinds.annual_certification import (
    CertificationFacts,
    certification_section,
    collect_certification,
)
from audits.reports.kinds.common import (
    Cover,
    ReportContext,
    collect_cover,
    cover_story,
    local_stamp,
    person,
)
from audits.reports.kinds.training_roster import (
    RosterFacts,
    collect_roster,
    counts_table,
    law_paragraphs,
    left,
)
from audits.services import poster_evidence_latest
from guests import stays
from guests.models import PurgeRecord, Registration
from hotelcompliance.access_log import AccessEvent, AccessKind
from hotelcompliance.chain import chain_verify, chain_verify_contents
from hotelcompliance.rules import RulePack
from hotelcompliance.upload_content import IMAGE_ERRORS, image_pixels, max_image_pixels
from training.status import DUE, DUE_SOON, OVERDUE

TITLE = "Compliance pack"
PAGESIZE = PORTRAIT

MET, ATTENTION, NOT_MET = "met", "attention", "not met"
# At most this many records requests are listed (the count covers them all).
MAX_REQUESTS_LISTED = 200
# At most this many content problems are named in the integrity section.
MAX_INTEGRITY_PROBLEMS = 20
# Longer periods are charted by week instead of by day.
DAILY_BUCKETS_UP_TO_DAYS = 62
THUMBNAIL_PX = 360
logger = logging.getLogger(__name__)
# The notice the jurisdiction's posting duty asks for (`audits.models.PosterNotice`).
REQUIRED_NOTICE = PosterNotice.TRAFFICKING_HOTLINE


# --- Snapshot ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Duty:
    name: str
    summary: str
    status: str
    reason: str
    citation: str


@dataclass(frozen=True)
class RegisterFacts:
    """The register in the period: counts only, never a guest's data."""

    total: int
    buckets: tuple[tuple[date, int], ...]
    bucket_days: int
    required_fields: tuple[str, ...]
    missing: tuple[tuple[str, int], ...]
    hourly: int
    incomplete: int
    # Other stays whose rate the rule bars, judged on their real length (check-out) and the
    # amount charged: an "other" rate or a discount for a stay of 12 hours or less (CT).
    short_stay_benefits: int = 0

    @property
    def busiest(self) -> tuple[date, int] | None:
        return max(self.buckets, key=lambda b: b[1]) if self.total else None


@dataclass(frozen=True)
class PurgeFacts:
    run_at: str
    today: date
    registrations: int
    held: int
    first_arrival: date | None
    last_arrival: date | None
    # The latest last transaction (check-out) it destroyed: retention counts from it.
    last_transaction: date | None
    # True: nothing went before its minimum; False: something did; None: cannot be shown (a
    # run recorded before last transactions were kept, whose arrivals alone clear nothing).
    lawful: bool | None


@dataclass(frozen=True)
class RetentionFacts:
    on: date
    held: int
    oldest_arrival: date | None
    minimum_days: int | None
    minimum_text: str
    citation: str
    # The earliest last transaction among the stays held, and the day that stay may go.
    oldest_last_transaction: date | None
    oldest_may_go_on: date | None
    last_purge: PurgeFacts | None
    # Over every purge run, not only the last: the first that destroyed a stay early, and
    # how many runs cannot be shown to have kept the minimum.
    early_purge: PurgeFacts | None = None
    unproven_purges: int = 0


@dataclass(frozen=True)
class PosterLine:
    notice_code: str
    notice: str
    location: str
    posted_on: date | None
    uploaded_by: str
    thumbnail: bytes | None
    thumbnail_size: tuple[int, int]


@dataclass(frozen=True)
class PosterFacts:
    lines: tuple[PosterLine, ...]
    rule: str
    citation: str


@dataclass(frozen=True)
class RequestLine:
    reference: str
    filed: str
    agency: str
    legal_basis: str
    status: str
    scope: str
    deadline: date
    updated: str


@dataclass(frozen=True)
class AccessFacts:
    total: int
    by_kind: tuple[tuple[str, int], ...]
    by_role: tuple[tuple[str, int], ...]
    actors: int


@dataclass(frozen=True)
class IntegrityFacts:
    ok: bool
    head_seq: int
    head_hash: str
    entries_checked: int
    verdict: str
    content_problems: tuple[str, ...]


@dataclass(frozen=True)
class RateFacts:
    summary: str
    citation: str
    hourly: int


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


# --- Collection: every database read --------------------------------------------------------


def period_bounds(
    period_start: date, period_end: date, tz: zoneinfo.ZoneInfo
) -> tuple[datetime, datetime]:
    """The period as instants: from its first day's midnight to the day after its last."""
    start = datetime.combine(period_start, time.min, tzinfo=tz)
    end = datetime.combine(period_end + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def _missing_filter(name: str) -> Q:
    """Rows where a registration field counts as not given (blank, null or an empty list)."""
    field = Registration._meta.get_field(name)
    if name == "id_number":
        return Q(id_number_lookup="")
    if name == "occupants":
        return Q(occupants=[]) | Q(occupants__isnull=True)
    if field.get_internal_type() in ("CharField", "TextField"):
        return Q(**{name: ""}) | Q(**{f"{name}__isnull": True})
    if field.null:
        return Q(**{f"{name}__isnull": True})
    return Q(pk__isnull=True)  # a non-null column with a default is never missing


def collect_register(
    prop, pack: RulePack, *, period_start: date, period_end: date, tz: zoneinfo.ZoneInfo
) -> RegisterFacts:
    """Registrations per day (or week), missing required fields, hourly rates and short-stay
    benefits: 4 queries."""
    start, end = period_bounds(period_start, period_end, tz)
    rows = Registration.objects.for_property(prop).filter(arrival__gte=start, arrival__lt=end)
    required = tuple(sorted(pack.guest_fields().required))
    missing_any = Q(pk__isnull=True)
    for name in required:
        missing_any |= _missing_filter(name)
    counts = rows.aggregate(
        total=Count("pk"),
        hourly=Count("pk", filter=Q(rate_type="hourly")),
        incomplete=Count("pk", filter=missing_any),
        **{f"missing_{name}": Count("pk", filter=_missing_filter(name)) for name in required},
    )
    per_day = dict(
        rows.annotate(day=TruncDate("arrival", tzinfo=tz))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
        .values_list("day", "n")
    )
    return RegisterFacts(
        short_stay_benefits=_short_stay_benefits(rows, pack, tz),
        total=counts["total"],
        buckets=_buckets(per_day, period_start, period_end),
        bucket_days=1 if (period_end - period_start).days < DAILY_BUCKETS_UP_TO_DAYS else 7,
        required_fields=required,
        missing=tuple((name, counts[f"missing_{name}"]) for name in required),
        hourly=counts["hourly"],
        incomplete=counts["incomplete"],
    )


def _short_stay_benefits(rows, pack: RulePack, tz: zoneinfo.ZoneInfo) -> int:
    """Stays (hourly ones aside) whose rate the rule bars on their real length: 1 query.

    Only the few rows that could be barred are read (an "other" rate, or charged less than
    the stated rate), and only their dates and money, never a guest's data.
    """
    if not pack.rule("rate").get("max_discounted_stay_hours"):
        return 0
    suspects = (
        rows.exclude(rate_type__in=["", "hourly"])
        .filter(Q(rate_type="other") | Q(amount_charged__lt=F("rate")))
        .values_list(
            "arrival", "expected_departure", "checked_out_at", "rate_type", "rate", "amount_charged"
        )
    )
    barred = 0
    for arrival, departure, checked_out_at, rate_type, rate, charged in suspects:
        hours = stays.stay_hours(arrival, departure, checked_out_at, tz)
        if stays.rate_problem(
            pack, rate_type=rate_type, rate=rate, amount_charged=charged, hours=hours
        ):
            barred += 1
    return barred


def _buckets(per_day: dict, start: date, end: date) -> tuple[tuple[date, int], ...]:
    """Every day of the period (zeros included), or every week for a long period."""
    days = (end - start).days + 1
    step = 1 if days <= DAILY_BUCKETS_UP_TO_DAYS else 7
    result = []
    for offset in range(0, days, step):
        first = start + timedelta(days=offset)
        total = sum(per_day.get(first + timedelta(days=i), 0) for i in range(step))
        result.append((first, total))
    return tuple(result)


def collect_retention(prop, pack: RulePack, *, on: date, tz: zoneinfo.ZoneInfo) -> RetentionFacts:
    """What the register holds today against the minimum, and whether any purge went early.

    Retention counts from each stay's last transaction (`guests.stays.last_transaction`: the
    check-out's local date, or the expected departure), so both the oldest stay held and each
    purge are judged on it. Two queries, whatever the register's size.
    """
    last_transaction = Coalesce(TruncDate("checked_out_at", tzinfo=tz), "expected_departure")
    held = Registration.objects.for_property(prop).aggregate(
        n=Count("pk"), oldest=Min("arrival"), oldest_last=Min(last_transaction)
    )
    oldest = held["oldest"].astimezone(tz).date() if held["oldest"] else None
    oldest_last = held["oldest_last"]
    rule = pack.rule("retention")
    runs = [
        _purge_facts(purge, pack, tz)
        for purge in PurgeRecord.objects.for_property(prop).filter(dry_run=False).order_by("run_at")
    ]
    return RetentionFacts(
        on=on,
        held=held["n"],
        oldest_arrival=oldest,
        minimum_days=pack.retention_days,
        minimum_text=rule.summary,
        citation=rule.source,
        oldest_last_transaction=oldest_last,
        oldest_may_go_on=pack.record_destroy_after(oldest_last) if oldest_last else None,
        last_purge=runs[-1] if runs else None,
        early_purge=next((run for run in runs if run.lawful is False), None),
        unproven_purges=sum(1 for run in runs if run.lawful is None),
    )


def _purge_facts(purge: PurgeRecord, pack: RulePack, tz: zoneinfo.ZoneInfo) -> PurgeFacts:
    return PurgeFacts(
        run_at=local_stamp(purge.run_at, tz),
        today=purge.today,
        registrations=purge.registrations,
        held=purge.held,
        first_arrival=purge.first_arrival,
        last_arrival=purge.last_arrival,
        last_transaction=purge.last_transaction,
        lawful=purge_lawful(pack, purge),
    )


def purge_lawful(pack: RulePack, purge: PurgeRecord) -> bool | None:
    """Whether a purge run kept every stay it destroyed for the minimum after it ended.

    Judged on the latest last transaction it destroyed. A run recorded without one is unlawful
    if even its latest arrival (never after the stay's end) was too recent, else unproven.
    """
    if not purge.registrations:
        return True
    basis = purge.last_transaction or purge.last_arrival
    if basis is None:
        return None
    may_go = pack.record_destroy_after(basis)
    if may_go is None or may_go > purge.today:
        return False
    return True if purge.last_transaction else None


def collect_posters(prop, pack: RulePack) -> PosterFacts:
    """The latest photo of each notice (as `poster_evidence_latest` picks it), thumbnailed."""
    rule = pack.rule("notice")
    summary = rule.summary + (f" Where: {rule.get('where')}." if rule.get("where") else "")
    lines = []
    for evidence in poster_evidence_latest(prop):
        thumbnail, size = _thumbnail(evidence)
        lines.append(
            PosterLine(
                notice_code=evidence.notice,
                notice=evidence.notice_label(),
                location=evidence.location,
                posted_on=evidence.posted_on,
                uploaded_by=person(evidence.uploaded_by),
                thumbnail=thumbnail,
                thumbnail_size=size,
            )
        )
    return PosterFacts(lines=tuple(lines), rule=summary, citation=rule.source)


def _thumbnail(evidence) -> tuple[bytes | None, tuple[int, int]]:
    """A small JPEG of the photo, so the drawing needs no file (None if it cannot be used).

    A photo stored before uploads were checked may be anything: its header's pixel count is
    read first, and one over the upload limit (or a decompression bomb, or a damaged file) is
    never decoded; the page says so instead and the report still builds.
    """
    if not evidence.photo:
        return None, (0, 0)
    try:
        with evidence.photo.open("rb") as handle:
            if image_pixels(handle) > max_image_pixels():
                return None, (0, 0)
            handle.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                with PILImage.open(handle) as image:
                    image.draft("RGB", (THUMBNAIL_PX, THUMBNAIL_PX))  # JPEG: decode smaller
                    image = image.convert("RGB")
                    image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
                    out = io.BytesIO()
                    image.save(out, format="JPEG", quality=80)
                    return out.getvalue(), image.size
    except (*IMAGE_ERRORS, MemoryError):
        logger.warning("Poster photo %s cannot be drawn in a report.", evidence.pk)
        return None, (0, 0)


def collect_requests(
    prop, *, period_start: date, period_end: date, tz: zoneinfo.ZoneInfo
) -> tuple[tuple[RequestLine, ...], int]:
    """Requests filed in the period: status, basis and dates; never the names they ask for."""
    start, end = period_bounds(period_start, period_end, tz)
    rows = RecordsRequest.objects.for_property(prop).filter(
        created_at__gte=start, created_at__lt=end
    )
    bases = dict(RecordsRequest._meta.get_field("legal_basis").choices)
    statuses = dict(RecordsRequest._meta.get_field("status").choices)
    values = rows.order_by("created_at", "pk").values(
        "pk",
        "created_at",
        "updated_at",
        "agency",
        "legal_basis",
        "status",
        "period_start",
        "period_end",
        "deadline",
    )[:MAX_REQUESTS_LISTED]
    lines = tuple(
        RequestLine(
            reference=str(v["pk"])[:8],
            filed=local_stamp(v["created_at"], tz),
            agency=v["agency"],
            legal_basis=str(bases.get(v["legal_basis"], v["legal_basis"])),
            status=str(statuses.get(v["status"], v["status"])),
            scope=f"{v['period_start'].isoformat()} to {v['period_end'].isoformat()}",
            deadline=v["deadline"],
            updated=local_stamp(v["updated_at"], tz),
        )
        for v in values
    )
    total = len(lines) if len(lines) < MAX_REQUESTS_LISTED else rows.count()
    return lines, total


def collect_access(
    prop, *, period_start: date, period_end: date, tz: zoneinfo.ZoneInfo
) -> AccessFacts:
    """Access events in the period, counted by kind and by the actor's roles (3 queries)."""
    start, end = period_bounds(period_start, period_end, tz)
    events = AccessEvent.objects.filter(property=prop, created_at__gte=start, created_at__lt=end)
    kinds = dict(AccessKind.choices)
    by_kind = [
        (str(kinds.get(kind, kind)), n)
        for kind, n in events.values("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
        .values_list("kind", "n")
    ]
    by_role: dict[str, int] = {}
    for roles, n in (
        events.values("roles").annotate(n=Count("pk")).order_by().values_list("roles", "n")
    ):
        label = ", ".join(sorted(roles)).replace("_", " ") if roles else "no role (system)"
        by_role[label] = by_role.get(label, 0) + n
    totals = events.aggregate(total=Count("pk"), actors=Count("actor", distinct=True))
    return AccessFacts(
        total=totals["total"],
        by_kind=tuple(by_kind),
        by_role=tuple(sorted(by_role.items(), key=lambda item: (-item[1], item[0]))),
        actors=totals["actors"],
    )


def collect_integrity(prop) -> IntegrityFacts:
    verdict = chain_verify(prop)
    problems = tuple(chain_verify_contents(prop, limit=MAX_INTEGRITY_PROBLEMS))
    return IntegrityFacts(
        ok=verdict.ok and not problems,
        head_seq=verdict.head_seq,
        head_hash=verdict.head_hash,
        entries_checked=verdict.entries_checked,
        verdict=str(verdict),
        content_problems=problems,
    )


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
            summary=rate_rule.summary, citation=rate_rule.source, hourly=register.hourly
        ),
        retention=retention,
        register=register,
        requests=requests,
        requests_total=requests_total,
        access=collect_access(prop, period_start=start, period_end=end, tz=tz),
        integrity=collect_integrity(prop),
    )


# --- Duties: each rule's status from the collected facts (no queries) -------------------------


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
        return Duty(name, rule.summary, status, reason, rule.source)

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


def retention_status(r: RetentionFacts) -> tuple[str, str]:
    early = r.early_purge
    if early is not None:
        basis = (
            f"stays that ended up to {early.last_transaction}"
            if early.last_transaction
            else f"stays that arrived up to {early.last_arrival}"
        )
        return NOT_MET, (
            f"the purge of {early.run_at} destroyed {basis}, before the minimum retention "
            "after their last transaction had passed"
        )
    if r.unproven_purges:
        return ATTENTION, (
            f"{r.unproven_purges} purge run(s) recorded no last-transaction dates: whether "
            "they kept every stay the minimum after it ended cannot be shown"
        )
    if r.minimum_days is None:
        return ATTENTION, f"{r.held} registrations held; no minimum retention is known"
    if r.oldest_arrival is None:
        return ATTENTION, "no registrations are held"
    purge = r.last_purge
    if r.oldest_may_go_on is not None and r.oldest_may_go_on <= r.on:
        return MET, (
            f"{r.held} registrations held; the oldest ended {r.oldest_last_transaction}, past "
            f"the {r.minimum_days}-day minimum"
        )
    since = f"; last purge {purge.run_at} within the law" if purge else "; never purged"
    return MET, (
        f"{r.held} registrations held since {r.oldest_arrival}, none destroyed before the "
        f"minimum after its last transaction{since}"
    )


def fields_status(register: RegisterFacts) -> tuple[str, str]:
    if register.total == 0:
        return ATTENTION, "no registrations were recorded in the period"
    if register.incomplete:
        fields = ", ".join(name for name, n in register.missing if n)
        return ATTENTION, (
            f"{register.incomplete} of {register.total} registrations lack a required field "
            f"({fields})"
        )
    return MET, f"all {register.total} registrations in the period have every required field"


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


def rate_status(pack: RulePack, register: RegisterFacts) -> tuple[str, str]:
    if not pack.rule("rate").values:
        return MET, "no rate rule is known for this jurisdiction"
    problems = []
    if register.hourly:
        problems.append(f"{register.hourly} registration(s) in the period used an hourly rate")
    if register.short_stay_benefits:
        limit = pack.rule("rate").get("max_discounted_stay_hours")
        problems.append(
            f"{register.short_stay_benefits} stay(s) of {limit:g} hours or less, by their "
            "real length, had an other or discounted rate"
        )
    if problems:
        return NOT_MET, "; ".join(problems)
    return MET, "no registration in the period used an hourly rate or a short-stay benefit"


def poster_status(pack: RulePack, posters: PosterFacts) -> tuple[str, str]:
    if not pack.rule("notice").get("required"):
        return MET, "no posting duty is known for this jurisdiction"
    if not posters.lines:
        return NOT_MET, "no poster evidence recorded"
    state = [p for p in posters.lines if p.notice_code == REQUIRED_NOTICE]
    if not state:
        return ATTENTION, "photos of other notices only; none of the state hotline notice"
    latest = max(state, key=lambda p: p.posted_on)
    return MET, f"photographed at {latest.location}, posted {latest.posted_on}"


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


# --- Drawing: from the snapshot alone --------------------------------------------------------


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


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
        _p(
            f"{len(snapshot.duties)} duties: {counts[MET]} met, {counts[ATTENTION]} need "
            f"attention, {counts[NOT_MET]} not met. Each status is judged from the records "
            f"below, as of {snapshot.cover.period_end.isoformat()} (retention: as held on "
            f"{snapshot.retention.on.isoformat()})."
        ),
        Spacer(1, 6),
        duties_table(snapshot.duties),
        PageBreak(),
    ]


def training_section(roster: RosterFacts) -> list[Flowable]:
    flow: list[Flowable] = [
        Paragraph("Training roster against headcount", STYLES["h1"]),
        _p(
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
        return [*flow, _p("No employees were on the staff in the period.")]
    rows = [
        [
            line.name + (f" (left {line.end_date})" if line.end_date else ""),
            line.job_role,
            _day(line.hire_date),
            _day(line.due_date),
            _day(line.last_completed_on),
            line.status_label,
        ]
        for line in roster.lines
    ]
    widths = [2.2, 1.1, 0.95, 0.95, 1.05, 1.05]
    header = ["Employee", "Role", "Hired", "Due", "Last training", "Status"]
    return [*flow, table(header, rows, [w * inch for w in widths], status_column=5)]


def poster_section(posters: PosterFacts) -> list[Flowable]:
    return [
        Paragraph("Poster evidence", STYLES["h1"]),
        _p(posters.rule),
        _p(posters.citation, "small"),
        Spacer(1, 6),
        poster_table(posters),
    ]


def poster_table(posters: PosterFacts) -> Flowable:
    """The latest photo of each notice with its place and date (or a plain "none")."""
    if not posters.lines:
        return _p("No poster evidence recorded.")
    rows = [
        [
            _photo(line),
            line.notice,
            line.location or "—",
            _day(line.posted_on),
            line.uploaded_by or "—",
        ]
        for line in posters.lines
    ]
    widths = [1.7, 2.0, 1.6, 0.9, 1.1]
    header = ["Photo", "Notice", "Place", "Posted", "Recorded by"]
    return table(header, rows, [w * inch for w in widths])


def _photo(line: PosterLine) -> Flowable | str:
    if not line.thumbnail:
        return _p(gettext("Photo not shown: the stored file cannot be read."))
    width, height = line.thumbnail_size
    scale = min(1.55 * inch / width, 1.2 * inch / height)
    return Image(io.BytesIO(line.thumbnail), width=width * scale, height=height * scale)


def rate_section(rate: RateFacts, register: RegisterFacts) -> list[Flowable]:
    verdict = (
        "none, as the law requires" if rate.hourly == 0 else f"{rate.hourly}: each must be reviewed"
    )
    return [
        Paragraph("The hourly-rate rule", STYLES["h2"]),
        _p(rate.summary),
        _p(rate.citation, "small"),
        _p(
            f"Registrations in the period with an hourly rate: {verdict} "
            f"(of {register.total} registrations)."
        ),
        _p(
            "Short stays with an other or discounted rate, judged on their real length "
            f"(the check-out) and the amount charged: {register.short_stay_benefits}."
        ),
    ]


def retention_section(r: RetentionFacts) -> list[Flowable]:
    rows = [
        ("Registrations held", f"{r.held} on {r.on.isoformat()}"),
        ("Oldest registration held", f"arrival {_day(r.oldest_arrival)}"),
        ("Minimum retention", f"{r.minimum_text} Counted from the stay's last transaction."),
        ("Earliest last transaction held", _day(r.oldest_last_transaction)),
        (
            "Earliest may be destroyed from",
            _day(r.oldest_may_go_on) if r.oldest_arrival else "—",
        ),
    ]
    purge = r.last_purge
    if purge is None:
        rows.append(("Last purge", "none recorded"))
    else:
        span = (
            f", arrivals {purge.first_arrival} to {purge.last_arrival}"
            if purge.first_arrival
            else ""
        )
        ended = f", ended by {purge.last_transaction}" if purge.last_transaction else ""
        verdict = {
            True: "within the minimum retention",
            False: "BEFORE the end of the minimum retention",
            None: "not shown to be within the minimum retention",
        }[purge.lawful]
        rows.append(
            (
                "Last purge",
                f"{purge.run_at}: {purge.registrations} destroyed{span}{ended}; {purge.held} "
                f"kept under a legal hold; {verdict}",
            )
        )
    if r.early_purge is not None and r.early_purge is not purge:
        rows.append(("Purge before its time", f"{r.early_purge.run_at}: see the summary"))
    return [
        Paragraph("Retention", STYLES["h2"]),
        table(("Measure", "Value"), rows, (2.0 * inch, 5.3 * inch)),
        _p(r.citation, "small"),
    ]


def register_section(register: RegisterFacts) -> list[Flowable]:
    unit = "day" if register.bucket_days == 1 else "week"
    busiest = register.busiest
    flow: list[Flowable] = [
        Paragraph("Register statistics", STYLES["h1"]),
        _p(
            f"{register.total} registrations in the period"
            + (f"; busiest {unit} {busiest[0].isoformat()} with {busiest[1]}" if busiest else "")
            + "."
        ),
        Paragraph(f"Registrations per {unit}", STYLES["h2"]),
    ]
    if register.buckets:
        flow += [_chart(register), Spacer(1, 4), _bucket_table(register)]
    rows = [
        (name.replace("_", " "), str(n), f"{n / register.total:.1%}" if register.total else "—")
        for name, n in register.missing
    ]
    flow += [
        Paragraph("Missing required fields", STYLES["h2"]),
        _p(
            f"{register.incomplete} of {register.total} registrations lack at least one field "
            "the jurisdiction requires."
        ),
        Spacer(1, 4),
        left(
            table(
                ["Required field", "Missing", "Share"], rows, [2.4 * inch, 1.0 * inch, 1.0 * inch]
            )
        ),
    ]
    return flow


def _chart(register: RegisterFacts) -> Flowable:
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


def _bucket_table(register: RegisterFacts) -> Flowable:
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


def requests_section(snapshot: Snapshot) -> list[Flowable]:
    flow: list[Flowable] = [
        Paragraph("Records requests and access", STYLES["h1"]),
        Paragraph("Records requests filed in the period", STYLES["h2"]),
    ]
    if not snapshot.requests:
        flow.append(_p("No records request was filed in the period."))
    else:
        rows = [
            [r.reference, r.filed, r.agency, r.legal_basis, r.status, r.scope, _day(r.deadline)]
            for r in snapshot.requests
        ]
        widths = [0.7, 1.15, 1.35, 1.15, 0.85, 1.3, 0.8]
        flow.append(
            table(
                ["Ref.", "Filed", "Agency", "Legal basis", "Status", "Scope (period)", "Deadline"],
                rows,
                [w * inch for w in widths],
            )
        )
        if snapshot.requests_total > len(snapshot.requests):
            flow.append(
                _p(f"and {snapshot.requests_total - len(snapshot.requests)} more.", "small")
            )
        flow.append(_p("Guest names asked for are never printed in this pack.", "small"))
    access = snapshot.access
    flow += [
        Paragraph("Access log in the period", STYLES["h2"]),
        _p(
            f"{access.total} access events by {access.actors} user(s): every view of unmasked "
            "data, search, export, import, download and refusal is logged."
        ),
        Spacer(1, 4),
    ]
    if access.total:
        flow.append(
            KeepTogether(
                [
                    left(table(["Kind", "Events"], access.by_kind, [2.4 * inch, 0.9 * inch])),
                    Spacer(1, 6),
                    left(
                        table(
                            ["Role of the user", "Events"], access.by_role, [2.4 * inch, 0.9 * inch]
                        )
                    ),
                ]
            )
        )
    return flow


def integrity_section(integrity: IntegrityFacts) -> list[Flowable]:
    result = "passed" if integrity.ok else "failed"
    rows = [
        ("Chain head", f"#{integrity.head_seq}"),
        ("Head hash", integrity.head_hash),
        ("Entries checked", str(integrity.entries_checked)),
        ("Links", integrity.verdict),
        (
            "Rows against the chain",
            "every row matches its entry"
            if not integrity.content_problems
            else f"{len(integrity.content_problems)} problem(s) found",
        ),
        ("Result", result),
    ]
    flow: list[Flowable] = [
        Paragraph("Integrity", STYLES["h1"]),
        _p(
            "Every registration, amendment and access event is chained per property; verifying "
            "the chain proves that nothing was altered or deleted outside the retention purge."
        ),
        Spacer(1, 4),
        table(("Check", "Result"), rows, (2.0 * inch, 5.3 * inch), status_column=1),
    ]
    for problem in integrity.content_problems:
        flow.append(_p(problem, "small"))
    return flow


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
