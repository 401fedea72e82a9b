"""A request that queues work succeeds while the broker is down; the relay sends it later."""

import pytest
import redis

from hotelcompliance.celery import app
from hotelcompliance.outbox import OutboxEvent, outbox_relay
from tests.conftest import REQUIRE_SERVICES
from tests.core.test_outbox import redis_available

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.outbox_urls")]

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker_down():
    """Point Celery at a port where nothing listens, as if Redis were stopped."""
    good_url = app.conf.broker_url
    app.conf.broker_url = UNREACHABLE_BROKER
    yield good_url
    app.conf.broker_url = good_url


def test_the_request_succeeds_and_the_work_waits_while_the_broker_is_down(client, broker_down):
    response = client.post("/start-work/")

    assert response.status_code == 202
    event = OutboxEvent.objects.get()
    assert outbox_relay() == 0
    event.refresh_from_db()
    assert event.dispatched_at is None
    assert event.attempts == 1


@pytest.mark.services
def test_the_work_is_relayed_once_when_the_broker_returns(client, broker_down):
    if not redis_available():
        if REQUIRE_SERVICES:
            pytest.fail("REQUIRE_SERVICES=1 but Redis does not answer at REDIS_URL")
        pytest.skip("Redis is not running")
    client.post("/start-work/")
    assert outbox_relay() == 0

    app.conf.broker_url = broker_down  # Redis is back
    OutboxEvent.objects.update(available_at=OutboxEvent.objects.get().created_at)
    queue = redis.Redis.from_url(broker_down)
    before = queue.llen("celery")

    assert outbox_relay() == 1
    assert outbox_relay() == 0  # nothing is sent twice
    assert queue.llen("celery") == before + 1
    assert OutboxEvent.objects.get().dispatched_at is not None
    queue.delete("celery")
