"""One duty computation: the compliance pack scorecard and the dashboard read the same verdicts."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from audits.duties import DASHBOARD_PERIOD_DAYS, duties, property_duties, registration_status
from audits.duty_snapshots import month_ends, snapshot_backfill, snapshot_take
from audits.models import DutySnapshot
from audits.reports.kinds import compliance_pack
from audits.reports.kinds.common import ReportContext
from audits.reports.kinds.compliance_pack.shared import ATTENTION, MET, NOT_MET
from audits.reports.models import AuditReport
from tests.guests.factories import make_registration
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db


def _pack_duties(prop, user, *, start, end):
    report = AuditReport.objects.create(
        property=prop,
        kind="compliance_pack",
        period_start=start,
        period_end=end,
        requested_by=user,
        created_at=timezone.now(),
    )
    context = ReportContext(report=report, as_of=end, generated_at=timezone.now())
    return compliance_pack.collect(context).duties


def test_the_pack_and_the_dashboard_agree_on_every_duty(hotel_a, maria, sam):
    today = hotel_a.today()
    EmployeeFactory(property=hotel_a, hire_date=date(2020, 1, 1))  # never trained: overdue
    trained = EmployeeFactory(property=hotel_a, hire_date=date(2020, 1, 1))
    TrainingRecordFactory(employee=trained, course=CourseFactory(), completed_on=today)
    make_registration(hotel_a, sam)

    on_dashboard, _facts = property_duties(hotel_a, on=today)
    in_pack = _pack_duties(
        hotel_a, maria, start=today - timedelta(days=DASHBOARD_PERIOD_DAYS - 1), end=today
    )

    assert [(d.key, d.status, d.reason) for d in on_dashboard] == [
        (d.key, d.status, d.reason) for d in in_pack
    ]
    assert {d.status for d in on_dashboard} <= {MET, ATTENTION, NOT_MET}
    by_key = {d.key: d for d in on_dashboard}
    assert by_key["new_hire_deadline"].status == NOT_MET
    assert "never trained" in by_key["new_hire_deadline"].reason
    assert by_key["notice"].reason == "no poster evidence recorded"


def test_the_snapshot_keeps_the_same_verdicts_and_the_training_counts(hotel_a):
    EmployeeFactory(property=hotel_a, hire_date=date(2020, 1, 1))

    snapshot, judged = snapshot_take(hotel_a)
    again, _ = snapshot_take(hotel_a)  # the same day: replaced, not added

    assert [row["status"] for row in snapshot.duties] == [d.status for d in judged]
    assert (snapshot.required, snapshot.overdue) == (1, 1)
    assert snapshot.current_percent() == 0
    assert again.pk == snapshot.pk and DutySnapshot.objects.count() == 1


def test_the_backfill_rebuilds_past_month_ends_from_training_history(hotel_a):
    today = hotel_a.today()
    employee = EmployeeFactory(property=hotel_a, hire_date=today - timedelta(days=500))
    TrainingRecordFactory(
        employee=employee, course=CourseFactory(), completed_on=today - timedelta(days=100)
    )

    added = snapshot_backfill(hotel_a)

    days = month_ends(today)
    assert added == 11 and len(days) == 12 and days[-1] == today
    rows = {s.taken_on: s for s in DutySnapshot.objects.filter(property=hotel_a)}
    assert rows[days[0]].current_percent() == 0  # before the training
    assert rows[days[-2]].current_percent() == 100
    assert snapshot_backfill(hotel_a) == 0  # days already kept are left alone


def test_operator_registration_is_judged_against_the_date_it_is_required_from(hotel_a):
    pack = hotel_a.rule_pack()  # Connecticut: DCP registration from 2027-01-01
    since = pack.rule("registration").get("required_from")
    assert since == date(2027, 1, 1)

    assert registration_status(pack, "DCP-1", since)[0] == MET
    assert registration_status(pack, "", since - timedelta(days=1))[0] == ATTENTION
    assert registration_status(pack, "", since)[0] == NOT_MET


def test_a_pack_without_a_registration_duty_never_asks_for_one():
    from hotelcompliance.rules import get_pack

    pack = get_pack("US-TX")
    assert pack.rule("registration").get("required_from") is None
    assert registration_status(pack, "", date(2030, 1, 1))[0] == MET


def test_duties_come_in_the_scorecards_order(hotel_a):
    _duties, facts = property_duties(hotel_a, on=hotel_a.today())

    keys = [d.key for d in duties(hotel_a.rule_pack(), facts)]

    assert keys == [
        "retention",
        "guest_records",
        "new_hire_deadline",
        "refresher",
        "certification",
        "rate",
        "notice",
        "registration",
    ]
