"""Field-level encryption: the crypto helpers, EncryptedTextField and key rotation."""

import base64
import hashlib
import io

import pytest
from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from django.test import override_settings
from django.test.utils import isolate_apps
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from hotelcompliance import crypto
from hotelcompliance.fields import (
    EncryptedTextField,
    EncryptedToken,
    LookupHashField,
    lookup_value,
)
from hotelcompliance.management.commands.rotate_encryption_key import _write

OLD_KEY = b"o" * 32
NEW_KEY = b"n" * 32
OTHER_KEY = b"x" * 32
AAD = "core.secret.value"
CANARY = "CANARY-ZX9QW7"


@pytest.fixture(scope="module")
def secret_model(django_db_setup, django_db_blocker):
    """A throwaway model in the core app whose table lives only while this module runs."""

    class Secret(models.Model):
        value = EncryptedTextField(
            max_length=64, lookup_field="value_lookup", blank=True, null=True
        )
        value_lookup = LookupHashField(blank=True, null=True)
        note = EncryptedTextField(blank=True, default="")

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return f"Secret {self.pk}"

    # Created outside the test transaction: SQLite cannot alter its schema inside one.
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(Secret)
    yield Secret
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.delete_model(Secret)
    del apps.all_models["core"]["secret"]
    apps.clear_cache()


