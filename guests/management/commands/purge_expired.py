"""Destroy registrations past their property's retention window (except those on legal hold)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from guests.retention import purge_expired
from hotelcompliance.tenancy import Property


class Command(BaseCommand):
    help = "Purge expired registrations of every property (or one, with --property)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--property", type=int, help="Only this property id.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be purged; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        properties = Property.objects.order_by("pk")
        if options["property"]:
            properties = properties.filter(pk=options["property"])
            if not properties.exists():
                raise CommandError(f"No property with id {options['property']}.")
        for prop in properties:
            today = prop.today()
            report = purge_expired(prop=prop, today=today, dry_run=options["dry_run"])
            self.stdout.write(f"{prop.pk} {prop.name}: {report}")
