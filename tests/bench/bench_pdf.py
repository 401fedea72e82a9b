"""pdf_register: the real register-extract renderer against the plainest reportlab drawing.

Each size runs in a fresh interpreter (tests.bench.child), so peak RSS is that job's alone;
"bare" is the same interpreter with the same imports and no drawing.
"""

from __future__ import annotations

from tests.bench.common import OUT_DIR, QUICK, RUNS, Figure, child_json, log, median, ratio_figure

SIZES = (1_000, 5_000, 20_000) if QUICK else (1_000, 10_000, 100_000)
TIMEOUT = 900


def run() -> list[Figure]:
    tmp = OUT_DIR / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    bare = median([child_json(["pdf", "bare", "0", "-"], timeout=120)["rss_kb"] for _ in range(3)])
    log(f"pdf_register: bare interpreter {bare / 1024:.1f} MB")
    measured: dict[tuple[str, int], dict] = {}
    for size in SIZES:
        for mode in ("floor", "real"):
            runs = []
            for run_no in range(1, RUNS + 1):
                out = tmp / f"{mode}-{size}.pdf"
                result = child_json(["pdf", mode, str(size), str(out)], timeout=TIMEOUT)
                result["rows_per_s"] = size / result["seconds"]
                result["bytes"] = out.stat().st_size
                out.unlink()
                runs.append(result)
                log(
                    f"pdf_register {mode:5} {size:>7,} rows run {run_no}: "
                    f"{result['rows_per_s']:,.0f} rows/s, {result['pages']} pages, "
                    f"peak RSS {result['rss_kb'] / 1024:.1f} MB"
                )
            measured[(mode, size)] = {
                "rows_per_s": median([r["rows_per_s"] for r in runs]),
                "rss_kb": median([r["rss_kb"] for r in runs]),
                "runs": [r["rows_per_s"] for r in runs],
                "pages": runs[0]["pages"],
            }

    big, mid = SIZES[-1], SIZES[-2]
    real_big, real_mid = measured[("real", big)], measured[("real", mid)]
    floor_big = measured[("floor", big)]
    figures = [
        ratio_figure(
            f"pdf_register.rows_per_s_{big // 1000}k",
            real_big["rows_per_s"],
            floor_big["rows_per_s"],
            "rows/s",
            at_least=0.4,
            runs=real_big["runs"],
            note=f"{real_big['pages']} pages; baseline: plain reportlab, 1 text object a column",
        ),
        ratio_figure(
            f"pdf_register.linearity_{big // 1000}k_vs_{mid // 1000}k",
            real_big["rows_per_s"],
            real_mid["rows_per_s"],
            "rows/s",
            at_least=0.8,
            note=f"baseline: the real renderer's rows/s at {mid:,} rows",
        ),
    ]
    for size in SIZES:
        real, floor = measured[("real", size)], measured[("floor", size)]
        growth = (real["rss_kb"] - bare) / size
        figures.append(
            Figure(
                f"pdf_register.rss_growth_{size // 1000}k",
                growth,
                "KB/row",
                baseline=(floor["rss_kb"] - bare) / size,
                target="value <= 1 KB/row" if size == big else "",
                met=growth <= 1.0 if size == big else None,
                note=f"baseline: the floor's growth; bare interpreter {bare / 1024:.0f} MB",
            )
        )
        if size != big:
            figures.append(
                ratio_figure(
                    f"pdf_register.rows_per_s_{size // 1000}k",
                    real["rows_per_s"],
                    floor["rows_per_s"],
                    "rows/s",
                    runs=real["runs"],
                )
            )
    total = real_big["rss_kb"] / 1024
    figures.append(
        Figure(
            f"pdf_register.peak_rss_{big // 1000}k",
            total,
            "MB",
            baseline=floor_big["rss_kb"] / 1024,
            ratio=real_big["rss_kb"] / floor_big["rss_kb"],
            target="value < 150 MB",
            met=total < 150,
        )
    )
    return figures
