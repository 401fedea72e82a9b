"""A stay's real shape: when it ends, how long it lasted, and its last transaction.

Plain functions over a registration's dates, shared by the check-in's validation, the
retention purge and the compliance pack, so the desk, the purge and the inspector's report
judge a stay the same way.

- A stay checked out ended at its check-out; one not (yet) checked out is judged on its plan:
  its expected departure at the usual check-out hour (`ASSUMED_CHECKOUT_TIME`), or, for a
  day-use stay (leaving on the day it arrived, from 06:00), at the end of that day, the
  latest its plan allows.
- Its last transaction is the local date of the check-out (the register records no later
  charge: `amount_charged` and the receipt have no date of their own), or, never checked out,
  the expected departure. Retention counts from that date, never from the arrival.
"""

from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from guests.models import Registration
    from hotelcompliance.rules import RulePack

# expected_departure is a date; a planned overnight stay is assumed to leave at this hour.
ASSUMED_CHECKOUT_TIME = time(11, 0)
# Arrivals before this hour (local) belong to the previous night: a guest arriving at 00:30
# on the 29th who leaves on the 29th stayed the night of the 28th.
NIGHT_ENDS_AT = time(6, 0)


def arrival_night(arrival: datetime, tz: tzinfo) -> date:
    """The night a stay starts: the local date, or the day before for arrivals before 06:00."""
    local = timezone.localtime(arrival, tz)
    if local.time() < NIGHT_ENDS_AT:
        return local.date() - timedelta(days=1)
    return local.date()


def is_day_use(arrival: datetime, expected_departure: date, tz: tzinfo) -> bool:
    """Planned to leave on the day it arrived, with no night in between."""
    return expected_departure <= arrival_night(arrival, tz)


def planned_end(arrival: datetime, expected_departure: date, tz: tzinfo) -> datetime:
    """When the stay is planned to end: the check-out hour, or a day-use stay's midnight."""
    if is_day_use(arrival, expected_departure, tz):
        return datetime.combine(expected_departure + timedelta(days=1), time.min, tzinfo=tz)
    return datetime.combine(expected_departure, ASSUMED_CHECKOUT_TIME, tzinfo=tz)


def stay_hours(
    arrival: datetime, expected_departure: date, checked_out_at: datetime | None, tz: tzinfo
) -> float:
    """The stay's length in hours: real once checked out, planned until then."""
    end = checked_out_at or planned_end(arrival, expected_departure, tz)
    return (end - arrival).total_seconds() / 3600


def last_transaction(
    arrival: datetime, expected_departure: date, checked_out_at: datetime | None, tz: tzinfo
) -> date:
    """The property's date of the stay's last transaction, which retention counts from."""
    arrived = timezone.localtime(arrival, tz).date()
    if checked_out_at is not None:
        return max(arrived, timezone.localtime(checked_out_at, tz).date())
    return max(arrived, expected_departure)


def rate_problem(
    pack: "RulePack",
    *,
    rate_type: str,
    rate: Decimal | None,
    amount_charged: Decimal | None,
    hours: float | None,
) -> str:
    """Why the pack's rate rule bars this stay's rate, or "" (CT PA 23-20: hourly, <= 12 h).

    A short stay charged less than its stated nightly or weekly rate got a discount.
    """
    if not rate_type:
        return ""
    money = (Decimal, int)
    discounted = (
        isinstance(rate, money) and isinstance(amount_charged, money) and amount_charged < rate
    )
    allowed, reason = pack.rate_type_allowed(
        rate_type=rate_type, stay_hours=hours, discounted=discounted
    )
    return "" if allowed else reason


def registration_rate_problem(pack: "RulePack", registration: "Registration") -> str:
    """`rate_problem` for a stored registration, on its real length when checked out."""
    tz = registration.property.tz
    return rate_problem(
        pack,
        rate_type=registration.rate_type,
        rate=registration.rate,
        amount_charged=registration.amount_charged,
        hours=stay_hours(
            registration.arrival, registration.expected_departure, registration.checked_out_at, tz
        ),
    )


def nights(arrival: datetime, expected_departure: date, tz: tzinfo) -> int:
    """Nights the stay is planned for: a day-use stay counts as one (it is charged a day)."""
    return max((expected_departure - arrival_night(arrival, tz)).days, 1)


def planned_charge(
    rate: Decimal | None,
    rate_type: str,
    arrival: datetime,
    expected_departure: date,
    tz: tzinfo,
) -> Decimal | None:
    """Rate x nights (a weekly rate x the weeks begun), or None where no sum follows.

    The desk's default for `amount_charged` when the clerk leaves it blank; an hourly or
    "other" rate has no planned sum, so the clerk (or the pack's rule) decides.
    """
    if rate is None or rate_type not in ("nightly", "weekly"):
        return None
    count = nights(arrival, expected_departure, tz)
    if rate_type == "weekly":
        count = -(-count // 7)
    return (rate * count).quantize(Decimal("0.01"))
