"""API tokens: hashed, expiring, revocable (hotelcompliance/api_tokens.py).

DRF's authtoken table held every key in clear and no expiry; the app is no longer installed and
its table is dropped, so its keys stop working (clients request a new token) and no copy of the
database holds a usable key.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_outbox_done_when_processed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="accessevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("view", "Viewed"),
                    ("view_unmasked", "Viewed unmasked data"),
                    ("search", "Searched"),
                    ("export", "Exported"),
                    ("import", "Imported"),
                    ("download", "Downloaded"),
                    ("denied", "Was refused"),
                    ("revoke", "Revoked"),
                ],
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("person", "Person"), ("integration", "Integration")],
                        default="person",
                        max_length=12,
                    ),
                ),
                (
                    "name",
                    models.CharField(blank=True, help_text="Integrations only.", max_length=100),
                ),
                ("key_digest", models.CharField(editable=False, max_length=64, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("last_used_at", models.DateTimeField(blank=True, null=True)),
                ("expires_at", models.DateTimeField(db_index=True)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "property",
                    models.ForeignKey(
                        blank=True,
                        help_text="Integrations only: the one property the token reaches.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_tokens",
                        to="core.property",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_tokens",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind", "person"), ("property__isnull", True)),
                            models.Q(("kind", "integration"), ("property__isnull", False)),
                            _connector="OR",
                        ),
                        name="api_token_integration_has_property",
                    )
                ],
            },
        ),
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop),
    ]
