"""The history checker finds each kind of broken guarantee, and passes a clean history."""

from tests.faults import history
from tests.faults.history import Op


def op(key="k1", status=201, start=10.0, end=10.1, id="r1", attempt=1, kind="registration"):
    error = "" if status else "ConnectionError"
    return Op(kind, key, attempt, start, end, status, id if status == 201 else None, 1, error)


def test_a_clean_history_passes_every_check():
    ops = [op("k1", id="r1"), op("k2", id="r2", start=11, end=11.1)]

    assert history.lost_acks(ops, ["r1", "r2"]) == []
    assert history.keys_acked_twice(ops) == {}
    assert history.unresolved(ops) == []
    assert history.unexpected_rows(ops, ["k1", "k2"]) == []
    assert history.failures(ops) == []
    assert history.failures_outside(ops, []) == []


def test_an_acknowledged_id_missing_from_the_database_is_lost():
    ops = [op("k1", id="r1"), op("k2", id="r2")]

    assert history.lost_acks(ops, ["r1"]) == ["r2"]


def test_a_retry_answered_with_another_id_is_a_duplicate():
    ops = [op("k1", status=None), op("k1", id="r1", attempt=2), op("k1", id="r9", attempt=3)]

    assert history.keys_acked_twice(ops) == {"k1": {"r1", "r9"}}
    assert history.duplicate_rows({"k1": 2, "k2": 1}) == {"k1": 2}


def test_a_key_never_acknowledged_is_unresolved_until_a_retry_succeeds():
    failed = [op("k1", status=503), op("k1", status=None, attempt=2)]

    assert history.unresolved(failed) == ["k1"]
    assert history.unresolved([*failed, op("k1", attempt=3)]) == []


def test_rows_no_client_sent_are_reported():
    assert history.unexpected_rows([op("k1")], ["k1", "zz"]) == ["zz"]


def test_errors_count_only_outside_the_widened_fault_window():
    inside = op("a", status=500, start=20.2, end=20.3)
    edge = op("b", status=None, start=24.0, end=25.4)  # in flight as the window closed
    late = op("c", status=500, start=40.0, end=40.1)
    client_error = op("d", status=400, start=50.0, end=50.1)  # not a fault: no retry either

    found = history.failures_outside([inside, edge, late, client_error], [(20.0, 25.0)], 0.5)

    assert found == [late]
    assert history.error_span([inside, edge, late]) == (20.2, 40.1)
    assert history.error_span([op()]) is None


def test_each_expected_email_must_be_sent_exactly_once():
    expected = [("c1", "m1"), ("c1", "m2"), ("c2", "m1")]
    counts = history.per_target_counts([("c1", "m1"), ("c1", "m2"), ("c1", "m2"), ("c3", "m1")])

    assert history.not_exactly_once(counts, expected) == {
        ("c1", "m2"): 2,
        ("c2", "m1"): 0,
        ("c3", "m1"): 1,
    }
    assert history.not_exactly_once(history.per_target_counts(expected), expected) == {}


def test_the_history_round_trips_through_jsonl(tmp_path):
    ops = [op("k1"), op("k2", status=None)]
    path = tmp_path / "history.jsonl"

    history.write_history(path, ops)

    assert history.read_history(path) == ops


def test_the_summary_counts_statuses_and_latency():
    ops = [
        op("k1", start=0, end=0.1),
        op("k2", status=500, start=1, end=1.2),
        op("k3", start=2, end=2.3),
    ]

    summary = history.summary(ops, [(1.0, 1.5)])

    assert summary["attempts"] == 3 and summary["ok"] == 2
    assert summary["statuses"] == {"201": 2, "500": 1}
    assert summary["p50_ms"] == 200.0  # the median of the two answered: 0.1 s and 0.3 s
    assert summary["fault_windows_s"] == [0.5]
    assert history.summary([]) == {"attempts": 0}
