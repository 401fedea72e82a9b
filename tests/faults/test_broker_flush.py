"""The broker loses everything it holds, several times, under load: nothing queued is lost.

Proves issue 10, point 12: an outbox event is done only when its consumer has finished it,
so the relay sends again every event whose message a `FLUSHDB` destroyed (queued, or taken
by the worker but not acknowledged) once `OUTBOX_REDISPATCH_SECONDS` pass, and the consumers
are idempotent, so an event delivered twice still does its work once. While 2 clients check
guests in, file concern reports (each emails the 2 managers) and ask for reports (built on
the `reports` queue), the broker's database is flushed 4 times, each time after the worker
was stalled (SIGSTOP) for a few seconds so that work waits in the broker, as behind a long
build; the worker then resumes (SIGCONT) with the message it held gone. Afterwards every concern
has emailed each manager exactly once, every report is built exactly once (one attempt,
one PDF), and every outbox event is processed exactly once.
"""

import json
import os
import signal
import time

import pytest
import redis

from tests.faults import checks, history
from tests.faults.load import Load

# The stack's servers run on the machine's clock, so this test does too.
pytestmark = pytest.mark.real_clock

REDISPATCH_SECONDS = 10
STREAM_SECONDS = 40.0
FLUSH_AT = (8.0, 16.0, 24.0, 32.0)  # seconds into the stream
STALL_SECONDS = 5.0  # the worker takes nothing for this long before each flush
DRAIN_LIMIT = 120.0


def broker_messages(client: redis.Redis) -> int:
    """Messages the broker holds: waiting in a queue, or delivered and not yet acknowledged."""
    return client.llen("celery") + client.llen("reports") + client.hlen("unacked")


def signal_all(pids: list[int], sig: int) -> None:
    """Stop or continue the worker processes this test started (by their ids)."""
    for pid in pids:
        os.kill(pid, sig)


def report_rows(stack) -> list[dict]:
    rows = stack.sql("SELECT id::text, status, attempts, sha256 FROM audits_auditreport")
    return [dict(zip(["id", "status", "attempts", "sha256"], row, strict=True)) for row in rows]


@pytest.mark.faults
def test_nothing_queued_is_lost_when_the_broker_is_flushed_mid_stream(make_stack):
    stack = make_stack(env={"OUTBOX_REDISPATCH_SECONDS": str(REDISPATCH_SECONDS)})
    broker = redis.Redis.from_url(stack.redis.url)
    load = Load(
        stack.base_url,
        prop=stack.cast["property"],
        token=stack.cast["desk_token"],
        report_token=stack.cast["manager_token"],
        clients=2,
        rate=5,
        seconds=STREAM_SECONDS,
        concern_every=2,  # every other operation files a concern (emails via the outbox)
        report_every=20,  # and every twentieth asks for a report
        retry=False,  # nothing may fail, so nothing is retried
    ).start()
    started = time.time()
    flushes = []
    for at in FLUSH_AT:
        time.sleep(max(0.0, started + at - STALL_SECONDS - time.time()))
        worker = [stack.procs["worker"].pid, *stack.worker_child_pids()]
        signal_all(worker, signal.SIGSTOP)
        time.sleep(STALL_SECONDS)
        held = broker_messages(broker)
        broker.flushdb()
        signal_all(worker, signal.SIGCONT)
        flushes.append({"at_s": round(time.time() - started, 1), "messages_destroyed": held})
    last_flush = time.time()
    time.sleep(max(0.0, started + STREAM_SECONDS - time.time()))  # the stream goes on a little
    ops = load.finish()

    concerns = checks.concern_ids(stack)
    managers = stack.cast["manager_emails"]

    def drained() -> bool:
        state = checks.outbox_state(stack)
        reports = report_rows(stack)
        return (
            state["unsettled"] == 0
            and state["processed"] == state["events"]
            and all(row["status"] in ("done", "failed") for row in reports)
            and len(checks.emails(stack.mail_dir)) >= len(concerns) * len(managers)
        )

    drain_seconds = checks.wait_until(drained, DRAIN_LIMIT)
    drained_after_last_flush = time.time() - last_flush
    time.sleep(REDISPATCH_SECONDS + 5)  # a late duplicate (a re-dispatch) would show up here
    state = checks.outbox_state(stack)
    sent = history.per_target_counts(checks.emails(stack.mail_dir))
    expected = [(concern, address) for concern in concerns for address in managers]
    reports = report_rows(stack)
    pdfs = {
        row["id"]: len(list((stack.dir / "media" / "reports").rglob(f"{row['id']}*.pdf")))
        for row in reports
    }
    redispatched = stack.sql("SELECT count(*) FROM core_outboxevent WHERE dispatches > 1")[0][0]
    result = {
        "summary": history.summary(ops),
        "requests": len(ops),
        "flushes": flushes,
        "messages_destroyed": sum(f["messages_destroyed"] for f in flushes),
        "redispatched_events": redispatched,
        "drained_s_after_last_flush": round(drained_after_last_flush, 1)
        if drain_seconds is not None
        else None,
        "outbox": state,
        "concerns": len(concerns),
        "emails": sum(sent.values()),
        "emails_expected": len(expected),
        "reports": {
            "count": len(reports),
            "done": sum(row["status"] == "done" for row in reports),
            "attempts": sorted({row["attempts"] for row in reports}),
            "pdfs": sorted(set(pdfs.values())),
        },
    }
    history.write_history(stack.dir / "history.jsonl", ops)
    (stack.dir / "result.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result))

    assert ops and history.failures(ops) == [], result
    assert any(op.kind == "report" for op in ops) and concerns, result
    assert result["messages_destroyed"] > 0, result  # the flushes did destroy queued work
    assert drain_seconds is not None, result
    assert state["unsettled"] == 0 and state["processed"] == state["events"], result
    assert state["orphans"] == 0, result
    assert history.not_exactly_once(sent, expected) == {}, result
    assert all(row["status"] == "done" and row["attempts"] == 1 for row in reports), result
    assert all(count == 1 for count in pdfs.values()), result
