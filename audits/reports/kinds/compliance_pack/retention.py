"""The retention duty: what the register holds against the minimum, and whether any purge
went before its time."""

import zoneinfo
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min
from django.db.models.functions import Coalesce, TruncDate
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph

from audits.reports.document import STYLES, day_text, para, table
from audits.reports.kinds.common import local_stamp
from audits.reports.kinds.compliance_pack.shared import ATTENTION, MET, NOT_MET
from guests.models import PurgeRecord, Registration
from hotelcompliance.rules import RulePack
from hotelcompliance.tenancy import Property


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


def collect_retention(
    prop: Property, pack: RulePack, *, on: date, tz: zoneinfo.ZoneInfo
) -> RetentionFacts:
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
        citation=rule.citation,
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


def retention_section(r: RetentionFacts) -> list[Flowable]:
    rows = [
        ("Registrations held", f"{r.held} on {r.on.isoformat()}"),
        ("Oldest registration held", f"arrival {day_text(r.oldest_arrival)}"),
        ("Minimum retention", f"{r.minimum_text} Counted from the stay's last transaction."),
        ("Earliest last transaction held", day_text(r.oldest_last_transaction)),
        (
            "Earliest may be destroyed from",
            day_text(r.oldest_may_go_on) if r.oldest_arrival else "—",
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
        para(r.citation, "small"),
    ]
