"""Verify each property's hash chain and name the first broken link, or any row that lies."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotelcompliance.chain import chain_snapshot, chain_verify, chain_verify_contents
from hotelcompliance.tenancy import Property


class Command(BaseCommand):
    help = "Verify the append-only hash chain of every property (or one, with --property)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--property", type=int, help="Only this property id.")

    def handle(self, *args: Any, **options: Any) -> None:
        properties = Property.objects.order_by("pk")
        if options["property"]:
            properties = properties.filter(pk=options["property"])
            if not properties.exists():
                raise CommandError(f"No property with id {options['property']}.")
        broken = 0
        for prop in properties:
            notes: list[str] = []
            # One snapshot per property: a check-in committed meanwhile is not tampering.
            with chain_snapshot():
                verdict = chain_verify(prop)
                # The links can be intact while a row was edited behind the chain's back: each
                # app recomputes its rows' digests against the entries that vouch for them.
                problems = chain_verify_contents(prop, notes=notes)
            ok = verdict.ok and not problems
            style = self.style.SUCCESS if ok else self.style.ERROR
            self.stdout.write(style(f"{prop.pk} {prop.name}: {verdict}"))
            for problem in problems:
                self.stdout.write(self.style.ERROR(f"{prop.pk} {prop.name}: {problem}"))
            for note in notes:
                self.stdout.write(f"{prop.pk} {prop.name}: note: {note}")
            broken += not ok
        if broken:
            raise CommandError(f"{broken} chain(s) broken.")
