"""Create the demo hotel group, its users and, through each app's `demo` module, its data.

Idempotent: running it again finds what exists and adds nothing twice. Refuses to run with
DEBUG off, so a production database never receives demo accounts with a published password.
"""

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hotelcompliance.demo import DEMO_PASSWORD, seed_tenancy


class Command(BaseCommand):
    help = "Create the demo hotel group, users and data (DEBUG only; safe to run twice)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: demo passwords are public."
            )
        context = seed_tenancy()
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.name != "hotelcompliance" and importlib.util.find_spec(module_name):
                importlib.import_module(module_name).seed(context)
        # Once every app's data is in: the dashboard's history (a year of month ends) and today.
        from django.core.management import call_command

        call_command("snapshot_duties", "--backfill", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        for username, description in context.logins:
            self.stdout.write(f"  {username:<11} {description}")
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")
