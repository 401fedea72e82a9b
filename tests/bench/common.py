"""Shared pieces of the benchmarks: environment, bench database, gunicorn, load, statistics.

Everything runs on 127.0.0.1 only, and every loop is bounded in both count and time.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "var" / "bench"
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def bench_environ() -> dict[str, str]:
    """The production-like environment every bench process (and gunicorn) runs with.

    Keys are made once per run and handed to the children, so the runner's precomputed
    ciphertexts decrypt in gunicorn.
    """
    if "BENCH_SECRET_KEY" not in os.environ:
        # Kept in var/bench (bench-only throwaway keys), so a later look at the bench
        # database from another process can still decrypt its rows.
        keys_file = OUT_DIR / "keys.json"
        if keys_file.exists():
            keys = json.loads(keys_file.read_text())
        else:
            keys = {
                "secret": secrets.token_urlsafe(64),
                "field": base64.urlsafe_b64encode(os.urandom(32)).decode(),
            }
            OUT_DIR.mkdir(parents=True, exist_ok=True)
            keys_file.write_text(json.dumps(keys))
            keys_file.chmod(0o600)
        os.environ["BENCH_SECRET_KEY"] = keys["secret"]
        os.environ["BENCH_FIELD_KEY"] = keys["field"]
    return {
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ["BENCH_SECRET_KEY"],
        "FIELD_ENCRYPTION_KEYS": os.environ["BENCH_FIELD_KEY"],
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        "REDIS_URL": os.environ.get("REDIS_URL", DEFAULT_REDIS_URL),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def apply_environ() -> None:
    os.environ.update(bench_environ())


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)


def pg_conninfo(dbname: str | None = None) -> str:
    url = urlparse(database_url())
    name = dbname or url.path.lstrip("/")
    parts = [f"host={url.hostname or '127.0.0.1'}", f"port={url.port or 5432}", f"dbname={name}"]
    parts.append(f"user={url.username or 'postgres'}")
    if url.password:
        parts.append(f"password={url.password}")
    return " ".join(parts)


def recreate_database() -> None:
    """Drop and create the bench database (only ever the one named in BENCH_DATABASE_URL)."""
    import psycopg

    name = urlparse(database_url()).path.lstrip("/")
    if not name.startswith("bench"):
        raise SystemExit(f"Refusing to recreate database {name!r}: its name must start with bench.")
    with psycopg.connect(pg_conninfo("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def migrate() -> None:
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, **bench_environ()},
        check=True,
        timeout=600,
    )


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


# --- Results ----------------------------------------------------------------------------------


@dataclass
class Figure:
    """One line of results.json: a measured value against its same-run baseline."""

    name: str
    value: float | None
    unit: str
    baseline: float | None = None
    baseline_unit: str = ""
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    error: str = ""
    runs: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = {
            "name": self.name,
            "value": _round(self.value),
            "unit": self.unit,
            "baseline": _round(self.baseline),
            "ratio": _round(self.ratio, 3),
            "target": self.target,
            "met": self.met,
        }
        if self.baseline_unit and self.baseline_unit != self.unit:
            data["baseline_unit"] = self.baseline_unit
        if self.runs:
            data["runs"] = [_round(r) for r in self.runs]
        if self.note:
            data["note"] = self.note
        if self.error:
            data["error"] = self.error
        return data


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def ratio_figure(
    name: str,
    value: float,
    baseline: float,
    unit: str,
    *,
    at_least: float | None = None,
    at_most: float | None = None,
    **extra: Any,
) -> Figure:
    """A figure whose target is a bound on value / baseline."""
    ratio = value / baseline if baseline else None
    if at_least is not None:
        target, met = f"ratio >= {at_least}", ratio is not None and ratio >= at_least
    elif at_most is not None:
        target, met = f"ratio <= {at_most}", ratio is not None and ratio <= at_most
    else:
        target, met = "", None
    return Figure(name, value, unit, baseline, ratio=ratio, target=target, met=met, **extra)


# --- Gunicorn ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(workers: int = 2, threads: int = 4) -> Iterator[int]:
    """Serve hotelcompliance.wsgi on a free 127.0.0.1 port; yield the port."""
    port = free_port()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    errors = open(OUT_DIR / "gunicorn.log", "ab")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "hotelcompliance.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--keep-alive",
            "30",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env={**os.environ, **bench_environ()},
        stdout=errors,
        stderr=errors,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError("gunicorn exited at start; see var/bench/gunicorn.log")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                conn.close()
                break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("gunicorn did not answer within 60 s")
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        errors.close()


# --- Load generation --------------------------------------------------------------------------


@dataclass
class Sample:
    started: float  # time.monotonic() at send
    seconds: float
    status: int


@dataclass
class LoadResult:
    samples: list[Sample]
    elapsed: float

    @property
    def ok(self) -> list[Sample]:
        return [s for s in self.samples if 200 <= s.status < 300]

    @property
    def errors(self) -> int:
        return len(self.samples) - len(self.ok)

    @property
    def throughput(self) -> float:
        return len(self.ok) / self.elapsed if self.elapsed else 0.0

    def latency_ms(self, pct: float) -> float:
        return percentile([s.seconds * 1000 for s in self.ok], pct)


RequestMaker = Callable[[], tuple[str, str, bytes | None, dict[str, str]]]


class Client:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1; reconnects once on a dropped socket."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def send(self, method: str, path: str, body: bytes | None, headers: dict[str, str]):
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, data
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


def run_load(
    port: int,
    make_request: RequestMaker,
    *,
    clients: int,
    seconds: float,
    max_requests: int,
    warmup: int = 0,
) -> LoadResult:
    """`clients` threads, each on its own keep-alive connection, until time or count runs out."""
    samples: list[Sample] = []
    lock = threading.Lock()
    counter = iter(range(max_requests))
    barrier = threading.Barrier(clients + 1)
    go = threading.Event()
    stop_at: list[float] = [0.0]

    def worker() -> None:
        client = Client(port)
        try:
            for _ in range(warmup):
                client.send(*make_request())
            barrier.wait()
            go.wait(timeout=120)
            mine = []
            while time.monotonic() < stop_at[0]:
                with lock:
                    if next(counter, None) is None:
                        break
                method, path, body, headers = make_request()
                started = time.monotonic()
                try:
                    status, _ = client.send(method, path, body, headers)
                except OSError:
                    status = 599
                mine.append(Sample(started, time.monotonic() - started, status))
            with lock:
                samples.extend(mine)
        finally:
            client.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=120)
    began = time.monotonic()
    stop_at[0] = began + seconds
    go.set()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = max(s.started + s.seconds for s in samples) - began if samples else seconds
    return LoadResult(samples, elapsed)


def json_post(path: str, body: dict, token: str, *, idempotent: bool = True) -> RequestMaker:
    raw = json.dumps(body).encode()

    def make() -> tuple[str, str, bytes, dict[str, str]]:
        headers = {
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        if idempotent:
            headers["Idempotency-Key"] = str(uuid.uuid4())
        return "POST", path, raw, headers

    return make


def json_get(path: str, token: str) -> RequestMaker:
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}

    def make() -> tuple[str, str, None, dict[str, str]]:
        return "GET", path, None, headers

    return make


def child_json(args: list[str], *, timeout: float) -> dict[str, Any]:
    """Run `python -m tests.bench.child ...` in a fresh interpreter; parse its last JSON line."""
    done = subprocess.run(
        [PYTHON, "-m", "tests.bench.child", *args],
        cwd=ROOT,
        env={**os.environ, **bench_environ()},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"child {' '.join(args)} failed: {' | '.join(tail)}")
    return json.loads(lines[-1])
