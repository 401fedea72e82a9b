"""Background work of the records-request workflow: thin adapters, ids in."""

from celery import Task, shared_task

from audits.reports import services as report_services
from audits.services import (
    exigent_reviews_remind_overdue,
    records_request_notify_managers,
    records_request_remind_exigent_review,
)
from hotelcompliance.outbox import consumes_outbox, consumes_outbox_until


@shared_task(name="audits.tasks.notify_managers_of_request", ignore_result=True)
@consumes_outbox
def notify_managers_of_request(request_id: str) -> int:
    """Tell the property's managers about a new (or exigent) records request."""
    return records_request_notify_managers(request_id=request_id)


@shared_task(name="audits.tasks.remind_managers_of_exigent_review", ignore_result=True)
@consumes_outbox
def remind_managers_of_exigent_review(request_id: str) -> int:
    """Remind the managers of an exigent production whose review is overdue (once)."""
    return records_request_remind_exigent_review(request_id=request_id)


@shared_task(name="audits.tasks.remind_overdue_exigent_reviews", ignore_result=True)
def remind_overdue_exigent_reviews() -> int:
    """Queue one reminder per overdue exigent review, never two (beat, every 15 minutes)."""
    return exigent_reviews_remind_overdue()


@shared_task(
    name="audits.tasks.build_report",
    bind=True,
    ignore_result=True,
    max_retries=report_services.MAX_ATTEMPTS + 2,
    soft_time_limit=900,
    time_limit=960,
)
@consumes_outbox_until(report_services.report_settled)
def build_report(self: Task, report_id: str) -> str:
    """Build one report (idempotent: a finished report is never built twice).

    Its outbox event counts as processed only once the report is done or failed, so a
    build whose message the broker lost is sent again by the relay.

    While another builder holds a fresh lease, try again after the lease would expire; an
    unexpected error is retried (the service records it and gives up after MAX_ATTEMPTS).
    """
    try:
        outcome = report_services.report_build(report_id)
    except report_services.LeaseLost:
        return "superseded"
    except Exception as error:
        raise self.retry(exc=error, countdown=10) from error
    if outcome == "busy":
        raise self.retry(countdown=report_services.LEASE_SECONDS)
    return outcome


@shared_task(name="audits.tasks.resume_stalled_reports", ignore_result=True)
def resume_stalled_reports() -> int:
    """Re-queue report builds whose worker died or whose message was lost (beat, every minute)."""
    return report_services.reports_resume_stalled()


@shared_task(name="audits.tasks.snapshot_duties", ignore_result=True)
def snapshot_duties() -> int:
    """Judge and keep every property's duties for its day (beat, nightly): the group page's."""
    from audits.duty_snapshots import snapshot_all

    return snapshot_all()
