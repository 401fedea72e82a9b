"""Database triggers that make append-only tables refuse UPDATE and DELETE.

The model layer refuses too (`AppendOnlyModel`), but only the database stops a bulk
`queryset.update()`, raw SQL or another client. Chain entries may be deleted only up to a
checkpoint, which is how the retention purge prunes them. Works on SQLite and PostgreSQL.

On PostgreSQL the deletes the purge may still make (`purge_only`) also ask
`hc_purge_allowed()`: TRUE as migrated (one role does everything, as on SQLite), and, once
`manage.py db_roles` has set up separate roles, TRUE only for members of the purge's role.
A checkpoint row the application's role forges therefore unlocks nothing: the purge's own
connection is the only way in.
"""

from dataclasses import dataclass

from django.db.backends.base.schema import BaseDatabaseSchemaEditor

PURGE_ALLOWED_FUNCTION = "hc_purge_allowed"


@dataclass(frozen=True)
class AppendOnlyTable:
    table: str
    # SQL condition (on OLD) under which a DELETE is still allowed, or "" for never.
    delete_allowed_when: str = ""
    # PostgreSQL: that DELETE also needs the purge's role (see `purge_allowed_function_sql`).
    purge_only: bool = False

    def pg_delete_condition(self) -> str:
        if not self.delete_allowed_when:
            return ""
        if self.purge_only:
            return f"({self.delete_allowed_when}) AND {PURGE_ALLOWED_FUNCTION}()"
        return self.delete_allowed_when


def purge_allowed_function_sql(purge_role: str | None) -> str:
    """The PostgreSQL function the purge-only triggers ask: anyone, or the purge role's members.

    Owned by whoever runs it (the tables' owner), so the application's role cannot replace it.
    """
    body = (
        "SELECT TRUE"
        if purge_role is None
        else f"SELECT pg_catalog.pg_has_role(current_user, {_literal(purge_role)}, 'MEMBER')"
    )
    return (
        f"CREATE OR REPLACE FUNCTION {PURGE_ALLOWED_FUNCTION}() RETURNS boolean "
        f"LANGUAGE sql STABLE AS $$ {body} $$"
    )


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


CHAIN_PRUNE_ALLOWED = (
    "OLD.seq <= COALESCE((SELECT MAX(c.seq) FROM core_chaincheckpoint c"
    " WHERE c.property_id = OLD.property_id), 0)"
)

# As migration 0002 installed them (a migration's meaning must not change afterwards).
CORE_TABLES = [
    AppendOnlyTable("core_chainentry", delete_allowed_when=CHAIN_PRUNE_ALLOWED),
    AppendOnlyTable("core_chaincheckpoint"),
    AppendOnlyTable("core_accessevent"),
]
# Since migration 0006: pruning the chain is for the purge's role only.
CHAIN_ENTRY_PURGE_ONLY = AppendOnlyTable(
    "core_chainentry", delete_allowed_when=CHAIN_PRUNE_ALLOWED, purge_only=True
)
CORE_TABLES_NOW = [CHAIN_ENTRY_PURGE_ONLY, *CORE_TABLES[1:]]


def create_sql(vendor: str, spec: AppendOnlyTable) -> list[str]:
    name = spec.table
    message = f"{name} is append-only"
    if vendor == "sqlite":
        delete_when = f"WHEN NOT ({spec.delete_allowed_when})" if spec.delete_allowed_when else ""
        return [
            f"CREATE TRIGGER {name}_no_update BEFORE UPDATE ON {name} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
            f"CREATE TRIGGER {name}_no_delete BEFORE DELETE ON {name} {delete_when} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        ]
    if vendor == "postgresql":
        condition = spec.pg_delete_condition()
        delete_check = (
            f"IF TG_OP = 'DELETE' AND ({condition}) THEN RETURN OLD; END IF;" if condition else ""
        )
        return [
            f"CREATE OR REPLACE FUNCTION {name}_append_only() RETURNS trigger AS $$ "
            f"BEGIN {delete_check} RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {name} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}_append_only()",
        ]
    return []


def drop_sql(vendor: str, spec: AppendOnlyTable) -> list[str]:
    name = spec.table
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {name}_no_update",
            f"DROP TRIGGER IF EXISTS {name}_no_delete",
        ]
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {name}_append_only ON {name}",
            f"DROP FUNCTION IF EXISTS {name}_append_only()",
        ]
    return []


def install(schema_editor: BaseDatabaseSchemaEditor, tables: list[AppendOnlyTable]) -> None:
    for spec in tables:
        for statement in create_sql(schema_editor.connection.vendor, spec):
            schema_editor.execute(statement)


def uninstall(schema_editor: BaseDatabaseSchemaEditor, tables: list[AppendOnlyTable]) -> None:
    for spec in tables:
        for statement in drop_sql(schema_editor.connection.vendor, spec):
            schema_editor.execute(statement)
