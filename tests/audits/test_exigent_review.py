"""An exigent production is reviewed after the fact: asked, recorded, shown, reminded once."""

import io
from datetime import timedelta

import pdfplumber
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audits import services, tasks
from audits.models import RecordsRequest, RecordsRequestEvent
from audits.reports import services as report_services
from audits.reports.models import AuditReport
from audits.request_steps import TransitionNotAllowed
from hotelcompliance.chain import ChainEntry, chain_verify
from hotelcompliance.outbox import OutboxEvent
from tests.audits.factories import file_exigent_request, file_request
from tests.audits.report_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

REMIND = "audits.tasks.remind_managers_of_exigent_review"


def review(request, actor, outcome="confirmed", reason="The child was found in room 101."):
    return services.records_request_exigent_review(
        request=request, actor=actor, outcome=outcome, reason=reason
    )


def test_an_exigent_filing_is_due_for_review_within_the_set_hours(hotel_a, ivan, settings):
    request = file_exigent_request(hotel_a, ivan)
    assert request.exigent_review_due_at == request.created_at + timedelta(hours=72)
    assert request.exigent_review_state() == "awaiting"

    settings.EXIGENT_REVIEW_HOURS = 24
    sooner = file_exigent_request(hotel_a, ivan)

    assert sooner.exigent_review_due_at == sooner.created_at + timedelta(hours=24)
    assert file_request(hotel_a, ivan).exigent_review_due_at is None


def test_the_managers_notice_asks_them_to_confirm_or_contest_by_the_deadline(
    hotel_a, ivan, maria, gina, mailoutbox
):
    request = file_exigent_request(hotel_a, ivan)
    (event,) = OutboxEvent.objects.filter(task_name=services.NOTIFY_MANAGERS_TASK)

    tasks.notify_managers_of_request(event_id=str(event.pk), **event.kwargs)

    assert sorted(m.to[0] for m in mailoutbox) == ["gina@example.test", "maria@example.test"]
    body = mailoutbox[0].body
    assert "Confirm or contest this production" in body
    due = timezone.localtime(request.exigent_review_due_at).strftime("%Y-%m-%d %H:%M")
    assert due in body
    assert f"/records-requests/{request.pk}/" in body


def test_a_confirmation_is_a_chained_timeline_step_with_its_reason(hotel_a, ivan, maria):
    request = file_exigent_request(hotel_a, ivan)
    entries = ChainEntry.objects.count()

    review(request, maria)

    stored = RecordsRequest.objects.get(pk=request.pk)
    assert stored.status == "produced"
    assert (stored.exigent_review, stored.exigent_reviewed_by) == ("confirmed", maria)
    assert stored.exigent_review_state() == "confirmed"
    last = RecordsRequestEvent.objects.filter(request=request).order_by("at").last()
    assert (last.step, last.reason, last.actor) == (
        "exigent_confirmed",
        "The child was found in room 101.",
        maria,
    )
    assert (last.from_status, last.to_status) == ("produced", "produced")
    entry = ChainEntry.objects.order_by("seq").filter(kind="records_request.event").last()
    assert entry.payload["step"] == "exigent_confirmed"
    assert "child" not in str(entry.payload)
    assert ChainEntry.objects.count() > entries
    assert chain_verify(hotel_a).ok


def test_a_contest_is_recorded_too_and_only_once(hotel_a, ivan, maria):
    request = file_exigent_request(hotel_a, ivan)

    review(request, maria, outcome="contested", reason="Nothing suggested an emergency.")

    assert RecordsRequest.objects.get(pk=request.pk).exigent_review_state() == "contested"
    with pytest.raises(TransitionNotAllowed, match="already contested"):
        review(request, maria)


@pytest.mark.parametrize(
    ("outcome", "reason", "field"),
    [
        ("confirmed", "  ", "reason"),
        ("maybe", "Because.", "outcome"),
        ("confirmed", "a\x00", "reason"),
    ],
)
def test_a_review_without_a_reason_or_outcome_is_refused(
    hotel_a, ivan, maria, outcome, reason, field
):
    request = file_exigent_request(hotel_a, ivan)

    with pytest.raises(ValidationError) as refused:
        review(request, maria, outcome=outcome, reason=reason)

    assert field in refused.value.message_dict
    assert RecordsRequest.objects.get(pk=request.pk).exigent_review == ""


