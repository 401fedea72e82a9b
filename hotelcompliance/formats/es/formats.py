"""Spanish dates: one format for a day, one for a moment, on every page and email.

Input formats start with ISO: a browser's date field sends and shows `2026-12-07` in any language.
"""

DATE_FORMAT = "j b Y"  # 7 dic 2026: Spanish writes months in lower case
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "j b Y, H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"  # junio de 2026
