"""What the database and the mail folder hold after a run, in the shapes `history` checks."""

from __future__ import annotations

import email
import re
import time
from pathlib import Path

from tests.faults.stack import Stack

SEPARATOR = "-" * 79
CONCERN_PATH = re.compile(r"/desk/concerns/([0-9a-f-]{36})/")


def registrations(stack: Stack) -> dict[str, int]:
    """Every stored registration id of the load user -> how many idempotency keys point at it."""
    rows = stack.sql(
        "SELECT r.id::text, count(k.id) FROM guests_registration r"
        " LEFT JOIN guests_idempotencykey k ON k.registration_id = r.id"
        " GROUP BY r.id"
    )
    return dict(rows)


def rows_per_key(stack: Stack) -> dict[str, int]:
    """Idempotency key -> stored registrations for it."""
    rows = stack.sql(
        "SELECT k.key, count(DISTINCT k.registration_id) FROM guests_idempotencykey k"
        " GROUP BY k.key"
    )
    return dict(rows)


def outbox_state(stack: Stack) -> dict[str, int]:
    """Events, never published, not yet settled, processed (a consumer record), orphan records."""
    (events, pending, unsettled, processed, orphans) = stack.sql(
        "SELECT (SELECT count(*) FROM core_outboxevent),"
        " (SELECT count(*) FROM core_outboxevent WHERE dispatched_at IS NULL),"
        " (SELECT count(*) FROM core_outboxevent WHERE settled_at IS NULL),"
        " (SELECT count(*) FROM core_processedevent p"
        "   JOIN core_outboxevent e ON e.id = p.event_id),"
        " (SELECT count(*) FROM core_processedevent p"
        "   WHERE NOT EXISTS (SELECT 1 FROM core_outboxevent e WHERE e.id = p.event_id))"
    )[0]
    return {
        "events": events,
        "pending": pending,
        "unsettled": unsettled,
        "processed": processed,
        "orphans": orphans,
    }


def concern_ids(stack: Stack) -> list[str]:
    return [row[0] for row in stack.sql("SELECT id::text FROM guests_concernreport")]


def emails(mail_dir: Path) -> list[tuple[str, str]]:
    """(concern id, recipient) for every email the backend wrote, one pair per message."""
    found = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_text().split(SEPARATOR):
            if not chunk.strip():
                continue
            message = email.message_from_string(chunk.strip())
            text = "".join(
                part.get_payload(decode=True).decode()
                for part in message.walk()
                if part.get_content_type() == "text/plain"
            )
            match = CONCERN_PATH.search(text)
            found.append((match.group(1) if match else "?", message["To"]))
    return found


def wait_until(predicate, timeout: float, step: float = 0.5) -> float | None:
    """Seconds until `predicate()` held, or None if it never did within `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(step)
    return None


def kill9(pid: int) -> None:
    """SIGKILL one process this test started (by its id)."""
    import contextlib
    import os
    import signal

    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
