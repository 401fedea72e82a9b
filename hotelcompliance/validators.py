"""Input checks shared by forms and serializers, identical on SQLite and PostgreSQL.

Every personal-data text field of every app is checked by `single_line` (one-line fields) or
`no_control_characters` (narratives), so the rules below hold everywhere at once:

- control characters and unpaired surrogates are refused (they break logs, PDFs and UTF-8);
- invisible characters are refused: every format character (Unicode category Cf: bidi
  embeddings, overrides and isolates U+202A-202E and U+2066-2069, the marks U+200E/U+200F
  and U+061C, zero-width space U+200B, word joiner U+2060, BOM U+FEFF, soft hyphen U+00AD,
  tags...) and the blank "filler" letters (U+115F, U+1160, U+3164, U+FFA0). They can make a
  name display as another, or differ from itself invisibly, so the message names the
  character and asks for the text again;
- the one exception is a joiner (ZWNJ U+200C, ZWJ U+200D) between two letters, marks or
  symbols that are not ASCII: Persian, Arabic and Indic spelling and emoji sequences need
  it, so refusing it would be wrong. It is kept as typed; name matching ignores it
  (`hotelcompliance.names`).
"""

import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Dates outside this range are typos (a year of 20225 or 0) and would overflow date arithmetic
# or a time-zone conversion (year 9999 plus a day): every date a form, a serializer or a filter
# reads is checked against it.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)

ALLOWED_CONTROL = {"\n", "\r", "\t"}
JOINERS = {"\u200c", "\u200d"}
FILLERS = {"\u115f", "\u1160", "\u3164", "\uffa0"}
LINE_SEPARATORS = {"\u2028", "\u2029"}


def plausible_date(value: date) -> None:
    """Refuse a date (or the date of a date-time) outside EARLIEST_DATE..LATEST_DATE."""
    day = value.date() if hasattr(value, "date") and callable(value.date) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Give a date between %(earliest)s and %(latest)s."),
            code="out_of_range",  # not "invalid": a form field would swap in its own message
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )


def no_control_characters(value: str) -> None:
    """Refuse control characters, unpaired surrogates and invisible characters."""
    text = str(value)
    for index, character in enumerate(text):
        if "\ud800" <= character <= "\udfff":
            raise ValidationError(_("Contains characters that are not valid text."), code="invalid")
        category = unicodedata.category(character)
        if category == "Cc" and character not in ALLOWED_CONTROL:
            raise ValidationError(_("Contains control characters."), code="invalid")
        if (category == "Cf" or character in FILLERS) and not _joining(text, index):
            raise ValidationError(
                _(
                    "Contains an invisible character (%(code)s %(name)s). "
                    "Type the text again without it."
                ),
                code="invisible",
                params={"code": f"U+{ord(character):04X}", "name": _character_name(character)},
            )


def single_line(value: str) -> None:
    """Like `no_control_characters`, and no line breaks or tabs either."""
    no_control_characters(value)
    if any(c in ALLOWED_CONTROL or c in LINE_SEPARATORS for c in str(value)):
        raise ValidationError(_("Must be on a single line."), code="invalid")


def _joining(text: str, index: int) -> bool:
    """A ZWNJ/ZWJ between two non-ASCII letters, marks or symbols: spelling, not a trick."""
    if text[index] not in JOINERS or index == 0 or index == len(text) - 1:
        return False
    return _joinable(text[index - 1]) and _joinable(text[index + 1])


def _joinable(character: str) -> bool:
    return not character.isascii() and unicodedata.category(character)[0] in "LMS"


def _character_name(character: str) -> str:
    return unicodedata.name(character, "format character")
