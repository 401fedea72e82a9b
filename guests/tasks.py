"""Background work of the guests app: thin adapters, ids in, run once per outbox event."""

from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from guests import drop_folders, indicators, pre_arrivals
from guests.models import ConcernReport
from guests.pms_import import registration_imports_purge
from guests.retention import purge_expired
from hotelcompliance.emails import absolute_url, make_message
from hotelcompliance.outbox import consumes_outbox
from hotelcompliance.tenancy import Membership, Property


@shared_task(name="guests.tasks.notify_managers_of_concern", ignore_result=True)
@consumes_outbox
def notify_managers_of_concern(concern_id: str) -> int:
    """Email each manager of the concern's property once; return how many were emailed.

    The email names the property, the time, the indicator groups and the report's path:
    never a guest, never the narrative.
    """
    concern = ConcernReport.objects.select_related("property").get(pk=concern_id)
    prop = concern.property
    ctx = {
        "property_name": prop.name,
        "reported_at": concern.created_at,
        "groups": indicators.groups_of(concern.indicators),
        "url": absolute_url(reverse("concern_detail", kwargs={"pk": concern.pk})),
    }
    recipients = Membership.objects.managers_of(prop).emails()
    # Times in the email are the property's own, like on its pages.
    with timezone.override(prop.tz):
        for address in recipients:
            make_message(to=address, template="guests/emails/concern", context=ctx).send()
    return len(recipients)


@shared_task(name="guests.tasks.purge_expired_registrations", ignore_result=True)
def purge_expired_registrations() -> int:
    """Run the retention purge at every property, by its own date; return how many were purged."""
    purged = 0
    for prop in Property.objects.order_by("pk"):
        today = prop.today()
        purged += purge_expired(prop=prop, today=today).registrations
    return purged


@shared_task(name="guests.tasks.purge_stale_registration_imports", ignore_result=True)
def purge_stale_registration_imports() -> int:
    """Delete PMS imports uploaded a day ago or earlier (file and errors); return how many."""
    return registration_imports_purge()


@shared_task(name="guests.tasks.send_pre_arrival_link", ignore_result=True)
@consumes_outbox
def send_pre_arrival_link(pre_arrival_id: str) -> bool:
    """Email the guest their pre-arrival link, if it still works."""
    return pre_arrivals.pre_arrival_email(pre_arrival_id)


@shared_task(name="guests.tasks.expire_pre_arrivals", ignore_result=True)
def expire_pre_arrivals() -> dict[str, int]:
    """Expire pre-arrivals past their departure and purge the long-ended ones' details."""
    result = pre_arrivals.pre_arrivals_expire()
    return {"expired": result.expired, "purged": result.purged}


@shared_task(name="guests.tasks.scan_drop_folders", ignore_result=True)
def scan_drop_folders() -> int:
    """Import the new files of every property's drop folder; return how many were taken."""
    return sum(len(report.files) for report in drop_folders.drop_folders_scan_all())
