"""Make this installation's report-signing key and self-signed certificate (once)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audits.reports import signing


class Command(BaseCommand):
    help = (
        "Create the RSA key and self-signed certificate that sign every issued report "
        "(under REPORT_SIGNING_DIR). Does nothing if they exist, unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--common-name", default="Hotel Compliance report signing")
        parser.add_argument("--organisation", default="")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace an existing key (old reports stay verifiable by digest).",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Exit quietly when a key exists (for setup scripts).",
        )

    def handle(
        self,
        *args: Any,
        common_name: str,
        organisation: str,
        force: bool,
        if_missing: bool,
        **options: Any,
    ) -> None:
        if signing.signing_key_exists() and not force:
            if if_missing:
                self.stdout.write(f"Signing key present in {signing.signing_dir()}.")
                return
            raise CommandError(
                f"A signing key already exists in {signing.signing_dir()}; "
                "use --force to replace it."
            )
        directory = signing.signing_key_create(
            common_name=common_name, organisation=organisation, force=force
        )
        self.stdout.write(
            self.style.SUCCESS(f"Signing key and certificate written to {directory}.")
        )
