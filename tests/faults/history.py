"""The operation history of a fault test and the checks run on it (Jepsen-style, scaled down).

Every HTTP attempt a load client makes is one `Op`: what it was (`kind`, the idempotency
`key`, the `attempt` number), when it started and ended (epoch seconds), and how it ended
(`status`, or `error` when no response came back; `id`/`number` of the created row). A retry
of a failed attempt reuses the key. The checks are plain functions returning what is wrong
(an empty list or dict means the guarantee held), so a failing test prints the evidence.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Op:
    kind: str
    key: str
    attempt: int
    start: float
    end: float
    status: int | None = None
    id: str | None = None
    number: int | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def failed(self) -> bool:
        """No answer, or a server error: the outcome is unknown and the client retries."""
        return self.status is None or self.status >= 500


Window = tuple[float, float]


def write_history(path: Path, ops: Iterable[Op]) -> None:
    with path.open("w") as out:
        for op in ops:
            out.write(json.dumps(asdict(op)) + "\n")


def read_history(path: Path) -> list[Op]:
    return [Op(**json.loads(line)) for line in path.read_text().splitlines() if line.strip()]


def acknowledged(ops: Iterable[Op], kind: str = "registration") -> dict[str, set[str]]:
    """Each key's acknowledged (2xx) ids: one id per key when retries are idempotent."""
    acks: dict[str, set[str]] = defaultdict(set)
    for op in ops:
        if op.kind == kind and op.ok and op.id:
            acks[op.key].add(op.id)
    return dict(acks)


def keys_acked_twice(ops: Iterable[Op], kind: str = "registration") -> dict[str, set[str]]:
    """Keys whose attempts were acknowledged with different ids (a retry made a second row)."""
    return {key: ids for key, ids in acknowledged(ops, kind).items() if len(ids) > 1}


def lost_acks(ops: Iterable[Op], stored_ids: Iterable[str], kind: str = "registration") -> list:
    """Acknowledged ids that are not in the database after the run."""
    stored = set(map(str, stored_ids))
    return sorted(
        {i for ids in acknowledged(ops, kind).values() for i in ids} - stored,
    )


def duplicate_rows(rows_per_key: dict[str, int]) -> dict[str, int]:
    """Keys stored more than once (`rows_per_key`: key -> rows the database holds for it)."""
    return {key: count for key, count in rows_per_key.items() if count > 1}


def unresolved(ops: Iterable[Op], kind: str = "registration") -> list[str]:
    """Keys never acknowledged, after every retry (they must be absent or stored once)."""
    seen: dict[str, bool] = {}
    for op in ops:
        if op.kind == kind:
            seen[op.key] = seen.get(op.key, False) or op.ok
    return sorted(key for key, ok in seen.items() if not ok)


def unexpected_rows(
    ops: Iterable[Op], stored_keys: Iterable[str], kind: str = "registration"
) -> list[str]:
    """Keys stored in the database that no client ever sent (rows from nowhere)."""
    sent = {op.key for op in ops if op.kind == kind}
    return sorted(set(stored_keys) - sent)


def failures(ops: Iterable[Op]) -> list[Op]:
    """Attempts without a 2xx answer."""
    return [op for op in ops if not op.ok]


def failures_outside(ops: Iterable[Op], windows: Iterable[Window], grace: float = 1.0) -> list[Op]:
    """Failed attempts that overlap no fault window (widened by `grace` seconds each side).

    An attempt in flight when the fault starts may fail a little after the nemesis's own
    timestamp, and one sent just before recovery is seen may fail just after it.
    """
    widened = [(start - grace, end + grace) for start, end in windows]
    return [
        op
        for op in ops
        if op.failed and not any(op.start <= end and op.end >= start for start, end in widened)
    ]


def error_span(ops: Iterable[Op]) -> Window | None:
    """From the first failed attempt's start to the last one's end (None without failures)."""
    failed = [op for op in ops if op.failed]
    if not failed:
        return None
    return min(op.start for op in failed), max(op.end for op in failed)


def per_target_counts(found: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Count (target, recipient) pairs, e.g. emails per concern report and manager."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for pair in found:
        counts[pair] += 1
    return dict(counts)


def not_exactly_once(
    counts: dict[tuple[str, str], int], expected: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """Expected (target, recipient) pairs seen 0 or 2+ times, and pairs not expected at all."""
    wanted = set(expected)
    wrong = {pair: counts.get(pair, 0) for pair in wanted if counts.get(pair, 0) != 1}
    wrong.update({pair: n for pair, n in counts.items() if pair not in wanted})
    return wrong


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary(ops: list[Op], windows: Iterable[Window] = ()) -> dict:
    """Counts, rate and latency of a history, for the report."""
    if not ops:
        return {"attempts": 0}
    latencies = [op.end - op.start for op in ops if op.ok]
    span = max(op.end for op in ops) - min(op.start for op in ops)
    statuses: dict[str, int] = defaultdict(int)
    for op in ops:
        statuses[str(op.status) if op.status is not None else (op.error or "no answer")] += 1
    errors = error_span(ops)
    return {
        "attempts": len(ops),
        "keys": len({(op.kind, op.key) for op in ops}),
        "ok": sum(op.ok for op in ops),
        "statuses": dict(statuses),
        "seconds": round(span, 1),
        "ok_per_second": round(sum(op.ok for op in ops) / span, 1) if span else 0.0,
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else 0.0,
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1) if latencies else 0.0,
        "fault_windows_s": [round(end - start, 2) for start, end in windows],
        "error_span_s": round(errors[1] - errors[0], 2) if errors else 0.0,
    }
