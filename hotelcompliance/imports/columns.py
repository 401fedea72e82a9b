"""The header row: loose heading names, and unknown, missing or repeated columns named."""

import re

from django.utils.translation import gettext as _

from hotelcompliance.csv_cells import column_letter
from hotelcompliance.imports.errors import RowError

HEADER_LINE = 1
_NAME_CHARS = re.compile(r"[\s-]+")


def column_name(heading: str) -> str:
    """A heading as a column name: "Hire Date" and "hire-date" are `hire_date`."""
    return _NAME_CHARS.sub("_", heading.strip().lower())


def header_errors(
    columns: list[str], *, known: tuple[str, ...], required: tuple[str, ...]
) -> list[RowError]:
    """What is wrong with the header, each on line 1 under `columns`."""
    listing = ", ".join(known)
    errors = []
    # By position, not by name: a file without its header row has a person's data up here.
    unknown = [position for position, c in enumerate(columns, start=1) if c not in known]
    if unknown:
        places = ", ".join(column_letter(position) for position in unknown[:10])
        errors.append(
            _header_error(
                _("Unknown column heading in column %(places)s. The columns are: %(listing)s.")
                % {"places": places, "listing": listing}
            )
        )
    missing = [c for c in required if c not in columns]
    if missing:
        errors.append(
            _header_error(
                _("Missing column: %(missing)s. The columns are: %(listing)s.")
                % {"missing": ", ".join(missing), "listing": listing}
            )
        )
    repeated = sorted({c for c in columns if columns.count(c) > 1 and c in known})
    if repeated:
        errors.append(
            _header_error(_("Column given twice: %(columns)s.") % {"columns": ", ".join(repeated)})
        )
    return errors


def _header_error(message: str) -> RowError:
    return RowError(HEADER_LINE, "columns", message)
