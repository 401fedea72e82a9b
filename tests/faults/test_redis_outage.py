"""Redis stopped under load: check-ins never fail, and queued work runs once when it returns.

Proves reliability-security.md G13: the request path writes the outbox in the database and
never talks to the broker; the relay drains the backlog after the outage; the consumers'
`ProcessedEvent` dedupe makes each concern report email each manager exactly once.
"""

import json
import time

import pytest

from tests.faults import checks, history
from tests.faults.load import Load

# The stack's servers run on the machine's clock, so this test does too.
pytestmark = pytest.mark.real_clock

DRAIN_LIMIT = 60.0


def run_redis_outage(make_stack, outage: float) -> dict:
    stack = make_stack()
    load = Load(
        stack.base_url,
        prop=stack.cast["property"],
        token=stack.cast["desk_token"],
        clients=2,
        rate=5,
        seconds=outage + 60,
        concern_every=3,  # every third operation files a concern (emails via the outbox)
        retry=False,  # nothing may fail, so nothing is retried
    ).start()
    time.sleep(3)
    down = time.time()
    stack.redis.stop()
    time.sleep(outage)
    health_during = stack.wait_healthy(timeout=5)
    stack.redis.start()
    up = time.time()
    time.sleep(3)
    ops = load.finish()
    backlog_at_return = health_during["checks"].get("outbox", {}).get("pending")

    concerns = checks.concern_ids(stack)
    managers = stack.cast["manager_emails"]

    def drained() -> bool:
        state = checks.outbox_state(stack)
        return (
            state["pending"] == 0
            and state["processed"] == state["events"]
            and len(checks.emails(stack.mail_dir)) >= len(concerns) * len(managers)
        )

    drain_seconds = checks.wait_until(drained, DRAIN_LIMIT + 15)
    drained_after_return = time.time() - up
    time.sleep(2)  # a late duplicate would show up here
    state = checks.outbox_state(stack)
    sent = history.per_target_counts(checks.emails(stack.mail_dir))
    expected = [(concern, address) for concern in concerns for address in managers]
    result = {
        "summary": history.summary(ops, [(down, up)]),
        "outage_s": round(up - down, 1),
        "health_during_outage": health_during["status"],
        "backlog_during_outage": backlog_at_return,
        "drain_s_after_redis_returned": round(drained_after_return, 1) if drain_seconds else None,
        "outbox": state,
        "concerns": len(concerns),
        "emails": sum(sent.values()),
    }
    (stack.dir / "history.jsonl").write_text("")
    history.write_history(stack.dir / "history.jsonl", ops)
    (stack.dir / "result.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result))

    assert ops and history.failures(ops) == [], result
    assert any(op.kind == "concern" and op.start > down and op.end < up for op in ops)
    assert health_during["status"] == "degraded"
    assert drain_seconds is not None and drained_after_return <= DRAIN_LIMIT, result
    assert state["pending"] == 0 and state["processed"] == state["events"], result
    assert state["orphans"] == 0
    assert history.not_exactly_once(sent, expected) == {}, result
    return result


@pytest.mark.faults_quick
def test_check_ins_succeed_while_redis_is_down_for_5_seconds(make_stack):
    run_redis_outage(make_stack, outage=5)


@pytest.mark.faults
def test_check_ins_succeed_while_redis_is_down_for_60_seconds(make_stack):
    run_redis_outage(make_stack, outage=60)
