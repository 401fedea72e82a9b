"""Transactional outbox: background work is written to the database first, and stays there
until its consumer has finished it.

A request writes an `OutboxEvent` in its own transaction and never talks to the broker, so a
Redis outage delays work but never fails or loses a request. A relay (a periodic task and
the `relay_outbox` command) publishes due events to Celery. Publishing does not settle an
event: its consumer does (`consumes_outbox`, or `consumes_outbox_until` for work that
finishes later than its task), recording the event id in `ProcessedEvent` in the same
transaction as its work, so a redelivered event is processed once. An event dispatched but
not processed after `OUTBOX_REDISPATCH_SECONDS` (its message was lost: a broker flush, a
restart without persistence) is published again, up to `OUTBOX_MAX_DISPATCHES` times; then it
is given up, counted by `/healthz` and queued again by `relay_outbox --retry-given-up`.
"""

import inspect
import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu import Connection

logger = logging.getLogger(__name__)


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be published")
    DISPATCHED = "dispatched", _("Published, not yet processed")
    PROCESSED = "processed", _("Processed by its consumer")
    GIVEN_UP = "given_up", _("Given up (no consumer finished it)")


class OutboxEvent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task_name = models.CharField(max_length=200)
    # Ids and other references only: never personal data.
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    # When the relay should next publish it: now, after a broker error's back-off, or when
    # a dispatched event is presumed lost (dispatched_at + OUTBOX_REDISPATCH_SECONDS).
    available_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    dispatched_at = models.DateTimeField(null=True, blank=True)
    dispatches = models.PositiveIntegerField(default=0)
    # Set once: processed by its consumer, or given up after OUTBOX_MAX_DISPATCHES.
    settled_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(
                fields=["available_at"],
                condition=models.Q(settled_at__isnull=True),
                name="outbox_unsettled",
            ),
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="given_up"),
                name="outbox_given_up",
            ),
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
    """Events never yet handed to the broker."""
    return OutboxEvent.objects.filter(status=OutboxStatus.PENDING)


def outbox_relay(*, limit: int = 500, publish: Callable[[OutboxEvent], None] | None = None) -> int:
    """Publish due events (new ones, and dispatched ones presumed lost); stop at a broker failure.

    Returns how many were published. On PostgreSQL, `SKIP LOCKED` lets several relays run
    at once without publishing the same event twice, and skips an event whose consumer is
    settling it right now.
    """
    if publish is not None:
        return _relay(limit, publish)
    from hotelcompliance.celery import app

    # One broker connection per run, opened lazily from the current settings.
    with app.connection_for_write() as connection:
        return _relay(limit, lambda event: _publish_to_celery(event, connection))


def _relay(limit: int, publish: Callable[[OutboxEvent], None]) -> int:
    published = handled = 0
    while handled < limit:
        handled += 1
        with transaction.atomic():
            event = _next_due()
            if event is None:
                return published
            if event.dispatches >= settings.OUTBOX_MAX_DISPATCHES:
                _give_up(event)
                continue
            try:
                publish(event)
            except Exception as error:  # any broker error: keep the row, retry later
                _record_failure(event, error)
                return published
            now = timezone.now()
            event.status = OutboxStatus.DISPATCHED
            event.dispatched_at = now
            event.dispatches += 1
            event.attempts += 1
            event.available_at = now + timedelta(seconds=settings.OUTBOX_REDISPATCH_SECONDS)
            event.save(
                update_fields=["status", "dispatched_at", "dispatches", "attempts", "available_at"]
            )
            published += 1
    return published


def _next_due() -> OutboxEvent | None:
    due = OutboxEvent.objects.filter(settled_at__isnull=True, available_at__lte=timezone.now())
    due = due.order_by("available_at")
    if transaction.get_connection().features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True)
    return due.first()


def _give_up(event: OutboxEvent) -> None:
    event.status = OutboxStatus.GIVEN_UP
    event.settled_at = timezone.now()
    event.last_error = f"No consumer finished it after {event.dispatches} dispatches."
    event.save(update_fields=["status", "settled_at", "last_error"])
    logger.error("outbox: event %s (%s) given up", event.id, event.task_name)


def _record_failure(event: OutboxEvent, error: Exception) -> None:
    event.attempts += 1
    backoff = min(300, 2 ** min(event.attempts, 8))
    event.available_at = timezone.now() + timedelta(seconds=backoff)
    event.last_error = f"{type(error).__name__}: {error}"[:500]
    event.save(update_fields=["attempts", "available_at", "last_error"])
    logger.warning("outbox: broker unavailable, %s will be retried: %s", event.id, type(error))


