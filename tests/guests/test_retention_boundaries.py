"""Retention boundaries on a frozen clock: kept on the minimum's last day, purgeable the next.

Connecticut (PA 16-71 §3) keeps a guest record "at least six months" from the transaction;
the pack also states 183 days, and the record outlives both. Each case is a stay whose last
transaction (its check-out, at 23:50 in New Haven, already the next day in UTC) falls on a
boundary of the calendar, or whose last kept day does: every month end, the leap day and the
29th/30th/31st around it, the US daylight-saving changes in America/New_York, the year end.
The purge runs as the beat runs it (`purge_expired_registrations`, each property by its own
date) late on the last kept day, at 03:15 UTC the next morning (still that day in New Haven),
and just after the next local midnight. The stays arrived long before, so counting from the
arrival would purge them months early.
"""

import calendar
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

import pytest

from guests.models import Registration
from guests.retention import kept_until
from guests.services import registration_checkout
from guests.tasks import purge_expired_registrations
from tests.guests.factories import arriving, make_registration

pytestmark = pytest.mark.django_db

NEW_HAVEN = zoneinfo.ZoneInfo("America/New_York")
STAY_NIGHTS = 400  # a long stay: its arrival alone is past any six months

# (the check-out's local date, the last day the record must still be there). Worked out by
# hand from the two limits: six calendar months on (clamped to the month's end) and 183 days.
BOUNDARIES = [
    # Every month end of 2027, and the year end.
    pytest.param(date(2027, 1, 31), date(2027, 8, 2), id="Jan 31: 183 days (Aug 2)"),
    pytest.param(date(2027, 2, 28), date(2027, 8, 30), id="Feb 28: 183 days"),
    pytest.param(date(2027, 3, 31), date(2027, 9, 30), id="Mar 31: Sep 30"),
    pytest.param(date(2027, 4, 30), date(2027, 10, 30), id="Apr 30"),
    pytest.param(date(2027, 5, 31), date(2027, 11, 30), id="May 31"),
    pytest.param(date(2027, 6, 30), date(2027, 12, 30), id="Jun 30"),
    pytest.param(date(2027, 7, 31), date(2028, 1, 31), id="Jul 31: six months (184 days)"),
    pytest.param(date(2027, 8, 31), date(2028, 3, 1), id="Aug 31: 183 days past Feb 29"),
    pytest.param(date(2027, 9, 30), date(2028, 3, 31), id="Sep 30"),
    pytest.param(date(2027, 10, 31), date(2028, 5, 1), id="Oct 31"),
    pytest.param(date(2027, 11, 30), date(2028, 5, 31), id="Nov 30"),
    pytest.param(date(2027, 12, 31), date(2028, 7, 1), id="Dec 31: year end, leap year"),
    pytest.param(date(2027, 7, 1), date(2028, 1, 1), id="Jul 1: kept into the new year"),
    # Around the leap day: kept until Feb 29, or from it.
    pytest.param(date(2027, 8, 29), date(2028, 2, 29), id="Aug 29: six months is Feb 29"),
    pytest.param(date(2027, 8, 30), date(2028, 2, 29), id="Aug 30: clamped to Feb 29"),
    pytest.param(date(2028, 2, 28), date(2028, 8, 29), id="Feb 28 2028"),
    pytest.param(date(2028, 2, 29), date(2028, 8, 30), id="Feb 29 2028: the leap day"),
    pytest.param(date(2028, 3, 1), date(2028, 9, 1), id="Mar 1 2028"),
    pytest.param(date(2028, 3, 29), date(2028, 9, 29), id="Mar 29 2028"),
    pytest.param(date(2028, 3, 30), date(2028, 9, 30), id="Mar 30 2028"),
    pytest.param(date(2028, 3, 31), date(2028, 9, 30), id="Mar 31 2028: clamped to Sep 30"),
    # US daylight-saving changes in New Haven: checked out on them, or kept until them.
    pytest.param(date(2027, 3, 14), date(2027, 9, 14), id="out on DST start 2027-03-14"),
    pytest.param(date(2027, 11, 7), date(2028, 5, 8), id="out on DST end 2027-11-07"),
    pytest.param(date(2028, 3, 12), date(2028, 9, 12), id="out on DST start 2028-03-12"),
    pytest.param(date(2028, 11, 5), date(2029, 5, 7), id="out on DST end 2028-11-05"),
    pytest.param(date(2026, 9, 12), date(2027, 3, 14), id="kept until DST start 2027-03-14"),
    pytest.param(date(2027, 5, 7), date(2027, 11, 7), id="kept until DST end 2027-11-07"),
]


def local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=NEW_HAVEN)


def long_stay_checked_out(prop, actor, frozen_clock, left_on: date) -> Registration:
    """A stay of `STAY_NIGHTS` nights, checked out at 23:50 on `left_on` (New Haven)."""
    checked_out_at = local(left_on, time(23, 50))
    frozen_clock.move_to(checked_out_at + timedelta(minutes=5))
    arrival_day = left_on - timedelta(days=STAY_NIGHTS)
    registration = make_registration(
        prop, actor, arrival=arriving(prop, arrival_day), expected_departure=left_on
    )
    registration_checkout(registration=registration, actor=actor, at=checked_out_at)
    return registration


def exists(registration) -> bool:
    return Registration.objects.filter(pk=registration.pk).exists()


@pytest.mark.parametrize(("left_on", "last_kept"), BOUNDARIES)
def test_kept_on_the_last_day_and_purgeable_the_day_after(
    hotel_a, maria, frozen_clock, left_on, last_kept
):
    assert hotel_a.timezone == "America/New_York"
    registration = long_stay_checked_out(hotel_a, maria, frozen_clock, left_on)
    assert checked_out_utc_date(registration) == left_on + timedelta(days=1)
    assert kept_until(hotel_a, registration) == last_kept

    # Six calendar months on is always kept (never fewer than six months).
    six_months_on = six_months_after(left_on)
    assert last_kept >= six_months_on

    for moment in (
        local(six_months_on, time(12, 0)),
        local(last_kept, time(0, 0, 30)),
        local(last_kept, time(23, 59, 30)),
        datetime.combine(last_kept + timedelta(days=1), time(3, 15), tzinfo=UTC),
    ):
        frozen_clock.move_to(moment)
        purge_expired_registrations()
        assert exists(registration), f"purged on {moment.isoformat()}"

    frozen_clock.move_to(local(last_kept + timedelta(days=1), time(0, 0, 30)))
    assert purge_expired_registrations() == 1
    assert not exists(registration)


def six_months_after(day: date) -> date:
    """Six calendar months on, the month's last day when it is shorter (the law's reading)."""
    year, month = divmod(day.year * 12 + day.month - 1 + 6, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def checked_out_utc_date(registration) -> date:
    registration.refresh_from_db()
    return registration.checked_out_at.astimezone(UTC).date()


def test_a_record_is_kept_the_whole_of_a_dst_day_in_the_propertys_zone(
    hotel_a, maria, frozen_clock
):
    # Kept until 2027-11-07, the 25-hour day the clocks go back: still there at 23:59 EST
    # (04:59 UTC on the 8th), gone from 00:00 EST.
    registration = long_stay_checked_out(hotel_a, maria, frozen_clock, date(2027, 5, 7))

    frozen_clock.move_to(datetime(2027, 11, 8, 4, 59, 30, tzinfo=UTC))
    purge_expired_registrations()
    assert exists(registration)

    frozen_clock.move_to(datetime(2027, 11, 8, 5, 0, 30, tzinfo=UTC))
    purge_expired_registrations()
    assert not exists(registration)
