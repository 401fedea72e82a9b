"""Database triggers that make append-only tables refuse UPDATE and DELETE.

The model layer refuses too (`AppendOnlyModel`), but only the database stops a bulk
`queryset.update()`, raw SQL or another client. Chain entries may be deleted only up to a
checkpoint, which is how the retention purge prunes them. Works on SQLite and PostgreSQL.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class AppendOnlyTable:
    table: str
    # SQL condition (on OLD) under which a DELETE is still allowed, or "" for never.
    delete_allowed_when: str = ""


CHAIN_PRUNE_ALLOWED = (
    "OLD.seq <= COALESCE((SELECT MAX(c.seq) FROM core_chaincheckpoint c"
    " WHERE c.property_id = OLD.property_id), 0)"
)

CORE_TABLES = [
    AppendOnlyTable("core_chainentry", delete_allowed_when=CHAIN_PRUNE_ALLOWED),
    AppendOnlyTable("core_chaincheckpoint"),
    AppendOnlyTable("core_accessevent"),
]


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
        delete_check = (
            f"IF TG_OP = 'DELETE' AND ({spec.delete_allowed_when}) THEN RETURN OLD; END IF;"
            if spec.delete_allowed_when
            else ""
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


def install(schema_editor, tables: list[AppendOnlyTable]) -> None:
    for spec in tables:
        for statement in create_sql(schema_editor.connection.vendor, spec):
            schema_editor.execute(statement)


def uninstall(schema_editor, tables: list[AppendOnlyTable]) -> None:
    for spec in tables:
        for statement in drop_sql(schema_editor.connection.vendor, spec):
            schema_editor.execute(statement)
