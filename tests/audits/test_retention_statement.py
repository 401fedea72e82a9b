"""The compliance pack's retention duty judges every purge on the stays' last transactions.

"None destroyed early" must mean: no purge destroyed a stay before the pack's minimum had
passed after the stay ended (its check-out), not after it arrived. The short-stay rate duty
judges each stay on its real length and the amount charged.
"""

import zoneinfo
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from audits.reports.kinds import compliance_pack
from audits.reports.kinds.compliance_pack import collect_retention, retention_status
from guests.models import PurgeRecord
from guests.retention import purge_expired
from guests.services import registration_checkout
from tests.audits.test_report_kinds import context_for, make_report
from tests.guests.factories import arriving, make_registration

pytestmark = pytest.mark.django_db


def today(prop) -> date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(prop.timezone))


def facts(prop):
    tz = zoneinfo.ZoneInfo(prop.timezone)
    return collect_retention(prop, prop.rule_pack(), on=today(prop), tz=tz)


def purge_run(prop, *, on: date, last_arrival: date, last_transaction: date | None):
    return PurgeRecord.objects.create(
        property=prop,
        today=on,
        registrations=3,
        first_arrival=last_arrival - timedelta(days=5),
        last_arrival=last_arrival,
        last_transaction=last_transaction,
    )


def test_a_purge_of_long_stays_that_ended_recently_is_early(hotel_a):
    # Arrived 300 days before the run (past six months) but checked out 30 days before it.
    on = today(hotel_a) - timedelta(days=1)
    purge_run(
        hotel_a,
        on=on,
        last_arrival=on - timedelta(days=300),
        last_transaction=on - timedelta(days=30),
    )

    status, reason = retention_status(facts(hotel_a))

    assert status == compliance_pack.NOT_MET
    assert f"ended up to {on - timedelta(days=30)}" in reason
    assert "none destroyed" not in reason


def test_an_early_run_is_named_even_when_a_later_run_was_lawful(hotel_a):
    first = today(hotel_a) - timedelta(days=20)
    purge_run(hotel_a, on=first, last_arrival=first - timedelta(days=300), last_transaction=first)
    last = today(hotel_a) - timedelta(days=1)
    purge_run(
        hotel_a,
        on=last,
        last_arrival=last - timedelta(days=400),
        last_transaction=last - timedelta(days=200),
    )

    retention = facts(hotel_a)

    assert retention.last_purge.lawful is True
    assert retention.early_purge.today == first
    assert retention_status(retention)[0] == compliance_pack.NOT_MET


def test_a_run_without_last_transactions_cannot_be_shown_lawful(hotel_a):
    on = today(hotel_a) - timedelta(days=1)
    purge_run(hotel_a, on=on, last_arrival=on - timedelta(days=400), last_transaction=None)

    status, reason = retention_status(facts(hotel_a))

    assert status == compliance_pack.ATTENTION
    assert "cannot be shown" in reason


def test_the_real_purge_is_lawful_and_the_earliest_held_stay_counts_from_its_check_out(
    hotel_a, maria
):
    tz = zoneinfo.ZoneInfo(hotel_a.timezone)
    old = make_registration(
        hotel_a,
        maria,
        arrival=arriving(hotel_a, today(hotel_a) - timedelta(days=500)),
        expected_departure=today(hotel_a) - timedelta(days=250),
    )
    registration_checkout(
        registration=old, actor=maria, at=arriving(hotel_a, today(hotel_a) - timedelta(250), 10)
    )
    long_one = make_registration(
        hotel_a,
        maria,
        arrival=arriving(hotel_a, today(hotel_a) - timedelta(days=300)),
        expected_departure=today(hotel_a) - timedelta(days=40),
    )
    left = arriving(hotel_a, today(hotel_a) - timedelta(days=40), hour=10)
    registration_checkout(registration=long_one, actor=maria, at=left)
    purge_expired(prop=hotel_a, today=today(hotel_a))

    retention = facts(hotel_a)
    status, reason = retention_status(retention)

    assert retention.held == 1
    assert retention.oldest_arrival == today(hotel_a) - timedelta(days=300)
    assert retention.oldest_last_transaction == timezone.localtime(left, tz).date()
    pack = hotel_a.rule_pack()
    assert retention.oldest_may_go_on == pack.record_destroy_after(today(hotel_a) - timedelta(40))
    assert retention.last_purge.lawful is True
    assert status == compliance_pack.MET
    assert "none destroyed before the minimum after its last transaction" in reason


def stay_for_rate(prop, actor, *, arrival, departure, left, **extra):
    registration = make_registration(
        prop, actor, arrival=arrival, expected_departure=departure, **extra
    )
    registration_checkout(registration=registration, actor=actor, at=left)
    return registration


def test_the_rate_duty_judges_each_stay_on_its_real_length(hotel_a, maria):
    day = today(hotel_a) - timedelta(days=10)
    # Planned for two nights at an "other" rate, checked out after 5 hours: a short stay.
    stay_for_rate(
        hotel_a,
        maria,
        arrival=arriving(hotel_a, day, hour=15),
        departure=day + timedelta(days=2),
        left=arriving(hotel_a, day, hour=20),
        rate_type="other",
    )
    # Planned for two nights at an "other" rate and stayed them: not short.
    stay_for_rate(
        hotel_a,
        maria,
        arrival=arriving(hotel_a, day, hour=15),
        departure=day + timedelta(days=2),
        left=arriving(hotel_a, day + timedelta(days=2), hour=10),
        rate_type="other",
    )
    report = make_report(hotel_a, maria, "compliance_pack", start=day, end=day)

    snapshot = compliance_pack.collect(context_for(report))

    duties = {d.name: d for d in snapshot.duties}
    assert snapshot.register.short_stay_benefits == 1
    assert duties["Hourly-rate ban"].status == compliance_pack.NOT_MET
    assert "1 stay(s) of 12 hours or less, by their real length" in duties["Hourly-rate ban"].reason


def test_a_short_stay_charged_below_its_nightly_rate_is_a_benefit(hotel_a, maria):
    day = today(hotel_a) - timedelta(days=10)
    stay_for_rate(
        hotel_a,
        maria,
        arrival=arriving(hotel_a, day, hour=15),
        departure=day + timedelta(days=1),
        left=arriving(hotel_a, day, hour=19),
        rate=Decimal("149.00"),
        amount_charged=Decimal("60.00"),
    )
    report = make_report(hotel_a, maria, "compliance_pack", start=day, end=day)

    snapshot = compliance_pack.collect(context_for(report))

    assert snapshot.register.short_stay_benefits == 1
