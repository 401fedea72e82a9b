"""Run the benchmarks and write var/bench/results.{md,json}.

    python -m tests.bench                 # everything (make bench)
    BENCH_QUICK=1 python -m tests.bench   # smaller sizes, one smoke pass
    BENCH_ONLY=checkin_api,register_list python -m tests.bench

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench; the
database is dropped and re-created, so its name must start with "bench"), REDIS_URL (default
redis://127.0.0.1:6379/14), BENCH_RUNS (runs per figure, default 3), BENCH_PURGE_ROWS,
BENCH_LIST_ROWS. A benchmark that fails is recorded with met=false and its error; the others
still run.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from contextlib import ExitStack

from tests.bench import common
from tests.bench.common import OUT_DIR, QUICK, Figure, log

BENCHMARKS = [
    "checkin_api",
    "register_list",
    "training_dashboard",
    "dashboard_group",
    "retention_purge",
    "bulk_import",
    "pdf_register",
    "desk_page",
]
NEEDS_SERVER = {"checkin_api", "register_list", "retention_purge"}


def _selected() -> list[str]:
    only = [n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()]
    unknown = sorted(set(only) - set(BENCHMARKS))
    if unknown:
        raise SystemExit(f"BENCH_ONLY: unknown benchmark {', '.join(unknown)}; know {BENCHMARKS}")
    return [name for name in BENCHMARKS if not only or name in only]


MODULES = {
    "checkin_api": "bench_checkin",
    "register_list": "bench_list",
    "training_dashboard": "bench_training",
    "dashboard_group": "bench_dashboard",
    "retention_purge": "bench_purge",
    "bulk_import": "bench_import",
    "pdf_register": "bench_pdf",
    "desk_page": "bench_desk",
}


def _runner(name: str) -> Callable[..., list[Figure]]:
    # Imported one by one, so a broken benchmark module fails only its own figures.
    return importlib.import_module(f"tests.bench.{MODULES[name]}").run


def main() -> int:
    selected = _selected()
    common.apply_environ()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    log(f"benchmarks: {', '.join(selected)}{' (quick)' if QUICK else ''}")
    log("re-creating the bench database and migrating")
    common.recreate_database()
    common.migrate()

    import django

    django.setup()

    figures: list[Figure] = []
    with ExitStack() as stack:
        port = None
        for name in selected:
            log(f"--- {name}")
            began = time.monotonic()
            try:
                if name in NEEDS_SERVER and port is None:
                    port = stack.enter_context(common.gunicorn())
                runner = _runner(name)
                found = runner(port) if name in NEEDS_SERVER else runner()
            except Exception as error:  # one benchmark failing must not stop the others
                traceback.print_exc()
                found = [
                    Figure(name, None, "", met=False, error=f"{type(error).__name__}: {error}")
                ]
            for figure in found:
                log(f"{figure.name}: {_line(figure)}")
            figures.extend(found)
            log(f"{name} took {time.monotonic() - began:.0f} s")
            _write(figures, time.monotonic() - started)
    _write(figures, time.monotonic() - started)
    log(f"wrote {OUT_DIR / 'results.md'} in {time.monotonic() - started:.0f} s")
    return 0


def _line(f: Figure) -> str:
    parts = [f"{_num(f.value)} {f.unit}"]
    if f.baseline is not None:
        parts.append(f"baseline {_num(f.baseline)} {f.baseline_unit or f.unit}")
    if f.ratio is not None:
        parts.append(f"ratio {f.ratio:.2f}")
    if f.target:
        parts.append(f"target {f.target}: {'met' if f.met else 'NOT met'}")
    if f.error:
        parts.append(f"ERROR {f.error}")
    return ", ".join(parts)


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def _write(figures: list[Figure], seconds: float) -> None:
    data = [f.as_dict() for f in figures]
    (OUT_DIR / "results.json").write_text(json.dumps(data, indent=2) + "\n")
    lines = [
        "# Benchmark results",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.node()}, "
        f"{os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {'BENCH_QUICK ' if QUICK else ''}"
        f"{common.RUNS} run(s) per figure (median), {seconds:.0f} s in all; load average "
        f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1/5/15 min) when written.",
        "",
        "| figure | value | baseline | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    notes = []
    for f in figures:
        met = "" if f.met is None else ("yes" if f.met else "**no**")
        base = "" if f.baseline is None else f"{_num(f.baseline)} {f.baseline_unit or f.unit}"
        ratio = "" if f.ratio is None else f"{f.ratio:.2f}"
        value = "error" if f.error and f.value is None else f"{_num(f.value)} {f.unit}"
        lines.append(f"| {f.name} | {value} | {base} | {ratio} | {f.target} | {met} |")
        if f.error:
            notes.append(f"- {f.name}: error: {f.error}")
        if f.note:
            notes.append(f"- {f.name}: {f.note}")
    if notes:
        lines += ["", "Notes:", "", *notes]
    (OUT_DIR / "results.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
