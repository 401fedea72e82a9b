"""RegistrationImport joins the shared StoredImport: `digest` (was `sha256`), bytes in `content`.

`content` already held the file's text encrypted under this very column's associated data,
so the field becomes an EncryptedTextField as it is; a kept file is then re-written as its
bytes in base64 (the shape XLSX uploads need). Its SHA-256 is unchanged: the bytes are the same.
"""

import base64

import hotelcompliance.fields
from django.db import migrations, models


def text_to_bytes(apps, schema_editor):
    RegistrationImport = apps.get_model("guests", "RegistrationImport")
    for row in RegistrationImport.objects.all():  # encrypted: no lookup but isnull
        if not row.content:
            continue
        row.content = base64.b64encode(row.content.encode("utf-8")).decode("ascii")
        row.save(update_fields=["content"])


def bytes_to_text(apps, schema_editor):
    RegistrationImport = apps.get_model("guests", "RegistrationImport")
    for row in RegistrationImport.objects.all():  # encrypted: no lookup but isnull
        if not row.content:
            continue
        row.content = base64.b64decode(row.content).decode("utf-8", errors="replace")
        row.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("guests", "0010_purge_record_last_transaction"),
    ]

    operations = [
        migrations.RenameField(model_name="registrationimport", old_name="sha256", new_name="digest"),
        migrations.AlterField(
            model_name="registrationimport",
            name="digest",
            field=models.CharField(help_text="SHA-256 of the uploaded bytes, hex.", max_length=64),
        ),
        migrations.AlterField(
            model_name="registrationimport",
            name="content",
            field=hotelcompliance.fields.EncryptedTextField(
                blank=True, help_text="The uploaded bytes (base64), encrypted; emptied once used."
            ),
        ),
        migrations.RunPython(text_to_bytes, bytes_to_text),
    ]
