"""The system under fault: its own PostgreSQL, Redis, gunicorn and Celery, as subprocesses.

Nothing here touches the shared servers on 5432/6379: each stack picks free loopback ports
(PostgreSQL 54xx, Redis 63xx, gunicorn any), owns every process it starts, and `close()`
kills them all by pid, even after a failed test.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
ARTIFACTS = ROOT / "var" / "faults"
SETTINGS = "tests.faults.settings"
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def tools_missing() -> str:
    """Why a stack cannot start on this machine ('' when it can)."""
    for tool in (PG_BIN / "initdb", Path(REDIS_SERVER)):
        if not tool.exists():
            return f"{tool} not found"
    if shutil.which("runuser") is None or os.geteuid() != 0:
        return "needs root and runuser to run PostgreSQL as the postgres user"
    return ""


def free_port(first: int, last: int) -> int:
    for port in range(first, last + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {first}-{last}")


def _wait_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def _children(pid: int) -> list[int]:
    found = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text().split()
            found.extend(int(child) for child in text)
    return found


def _kill(pid: int, sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


class Postgres:
    """A throwaway PostgreSQL 15 cluster on a loopback port (fsync on), run as `postgres`."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port(5440, 5499)
        self.home = workdir / "pg"
        self.data = self.home / "data"
        self.log = self.home / "postgres.log"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/faults"

    def _as_postgres(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [RUNUSER, "-u", "postgres", "--", *args],
            check=check,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def init(self) -> None:
        self.home.mkdir(parents=True)
        shutil.chown(self.home, "postgres", "postgres")
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "--no-sync",
        )  # fmt: skip
        self.start()
        self._as_postgres(
            str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "faults"
        )

    def start(self, attempts: int = 20) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on"
            f" -c unix_socket_directories={self.home} -c max_connections=60"
        )
        for _ in range(attempts):
            done = self._as_postgres(
                str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
                "-w", "-t", "60", "start",
                check=False,
            )  # fmt: skip
            if done.returncode == 0:
                return
            time.sleep(0.5)  # e.g. old backends still hold the shared memory after a SIGKILL
        raise RuntimeError(f"PostgreSQL did not start: {done.stdout}{done.stderr}")

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def restart_fast(self) -> None:
        self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
            "-m", "fast", "restart",
        )  # fmt: skip

    def kill9(self) -> None:
        """SIGKILL the postmaster and every backend: a crash, recovered by WAL redo on start."""
        pid = self.postmaster_pid()
        children = _children(pid)
        _kill(pid)
        for child in children:
            _kill(child)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(
            Path(f"/proc/{p}").exists() for p in [pid, *children]
        ):
            time.sleep(0.05)

    def stop(self) -> None:
        if not (self.data / "postmaster.pid").exists():
            return
        done = self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop",
            check=False,
        )  # fmt: skip
        if done.returncode != 0 and (self.data / "postmaster.pid").exists():
            with contextlib.suppress(Exception):
                self.kill9()


