"""PostgreSQL restarted under load (fast shutdown, and a SIGKILL crash).

Proves reliability-security.md G12: no acknowledged registration is lost, retries with the
same `Idempotency-Key` never make a second row, errors happen only inside the fault window,
and the same gunicorn workers serve again afterwards (no app restart: `CONN_HEALTH_CHECKS`
drops the dead connections).
"""

import json
import time

import pytest

from tests.faults import checks, history
from tests.faults.load import Load

# The stack's servers run on the machine's clock, so this test does too.
pytestmark = pytest.mark.real_clock

GRACE = 1.5  # seconds around the fault window in which an in-flight request may still fail


def run_postgres_fault(make_stack, mode: str, *, before: float = 8, after: float = 12) -> dict:
    stack = make_stack()
    web_pid = stack.procs["web"].pid
    load = Load(
        stack.base_url,
        prop=stack.cast["property"],
        token=stack.cast["desk_token"],
        clients=4,
        rate=20,
        seconds=before + after + 30,
        retry=True,
        retry_seconds=45,
    ).start()
    time.sleep(before)
    down = time.time()
    if mode == "fast":
        stack.pg.restart_fast()
    else:
        stack.pg.kill9()
        time.sleep(1)
        stack.pg.start()
    up = time.time()
    time.sleep(after)
    ops = load.finish()
    health = stack.wait_healthy(timeout=10)

    stored = checks.registrations(stack)
    per_key = checks.rows_per_key(stack)
    windows = [(down, up)]
    after_ops = [op for op in ops if op.start > up + GRACE]
    result = {
        "mode": mode,
        "summary": history.summary(ops, windows),
        "acked": len(history.acknowledged(ops)),
        "stored": len(stored),
        "ok_after_recovery": sum(op.ok for op in after_ops),
        "acked_inside_window": sum(op.ok and op.start >= down and op.end <= up for op in ops),
    }
    history.write_history(stack.dir / "history.jsonl", ops)
    (stack.dir / "result.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result))

    assert history.lost_acks(ops, stored) == [], result
    assert history.keys_acked_twice(ops) == {}, result
    assert history.duplicate_rows(per_key) == {}, result
    assert [rid for rid, keys in stored.items() if keys != 1] == [], "a row without its key"
    assert history.unexpected_rows(ops, per_key) == []
    assert history.unresolved(ops) == [], "a check-in never acknowledged after retries"
    assert history.failures_outside(ops, windows, GRACE) == [], result
    # Recovered without a restart: the same gunicorn master, and every later request answered.
    assert stack.procs["web"].pid == web_pid and stack.procs["web"].poll() is None
    assert health["status"] == "ok"
    assert after_ops and all(op.ok for op in after_ops), result
    stack.manage("verify_chain")
    return result


@pytest.mark.faults
def test_no_acknowledged_check_in_is_lost_when_postgres_restarts_fast(make_stack):
    run_postgres_fault(make_stack, "fast")


@pytest.mark.faults
def test_no_acknowledged_check_in_is_lost_when_postgres_is_killed(make_stack):
    run_postgres_fault(make_stack, "kill")
