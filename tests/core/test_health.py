"""`/healthz` tells the database and broker state without revealing anything secret."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthy_when_the_database_and_broker_answer(client):
    response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 200
    assert body["checks"]["database"]["status"] == "ok"
    assert body["status"] in {"ok", "degraded"}
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_degraded_not_down_when_only_redis_is_missing(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["broker"]["status"] == "down"
    assert "127.0.0.1" not in response.content.decode()


def test_the_outbox_backlog_is_reported(client):
    from hotelcompliance.outbox import outbox_enqueue

    outbox_enqueue("demo.task", thing_id=1)

    response = client.get("/healthz")

    assert response.json()["checks"]["outbox"]["pending"] == 1


def test_down_when_the_database_fails(client, monkeypatch):
    monkeypatch.setattr(
        "hotelcompliance.health.check_database",
        lambda: {"status": "down", "error": "OperationalError"},
    )

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "down"
