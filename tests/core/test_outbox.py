"""Work a request starts is written to the outbox, relayed when the broker answers, run once."""

import os
from datetime import timedelta

import pytest
from django.db import transaction

from hotelcompliance.outbox import (
    OutboxEvent,
    OutboxStatus,
    ProcessedEvent,
    consumes_outbox,
    consumes_outbox_until,
    outbox_backlog,
    outbox_enqueue,
    outbox_relay,
)
from tests.conftest import REQUIRE_SERVICES


class BrokerDown(ConnectionError):
    pass


def failing_publish(event):
    raise BrokerDown("connection refused")


@pytest.mark.django_db
def test_an_enqueued_event_waits_in_the_database_until_relayed():
    published = []
    outbox_enqueue("demo.task", thing_id=7)

    assert outbox_backlog()["pending"] == 1
    assert outbox_relay(publish=published.append) == 1
    assert [e.kwargs for e in published] == [{"thing_id": 7}]
    assert outbox_backlog()["pending"] == 0


@pytest.mark.django_db
def test_a_rolled_back_request_leaves_no_event():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox_enqueue("demo.task", thing_id=1)
        raise RuntimeError("the request failed")

    assert OutboxEvent.objects.count() == 0


@pytest.mark.django_db
def test_a_broker_outage_keeps_the_event_for_a_later_relay():
    outbox_enqueue("demo.task", thing_id=3)

    assert outbox_relay(publish=failing_publish) == 0

    event = OutboxEvent.objects.get()
    assert event.dispatched_at is None
    assert event.attempts == 1
    assert "BrokerDown" in event.last_error
    event.available_at = event.created_at  # skip the back-off for the test
    event.save()
    assert outbox_relay(publish=lambda e: None) == 1


@pytest.mark.django_db
def test_a_consumer_processes_a_redelivered_event_once():
    runs = []

    @consumes_outbox
    def work(thing_id):
        runs.append(thing_id)

    event = outbox_enqueue("demo.task", thing_id=5)
    work(thing_id=5, event_id=str(event.id))
    work(thing_id=5, event_id=str(event.id))

    assert runs == [5]
    assert ProcessedEvent.objects.filter(event_id=event.id).count() == 1


@pytest.mark.django_db
def test_a_failed_consumer_can_run_again():
    attempts = []

    @consumes_outbox
    def flaky(thing_id):
        attempts.append(thing_id)
        if len(attempts) == 1:
            raise RuntimeError("worker crashed")

    event = outbox_enqueue("demo.task", thing_id=9)
    with pytest.raises(RuntimeError):
        flaky(thing_id=9, event_id=str(event.id))
    flaky(thing_id=9, event_id=str(event.id))

    assert attempts == [9, 9]


def redis_available() -> bool:
    url = os.environ.get("REDIS_URL")
    if not url:
        return False
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False
    return True


@pytest.mark.services
@pytest.mark.django_db
def test_the_relay_publishes_to_redis_once_it_answers(settings):
    if not redis_available():
        if REQUIRE_SERVICES:
            pytest.fail("REQUIRE_SERVICES=1 but Redis does not answer at REDIS_URL")
        pytest.skip("Redis is not running")
    import redis

    from hotelcompliance.celery import app

    # While the broker is unreachable, the relay keeps the event.
    good_url = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        event = outbox_enqueue("hotelcompliance.tests.noop", marker="outbox-test")
        assert outbox_relay() == 0
    finally:
        app.conf.broker_url = good_url

    OutboxEvent.objects.filter(pk=event.pk).update(available_at=event.created_at)
    client = redis.Redis.from_url(good_url)
    before = client.llen("celery")
    assert outbox_relay() == 1
    assert client.llen("celery") == before + 1
    client.delete("celery")


def test_the_relay_command_publishes_pending_events(db, capsys, monkeypatch):
    from django.core.management import call_command

    published = []
    monkeypatch.setattr(
        "hotelcompliance.outbox._publish_to_celery",
        lambda event, connection: published.append(event),
    )
    outbox_enqueue("demo.task", thing_id=1)

    call_command("relay_outbox")

    assert "published 1 event(s)" in capsys.readouterr().out
    assert len(published) == 1


# An event is done only when its consumer finished it ------------------------------------------


def _relay_all() -> list:
    published = []
    outbox_relay(publish=published.append)
    return published


