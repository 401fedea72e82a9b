"""register_list: the paginated registration list over a million rows, through gunicorn.

The floor is the same page read by a plain `SELECT ... LIMIT 50` over psycopg. The SQL of one
list request is also captured in-process to name any `COUNT(*)` or sequential scan.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta

import psycopg
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.bench.common import (
    QUICK,
    RUNS,
    Figure,
    json_get,
    log,
    median,
    percentile,
    pg_conninfo,
    run_load,
)
from tests.bench.data import load_registrations
from tests.bench.fixtures import actor, property_named

ROWS = int(os.environ.get("BENCH_LIST_ROWS", "50000" if QUICK else "1000000"))
REQUESTS = 60 if QUICK else 200
SECONDS = 10 if QUICK else 20
TARGET_MS = 30.0


def run(port: int) -> list[Figure]:
    prop = property_named("Bench Register")
    desk = actor("bench_list_desk", prop)
    # A second, small property in the same table, as in real life.
    newest = timezone.now().replace(microsecond=0)
    log(f"register_list: loading {ROWS:,} registrations")
    began = time.monotonic()
    load_registrations(prop, desk.user.pk, ROWS, newest=newest.isoformat())
    log(f"register_list: loaded in {time.monotonic() - began:.1f} s")

    day = (timezone.localtime(newest) - timedelta(minutes=5 * ROWS // 2)).date().isoformat()
    base = f"/api/v1/properties/{prop.pk}/registrations/"
    cases = {
        "unfiltered": (base, _floor_sql(prop.pk, None)),
        "by_arrival_date": (
            f"{base}?arrival_after={day}&arrival_before={day}",
            _floor_sql(prop.pk, day),
        ),
    }
    figures: list[Figure] = []
    for label, (path, floor_sql) in cases.items():
        diagnosis = _diagnose(desk.token, path)
        floor = _floor_ms(floor_sql)
        runs = []
        for run_no in range(1, RUNS + 1):
            res = run_load(
                port,
                json_get(path, desk.token),
                clients=1,
                seconds=SECONDS,
                max_requests=REQUESTS,
                warmup=5,
            )
            if res.errors:
                raise RuntimeError(f"{label}: {res.errors} non-2xx responses")
            runs.append(res.latency_ms(50))
            log(f"register_list {label} run {run_no}: p50 {runs[-1]:.1f} ms ({len(res.ok)} req)")
        value = median(runs)
        figure = Figure(
            f"register_list.{label}_p50",
            value,
            "ms",
            baseline=floor,
            ratio=value / floor if floor else None,
            target=f"value < {TARGET_MS:.0f} ms",
            met=value < TARGET_MS and not diagnosis["problems"],
            runs=runs,
            note=f"{ROWS:,} rows; {diagnosis['summary']}",
        )
        figures.append(figure)
    return figures


def _floor_sql(prop_id: int, day: str | None) -> tuple[str, list]:
    sql = "SELECT * FROM guests_registration WHERE property_id = %s"
    params: list = [prop_id]
    if day:
        sql += (
            " AND arrival >= (%s::date)::timestamp AT TIME ZONE 'America/New_York'"
            " AND arrival < (%s::date + 1)::timestamp AT TIME ZONE 'America/New_York'"
        )
        params += [day, day]
    return sql + " ORDER BY arrival DESC, number DESC LIMIT 50", params


def _floor_ms(query: tuple[str, list]) -> float:
    sql, params = query
    times = []
    with psycopg.connect(pg_conninfo()) as conn:
        for _ in range(5):
            conn.execute(sql, params).fetchall()
        for _ in range(50):
            started = time.perf_counter()
            conn.execute(sql, params).fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return percentile(times, 50)


def _diagnose(token: str, path: str) -> dict:
    """One list request in-process, as the load sends it: any COUNT, the page query's plan."""
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Token {token}", "HTTP_ACCEPT": "application/json"}
    client.get(path, **headers)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")
    sqls = [q["sql"] for q in captured.captured_queries]
    problems = []
    counts = [s for s in sqls if "COUNT(" in s.upper()]
    if counts:
        problems.append(f"{len(counts)} COUNT queries")
    page = [s for s in sqls if 'FROM "guests_registration"' in s and "LIMIT" in s.upper()]
    plan = ""
    if page:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + page[0])
            plan = " / ".join(row[0].strip() for row in cursor.fetchall()[:4])
        if "Seq Scan on guests_registration" in plan:
            problems.append("sequential scan")
    summary = f"{len(sqls)} queries per request, no COUNT" if not counts else "; ".join(problems)
    if plan:
        summary += f"; plan: {plan[:160]}"
    return {"problems": problems, "summary": summary}
