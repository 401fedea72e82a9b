"""Pruning the chain becomes the purge role's alone (PostgreSQL).

Creates `hc_purge_allowed()` (TRUE: one role does everything until `manage.py db_roles`
restricts it to the purge's role) and re-creates the chain-entry trigger so that a DELETE up
to a checkpoint also asks it. SQLite has no roles: nothing changes there.
"""

from django.db import migrations

from hotelcompliance.db_triggers import (
    CHAIN_ENTRY_PURGE_ONLY,
    CORE_TABLES,
    PURGE_ALLOWED_FUNCTION,
    install,
    purge_allowed_function_sql,
    uninstall,
)

BEFORE = [CORE_TABLES[0]]
AFTER = [CHAIN_ENTRY_PURGE_ONLY]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(purge_allowed_function_sql(None))
    uninstall(schema_editor, BEFORE)
    install(schema_editor, AFTER)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    uninstall(schema_editor, AFTER)
    install(schema_editor, BEFORE)
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {PURGE_ALLOWED_FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [("core", "0005_chain_entry_object_index")]

    operations = [migrations.RunPython(forwards, backwards)]
