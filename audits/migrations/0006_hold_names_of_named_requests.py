"""Holds placed for requests that name guests freeze the stays' names too (see core.0005)."""

from django.db import migrations


def mark(apps, schema_editor):
    RecordsRequest = apps.get_model("audits", "RecordsRequest")
    LegalHold = apps.get_model("core", "LegalHold")
    held = RecordsRequest.objects.exclude(legal_hold=None).exclude(names=[])
    LegalHold.objects.filter(pk__in=held.values("legal_hold_id")).update(names_in_scope=True)


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0005_audit_report_build_owner"),
        ("core", "0007_legal_hold_names_in_scope"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop, elidable=False)]
