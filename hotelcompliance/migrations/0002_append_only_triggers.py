"""Make the chain, its checkpoints and the access log refuse UPDATE and DELETE in the database."""

from django.db import migrations

from hotelcompliance.db_triggers import CORE_TABLES, install, uninstall


def forwards(apps, schema_editor):
    install(schema_editor, CORE_TABLES)


def backwards(apps, schema_editor):
    uninstall(schema_editor, CORE_TABLES)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_tenancy_chain_access_outbox")]

    operations = [migrations.RunPython(forwards, backwards)]
