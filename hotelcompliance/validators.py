"""Input checks shared by forms and serializers, identical on SQLite and PostgreSQL."""

import unicodedata

from django.core.exceptions import ValidationError

ALLOWED_CONTROL = {"\n", "\r", "\t"}


def no_control_characters(value: str) -> None:
    """Refuse control characters and unpaired surrogates (they break logs, PDFs and UTF-8)."""
    for character in str(value):
        if "\ud800" <= character <= "\udfff":
            raise ValidationError("Contains characters that are not valid text.", code="invalid")
        category = unicodedata.category(character)
        if category == "Cc" and character not in ALLOWED_CONTROL:
            raise ValidationError("Contains control characters.", code="invalid")


def single_line(value: str) -> None:
    """Like `no_control_characters`, and no line breaks or tabs either."""
    no_control_characters(value)
    if any(character in value for character in ALLOWED_CONTROL):
        raise ValidationError("Must be on a single line.", code="invalid")
