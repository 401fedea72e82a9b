"""Delete uploaded imports (PMS exports, rosters, completions) 24 hours after their upload."""

from typing import Any

from django.core.management.base import BaseCommand

from guests.pms_import import registration_imports_purge
from training.services import training_imports_purge


class Command(BaseCommand):
    help = "Delete every import uploaded 24 hours ago or earlier, with its file and errors."

    def handle(self, *args: Any, **options: Any) -> None:
        guests = registration_imports_purge()
        training = training_imports_purge()
        self.stdout.write(f"registration imports: {guests}, training imports: {training}")
