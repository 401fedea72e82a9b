"""English dates: one format for a day, one for a moment, on every page and email.

Input formats start with ISO: a browser's date field sends and shows `2026-12-07` in any language.
"""

DATE_FORMAT = "M j, Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "M j, Y, g:i A"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%m/%d/%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
TIME_FORMAT = "g:i A"
YEAR_MONTH_FORMAT = "F Y"
