"""Training import text is encrypted at rest: rows kept in clear are encrypted first."""

import hotelcompliance.fields
from django.db import migrations

AAD = "training.trainingimport.text"  # what EncryptedTextField uses for this column


def encrypt_clear_text(apps, schema_editor):
    # Runs while the column is still a plain TextField, so values read and written are raw.
    from hotelcompliance import crypto

    TrainingImport = apps.get_model("training", "TrainingImport")
    for pk, text in TrainingImport.objects.exclude(text="").values_list("pk", "text"):
        TrainingImport.objects.filter(pk=pk).update(text=crypto.encrypt(text, aad=AAD))


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0007_employee_email_single_line"),
    ]

    operations = [
        migrations.RunPython(encrypt_clear_text, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="trainingimport",
            name="text",
            field=hotelcompliance.fields.EncryptedTextField(
                blank=True, help_text="The file's text, encrypted."
            ),
        ),
    ]
