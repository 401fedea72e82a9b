"""Model fields for personal data that must be encrypted at rest yet searchable by exact match.

Declare the pair on a model and fill both in the service that writes the value:

    id_number = EncryptedTextField(max_length=64, blank=True, lookup_field="id_number_lookup")
    id_number_lookup = LookupHashField(blank=True)

    guest.id_number = value
    guest.id_number_lookup = lookup_value(value)  # i.e. crypto.lookup_hash(value)

Search with `Guest.objects.filter(id_number_lookup__in=crypto.lookup_hashes(query))`, which
also matches rows hashed under an older key until `rotate_encryption_key` has run.

None is stored as NULL and "" as "" (not encrypted): an empty value holds no secret, and its
AES-GCM ciphertext would betray the emptiness through its length anyway.
"""

from collections.abc import Sequence
from typing import Any

from django.core import checks
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Cast
from django.utils.functional import cached_property

from hotelcompliance import crypto


class EncryptedToken:
    """A token that is already encrypted: assigning it writes it as is, without re-encrypting.

    Used by key rotation: `qs.filter(pk=pk).update(field=EncryptedToken(token))`.
    """

    __slots__ = ("token",)

    def __init__(self, token: str) -> None:
        try:
            crypto.token_key_id(token)
        except crypto.DecryptionError:
            raise ValueError("EncryptedToken needs a well-formed encryption token.") from None
        self.token = token

    def __repr__(self) -> str:
        return "<EncryptedToken>"


class EncryptedTextField(models.TextField):
    """Text encrypted with AES-256-GCM; reads decrypt or raise, never fall back to ciphertext.

    `max_length` limits the plaintext (a validator); the column is TEXT. The associated data is
    `<app_label>.<model>.<field>`, so a token copied into another column fails to decrypt;
    renaming the model or field therefore needs `aad="<old value>"` or a re-encryption.
    """

    description = "Text encrypted at rest"

    def __init__(
        self, *args: Any, lookup_field: str | None = None, aad: str | None = None, **kwargs: Any
    ) -> None:
        self.lookup_field = lookup_field
        self._aad = aad
        super().__init__(*args, **kwargs)

    @property
    def aad(self) -> str:
        if self._aad is not None:
            return self._aad
        return f"{self.model._meta.label_lower}.{self.name}"

    @cached_property
    def validators(self) -> list[Any]:
        extra = [MaxLengthValidator(self.max_length)] if self.max_length is not None else []
        return [*super().validators, *extra]

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        if self.lookup_field is not None:
            kwargs["lookup_field"] = self.lookup_field
        if self._aad is not None:
            kwargs["aad"] = self._aad
        return name, path, args, kwargs

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        return [*super().check(**kwargs), *self._check_not_unique(), *self._check_lookup_field()]

    def _check_not_unique(self) -> list[checks.CheckMessage]:
        if not (self.unique or self.primary_key):
            return []
        hint = "Ciphertexts are random; put the constraint on the lookup-hash column."
        return [
            checks.Error(
                "An encrypted field cannot be unique.", hint=hint, obj=self, id="core.E901"
            )
        ]

    def _check_lookup_field(self) -> list[checks.CheckMessage]:
        if self.lookup_field is None:
            return []
        try:
            target = self.model._meta.get_field(self.lookup_field)
        except FieldDoesNotExist:
            target = None
        if isinstance(target, LookupHashField):
            return []
        message = f"lookup_field {self.lookup_field!r} must name a LookupHashField on this model."
        return [checks.Error(message, obj=self, id="core.E902")]

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, EncryptedToken):
            return value.token
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value, aad=self.aad)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value, aad=self.aad)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        hint = f" Search the lookup-hash column {self.lookup_field!r}." if self.lookup_field else ""
        raise FieldError(
            f"{self.model._meta.label}.{self.name} is encrypted: only the isnull lookup works, "
            f"not {lookup_name!r}.{hint}"
        )

    def get_transform(self, lookup_name: str) -> Any:
        return None  # no function of the ciphertext means anything

    @staticmethod
    def raw_values(queryset: models.QuerySet, field_name: str) -> models.QuerySet:
        """Return `(pk, token)` rows, read without decrypting."""
        return queryset.values_list("pk", raw_token(field_name))


class LookupHashField(models.CharField):
    """An indexed HMAC-SHA256 hex digest of a normalised value, for exact-match search.

    Fill it explicitly in the service with `lookup_value(value)`; never expose it in the API.
    """

    description = "Keyed lookup hash"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["max_length"] = 64
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        del kwargs["max_length"]
        if kwargs.get("db_index") is True:
            del kwargs["db_index"]
        else:
            kwargs["db_index"] = False
        if kwargs.pop("editable", True) is True:
            kwargs["editable"] = True
        return name, path, args, kwargs


def raw_token(field_name: str) -> Cast:
    """Select an encrypted column as stored: a cast to plain text drops the decrypting converter."""
    return Cast(field_name, output_field=models.TextField())


def lookup_value(value: str | None) -> str | None:
    """Return what the lookup-hash column holds for a plaintext: NULL stays NULL."""
    return None if value is None else crypto.lookup_hash(value)
