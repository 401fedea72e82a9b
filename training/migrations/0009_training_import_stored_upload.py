"""TrainingImport joins the shared StoredImport: the upload's bytes in `content` (was `text`).

A kept file moves to the new column as its bytes in base64 (the shape XLSX uploads need),
encrypted under the new column's associated data; `digest` stays the SHA-256 of those bytes.
"""

import base64

import django.utils.timezone
import hotelcompliance.fields
from django.db import migrations, models


def text_to_content(apps, schema_editor):
    TrainingImport = apps.get_model("training", "TrainingImport")
    for row in TrainingImport.objects.all():  # encrypted: no lookup but isnull
        if not row.text:
            continue
        row.content = base64.b64encode(row.text.encode("utf-8")).decode("ascii")
        row.save(update_fields=["content"])


def content_to_text(apps, schema_editor):
    TrainingImport = apps.get_model("training", "TrainingImport")
    for row in TrainingImport.objects.all():  # encrypted: no lookup but isnull
        if not row.content:
            continue
        row.text = base64.b64decode(row.content).decode("utf-8", errors="replace")
        row.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0008_import_text_encrypted"),
    ]

    operations = [
        migrations.AddField(
            model_name="trainingimport",
            name="content",
            field=hotelcompliance.fields.EncryptedTextField(
                blank=True, help_text="The uploaded bytes (base64), encrypted; emptied once used."
            ),
        ),
        migrations.RunPython(text_to_content, content_to_text),
        migrations.RemoveField(model_name="trainingimport", name="text"),
        migrations.AlterField(
            model_name="trainingimport",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="trainingimport",
            name="digest",
            field=models.CharField(help_text="SHA-256 of the uploaded bytes, hex.", max_length=64),
        ),
    ]
