"""Least-privilege PostgreSQL roles: the application may append, only the purge may destroy.

Three roles (names are the installation's choice):

- the **owner** runs `migrate` and this setup; it owns every table, the triggers and
  `hc_purge_allowed()`. Nothing runs as it day to day.
- the **application** role (web, workers: `DATABASE_URL`) gets only DML grants: SELECT,
  INSERT, UPDATE, DELETE, except UPDATE and DELETE on append-only tables and DELETE on what
  only the purge destroys (registrations, their amendments and idempotency keys). It owns
  nothing, so it cannot `ALTER TABLE ... DISABLE TRIGGER`, and cannot replace the function.
- the **purge** role (`PURGE_DATABASE_URL`, given only to what runs the retention purge) is a
  member of the application role plus exactly what the purge does: those DELETEs, and
  clearing a concern's `registration_id`. `hc_purge_allowed()` answers TRUE only for its
  members, so the purge-only triggers refuse everyone else even with a checkpoint row
  forged and a DELETE privilege granted by mistake.

Why roles and not a SECURITY DEFINER function doing the deletes: which rows may go depends on
the rule pack's retention arithmetic and the legal holds, which live in Python; a function
would have to re-implement them (or trust its caller, which is the hole). A role boundary
keeps one implementation and makes the database, not the code, refuse everyone else.

The grants follow the models: `AppendOnlyModel` subclasses are append-only, a model's
`purge_deletes` / `purge_updates` name what the purge may still do. Run the setup again after
every `migrate` (new tables need their grants); it is idempotent.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.db.backends.utils import CursorWrapper

from hotelcompliance.chain import AppendOnlyModel
from hotelcompliance.db_triggers import purge_allowed_function_sql

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class RoleSetupError(Exception):
    """The roles cannot be set up as asked (named in the message)."""


@dataclass(frozen=True)
class TablePolicy:
    table: str
    append_only: bool
    purge_deletes: bool
    purge_updates: tuple[str, ...]


def table_policies() -> list[TablePolicy]:
    """What the application and the purge may do to each model's table, from the models."""
    policies = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        append_only = issubclass(model, AppendOnlyModel)
        purge_deletes = bool(getattr(model, "purge_deletes", False))
        purge_updates = tuple(getattr(model, "purge_updates", ()))
        if append_only or purge_deletes or purge_updates:
            policies.append(
                TablePolicy(model._meta.db_table, append_only, purge_deletes, purge_updates)
            )
    return sorted(policies, key=lambda p: p.table)


def quoted(role: str) -> str:
    if not ROLE_NAME.match(role):
        raise RoleSetupError(
            f"{role!r} is not a plain role name (lower-case letters, digits, underscores)."
        )
    return f'"{role}"'


def setup_sql(*, app_role: str, purge_role: str, schema: str = "public") -> list[str]:
    """The statements that (re)apply the grants; idempotent. Run as the tables' owner."""
    app, purge, schema_name = quoted(app_role), quoted(purge_role), quoted(schema)
    if app_role == purge_role:
        raise RoleSetupError("The application and the purge need two different roles.")
    statements = [
        # Nobody but the owner creates objects: no look-alike function or table in the path.
        f"REVOKE CREATE ON SCHEMA {schema_name} FROM PUBLIC",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema_name} FROM {app}, {purge}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema_name} FROM {app}, {purge}",
        f"GRANT USAGE ON SCHEMA {schema_name} TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema_name} TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema_name} TO {app}",
    ]
    for policy in table_policies():
        table = f'{schema_name}."{policy.table}"'
        if policy.append_only:
            statements.append(f"REVOKE UPDATE, DELETE ON {table} FROM {app}")
        elif policy.purge_deletes:
            statements.append(f"REVOKE DELETE ON {table} FROM {app}")
    statements.append(f"GRANT {app} TO {purge}")
    for policy in table_policies():
        table = f'{schema_name}."{policy.table}"'
        if policy.purge_deletes:
            statements.append(f"GRANT DELETE ON {table} TO {purge}")
        if policy.purge_updates:
            columns = ", ".join(f'"{c}"' for c in policy.purge_updates)
            statements.append(f"GRANT UPDATE ({columns}) ON {table} TO {purge}")
    statements.append(purge_allowed_function_sql(purge_role))
    return statements


def check_roles(
    cursor: CursorWrapper, *, app_role: str, purge_role: str, schema: str = "public"
) -> None:
    """Refuse a setup that would not hold: missing roles, superusers, an app role that owns."""
    for role in (app_role, purge_role):
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
        row = cursor.fetchone()
        if row is None:
            raise RoleSetupError(
                f"Role {role} does not exist: CREATE ROLE {role} LOGIN PASSWORD '...' first."
            )
        if row[0] or row[1]:
            raise RoleSetupError(f"Role {role} is a superuser (or bypasses RLS): it would bypass.")
    cursor.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = %s", [schema])
    owners = [owner for (owner,) in cursor.fetchall()]
    cursor.execute("SELECT current_user")
    owners.append(cursor.fetchone()[0])
    for owner in sorted(set(owners)):
        if owner in (app_role, purge_role):
            raise RoleSetupError(
                f"Role {owner} owns tables: run migrations as a separate owner role."
            )
        for role in (app_role, purge_role):
            cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [role, owner])
            if cursor.fetchone()[0]:
                raise RoleSetupError(f"Role {role} is a member of the owner {owner}.")
    cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [app_role, purge_role])
    if cursor.fetchone()[0]:
        raise RoleSetupError(f"Role {app_role} is a member of {purge_role}: revoke that first.")
