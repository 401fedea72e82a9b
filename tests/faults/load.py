"""Bounded load clients: a few threads check guests in (and file concerns) and record history.

Each client sends one operation at a time, paced to `rate` per second over all clients, until
`stop` is set, `seconds` pass or `max_ops` are sent. A registration that fails without an
answer or with a 5xx is retried with the same `Idempotency-Key` (when `retry` is on) until
it is acknowledged or `retry_seconds` pass, as the front desk's client does.
"""

from __future__ import annotations

import threading
import time
import uuid
import zoneinfo
from datetime import datetime, timedelta

import requests

from tests.faults.history import Op


def checkin_body(n: int, tz: str = "America/New_York") -> dict:
    arrival = datetime.now(zoneinfo.ZoneInfo(tz)) - timedelta(hours=1)
    return {
        "guest_name": f"Load Guest {n}",
        "room": str(100 + n % 40),
        "arrival": arrival.isoformat(),
        "expected_departure": (arrival.date() + timedelta(days=2)).isoformat(),
        "rate": "149.00",
        "rate_type": "nightly",
        "amount_charged": "298.00",
        "payment_method": "card",
        "receipt_number": f"F-{n:06d}",
        "adults": 1,
        "minors": 0,
    }


CONCERN_BODY = {
    "indicators": ["control.someone_speaks_for_them", "condition.minor_acting_adult"],
    "narrative": "Load test: a guest answered for another.",
    "action_taken": ["manager_told"],
    "hotline_reference": "",
}


class Load:
    def __init__(
        self,
        base_url: str,
        *,
        prop: int,
        token: str,
        clients: int = 4,
        rate: float = 20.0,
        seconds: float = 60.0,
        max_ops: int = 5000,
        concern_every: int = 0,
        report_every: int = 0,
        report_token: str = "",
        retry: bool = True,
        retry_seconds: float = 60.0,
        timeout: float = 10.0,
    ) -> None:
        self.base_url = base_url
        self.prop = prop
        self.token = token
        self.clients = clients
        self.interval = clients / rate
        self.seconds = seconds
        self.max_ops = max_ops
        self.concern_every = concern_every
        self.report_every = report_every
        self.report_token = report_token
        self.retry = retry
        self.retry_seconds = retry_seconds
        self.timeout = timeout
        self.stop = threading.Event()
        self.ops: list[Op] = []
        self._lock = threading.Lock()
        self._sent = 0
        self._threads: list[threading.Thread] = []

    # --- running --------------------------------------------------------------------------

    def start(self) -> Load:
        self.deadline = time.monotonic() + self.seconds
        for n in range(self.clients):
            thread = threading.Thread(target=self._client, args=(n,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def finish(self) -> list[Op]:
        """Stop sending new operations, let retries end, and return the history by start time."""
        self.stop.set()
        for thread in self._threads:
            thread.join(self.retry_seconds + 2 * self.timeout + 5)
        return sorted(self.ops, key=lambda op: op.start)

    def ok_count(self) -> int:
        with self._lock:
            return sum(op.ok for op in self.ops)

    def _next(self) -> int | None:
        with self._lock:
            if self._sent >= self.max_ops:
                return None
            self._sent += 1
            return self._sent

    def _client(self, n: int) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {self.token}"
        next_at = time.monotonic() + n * self.interval / self.clients
        while not self.stop.is_set() and time.monotonic() < self.deadline:
            number = self._next()
            if number is None:
                return
            if self.report_every and number % self.report_every == 0:
                self._report(session)
            elif self.concern_every and number % self.concern_every == 0:
                self._concern(session)
            else:
                self._register(session, number)
            next_at += self.interval
            self.stop.wait(max(0.0, next_at - time.monotonic()))

    # --- operations -----------------------------------------------------------------------

    def _register(self, session: requests.Session, number: int) -> None:
        key = str(uuid.uuid4())
        body = checkin_body(number)
        url = f"{self.base_url}/api/v1/properties/{self.prop}/registrations/"
        give_up = time.monotonic() + self.retry_seconds
        attempt = 0
        while True:
            attempt += 1
            op = self._call(
                session, "registration", key, attempt, url, body, {"Idempotency-Key": key}
            )
            if op.ok or not op.failed or not self.retry or time.monotonic() > give_up:
                return
            time.sleep(min(1.0, 0.1 * attempt))

    def _concern(self, session: requests.Session) -> None:
        url = f"{self.base_url}/api/v1/properties/{self.prop}/concerns/"
        self._call(session, "concern", str(uuid.uuid4()), 1, url, CONCERN_BODY, {})

    def _report(self, session: requests.Session) -> None:
        """A manager asks for a training roster of the last 30 days (built via the outbox)."""
        today = datetime.now(zoneinfo.ZoneInfo("America/New_York")).date()
        body = {
            "kind": "training_roster",
            "period_start": (today - timedelta(days=30)).isoformat(),
            "period_end": (today - timedelta(days=1)).isoformat(),
        }
        url = f"{self.base_url}/api/v1/properties/{self.prop}/audit-reports/"
        headers = {"Authorization": f"Token {self.report_token}"}
        self._call(session, "report", str(uuid.uuid4()), 1, url, body, headers)

    def _call(self, session, kind, key, attempt, url, body, headers) -> Op:
        start = time.time()
        status = None
        ident = number = None
        error = ""
        try:
            response = session.post(url, json=body, headers=headers, timeout=self.timeout)
            status = response.status_code
            if 200 <= status < 300:
                data = response.json()
                ident, number = data.get("id"), data.get("number")
        except requests.RequestException as exc:
            error = type(exc).__name__
        op = Op(kind, key, attempt, start, time.time(), status, ident, number, error)
        with self._lock:
            self.ops.append(op)
        return op
