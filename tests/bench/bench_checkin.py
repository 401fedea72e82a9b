"""checkin_api: the real check-in API against a bare DRF create, both through gunicorn."""

from __future__ import annotations

import itertools

from tests.bench.common import (
    QUICK,
    RUNS,
    Figure,
    LoadResult,
    json_post,
    log,
    median,
    ratio_figure,
    run_load,
)
from tests.bench.fixtures import actor, checkin_body, property_named

SECONDS = 3 if QUICK else 8
MAX_REQUESTS = 20_000


def run(port: int) -> list[Figure]:
    prop = property_named("Bench Check-in")
    desk = actor("bench_desk", prop)
    body = checkin_body(prop)
    real = json_post(f"/api/v1/properties/{prop.pk}/registrations/", body, desk.token)
    bare = json_post("/bench/baseline/registrations/", body, desk.token, idempotent=False)

    # The same 10 clients spread over 10 properties: each property's check-ins are numbered
    # under its own counter lock, so this shows how much of a gap that lock explains.
    spread = []
    for n in range(10):
        other = property_named(f"Bench Check-in {n}")
        token = actor(f"bench_desk_{n}", other).token
        spread.append(json_post(f"/api/v1/properties/{other.pk}/registrations/", body, token))
    rotation = itertools.cycle(spread)

    def spread_maker():
        return next(rotation)()

    results: dict[tuple[str, int], list[LoadResult]] = {}
    for run_no in range(1, RUNS + 1):
        # Interleaved, so drift on the shared machine hits both sides alike.
        for clients in (1, 10):
            for side, maker in (("baseline", bare), ("real", real)):
                res = run_load(
                    port,
                    maker,
                    clients=clients,
                    seconds=SECONDS,
                    max_requests=MAX_REQUESTS,
                    warmup=3,
                )
                results.setdefault((side, clients), []).append(res)
                _log(run_no, side, clients, res)
        res = run_load(
            port, spread_maker, clients=10, seconds=SECONDS, max_requests=MAX_REQUESTS, warmup=3
        )
        results.setdefault(("spread", 10), []).append(res)
        _log(run_no, "spread", 10, res)

    def med(side: str, clients: int, what: str) -> tuple[float, list[float]]:
        values = []
        for res in results[(side, clients)]:
            values.append(res.throughput if what == "rps" else res.latency_ms(float(what[1:])))
        return median(values), values

    errors = {key: sum(r.errors for r in res) for key, res in results.items()}
    note = "" if not any(errors.values()) else f"non-2xx responses: {errors}"
    figures = []
    for clients in (10, 1):
        value, runs = med("real", clients, "rps")
        base, _ = med("baseline", clients, "rps")
        figures.append(
            ratio_figure(
                f"checkin_api.throughput_{clients}c",
                value,
                base,
                "req/s",
                at_least=0.6 if clients == 10 else None,
                runs=runs,
                note=note,
            )
        )
    for clients in (1, 10):
        for pct in ("p50", "p99"):
            value, runs = med("real", clients, pct)
            base, _ = med("baseline", clients, pct)
            bound = 2.0 if (clients, pct) == (1, "p99") else None
            figures.append(
                ratio_figure(
                    f"checkin_api.{pct}_{clients}c", value, base, "ms", at_most=bound, runs=runs
                )
            )
    value, runs = med("spread", 10, "rps")
    base, _ = med("baseline", 10, "rps")
    figures.append(
        ratio_figure(
            "checkin_api.throughput_10c_10_properties",
            value,
            base,
            "req/s",
            runs=runs,
            note="the 10 clients check in at 10 properties (one counter lock each)",
        )
    )
    if any(errors.values()):
        for figure in figures:
            if figure.met is not None:
                figure.met = False
    return figures


def _log(run_no: int, side: str, clients: int, res: LoadResult) -> None:
    log(
        f"checkin_api run {run_no} {side:8} {clients:2} clients: "
        f"{res.throughput:6.1f} req/s p50 {res.latency_ms(50):6.1f} ms "
        f"p99 {res.latency_ms(99):6.1f} ms errors {res.errors}"
    )
