"""Take today's duty snapshot of every property; `--backfill` rebuilds last year's month ends."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from audits.duty_snapshots import CHART_MONTHS, snapshot_all, snapshot_backfill
from hotelcompliance.tenancy import Property


class Command(BaseCommand):
    help = "Judge every property's duties for today (and optionally rebuild the chart's months)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--backfill",
            action="store_true",
            help="Also rebuild the training counts of the last year's month ends from history.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        added = 0
        if options["backfill"]:
            for prop in Property.objects.order_by("pk"):
                added += snapshot_backfill(prop, months=CHART_MONTHS)
        taken = snapshot_all()
        self.stdout.write(f"{taken} properties judged today; {added} past month ends rebuilt.")
