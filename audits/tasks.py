"""Background work of the records-request workflow: thin adapters, ids in."""

from celery import shared_task

from audits.services import records_request_notify_managers
from hotelcompliance.outbox import consumes_outbox


@shared_task(name="audits.tasks.notify_managers_of_request", ignore_result=True)
@consumes_outbox
def notify_managers_of_request(request_id: str) -> int:
    """Tell the property's managers about a new (or exigent) records request."""
    return records_request_notify_managers(request_id=request_id)
