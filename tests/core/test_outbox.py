"""Work a request starts is written to the outbox, relayed when the broker answers, run once."""

import os

import pytest
from django.db import transaction

from hotelcompliance.outbox import (
    OutboxEvent,
    ProcessedEvent,
    consumes_outbox,
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
