"""The hourly-rate rule: hourly rates and short stays with an other or discounted rate."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import F, Q
from reportlab.platypus import Flowable, Paragraph

from audits.reports.document import STYLES, para
from audits.reports.kinds.compliance_pack.shared import MET, NOT_MET
from guests import stays
from guests.models import RegistrationQuerySet
from hotelcompliance.rules import RulePack

if TYPE_CHECKING:
    from audits.reports.kinds.compliance_pack.register import RegisterFacts


@dataclass(frozen=True)
class RateFacts:
    summary: str
    citation: str
    hourly: int


def short_stay_benefits(rows: RegistrationQuerySet, pack: RulePack, tz: zoneinfo.ZoneInfo) -> int:
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


def rate_section(rate: RateFacts, register: RegisterFacts) -> list[Flowable]:
    verdict = (
        "none, as the law requires" if rate.hourly == 0 else f"{rate.hourly}: each must be reviewed"
    )
    return [
        Paragraph("The hourly-rate rule", STYLES["h2"]),
        para(rate.summary),
        para(rate.citation, "small"),
        para(
            f"Registrations in the period with an hourly rate: {verdict} "
            f"(of {register.total} registrations)."
        ),
        para(
            "Short stays with an other or discounted rate, judged on their real length "
            f"(the check-out) and the amount charged: {register.short_stay_benefits}."
        ),
    ]
