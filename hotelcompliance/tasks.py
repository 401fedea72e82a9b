"""Periodic tasks of the core."""

from celery import shared_task

from hotelcompliance.outbox import outbox_relay


@shared_task(name="hotelcompliance.tasks.relay_outbox_events", ignore_result=True)
def relay_outbox_events() -> int:
    """Publish pending outbox events (beat runs this every few seconds)."""
    return outbox_relay()
