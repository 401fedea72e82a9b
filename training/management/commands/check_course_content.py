"""Validate every version of the built-in course: its files, its languages, its claims."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from training.course_coverage import check_all_versions


class Command(BaseCommand):
    help = (
        "Load every built-in course version in training/builtin_courses/ and check it: "
        "complete in every language, identical structures, recorded minutes, and topic "
        "coverage where it claims to be accepted."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        lines, problems = check_all_versions()
        for line in lines:
            self.stdout.write(line)
        if problems:
            raise CommandError("\n".join(["Course content problems:", *problems]))
        self.stdout.write(self.style.SUCCESS("All built-in course versions are valid."))
