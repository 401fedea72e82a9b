"""Parsing one cell's text into a date or a moment; a bad cell raises `CellError`.

Formats are explicit (ISO by default): a file's `MM/DD/YYYY` is never guessed from its
values, since 03/04 reads both ways. Messages say the rule, never the cell.
"""

import re
from datetime import date, datetime, tzinfo

from django.utils import timezone
from django.utils.translation import gettext as _

from hotelcompliance.imports.errors import CellError

ISO_DATE = "%Y-%m-%d"
_ISO_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_cell(
    text: str, *, earliest: date, latest: date, formats: tuple[str, ...] = (ISO_DATE,)
) -> date:
    """The cell as a date in one of `formats` (strptime patterns), between the bounds."""
    for pattern in formats:
        value = _date_in(text, pattern)
        if value is not None:
            return _within(value, earliest, latest)
    if ISO_DATE in formats and _ISO_DATE_TEXT.fullmatch(text):
        raise CellError(_("Not a real date (check the month and the day)."))
    raise CellError(_("Not a date; write YYYY-MM-DD, as in 2026-07-01."))


def datetime_cell(text: str, *, tz: tzinfo, earliest: date, latest: date) -> datetime:
    """An ISO date and time (`2026-07-01T15:00` or with a space); naive is `tz`'s local time."""
    try:
        value = datetime.fromisoformat(text) if len(text) > 10 else None
    except ValueError:
        value = None
    if value is None:
        raise CellError(_("Not a date and time; write 2026-07-01T15:00 (or 2026-07-01 15:00)."))
    _within(value.date(), earliest, latest)
    return value.replace(tzinfo=tz) if timezone.is_naive(value) else value


def _date_in(text: str, pattern: str) -> date | None:
    if pattern == ISO_DATE:
        if not _ISO_DATE_TEXT.fullmatch(text):
            return None  # fromisoformat would take 20260701 too
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    try:
        return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date, no zone
    except ValueError:
        return None


def _within(value: date, earliest: date, latest: date) -> date:
    if not earliest <= value <= latest:
        raise CellError(
            _("Give a date between %(earliest)s and %(latest)s.")
            % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
        )
    return value
