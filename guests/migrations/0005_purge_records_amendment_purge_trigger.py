# The retention purge: a record of each run, and an amendment trigger that lets the purge
# delete amendments older than the property's latest "retention purge" chain checkpoint
# (recorded by `guests.retention` before it deletes). UPDATE stays refused, and so does any
# DELETE while no such checkpoint postdates the amendment.

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from hotelcompliance.db_triggers import AppendOnlyTable, install, uninstall

# EXISTS rather than comparing with MAX(): with no checkpoint, MAX is NULL and the trigger's
# SQLite WHEN clause would let the DELETE through. substr() rather than LIKE 'retention purge%':
# a bare % in the statement is a placeholder to psycopg.
AMENDMENT_PURGE_ALLOWED = (
    "EXISTS (SELECT 1 FROM core_chaincheckpoint c WHERE c.property_id = OLD.property_id"
    " AND substr(c.reason, 1, 15) = 'retention purge' AND c.created_at > OLD.created_at)"
)
STRICT = [AppendOnlyTable("guests_amendment")]
PURGEABLE = [AppendOnlyTable("guests_amendment", delete_allowed_when=AMENDMENT_PURGE_ALLOWED)]


def forwards(apps, schema_editor):
    uninstall(schema_editor, STRICT)
    install(schema_editor, PURGEABLE)


def backwards(apps, schema_editor):
    uninstall(schema_editor, PURGEABLE)
    install(schema_editor, STRICT)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_append_only_triggers"),
        ("guests", "0004_concern_reports"),
    ]

    operations = [
        migrations.CreateModel(
            name="PurgeRecord",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("run_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "today",
                    models.DateField(
                        help_text="The property's date the run judged expiry by."
                    ),
                ),
                ("dry_run", models.BooleanField(default=False)),
                ("registrations", models.PositiveIntegerField(default=0)),
                ("amendments", models.PositiveIntegerField(default=0)),
                ("idempotency_keys", models.PositiveIntegerField(default=0)),
                ("concerns_unlinked", models.PositiveIntegerField(default=0)),
                (
                    "held",
                    models.PositiveIntegerField(
                        default=0, help_text="Expired but kept by a legal hold."
                    ),
                ),
                ("batches", models.PositiveIntegerField(default=0)),
                ("first_arrival", models.DateField(blank=True, null=True)),
                ("last_arrival", models.DateField(blank=True, null=True)),
                ("checkpoint_seq", models.PositiveBigIntegerField(blank=True, null=True)),
                (
                    "property",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.property",
                    ),
                ),
            ],
            options={"ordering": ["property", "-run_at"]},
        ),
        migrations.RunPython(forwards, backwards),
    ]