def raw_row(model: type[models.Model], pk: int) -> dict[str, str | None]:
    """Read the stored columns with plain SQL, bypassing the field."""
    quote = connection.ops.quote_name
    sql = "SELECT {}, {}, {} FROM {} WHERE {} = %s".format(
        quote("value"),
        quote("value_lookup"),
        quote("note"),
        quote(model._meta.db_table),
        quote("id"),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        value, lookup, note = cursor.fetchone()
    return {"value": value, "value_lookup": lookup, "note": note}


def rotate(*args: str) -> str:
    """Run the command and return its line for core.Secret.value."""
    out = io.StringIO()
    call_command("rotate_encryption_key", *args, stdout=out)
    return next(
        line for line in out.getvalue().splitlines() if line.startswith("core.Secret.value:")
    )


def flip_byte(token: str, index: int) -> str:
    header, blob = token.rsplit(".", 1)
    data = bytearray(base64.urlsafe_b64decode(blob))
    data[index] ^= 0x01
    return f"{header}.{base64.urlsafe_b64encode(bytes(data)).decode()}"


# --- crypto: encryption -----------------------------------------------------------------------


@hypothesis_settings(max_examples=50, deadline=None)
@given(plaintext=st.text(), aad=st.text())
def test_encrypt_then_decrypt_returns_any_text(plaintext, aad):
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        token = crypto.encrypt(plaintext, aad=aad)
        assert crypto.decrypt(token, aad=aad) == plaintext


@hypothesis_settings(max_examples=50, deadline=None)
@given(plaintext=st.text(min_size=1))
def test_a_token_only_decrypts_with_its_own_aad(plaintext):
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        token = crypto.encrypt(plaintext, aad=AAD)
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(token, aad="core.secret.note")


def test_a_token_names_the_key_by_fingerprint_only(settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    token = crypto.encrypt("AB123456", aad=AAD)
    version, key_id, _ = token.split(".")
    assert version == "v1"
    assert key_id == hashlib.sha256(NEW_KEY).hexdigest()[:8] == crypto.token_key_id(token)
    assert "AB123456" not in token
    assert base64.urlsafe_b64encode(NEW_KEY).decode() not in token


def test_two_encryptions_of_the_same_value_differ(settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert crypto.encrypt("AB123456", aad=AAD) != crypto.encrypt("AB123456", aad=AAD)


def test_an_older_key_still_decrypts(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    token = crypto.encrypt("AB123456", aad=AAD)
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    assert crypto.decrypt(token, aad=AAD) == "AB123456"
    assert crypto.needs_rotation(token)
    assert not crypto.needs_rotation(crypto.encrypt("AB123456", aad=AAD))


def test_a_missing_key_fails_closed(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    token = crypto.encrypt("AB123456", aad=AAD)
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(crypto.DecryptionError, match="unknown key"):
        crypto.decrypt(token, aad=AAD)


def test_a_wrong_key_fails_closed(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    token = crypto.encrypt("AB123456", aad=AAD)
    # Relabel the token as if OTHER_KEY had made it: the tag check must catch the wrong key.
    forged = token.replace(crypto.key_id(OLD_KEY), crypto.key_id(OTHER_KEY))
    settings.FIELD_ENCRYPTION_KEYS = [OTHER_KEY, OLD_KEY]
    with pytest.raises(crypto.DecryptionError, match="authentication failed"):
        crypto.decrypt(forged, aad=AAD)


def test_every_tampered_byte_fails_closed(settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    token = crypto.encrypt("AB123456", aad=AAD)
    size = len(base64.urlsafe_b64decode(token.rsplit(".", 1)[1]))
    for index in range(size):  # nonce, ciphertext and tag alike
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(flip_byte(token, index), aad=AAD)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "AB123456",
        "v1.abcdef12",
        "v2.abcdef12.AAAA",
        "v1.abc.AAAA",
        "v1.abcdef12.not base64!",
        "v1.abcdef12.AAAA",  # shorter than nonce + tag
        "v1.abcdef12.AAAA.AAAA",
    ],
)
def test_a_malformed_token_fails_closed(settings, token):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(crypto.DecryptionError, match="malformed token"):
        crypto.decrypt(token, aad=AAD)


def test_the_error_message_holds_neither_plaintext_nor_ciphertext(settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    token = crypto.encrypt(CANARY, aad=AAD)
    with pytest.raises(crypto.DecryptionError) as error:
        crypto.decrypt(token, aad="core.other.field")
    assert CANARY not in str(error.value)
    assert token.rsplit(".", 1)[1] not in str(error.value)


@pytest.mark.parametrize("keys", [[], [b"short"], ["not bytes" * 4]])
def test_bad_key_settings_are_refused(settings, keys):
    settings.FIELD_ENCRYPTION_KEYS = keys
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("AB123456", aad=AAD)


# --- crypto: lookup hashes and masking --------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "searched"),
    [
        ("AB 123-45", "ab12345"),
        ("  x9-88 7 ", "X98-87"),
        ("ÄÖ 12", "äö12"),
        ("\uff21\uff22\uff11\uff12", "ab12"),
    ],
)
def test_lookup_hash_ignores_case_spaces_and_hyphens(settings, stored, searched):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert crypto.lookup_hash(stored) == crypto.lookup_hash(searched)


@hypothesis_settings(max_examples=50, deadline=None)
@given(value=st.text(alphabet="ABCDEFGHJKXYZ0123456789", min_size=1), gaps=st.data())
def test_lookup_hash_matches_any_spelling_of_the_same_id(value, gaps):
    spelled = "".join(
        character.lower() + gaps.draw(st.sampled_from(["", " ", "-", " - "])) for character in value
    )
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        assert crypto.lookup_hash(spelled) == crypto.lookup_hash(value)
        assert crypto.lookup_hash(value + "1") != crypto.lookup_hash(value)


def test_lookup_hash_depends_on_the_key_and_reveals_nothing(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    old = crypto.lookup_hash("AB12345")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    new = crypto.lookup_hash("AB12345")
    assert old != new
    assert len(new) == 64 and int(new, 16) >= 0
    assert new != hashlib.sha256(b"ab12345").hexdigest()  # keyed, not a plain digest
    assert crypto.lookup_hashes("ab 123-45") == [new, old]


def test_a_blank_value_has_no_lookup_hash(settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert crypto.lookup_hash(" - ") == ""
    assert crypto.lookup_hashes("") == []
    assert lookup_value(None) is None


@pytest.mark.parametrize(
    ("value", "visible", "masked"),
    [
        ("AB12345678", 4, "•••• 5678"),
        ("12345678", 4, "•••• 5678"),
        ("1234567", 4, "••••"),
        ("123", 4, "••••"),
        ("AB12345678", 0, "••••"),
        ("AB12345678", 2, "•••• 78"),
        ("  AB12345678 ", 4, "•••• 5678"),
        ("", 4, ""),
    ],
)
def test_mask_shows_only_the_tail_of_long_values(value, visible, masked):
    assert crypto.mask(value, visible) == masked


# --- the field --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "plaintext",
    ["AB 123-45", "Ünïcödé ✓ 身份证 🛂", "x" * 64, "🛂" * 64, "nul\x00byte", "", None],
)
def test_a_value_survives_the_round_trip(settings, secret_model, plaintext):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    row = secret_model.objects.create(value=plaintext)
    assert secret_model.objects.get(pk=row.pk).value == plaintext
    stored = raw_row(secret_model, row.pk)["value"]
    if plaintext:
        assert plaintext not in stored
    else:
        assert stored == plaintext  # NULL and "" are stored as they are


@pytest.mark.django_db
def test_the_column_holds_no_plaintext(settings, secret_model):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    row = secret_model.objects.create(value=CANARY, value_lookup=lookup_value(CANARY))
    stored = raw_row(secret_model, row.pk)
    assert stored["value"].startswith(f"v1.{crypto.key_id(NEW_KEY)}.")
    assert CANARY not in stored["value"] and "ZX9QW7" not in stored["value"]
    assert CANARY.casefold() not in stored["value_lookup"]
    assert stored["value_lookup"] == crypto.lookup_hash("canary zx9qw7")


@pytest.mark.django_db
def test_a_token_copied_into_another_column_fails_to_read(settings, secret_model):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    row = secret_model.objects.create(value=CANARY)
    token = raw_row(secret_model, row.pk)["value"]
    secret_model.objects.filter(pk=row.pk).update(note=EncryptedToken(token))
    with pytest.raises(crypto.DecryptionError):
        secret_model.objects.get(pk=row.pk)


@pytest.mark.django_db
def test_a_tampered_column_fails_to_read(settings, secret_model):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    row = secret_model.objects.create(value=CANARY)
    tampered = flip_byte(raw_row(secret_model, row.pk)["value"], 20)
    secret_model.objects.filter(pk=row.pk).update(value=EncryptedToken(tampered))
    with pytest.raises(crypto.DecryptionError):
        secret_model.objects.get(pk=row.pk)


@pytest.mark.django_db
def test_a_row_under_a_removed_key_fails_to_read(settings, secret_model):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    row = secret_model.objects.create(value=CANARY)
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(crypto.DecryptionError):
        secret_model.objects.get(pk=row.pk)


@pytest.mark.django_db
def test_an_encrypted_token_is_written_as_is(settings, secret_model):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    row = secret_model.objects.create(value="first")
    token = crypto.encrypt("second", aad=AAD)
    secret_model.objects.filter(pk=row.pk).update(value=EncryptedToken(token))
    assert raw_row(secret_model, row.pk)["value"] == token
    assert secret_model.objects.get(pk=row.pk).value == "second"
    assert list(EncryptedTextField.raw_values(secret_model.objects.all(), "value")) == [
        (row.pk, token)
    ]
    with pytest.raises(ValueError, match="well-formed"):
        EncryptedToken("second")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "condition",
    [{"value": "AB12345"}, {"value__in": ["AB12345"]}, {"value__icontains": "AB"}],
)
def test_lookups_on_the_ciphertext_are_refused(secret_model, condition):
    with pytest.raises(FieldError, match=r"only the isnull lookup works.*value_lookup"):
        secret_model.objects.filter(**condition)


@pytest.mark.django_db
def test_search_goes_through_the_lookup_hash(settings, secret_model):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    match = secret_model.objects.create(value="AB 123-45", value_lookup=lookup_value("AB 123-45"))
    secret_model.objects.create(value="AB 123-46", value_lookup=lookup_value("AB 123-46"))
    secret_model.objects.create(value=None)
    found = secret_model.objects.filter(value_lookup__in=crypto.lookup_hashes("ab12345"))
    assert list(found) == [match]
    assert secret_model.objects.filter(value__isnull=True).count() == 1


def test_max_length_limits_the_plaintext(secret_model):
    row = secret_model(value="x" * 65)
    with pytest.raises(ValidationError) as error:
        row.clean_fields()
    assert error.value.message_dict["value"] == [
        "Ensure this value has at most 64 characters (it has 65)."
    ]
    secret_model(value="x" * 64).clean_fields()


def test_the_fields_deconstruct_for_migrations(secret_model):
    field = secret_model._meta.get_field("value")
    _, path, args, kwargs = field.deconstruct()
    assert path == "hotelcompliance.fields.EncryptedTextField"
    assert kwargs == {"max_length": 64, "lookup_field": "value_lookup", "blank": True, "null": True}
    assert EncryptedTextField(*args, **kwargs).deconstruct()[3] == kwargs
    _, path, _, kwargs = secret_model._meta.get_field("value_lookup").deconstruct()
    assert path == "hotelcompliance.fields.LookupHashField"
    assert kwargs == {"blank": True, "null": True}
    assert LookupHashField(db_index=False, editable=True).deconstruct()[3] == {
        "db_index": False,
        "editable": True,
    }


@isolate_apps("hotelcompliance.apps.CoreConfig")
def test_checks_refuse_unique_and_a_missing_lookup_column():
    class Broken(models.Model):
        value = EncryptedTextField(unique=True, lookup_field="missing")

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return "Broken"

    errors = Broken._meta.get_field("value").check()
    assert {error.id for error in errors if error.level >= checks.ERROR} == {
        "core.E901",
        "core.E902",
    }


# --- rotation ---------------------------------------------------------------------------------


def create_rows(model: type[models.Model], values: list[str | None]) -> list[int]:
    rows = [model.objects.create(value=value, value_lookup=lookup_value(value)) for value in values]
    return [row.pk for row in rows]


@pytest.mark.django_db
def test_rotation_reencrypts_every_row_and_recomputes_lookups(settings, secret_model):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    values = ["AB 123-45", "Ünïcödé 身份证", "x" * 64, "ZZ-1", "Q 77"]
    pks = create_rows(secret_model, [*values, None, ""])
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]

    output = rotate("--batch-size", "2")

    assert output == "core.Secret.value: scanned 7, re-encrypted 5, lookup hashes updated 5"
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    for pk, value in zip(pks, [*values, None, ""], strict=True):
        stored = raw_row(secret_model, pk)
        if value:
            assert crypto.token_key_id(stored["value"]) == crypto.key_id(NEW_KEY)
        assert secret_model.objects.get(pk=pk).value == value
        assert stored["value_lookup"] == lookup_value(value)
    assert secret_model.objects.get(value_lookup=crypto.lookup_hash("ab12345")).pk == pks[0]


@pytest.mark.django_db
def test_a_second_rotation_reencrypts_nothing(settings, secret_model):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    pks = create_rows(secret_model, ["AB 123-45", "CD 678-90"])
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    rotate()
    tokens = [raw_row(secret_model, pk) for pk in pks]

    assert rotate() == "core.Secret.value: scanned 2, re-encrypted 0, lookup hashes updated 0"
    assert [raw_row(secret_model, pk) for pk in pks] == tokens


@pytest.mark.django_db
def test_a_dry_run_counts_and_changes_nothing(settings, secret_model):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    pks = create_rows(secret_model, ["AB 123-45", "CD 678-90"])
    before = [raw_row(secret_model, pk) for pk in pks]
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]

    output = rotate("--dry-run")

    assert output == "core.Secret.value: scanned 2, would re-encrypt 2, lookup hashes updated 2"
    assert [raw_row(secret_model, pk) for pk in pks] == before


@pytest.mark.django_db
def test_rotation_stops_at_a_row_it_cannot_decrypt(settings, secret_model):
    settings.FIELD_ENCRYPTION_KEYS = [OTHER_KEY]
    bad_pk = create_rows(secret_model, [CANARY])[0]
    token = raw_row(secret_model, bad_pk)["value"]
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]

    with pytest.raises(CommandError) as error:
        rotate()

    message = str(error.value)
    assert f"core.Secret pk={bad_pk} field value" in message
    assert CANARY not in message and token not in message
    assert error.value.returncode == 1  # manage.py exits with it


@pytest.mark.django_db
def test_rotation_leaves_a_row_rewritten_meanwhile_alone(settings, secret_model):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    pk = create_rows(secret_model, ["AB 123-45"])[0]
    read_token = raw_row(secret_model, pk)["value"]
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    secret_model.objects.filter(pk=pk).update(value="CD 678-90")  # a service writes meanwhile
    stale = {"value": EncryptedToken(crypto.encrypt("AB 123-45", aad=AAD))}

    assert not _write(secret_model, secret_model._meta.get_field("value"), pk, read_token, stale)
    assert secret_model.objects.get(pk=pk).value == "CD 678-90"


def test_rotation_refuses_a_zero_batch_size():
    with pytest.raises(CommandError, match="batch-size"):
        call_command("rotate_encryption_key", "--batch-size", "0")
