"""Publish pending outbox events to the broker; with --loop, keep doing it.

Needs no broker to start: while the broker is down it waits and retries, and the events
stay safely in the database.
"""

import time

from django.core.management.base import BaseCommand

from hotelcompliance.outbox import outbox_relay


class Command(BaseCommand):
    help = "Relay pending outbox events to Celery (once, or --loop every --interval seconds)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--interval", type=float, default=2.0)
        parser.add_argument("--max-seconds", type=float, default=0, help="Stop after this long.")

    def handle(self, *args, **options) -> None:
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
