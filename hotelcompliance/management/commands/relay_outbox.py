"""Publish due outbox events to the broker; with --loop, keep doing it.

Needs no broker to start: while the broker is down it waits and retries, and the events
stay safely in the database. `--retry-given-up` first queues again the events given up after
OUTBOX_MAX_DISPATCHES dispatches (once their consumer's problem is fixed).
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hotelcompliance.outbox import outbox_relay, outbox_retry_given_up


class Command(BaseCommand):
    help = "Relay pending outbox events to Celery (once, or --loop every --interval seconds)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--interval", type=float, default=2.0)
        parser.add_argument("--max-seconds", type=float, default=0, help="Stop after this long.")
        parser.add_argument(
            "--retry-given-up",
            action="store_true",
            help="Queue the given-up events again (with a fresh allowance of dispatches).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["retry_given_up"]:
            self.stdout.write(f"queued {outbox_retry_given_up()} given-up event(s) again")
        started = time.monotonic()
        while True:
            published = outbox_relay()
            if published or not options["loop"]:
                self.stdout.write(f"published {published} event(s)")
            if not options["loop"]:
                return
            if options["max_seconds"] and time.monotonic() - started > options["max_seconds"]:
                return
            time.sleep(options["interval"])
