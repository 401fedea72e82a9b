"""Make the records-request timeline refuse UPDATE and DELETE in the database."""

from django.db import migrations

from hotelcompliance.db_triggers import AppendOnlyTable, install, uninstall

TABLES = [AppendOnlyTable("audits_recordsrequestevent")]


def forwards(apps, schema_editor):
    install(schema_editor, TABLES)


def backwards(apps, schema_editor):
    uninstall(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_records_requests")]

    operations = [migrations.RunPython(forwards, backwards)]
