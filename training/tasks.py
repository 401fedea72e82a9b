"""Background work of the training app: thin adapters, ids in, run once per outbox event."""

from datetime import date

from celery import shared_task
from django.db import transaction

from hotelcompliance.outbox import consumes_outbox, outbox_enqueue
from hotelcompliance.tenancy import Property
from training import employee_links, services
from training.models import ReminderLog
from training.reminders import reminder_deliver


@shared_task(name="training.tasks.send_training_reminders", ignore_result=True)
def send_training_reminders(as_of: str | None = None) -> int:
    """Daily: queue one reminder run per property with staff; return how many were queued.

    Each property's day is its own (`as_of` overrides it, as YYYY-MM-DD).
    """
    properties = Property.objects.filter(employees__isnull=False).distinct().order_by("pk")
    with transaction.atomic():
        queued = 0
        for prop in properties:
            day = as_of or prop.today().isoformat()
            outbox_enqueue("training.tasks.send_property_reminders", property_id=prop.pk, as_of=day)
            queued += 1
    return queued


@shared_task(name="training.tasks.send_property_reminders", ignore_result=True)
@consumes_outbox
def send_property_reminders(property_id: int, as_of: str) -> int:
    """Email the property's managers their digest and its due employees their reminders."""
    prop = Property.objects.get(pk=property_id)
    return services.training_reminders_send(prop=prop, as_of=date.fromisoformat(as_of))


@shared_task(name="training.tasks.purge_stale_training_imports", ignore_result=True)
def purge_stale_training_imports() -> int:
    """Delete roster and completion imports uploaded a day ago or earlier; return how many."""
    return services.training_imports_purge()


@shared_task(name="training.tasks.send_employee_link", ignore_result=True)
@consumes_outbox
def send_employee_link(link_id: str) -> bool:
    """Email an employee their personal training link (nothing once it ended)."""
    return employee_links.employee_link_email(link_id)


@shared_task(name="training.tasks.send_employee_reminder", ignore_result=True)
@consumes_outbox
def send_employee_reminder(reminder_id: int) -> None:
    """Email a reminder a manager asked for ("send reminder now"), once per outbox event."""
    reminder = ReminderLog.objects.select_related("employee__property").get(pk=reminder_id)
    reminder_deliver(reminder)
