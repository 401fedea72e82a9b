"""Calendar arithmetic for legal deadlines stated in months."""

import calendar
from datetime import date


def add_months(d: date, months: int) -> date:
    """Move by whole calendar months, clamping to the month's last day.

    Laws say "within 6 months" or "every 2 years"; a day count would drift with month
    lengths and leap years, so Feb 29 + 12 months is Feb 28 and Aug 31 + 6 months is
    the last day of February.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last_day))
