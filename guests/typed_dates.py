"""Dates and times as a clerk types them, in one box: `12/07/2026 15:30`, `today 15:30`, `15:30`.

A datetime control costs seven tab stops; a text box costs none. Everything is read in the
property's own zone and calendar ("today" is the property's date). Accepted:

- ISO: `2026-12-07`, `2026-12-07 15:30`, `2026-12-07T15:30` (what the API and older pages send);
- slashed: `12/07/2026` (month first in the US, day first elsewhere: `day_first`), a two-digit
  year (`12/07/26`), or no year (`12/07`: this year);
- words: `today`, `tomorrow`, `yesterday`, `now` (Spanish `hoy`, `mañana`, `ayer`, `ahora`),
  and `+N` (N days from today), each optionally followed by a time;
- a time alone (`15:30`, `3:30 pm`, `1530`) is today at that time.

Errors are `TypedDateError` with a message for the clerk naming what was expected.
"""

import re
from datetime import date, datetime, time, timedelta, tzinfo

from django.utils.translation import gettext as _

WORDS: dict[str, int] = {
    "today": 0,
    "hoy": 0,
    "now": 0,
    "ahora": 0,
    "tomorrow": 1,
    "mañana": 1,
    "manana": 1,
    "yesterday": -1,
    "ayer": -1,
}
NOW_WORDS = frozenset({"now", "ahora"})
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?$")
_OFFSET = re.compile(r"^\+(\d{1,3})$")
_TIME = re.compile(r"^(\d{1,2})(?::?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")


class TypedDateError(ValueError):
    """The text is no date (or time) we read; `message` says what to type."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_typed_date(text: str, *, today: date, day_first: bool = False) -> date:
    """A date typed in one box (no time allowed)."""
    words = _split(text)
    if len(words) != 1:
        raise TypedDateError(_date_message(day_first))
    day = _day(words[0], today=today, day_first=day_first)
    if day is None:
        raise TypedDateError(_date_message(day_first))
    return day


def parse_typed_datetime(
    text: str, *, now: datetime, tz: tzinfo, day_first: bool = False
) -> datetime:
    """A date and time typed in one box, as an aware datetime in `tz`.

    `now` is the current instant; its local date is "today". A date with no time is refused
    (an arrival needs its hour); a time alone is today; `now` alone is this minute.
    """
    local_now = now.astimezone(tz).replace(second=0, microsecond=0)
    today = local_now.date()
    words = _split(text)
    if not words:
        raise TypedDateError(_datetime_message(day_first))
    if len(words) == 1 and words[0] in NOW_WORDS:
        return local_now
    moment = _time(" ".join(words))
    if moment is not None:  # a time alone: today
        return _aware(today, moment, tz)
    if len(words) == 1:
        if _day(words[0], today=today, day_first=day_first) is not None:
            raise TypedDateError(_("Add the time, for example %(example)s.") % {"example": "15:30"})
        raise TypedDateError(_datetime_message(day_first))
    day = _day(words[0], today=today, day_first=day_first)
    moment = _time(" ".join(words[1:]))
    if day is None or moment is None:
        raise TypedDateError(_datetime_message(day_first))
    return _aware(day, moment, tz)


def _split(text: str) -> list[str]:
    if not isinstance(text, str):
        return []
    cleaned = text.strip().lower().replace("t", " ", 1) if _iso_t(text) else text.strip().lower()
    cleaned = cleaned.replace(",", " ")
    return cleaned.split()


def _iso_t(text: str) -> bool:
    return bool(re.match(r"^\s*\d{4}-\d{1,2}-\d{1,2}T", text or ""))


def _day(word: str, *, today: date, day_first: bool) -> date | None:
    if word in WORDS:
        return today + timedelta(days=WORDS[word])
    offset = _OFFSET.match(word)
    if offset:
        return today + timedelta(days=int(offset.group(1)))
    iso = _ISO.match(word)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        slashed = _SLASHED.match(word)
        if slashed:
            first, second = int(slashed.group(1)), int(slashed.group(2))
            month, day = (second, first) if day_first else (first, second)
            year_text = slashed.group(3)
            year = today.year if year_text is None else int(year_text)
            if year_text is not None and len(year_text) == 2:
                year += 2000
            return date(year, month, day)
    except ValueError:
        return None  # 02/30: no such day
    return None


def _time(text: str) -> time | None:
    match = _TIME.match(text.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "")
    if match.group(2) is None and not suffix:
        return None  # a bare number is no time ("15" could be a day)
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _aware(day: date, moment: time, tz: tzinfo) -> datetime:
    return datetime.combine(day, moment, tzinfo=tz)


def _date_example(day_first: bool) -> str:
    return "07/12/2026" if day_first else "12/07/2026"


def _date_message(day_first: bool) -> str:
    return _("Enter a date such as %(example)s, 2026-12-07, today, tomorrow or +3.") % {
        "example": _date_example(day_first)
    }


def _datetime_message(day_first: bool) -> str:
    return _("Enter a date and time such as %(example)s 15:30, today 15:30 or just 15:30.") % {
        "example": _date_example(day_first)
    }


def day_first_for(country: str) -> bool:
    """Whether slashed dates put the day first: everywhere but the United States."""
    return (country or "US").upper() != "US"
