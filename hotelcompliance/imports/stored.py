"""The upload kept between its preview and its confirmation: one abstract model for every app.

The file holds personal data, so it is kept encrypted (`content`, the bytes as base64 in an
`EncryptedTextField`), never in a URL or a hidden field, only while it can be confirmed,
and its SHA-256 (`digest`) proves the file confirmed is the file previewed.
"""

import base64
import binascii
import io
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from hotelcompliance.fields import EncryptedTextField
from hotelcompliance.scoping import PropertyScopedQuerySet
from hotelcompliance.tenancy import Property


def seal(data: bytes) -> str:
    """Bytes as the text `content` holds (the field encrypts it)."""
    return base64.b64encode(data).decode("ascii")


class StoredImport(models.Model):
    """An app's stored upload: subclass it and add what the app's preview shows."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(Property, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=100, blank=True)
    content = EncryptedTextField(
        blank=True, help_text="The uploaded bytes (base64), encrypted; emptied once used."
    )
    digest = models.CharField(max_length=64, help_text="SHA-256 of the uploaded bytes, hex.")
    created_at = models.DateTimeField(default=timezone.now)
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_rows = models.PositiveIntegerField(default=0)

    objects = PropertyScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def can_confirm(self) -> bool:  # a method: `property` names the field in this class
        return bool(self.content) and self.imported_at is None

    def upload(self) -> io.BytesIO | None:
        """The kept bytes as a file to read again, or None when none are kept (or unreadable)."""
        if not self.content:
            return None
        try:
            return io.BytesIO(base64.b64decode(self.content, validate=True))
        except (binascii.Error, ValueError):
            return None