def test_only_managers_review_and_only_an_exigent_production(hotel_a, ivan, maria):
    request = file_exigent_request(hotel_a, ivan)
    with pytest.raises(PermissionDenied):
        review(request, ivan)
    ordinary = file_request(hotel_a, ivan)
    with pytest.raises(TransitionNotAllowed, match="exigent circumstances"):
        review(ordinary, maria)


def test_past_the_deadline_the_review_is_overdue(hotel_a, ivan, maria, frozen_clock):
    request = file_exigent_request(hotel_a, ivan)
    frozen_clock.move_to(request.exigent_review_due_at + timedelta(seconds=1))

    assert request.exigent_review_state() == "overdue"
    assert list(RecordsRequest.objects.exigent_review_overdue()) == [request]
    review(request, maria)  # still possible, late
    assert not RecordsRequest.objects.exigent_review_overdue().exists()


# Reminders ---------------------------------------------------------------------------------


def test_an_overdue_review_is_reminded_once_never_twice(
    hotel_a, ivan, maria, frozen_clock, mailoutbox
):
    request = file_exigent_request(hotel_a, ivan)
    assert tasks.remind_overdue_exigent_reviews() == 0  # not due yet
    frozen_clock.move_to(request.exigent_review_due_at + timedelta(minutes=1))

    assert tasks.remind_overdue_exigent_reviews() == 1
    assert tasks.remind_overdue_exigent_reviews() == 0
    (event,) = OutboxEvent.objects.filter(task_name=REMIND)
    assert event.kwargs == {"request_id": str(request.pk)}

    tasks.remind_managers_of_exigent_review(event_id=str(event.pk), **event.kwargs)
    tasks.remind_managers_of_exigent_review(event_id=str(event.pk), **event.kwargs)  # redelivery

    (mail,) = mailoutbox
    assert mail.to == ["maria@example.test"]
    assert mail.subject.startswith("OVERDUE: review the exigent production")
    frozen_clock.move_to(request.exigent_review_due_at + timedelta(days=3))
    assert tasks.remind_overdue_exigent_reviews() == 0
    assert OutboxEvent.objects.filter(task_name=REMIND).count() == 1


def test_a_reviewed_production_is_not_reminded(hotel_a, ivan, maria, frozen_clock, mailoutbox):
    request = file_exigent_request(hotel_a, ivan)
    frozen_clock.move_to(request.exigent_review_due_at + timedelta(minutes=1))
    assert tasks.remind_overdue_exigent_reviews() == 1
    review(request, maria)  # reviewed before the reminder was delivered

    services.records_request_remind_exigent_review(request_id=str(request.pk))

    assert mailoutbox == []


def test_the_beat_schedule_runs_the_sweep():
    tasks_scheduled = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}

    assert "audits.tasks.remind_overdue_exigent_reviews" in tasks_scheduled


# The page and the API ----------------------------------------------------------------------


def detail(request):
    return reverse("records_request_detail", kwargs={"pk": request.pk})


def test_the_page_shows_the_pending_review_and_records_it(client, hotel_a, ivan, maria):
    request = file_exigent_request(hotel_a, ivan)
    client.force_login(maria)

    page = client.get(detail(request)).content.decode()
    assert "Awaiting review" in page and 'name="exigent-outcome"' in page
    due = timezone.localtime(request.exigent_review_due_at)
    assert f"{due:%b} {due.day}, {due.year}" in page

    response = client.post(
        reverse("records_request_exigent_review", kwargs={"pk": request.pk}),
        {"exigent-outcome": "contested", "exigent-reason": "No emergency was described."},
    )

    assert response.status_code == 302
    page = client.get(detail(request)).content.decode()
    assert "Contested" in page and "Exigent production contested" in page
    assert "No emergency was described." in page
    assert 'name="exigent-outcome"' not in page


def test_the_page_refuses_a_review_without_reason_inline(client, hotel_a, ivan, maria):
    request = file_exigent_request(hotel_a, ivan)
    client.force_login(maria)

    response = client.post(
        reverse("records_request_exigent_review", kwargs={"pk": request.pk}),
        {"exigent-outcome": "confirmed", "exigent-reason": ""},
    )

    assert response.status_code == 400
    assert "Say why you confirm or contest" in response.content.decode()


