"""Transactional outbox: background work is written to the database first.

A request writes an `OutboxEvent` in its own transaction and never talks to the broker, so a
Redis outage delays work but never fails or loses a request. A relay (a periodic task and
the `relay_outbox` command) publishes pending events to Celery; consumers record each event
id in `ProcessedEvent` in the same transaction as their work, so a redelivered event is
processed once.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class OutboxEvent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task_name = models.CharField(max_length=200)
    # Ids and other references only: never personal data.
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    available_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(
                fields=["available_at"],
                condition=models.Q(dispatched_at__isnull=True),
                name="outbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name} {self.id}"


class ProcessedEvent(models.Model):
    """An outbox event a consumer has finished: the guard against processing it twice."""

    event_id = models.UUIDField(primary_key=True)
    task_name = models.CharField(max_length=200)
    processed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.event_id)


def outbox_enqueue(task_name: str, **kwargs: Any) -> OutboxEvent:
    """Queue background work in the caller's transaction (kwargs: ids, never personal data)."""
    return OutboxEvent.objects.create(task_name=task_name, kwargs=kwargs)


def outbox_pending() -> models.QuerySet:
    return OutboxEvent.objects.filter(dispatched_at__isnull=True)


def outbox_relay(*, limit: int = 500, publish: Callable[[OutboxEvent], None] | None = None) -> int:
    """Publish pending events to the broker; stop at the first broker failure.

    Returns how many were published. On PostgreSQL, `SKIP LOCKED` lets several relays run
    at once without publishing the same event twice.
    """
    if publish is not None:
        return _relay(limit, publish)
    from hotelcompliance.celery import app

    # One broker connection per run, opened lazily from the current settings.
    with app.connection_for_write() as connection:
        return _relay(limit, lambda event: _publish_to_celery(event, connection))


def _relay(limit: int, publish: Callable[[OutboxEvent], None]) -> int:
    published = 0
    while published < limit:
        with transaction.atomic():
            event = _next_pending()
            if event is None:
                return published
            try:
                publish(event)
            except Exception as error:  # any broker error: keep the row, retry later
                _record_failure(event, error)
                return published
            event.dispatched_at = timezone.now()
            event.attempts += 1
            event.save(update_fields=["dispatched_at", "attempts"])
            published += 1
    return published


def _next_pending() -> OutboxEvent | None:
    pending = outbox_pending().filter(available_at__lte=timezone.now()).order_by("available_at")
    if transaction.get_connection().features.has_select_for_update_skip_locked:
        pending = pending.select_for_update(skip_locked=True)
    return pending.first()


def _record_failure(event: OutboxEvent, error: Exception) -> None:
    event.attempts += 1
    backoff = min(300, 2 ** min(event.attempts, 8))
    event.available_at = timezone.now() + timedelta(seconds=backoff)
    event.last_error = f"{type(error).__name__}: {error}"[:500]
    event.save(update_fields=["attempts", "available_at", "last_error"])
    logger.warning("outbox: broker unavailable, %s will be retried: %s", event.id, type(error))


def _publish_to_celery(event: OutboxEvent, connection) -> None:
    from hotelcompliance.celery import app

    app.send_task(
        event.task_name,
        kwargs={**event.kwargs, "event_id": str(event.id)},
        task_id=str(event.id),
        connection=connection,
        retry=False,
    )


def consumes_outbox(func: Callable[..., Any]) -> Callable[..., Any]:
    """Make a task body run at most once per outbox event, even if delivered twice.

    The event id is recorded in the same transaction as the work: if the work fails, the
    record rolls back with it and a redelivery runs it again.
    """

    @wraps(func)
    def wrapper(*args: Any, event_id: str | None = None, **kwargs: Any) -> Any:
        if event_id is None:
            return func(*args, **kwargs)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    ProcessedEvent.objects.create(event_id=event_id, task_name=func.__name__)
            except IntegrityError:
                logger.info("outbox: event %s already processed; skipped", event_id)
                return None
            return func(*args, **kwargs)

    return wrapper


def outbox_backlog() -> dict[str, Any]:
    """Size and age of the pending work, for the health check."""
    pending = outbox_pending()
    oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
    return {
        "pending": pending.count(),
        "oldest_seconds": int((timezone.now() - oldest).total_seconds()) if oldest else 0,
    }
