"""Apply the least-privilege grants for the application and purge roles (PostgreSQL)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from hotelcompliance.db_roles import RoleSetupError, check_roles, setup_sql


class Command(BaseCommand):
    help = (
        "Grant the application role DML only (no UPDATE/DELETE on append-only tables) and the "
        "purge role what the retention purge needs. Run as the tables' owner, after migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--app-role", required=True, help="The role DATABASE_URL logs in as.")
        parser.add_argument(
            "--purge-role", required=True, help="The role PURGE_DATABASE_URL logs in as."
        )
        parser.add_argument("--schema", default="public")
        parser.add_argument(
            "--sql", action="store_true", help="Print the statements instead of running them."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        names = {"app_role": options["app_role"], "purge_role": options["purge_role"]}
        try:
            statements = setup_sql(**names, schema=options["schema"])
        except RoleSetupError as error:
            raise CommandError(str(error)) from None
        if options["sql"]:
            for statement in statements:
                self.stdout.write(f"{statement};")
            return
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are a PostgreSQL feature (SQLite has none).")
        with transaction.atomic(), connection.cursor() as cursor:
            try:
                check_roles(cursor, **names, schema=options["schema"])
            except RoleSetupError as error:
                raise CommandError(str(error)) from None
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(statements)} statements applied: {names['app_role']} may append, "
                f"only {names['purge_role']} may purge."
            )
        )