def _publish_to_celery(event: OutboxEvent, connection: Connection) -> None:
    from hotelcompliance.celery import app

    app.send_task(
        event.task_name,
        kwargs={**event.kwargs, "event_id": str(event.id)},
        task_id=str(event.id),
        connection=connection,
        retry=False,
    )


def outbox_retry_given_up() -> int:
    """Queue every given-up event again, with a fresh allowance of dispatches."""
    return OutboxEvent.objects.filter(status=OutboxStatus.GIVEN_UP).update(
        status=OutboxStatus.PENDING,
        settled_at=None,
        dispatches=0,
        available_at=timezone.now(),
        last_error="",
    )


# Consumers ---------------------------------------------------------------------------------


def _claim_processed(event_id: str, task_name: str) -> bool:
    """Record the event as processed (in the caller's transaction); False if it already was."""
    try:
        with transaction.atomic():
            ProcessedEvent.objects.create(event_id=event_id, task_name=task_name)
    except IntegrityError:
        return False
    OutboxEvent.objects.filter(pk=event_id).update(
        status=OutboxStatus.PROCESSED, settled_at=timezone.now()
    )
    return True


def consumes_outbox(func: Callable[..., Any]) -> Callable[..., Any]:
    """Make a task body run at most once per outbox event, even if delivered twice.

    The event id is recorded, and the event settled, in the same transaction as the work:
    if the work fails, both roll back with it and a redelivery (or re-dispatch) runs it again.
    """

    @wraps(func)
    def wrapper(*args: Any, event_id: str | None = None, **kwargs: Any) -> Any:
        if event_id is None:
            return func(*args, **kwargs)
        with transaction.atomic():
            if not _claim_processed(event_id, func.__name__):
                logger.info("outbox: event %s already processed; skipped", event_id)
                return None
            return func(*args, **kwargs)

    wrapper.consumes_outbox = True  # type: ignore[attr-defined]
    return wrapper


def _named(func: Callable, finished: Callable, args: tuple, kwargs: dict) -> dict[str, Any]:
    """The arguments of a call to `func`, by name, that `finished` takes."""
    bound = inspect.signature(func).bind(*args, **kwargs)
    wanted = inspect.signature(finished).parameters
    return {name: value for name, value in bound.arguments.items() if name in wanted}


def consumes_outbox_until(
    finished: Callable[..., bool],
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Like `consumes_outbox`, for long work that keeps its own state (a report build).

    The body runs outside any wrapping transaction, and the event counts as processed only
    once `finished` (called with the body's arguments it names) says the work's outcome
    exists. A delivery that leaves it unfinished (retried, another builder busy, killed)
    leaves the event dispatched, so the relay sends it again; the body must be idempotent,
    as the report build is.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(func)
        def wrapper(*args: Any, event_id: str | None = None, **kwargs: Any) -> Any:
            if event_id is None:
                return func(*args, **kwargs)
            if ProcessedEvent.objects.filter(event_id=event_id).exists():
                logger.info("outbox: event %s already processed; skipped", event_id)
                return None
            result = func(*args, **kwargs)
            if finished(**_named(func, finished, args, kwargs)):
                with transaction.atomic():
                    _claim_processed(event_id, func.__name__)
            return result

        wrapper.consumes_outbox = True  # type: ignore[attr-defined]
        return wrapper

    return decorate


def outbox_backlog() -> dict[str, Any]:
    """What the outbox still owes, for the health check.

    `pending`: never published; `in_flight`: published, not yet processed; `given_up`:
    dispatched `OUTBOX_MAX_DISPATCHES` times without a consumer finishing it (needs an
    operator: `relay_outbox --retry-given-up`); `oldest_seconds`: age of the oldest unsettled.
    """
    counts = dict(
        OutboxEvent.objects.filter(
            models.Q(settled_at__isnull=True) | models.Q(status=OutboxStatus.GIVEN_UP)
        )
        .values_list("status")
        .annotate(n=models.Count("id"))
        .order_by()
    )
    oldest = (
        OutboxEvent.objects.filter(settled_at__isnull=True)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return {
        "pending": counts.get(OutboxStatus.PENDING, 0),
        "in_flight": counts.get(OutboxStatus.DISPATCHED, 0),
        "given_up": counts.get(OutboxStatus.GIVEN_UP, 0),
        "oldest_seconds": int((timezone.now() - oldest).total_seconds()) if oldest else 0,
    }
