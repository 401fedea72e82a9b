"""Only the purge's role may delete amendments or unlink concerns; purge records are append-only.

PostgreSQL: the amendment trigger's DELETE (after a "retention purge" checkpoint) and the
concern trigger's one allowed UPDATE (clearing `registration_id`) also ask
`hc_purge_allowed()` (core migration 0006), so under `manage.py db_roles` a checkpoint the
application's role forged unlocks nothing. Both databases: `guests_purgerecord` refuses UPDATE
and DELETE, like every other append-only table.
"""

from django.db import migrations

from hotelcompliance.db_triggers import PURGE_ALLOWED_FUNCTION, AppendOnlyTable, install, uninstall

# As migration 0005 wrote it.
AMENDMENT_PURGE_ALLOWED = (
    "EXISTS (SELECT 1 FROM core_chaincheckpoint c WHERE c.property_id = OLD.property_id"
    " AND substr(c.reason, 1, 15) = 'retention purge' AND c.created_at > OLD.created_at)"
)
AMENDMENT_BEFORE = [
    AppendOnlyTable("guests_amendment", delete_allowed_when=AMENDMENT_PURGE_ALLOWED)
]
AMENDMENT_AFTER = [
    AppendOnlyTable(
        "guests_amendment", delete_allowed_when=AMENDMENT_PURGE_ALLOWED, purge_only=True
    )
]
PURGE_RECORDS = [AppendOnlyTable("guests_purgerecord")]

CONCERNS = "guests_concernreport"


def concern_function(purge_check: str) -> str:
    """Migration 0004's concern trigger function, with an extra condition on the unlink."""
    return (
        f"CREATE OR REPLACE FUNCTION {CONCERNS}_append_only() RETURNS trigger AS $$ "
        f"BEGIN IF TG_OP = 'UPDATE' AND NEW.registration_id IS NULL "
        f"AND (to_jsonb(NEW) - 'registration_id') = (to_jsonb(OLD) - 'registration_id') "
        f"{purge_check}"
        f"THEN RETURN NEW; END IF; RAISE EXCEPTION '{CONCERNS} is append-only'; END; $$ "
        f"LANGUAGE plpgsql"
    )


def forwards(apps, schema_editor):
    install(schema_editor, PURGE_RECORDS)
    if schema_editor.connection.vendor != "postgresql":
        return
    uninstall(schema_editor, AMENDMENT_BEFORE)
    install(schema_editor, AMENDMENT_AFTER)
    schema_editor.execute(concern_function(f"AND {PURGE_ALLOWED_FUNCTION}() "))


def backwards(apps, schema_editor):
    uninstall(schema_editor, PURGE_RECORDS)
    if schema_editor.connection.vendor != "postgresql":
        return
    uninstall(schema_editor, AMENDMENT_AFTER)
    install(schema_editor, AMENDMENT_BEFORE)
    schema_editor.execute(concern_function(""))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_purge_role_triggers"),
        ("guests", "0006_pms_imports_concern_form_tokens"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
