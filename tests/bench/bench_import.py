"""bulk_import: a PMS CSV through the real import (validation, encryption, chain, access
event) against plain `bulk_create` of the same rows; and peak RSS at two file sizes. Then
the same stays in a PMS's own layout through a non-trivial import profile (`PROFILE`:
renames, a name join, value maps, US dates with 12-hour times, money with "$" and thousands
separators, total from rate x nights, check-out from the status), against the same baseline.
Then a re-import: the same stays again with 5 % changed (room and charge), into a property
that holds them, so 95 % are unchanged and 5 % become two amendments each.
`BENCH_IMPORT_PARTS=profile` runs only the profile figures (default: `own,profile,reimport`).

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


def write_csv(path, rows: int, *, changed_every: int = 0) -> None:
    """A nightly export: guests who arrived over the last weeks, one a minute.

    `changed_every=20` writes the same stays with every 20th (5 %) in another room and with
    another charge: the next night's file, as a re-import sees it.
    """
    tz = zoneinfo.ZoneInfo("America/New_York")
    newest = datetime.now(tz).replace(second=0, microsecond=0) - timedelta(days=1)
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow(HEADER)
        for n in range(1, rows + 1):
            arrival = newest - timedelta(minutes=n)
            changed = bool(changed_every) and n % changed_every == 0
            writer.writerow(
                (
                    f"Guest {n}",
                    str(100 + (n + 1 if changed else n) % 200),
                    "2",
                    "0",
                    arrival.replace(tzinfo=None).isoformat(timespec="minutes"),
                    (arrival.date() + timedelta(days=2)).isoformat(),
                    "129.00",
                    "nightly",
                    "387.00" if changed else "258.00",
                    "card",
                    f"R-{n:06d}",
                    "passport",
                    f"P{n:08d}",
                    f"PMS-{n:06d}",
                )
            )


PARTS = set(os.environ.get("BENCH_IMPORT_PARTS", "own,profile,reimport").split(","))
CHANGED_EVERY = 20  # 5 % of a re-imported file changed
PROFILE_HEADER = (
    "Conf No",
    "Last Name",
    "First Name",
    "Guest 2",
    "Arrival",
    "Departure",
    "Room",
    "Room Type",
    "Adults",
    "Children",
    "Rate Code",
    "Rate",
    "Pay Type",
    "Folio",
    "Doc Type",
    "Doc No",
    "Status",
    "Market",
    "Notes",
)
PROFILE = {
    "delimiter": ",",
    "encoding": "utf-8",
    "header_row": 1,
    "mapping": {
        "fields": {
            "external_ref": {"column": "Conf No"},
            "guest_name": {"rule": "join", "columns": ["First Name", "Last Name"]},
            "occupants": {"rule": "join", "columns": ["Guest 2"]},
            "arrival": {"column": "Arrival", "format": "MM/DD/YYYY"},
            "expected_departure": {"column": "Departure", "format": "MM/DD/YYYY"},
            "room": {"column": "Room"},
            "adults": {"column": "Adults"},
            "minors": {"column": "Children"},
            "rate_type": {"column": "Rate Code", "values": {"RACK": "nightly", "WKLY": "weekly"}},
            "rate": {"column": "Rate", "money": "1,234.56"},
            "amount_charged": {"rule": "total_from_rate"},
            "payment_method": {
                "column": "Pay Type",
                "values": {"VA": "card", "MC": "card", "AX": "card", "CA": "cash"},
            },
            "receipt_number": {"column": "Folio"},
            "id_type": {
                "column": "Doc Type",
                "values": {"Passport": "passport", "DL": "drivers_licence"},
            },
            "id_number": {"column": "Doc No"},
            "checked_out_at": {
                "column": "Status",
                "rule": "status",
                "values": {"CHECKED OUT": "checked_out"},
            },
        }
    },
}
PAY_TYPES = ("VA", "MC", "AX", "CA")


def write_profile_csv(path, rows: int) -> None:
    """The same stays as `write_csv`, in a PMS's own layout (`PROFILE_HEADER`).

    1 % of the stays are checked out (by status) and 2 % have a second guest.
    """
    tz = zoneinfo.ZoneInfo("America/New_York")
    now = datetime.now(tz).replace(second=0, microsecond=0)
    newest = now - timedelta(days=1)
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow(PROFILE_HEADER)
        for n in range(1, rows + 1):
            arrival = newest - timedelta(minutes=n)
            departure = arrival.date() + timedelta(days=2)
            # Rare check-outs and second guests: each is its own chain entry / name index row,
            # work the own-columns file (and the bulk_create baseline) does not do.
            checked_out = n % 100 == 0 and departure < now.date() - timedelta(days=1)
            writer.writerow(
                (
                    f"PMS-{n:06d}",
                    f"Guest{n}",
                    "Ann",
                    f"Partner {n}" if n % 50 == 0 else "",
                    arrival.strftime("%m/%d/%Y %I:%M %p"),
                    departure.strftime("%m/%d/%Y"),
                    str(100 + n % 200),
                    "KNG",
                    "2",
                    "0",
                    "RACK",
                    "$1,129.00" if n % 10 == 0 else "$129.00",
                    PAY_TYPES[n % 4],
                    f"R-{n:06d}",
                    "Passport" if n % 2 else "DL",
                    f"P{n:08d}",
                    "CHECKED OUT" if checked_out else "CHECKED IN",
                    "LEI",
                    "late arrival" if n % 7 == 0 else "",
                )
            )


def run() -> list[Figure]:
    figures: list[Figure] = []
    if "own" in PARTS:
        figures += run_own()
    if "profile" in PARTS:
        figures += run_profile()
    if "reimport" in PARTS:
        figures += run_reimport()
    return figures


def run_reimport() -> list[Figure]:
    """A re-import of BIG rows, 5 % changed, against bulk_create of the same rows; its memory.

    Each run seeds a new property with the file (a "real" job, untimed here), then re-imports
    the changed file in a fresh interpreter. Memory: the re-import's peak RSS at SMALL and BIG
    rows, its growth per row against the file's bytes per row.
    """
    tmp = OUT_DIR / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    files, changed = {}, {}
    for rows in (SMALL, BIG):
        files[rows] = tmp / f"pms-seed-{rows}.csv"
        changed[rows] = tmp / f"pms-changed-{rows}.csv"
        write_csv(files[rows], rows)
        write_csv(changed[rows], rows, changed_every=CHANGED_EVERY)

    def reimport(rows: int, tag: str) -> dict:
        name = f"Bench Reimport {rows} {tag}"
        child_json(["import", "real", str(files[rows]), name], timeout=TIMEOUT)
        result = child_json(["import", "reimport", str(changed[rows]), name], timeout=TIMEOUT)
        result["rows_per_s"] = result["rows"] / result["seconds"]
        log(
            f"re-import {rows:>7,} rows ({result['updated']:,} updated, "
            f"{result['unchanged']:,} unchanged): {result['rows_per_s']:,.0f} rows/s, "
            f"{result['seconds']:.1f} s, peak RSS {result['rss_kb'] / 1024:.1f} MB"
        )
        return result

    plain_runs, real_runs = [], []
    for run_no in range(1, IMPORT_RUNS + 1):
        plain = child_json(
            ["import", "plain", str(files[BIG]), f"Bench Reimport plain {run_no}"],
            timeout=TIMEOUT,
        )
        plain_runs.append(plain["rows"] / plain["seconds"])
        log(f"re-import baseline bulk_create: {plain_runs[-1]:,.0f} rows/s")
        real_runs.append(reimport(BIG, str(run_no)))
    small = [reimport(SMALL, f"small {n}")["rss_kb"] for n in range(1, IMPORT_RUNS + 1)]
    big_rss = median([r["rss_kb"] for r in real_runs])
    small_rss = median(small)
    growth_per_row = (big_rss - small_rss) * 1024 / (BIG - SMALL)
    row_bytes = changed[BIG].stat().st_size / BIG
    for path in (*files.values(), *changed.values()):
        path.unlink()
    return [
        ratio_figure(
            f"bulk_import.reimport_rows_per_s_{BIG // 1000}k",
            median([r["rows_per_s"] for r in real_runs]),
            median(plain_runs),
            "rows/s",
            at_least=0.25,
            runs=[r["rows_per_s"] for r in real_runs],
            note=f"the same {BIG:,} stays again, 5 % with another room and charge (two "
            "amendments each), 95 % unchanged; baseline: bulk_create of the rows",
        ),
        Figure(
            f"bulk_import.reimport_rss_growth_{SMALL // 1000}k_to_{BIG // 1000}k",
            growth_per_row,
            "bytes/row",
            baseline=row_bytes,
            baseline_unit="CSV bytes/row",
            ratio=growth_per_row / row_bytes,
            target="ratio < 1 (holds less than the file)",
            met=growth_per_row < row_bytes,
            note=f"re-import peak RSS {small_rss / 1024:.0f} MB at {SMALL:,} rows, "
            f"{big_rss / 1024:.0f} MB at {BIG:,}",
        ),
    ]


def run_own() -> list[Figure]:
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


def run_profile() -> list[Figure]:
    """The profile import of BIG rows against bulk_create of the same stays, and its memory."""
    tmp = OUT_DIR / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    own = tmp / f"pms-own-{BIG}.csv"
    write_csv(own, BIG)
    files = {}
    for rows in (SMALL, BIG):
        files[rows] = tmp / f"pms-profile-{rows}.csv"
        write_profile_csv(files[rows], rows)
        log(f"profile_import: {rows:,}-row CSV, {files[rows].stat().st_size / 1e6:.1f} MB")

    def job(mode: str, path, rows: int, tag: str) -> dict:
        result = child_json(
            ["import", mode, str(path), f"Bench Profile {mode} {rows} {tag}"], timeout=TIMEOUT
        )
        result["rows_per_s"] = result["rows"] / result["seconds"]
        log(
            f"profile_import {mode:7} {rows:>7,} rows: {result['rows_per_s']:,.0f} rows/s, "
            f"{result['seconds']:.1f} s, peak RSS {result['rss_kb'] / 1024:.1f} MB"
        )
        return result

    plain_runs, real_runs = [], []
    for run_no in range(1, IMPORT_RUNS + 1):
        plain_runs.append(job("plain", own, BIG, str(run_no))["rows_per_s"])
        real_runs.append(job("profile", files[BIG], BIG, str(run_no)))
    small = [
        job("profile", files[SMALL], SMALL, f"small {n}")["rss_kb"]
        for n in range(1, IMPORT_RUNS + 1)
    ]
    big_rss = median([r["rss_kb"] for r in real_runs])
    small_rss = median(small)
    growth_per_row = (big_rss - small_rss) * 1024 / (BIG - SMALL)
    row_bytes = files[BIG].stat().st_size / BIG
    for path in (*files.values(), own):
        path.unlink()
    return [
        ratio_figure(
            f"bulk_import.profile_rows_per_s_{BIG // 1000}k",
            median([r["rows_per_s"] for r in real_runs]),
            median(plain_runs),
            "rows/s",
            at_least=0.25,
            runs=[r["rows_per_s"] for r in real_runs],
            note="a PMS layout through a profile (join, value maps, US dates, money, "
            "total from rate x nights, status); baseline: bulk_create of the same stays",
        ),
        Figure(
            f"bulk_import.profile_rss_growth_{SMALL // 1000}k_to_{BIG // 1000}k",
            growth_per_row,
            "bytes/row",
            baseline=row_bytes,
            baseline_unit="CSV bytes/row",
            ratio=growth_per_row / row_bytes,
            target="ratio < 1 (holds less than the file)",
            met=growth_per_row < row_bytes,
            note=f"peak RSS {small_rss / 1024:.0f} MB at {SMALL:,} rows, "
            f"{big_rss / 1024:.0f} MB at {BIG:,}",
        ),
    ]
