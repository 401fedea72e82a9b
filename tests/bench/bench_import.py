"""bulk_import: a PMS CSV through the real import (validation, encryption, chain, access
event) against plain `bulk_create` of the same rows; and peak RSS at two file sizes.

Each job runs in a fresh interpreter (tests.bench.child) into its own new property.
"""

from __future__ import annotations

import csv
import os
import zoneinfo
from datetime import datetime, timedelta

from tests.bench.common import OUT_DIR, QUICK, RUNS, Figure, child_json, log, median, ratio_figure

BIG = 20_000 if QUICK else 100_000
SMALL = 4_000 if QUICK else 20_000
TIMEOUT = 1800
# A 100,000-row real import takes minutes here: two runs per figure unless BENCH_IMPORT_RUNS.
IMPORT_RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", str(min(RUNS, 2))))
HEADER = (
    "guest_name",
    "room",
    "adults",
    "minors",
    "arrival",
    "expected_departure",
    "rate",
    "rate_type",
    "amount_charged",
    "payment_method",
    "receipt_number",
    "id_type",
    "id_number",
    "external_ref",
)


def write_csv(path, rows: int) -> None:
    """A nightly export: guests who arrived over the last weeks, one a minute."""
    tz = zoneinfo.ZoneInfo("America/New_York")
    newest = datetime.now(tz).replace(second=0, microsecond=0) - timedelta(days=1)
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow(HEADER)
        for n in range(1, rows + 1):
            arrival = newest - timedelta(minutes=n)
            writer.writerow(
                (
                    f"Guest {n}",
                    str(100 + n % 200),
                    "2",
                    "0",
                    arrival.replace(tzinfo=None).isoformat(timespec="minutes"),
                    (arrival.date() + timedelta(days=2)).isoformat(),
                    "129.00",
                    "nightly",
                    "258.00",
                    "card",
                    f"R-{n:06d}",
                    "passport",
                    f"P{n:08d}",
                    f"PMS-{n:06d}",
                )
            )


def run() -> list[Figure]:
    tmp = OUT_DIR / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    files = {}
    for rows in (SMALL, BIG):
        files[rows] = tmp / f"pms-{rows}.csv"
        write_csv(files[rows], rows)
        log(f"bulk_import: {rows:,}-row CSV, {files[rows].stat().st_size / 1e6:.1f} MB")

    def job(mode: str, rows: int, tag: str) -> dict:
        result = child_json(
            ["import", mode, str(files[rows]), f"Bench Import {mode} {rows} {tag}"],
            timeout=TIMEOUT,
        )
        if mode != "bare":
            result["rows_per_s"] = result["rows"] / result["seconds"]
            log(
                f"bulk_import {mode:5} {rows:>7,} rows: {result['rows_per_s']:,.0f} rows/s, "
                f"{result['seconds']:.1f} s, peak RSS {result['rss_kb'] / 1024:.1f} MB"
            )
        return result

    bare = job("bare", SMALL, "bare")["rss_kb"]
    plain_runs, real_runs = [], []
    for run_no in range(1, IMPORT_RUNS + 1):
        plain_runs.append(job("plain", BIG, str(run_no))["rows_per_s"])
        real = job("real", BIG, str(run_no))
        real_runs.append(real)
    small = [job("real", SMALL, f"small {n}")["rss_kb"] for n in range(1, IMPORT_RUNS + 1)]
    big_rss = median([r["rss_kb"] for r in real_runs])
    small_rss = median(small)
    growth_per_row = (big_rss - small_rss) * 1024 / (BIG - SMALL)
    row_bytes = files[BIG].stat().st_size / BIG
    for path in files.values():
        path.unlink()
    return [
        ratio_figure(
            f"bulk_import.rows_per_s_{BIG // 1000}k",
            median([r["rows_per_s"] for r in real_runs]),
            median(plain_runs),
            "rows/s",
            at_least=0.25,
            runs=[r["rows_per_s"] for r in real_runs],
            note="baseline: csv.DictReader + Registration bulk_create(1000) on the same rows",
        ),
        Figure(
            f"bulk_import.rss_growth_{SMALL // 1000}k_to_{BIG // 1000}k",
            growth_per_row,
            "bytes/row",
            baseline=row_bytes,
            baseline_unit="CSV bytes/row",
            ratio=growth_per_row / row_bytes,
            target="ratio < 1 (holds less than the file)",
            met=growth_per_row < row_bytes,
            note=(
                f"peak RSS {small_rss / 1024:.0f} MB at {SMALL:,} rows, {big_rss / 1024:.0f} MB "
                f"at {BIG:,}; bare interpreter {bare / 1024:.0f} MB"
            ),
        ),
    ]
