"""A Celery worker killed with `kill -9` in the middle of a report: it completes once.

Proves reliability-security.md G14 against the report engine (`audits.reports.services`):
the pool child killed mid-build (the task is rejected and redelivered at once,
`task_reject_on_worker_lost`) and the whole worker killed (the unacked message comes back
after the visibility timeout, 20 s in these stacks) each end with one `done` report row, one
stored PDF whose digest the row records, and no second report. Check-ins keep working.
"""

import hashlib
import json
import time

import pytest

from tests.faults import checks, history
from tests.faults.load import Load

# The stack's servers run on the machine's clock, so this test does too.
pytestmark = pytest.mark.real_clock

ROWS = 20_000
KILL_BETWEEN = (35, 85)  # progress percent: the PDF is being drawn
DONE_WITHIN = 420.0


def report_row(stack, report_id: str) -> dict:
    rows = stack.sql(
        "SELECT status, progress, attempts, sha256, file, error FROM audits_auditreport"
        " WHERE id = %s",
        (report_id,),
    )
    return dict(
        zip(["status", "progress", "attempts", "sha256", "file", "error"], rows[0], strict=True)
    )


def run_worker_kill(make_stack, target: str) -> dict:
    pytest.importorskip("audits.reports.services", reason="the report engine is not there yet")
    stack = make_stack()
    asked = time.time()
    report_id = json.loads(
        stack.python("-m", "tests.faults.seed_report", str(ROWS)).splitlines()[-1]
    )["report"]
    load = Load(
        stack.base_url,
        prop=stack.cast["property"],
        token=stack.cast["desk_token"],
        clients=2,
        rate=4,
        seconds=DONE_WITHIN,
        retry=False,
    ).start()

    seen = []

    def mid_build() -> bool:
        row = report_row(stack, report_id)
        seen.append((round(time.time() - asked, 1), row["status"], row["progress"]))
        return row["status"] == "running" and KILL_BETWEEN[0] <= row["progress"] <= KILL_BETWEEN[1]

    assert checks.wait_until(mid_build, 180, step=0.2) is not None, seen[-5:]
    at_kill = report_row(stack, report_id)
    if target == "child":
        children = stack.worker_child_pids()
        assert children, "the worker has no pool child"
        for pid in children:
            checks.kill9(pid)
    else:
        stack.stop_proc("worker")  # SIGKILL to the main process and its pool child
        stack.start_worker()

    done_after = checks.wait_until(
        lambda: report_row(stack, report_id)["status"] in ("done", "failed"), DONE_WITHIN
    )
    time.sleep(5)  # a late duplicate build would show up here
    ops = load.finish()
    row = report_row(stack, report_id)
    reports = stack.sql("SELECT count(*) FROM audits_auditreport")[0][0]
    pdfs = sorted((stack.dir / "media" / "reports").rglob(f"{report_id}*.pdf"))
    result = {
        "target": target,
        "rows": ROWS,
        "progress_at_kill": at_kill["progress"],
        "attempts_at_kill": at_kill["attempts"],
        "done_s_after_kill": round(done_after, 1) if done_after is not None else None,
        "report": {k: row[k] for k in ("status", "attempts", "error")},
        "reports": reports,
        "pdfs": [p.name for p in pdfs],
        "check_ins": history.summary(ops),
    }
    history.write_history(stack.dir / "history.jsonl", ops)
    (stack.dir / "result.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result))

    assert row["status"] == "done", result
    assert row["attempts"] >= 2, result  # the killed attempt counted, then one that finished
    assert reports == 1 and len(pdfs) == 1, result
    assert (stack.dir / "media" / row["file"]).resolve() == pdfs[0].resolve()
    assert hashlib.sha256(pdfs[0].read_bytes()).hexdigest() == row["sha256"]
    assert history.failures(ops) == [], result
    return result


@pytest.mark.faults
def test_a_report_completes_once_after_its_pool_child_is_killed(make_stack):
    run_worker_kill(make_stack, "child")


@pytest.mark.faults
def test_a_report_completes_once_after_the_whole_worker_is_killed(make_stack):
    run_worker_kill(make_stack, "whole")