@pytest.mark.django_db
def test_a_published_event_stays_owed_until_its_consumer_processes_it():
    @consumes_outbox
    def work(thing_id):
        return thing_id

    event = outbox_enqueue("demo.task", thing_id=4)
    assert len(_relay_all()) == 1

    event.refresh_from_db()
    assert event.status == OutboxStatus.DISPATCHED and event.settled_at is None
    assert outbox_backlog()["in_flight"] == 1

    work(thing_id=4, event_id=str(event.id))

    event.refresh_from_db()
    assert event.status == OutboxStatus.PROCESSED and event.settled_at is not None
    assert outbox_backlog() == {"pending": 0, "in_flight": 0, "given_up": 0, "oldest_seconds": 0}


@pytest.mark.django_db
def test_a_dispatched_event_nobody_processed_is_sent_again_after_the_timeout(
    settings, frozen_clock
):
    settings.OUTBOX_REDISPATCH_SECONDS = 120
    event = outbox_enqueue("demo.task", thing_id=6)
    assert len(_relay_all()) == 1

    frozen_clock.shift(timedelta(seconds=100))
    assert _relay_all() == []  # still within the timeout: the consumer may be on it
    frozen_clock.shift(timedelta(seconds=25))
    assert [e.id for e in _relay_all()] == [event.id]  # the broker lost it: sent again

    ProcessedEvent.objects.create(event_id=event.id, task_name="demo")
    OutboxEvent.objects.filter(pk=event.id).update(
        status=OutboxStatus.PROCESSED, settled_at=event.created_at
    )
    frozen_clock.shift(timedelta(seconds=300))
    assert _relay_all() == []  # processed: never sent again
    event.refresh_from_db()
    assert event.dispatches == 2


@pytest.mark.django_db
def test_an_event_never_processed_is_given_up_shown_in_healthz_and_retryable(
    settings, frozen_clock, client, capsys, monkeypatch
):
    from django.core.management import call_command

    settings.OUTBOX_REDISPATCH_SECONDS = 60
    settings.OUTBOX_MAX_DISPATCHES = 3
    event = outbox_enqueue("demo.task", thing_id=8)
    sent = 0
    for _ in range(6):
        sent += len(_relay_all())
        frozen_clock.shift(timedelta(seconds=61))

    event.refresh_from_db()
    assert sent == 3
    assert event.status == OutboxStatus.GIVEN_UP and event.settled_at is not None
    assert "3 dispatches" in event.last_error
    assert client.get("/healthz").json()["checks"]["outbox"]["given_up"] == 1

    published = []
    monkeypatch.setattr(
        "hotelcompliance.outbox._publish_to_celery",
        lambda event, connection: published.append(event),
    )
    call_command("relay_outbox", "--retry-given-up")

    assert "queued 1 given-up event(s) again" in capsys.readouterr().out
    assert [e.id for e in published] == [event.id]
    event.refresh_from_db()
    assert event.status == OutboxStatus.DISPATCHED and event.dispatches == 1
    assert client.get("/healthz").json()["checks"]["outbox"]["given_up"] == 0


@pytest.mark.django_db
def test_a_failed_consumer_leaves_its_event_owed():
    @consumes_outbox
    def broken(thing_id):
        raise RuntimeError("worker crashed")

    event = outbox_enqueue("demo.task", thing_id=2)
    _relay_all()
    with pytest.raises(RuntimeError):
        broken(thing_id=2, event_id=str(event.id))

    event.refresh_from_db()
    assert event.status == OutboxStatus.DISPATCHED and event.settled_at is None
    assert not ProcessedEvent.objects.filter(event_id=event.id).exists()


@pytest.mark.django_db
def test_long_work_counts_as_processed_only_once_its_outcome_exists():
    outcome = {"exists": False}
    runs = []

    @consumes_outbox_until(lambda thing_id: outcome["exists"])
    def build(thing_id):
        runs.append(thing_id)

    event = outbox_enqueue("demo.task", thing_id=3)
    _relay_all()
    build(thing_id=3, event_id=str(event.id))  # e.g. another builder was busy
    event.refresh_from_db()
    assert event.status == OutboxStatus.DISPATCHED

    outcome["exists"] = True
    build(thing_id=3, event_id=str(event.id))
    build(thing_id=3, event_id=str(event.id))  # a late redelivery: nothing runs

    event.refresh_from_db()
    assert event.status == OutboxStatus.PROCESSED
    assert runs == [3, 3]