def test_the_page_marks_an_overdue_review(client, hotel_a, ivan, maria, frozen_clock):
    request = file_exigent_request(hotel_a, ivan)
    frozen_clock.move_to(request.exigent_review_due_at + timedelta(hours=1))
    client.force_login(maria)

    assert "Review overdue" in client.get(detail(request)).content.decode()
    assert "review overdue" in client.get(reverse("records_request_list")).content.decode()


def test_the_inspector_sees_the_state_but_cannot_review(client, hotel_a, ivan):
    request = file_exigent_request(hotel_a, ivan)
    client.force_login(ivan)

    page = client.get(detail(request)).content.decode()

    assert "Awaiting review" in page and 'name="exigent-outcome"' not in page
    response = client.post(
        reverse("records_request_exigent_review", kwargs={"pk": request.pk}),
        {"exigent-outcome": "confirmed", "exigent-reason": "Fine."},
    )
    assert response.status_code == 403


def api_url(request, action=""):
    kwargs = {"property_pk": request.property_id, "pk": request.pk}
    name = f"records-request-{action}" if action else "records-request-detail"
    return reverse(name, kwargs=kwargs)


def test_the_api_shows_and_records_the_review(api_as, hotel_a, ivan, maria):
    request = file_exigent_request(hotel_a, ivan)
    client = api_as(maria)

    before = client.get(api_url(request)).json()
    assert before["exigent_review"] == "awaiting"
    assert before["exigent_review_due_at"]

    response = client.post(
        api_url(request, "exigent-review"),
        {"outcome": "confirmed", "reason": "Verified with the police."},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["exigent_review"], body["exigent_reviewed_by"]) == ("confirmed", "maria")
    assert body["events"][-1]["step"] == "exigent_confirmed"
    again = client.post(
        api_url(request, "exigent-review"), {"outcome": "contested", "reason": "x"}, format="json"
    )
    assert again.status_code == 409
    missing = client.post(api_url(request, "exigent-review"), {"outcome": "x"}, format="json")
    assert missing.status_code == 400


def test_an_inspector_cannot_review_through_the_api(api_as, hotel_a, ivan):
    request = file_exigent_request(hotel_a, ivan)

    response = api_as(ivan).post(
        api_url(request, "exigent-review"), {"outcome": "confirmed", "reason": "x"}, format="json"
    )

    assert response.status_code == 403


# The extract's cover -------------------------------------------------------------------------


def first_page(report: AuditReport) -> str:
    report.refresh_from_db()
    with report.file.open("rb") as handle, pdfplumber.open(io.BytesIO(handle.read())) as pdf:
        return pdf.pages[0].extract_text() or ""


def built(report: AuditReport) -> AuditReport:
    assert report_services.report_build(str(report.pk)) == "done"
    return report


def test_the_extract_says_it_was_exigent_and_how_it_was_reviewed(
    hotel_a, ivan, maria, report_media
):
    request = file_exigent_request(hotel_a, ivan)
    (at_filing,) = AuditReport.objects.filter(records_request=request)

    cover = first_page(built(at_filing))
    assert "Produced under exigent circumstances" in cover
    assert "without prior review" in cover and "not yet reviewed (due by" in cover

    review(request, maria)

    newest = AuditReport.objects.filter(records_request=request).order_by("created_at").last()
    assert newest.pk != at_filing.pk  # a fresh extract, the first one kept
    cover = first_page(built(newest))
    assert "Review: confirmed by" in cover and "(maria) on" in cover, cover


def test_an_extract_past_its_review_deadline_says_so(
    hotel_a, ivan, maria, report_media, frozen_clock
):
    request = file_exigent_request(hotel_a, ivan)
    frozen_clock.move_to(request.exigent_review_due_at + timedelta(hours=1))
    report = report_services.report_request(
        prop=hotel_a, actor=maria, kind="register_extract", records_request=request
    )

    assert "not reviewed by its deadline" in first_page(built(report))


def test_an_ordinary_extract_carries_no_exigent_notice(hotel_a, ivan, maria, report_media):
    request = file_request(hotel_a, ivan)
    services.records_request_review(request=request, actor=maria)
    services.records_request_produce(request=request, actor=maria)
    (report,) = AuditReport.objects.filter(records_request=request)

    assert "exigent" not in first_page(built(report)).lower()
