"""Make amendments refuse UPDATE and DELETE in the database, as the chain and access log do.

Registrations stay deletable: the retention purge removes them (and, with a later migration
that relaxes this trigger, their amendments).
"""

from django.db import migrations

from hotelcompliance.db_triggers import AppendOnlyTable, install, uninstall

TABLES = [AppendOnlyTable("guests_amendment")]


def forwards(apps, schema_editor):
    install(schema_editor, TABLES)


def backwards(apps, schema_editor):
    uninstall(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("guests", "0002_amendments_idempotency_keys")]

    operations = [migrations.RunPython(forwards, backwards)]