class Redis:
    """A Redis that keeps nothing on disk, on a loopback port; stop and start it at will."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port(6380, 6399)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = workdir / "redis.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        _wait_port(self.port, 10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None


class Stack:
    """PostgreSQL + Redis + gunicorn + Celery worker + beat + relay loop, all of them ours."""

    def __init__(
        self,
        name: str,
        *,
        visibility_timeout: int = 20,
        web_workers: int = 2,
        env: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.dir = ARTIFACTS / name
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f"faults-{name}-"))
        os.chmod(self.tmp, 0o755)  # noqa: S103 (the postgres user must reach its data dir)
        self.mail_dir = self.dir / "mail"
        self.mail_dir.mkdir()
        self.pg = Postgres(self.tmp)
        self.redis = Redis(self.dir)
        self.web_port = free_port(18100, 18199)
        self.base_url = f"http://127.0.0.1:{self.web_port}"
        self.web_workers = web_workers
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": self.pg.url,
            "REDIS_URL": self.redis.url,
            "FAULTS_MAIL_DIR": str(self.mail_dir),
            "FAULTS_VISIBILITY_TIMEOUT": str(visibility_timeout),
            "MEDIA_ROOT": str(self.dir / "media"),
            "REPORT_SIGNING_DIR": str(self.tmp / "signing"),
            "API_USER_RATE": "100000/minute",
            "DEBUG": "true",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self.procs: dict[str, subprocess.Popen] = {}
        self.cast: dict = {}

    # --- lifecycle ------------------------------------------------------------------------

    def start(self, *, worker: bool = True, beat: bool = True, relay_loop: bool = True) -> None:
        self.pg.init()
        self.redis.start()
        self.manage("migrate", "--noinput")
        if (ROOT / "audits" / "management" / "commands" / "create_signing_key.py").exists():
            self.manage("create_signing_key", "--if-missing")
        self.cast = json.loads(self.python("-m", "tests.faults.seed").strip().splitlines()[-1])
        self.start_web()
        if worker:
            self.start_worker()
        if beat:
            self.spawn(
                "beat",
                [str(BIN / "celery"), "-A", "hotelcompliance", "beat", "--loglevel", "INFO",
                 "--schedule", str(self.tmp / "celerybeat-schedule")],
            )  # fmt: skip
        if relay_loop:
            self.spawn(
                "relay",
                [str(BIN / "python"), "manage.py", "relay_outbox", "--loop", "--interval", "1"],
            )

    def close(self) -> None:
        for name in list(self.procs):
            self.stop_proc(name)
        self.redis.stop()
        self.pg.stop()
        with contextlib.suppress(OSError):
            shutil.copy(self.pg.log, self.dir / "postgres.log")
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- processes ------------------------------------------------------------------------

    def spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        log = (self.dir / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        self.procs[name] = proc
        return proc

    def stop_proc(self, name: str, sig: int = signal.SIGKILL) -> None:
        proc = self.procs.pop(name, None)
        if proc is None:
            return
        pids = [proc.pid, *_children(proc.pid)]
        for pid in pids:
            _kill(pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(15)

    def start_web(self) -> None:
        self.spawn(
            "web",
            [str(BIN / "gunicorn"), "hotelcompliance.wsgi:application", "--bind",
             f"127.0.0.1:{self.web_port}", "--workers", str(self.web_workers), "--timeout", "30",
             "--access-logfile", "-", "--access-logformat", '%(t)s "%(m)s %(U)s" %(s)s %(L)ss'],
        )  # fmt: skip
        self.wait_healthy()

    def start_worker(self, name: str = "worker") -> subprocess.Popen:
        return self.spawn(
            name,
            [str(BIN / "celery"), "-A", "hotelcompliance", "worker", "--loglevel", "INFO",
             "--queues", "celery,reports", "--concurrency", "1", "--pool", "prefork",
             "--hostname", f"{name}@faults",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
        )  # fmt: skip

    def worker_child_pids(self, name: str = "worker") -> list[int]:
        return _children(self.procs[name].pid)

    def wait_healthy(self, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        last: Exception | str = ""
        while time.monotonic() < deadline:
            try:
                response = requests.get(f"{self.base_url}/healthz", timeout=2)
                if response.status_code == 200:
                    return response.json()
                last = f"HTTP {response.status_code}"
            except requests.RequestException as error:
                last = error
            time.sleep(0.2)
        raise TimeoutError(f"/healthz not 200 after {timeout} s: {last}")

    # --- one-off commands -----------------------------------------------------------------

    def python(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [str(BIN / "python"), *args], cwd=ROOT, env=self.env, capture_output=True,
            text=True, timeout=timeout,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"{args} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def manage(self, *args: str, timeout: float = 300) -> str:
        return self.python("manage.py", *args, timeout=timeout)

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        import psycopg

        with psycopg.connect(
            self.pg.url.replace("postgres://", "postgresql://"), connect_timeout=5
        ) as conn:
            return conn.execute(query, params).fetchall()
