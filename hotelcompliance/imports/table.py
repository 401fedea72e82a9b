"""An app's declared columns, and a file read against them: the header checked, rows as dicts."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

from hotelcompliance.imports.columns import HEADER_LINE, column_name, header_errors
from hotelcompliance.imports.errors import ImportFileError, RowError
from hotelcompliance.imports.files import read_rows
from hotelcompliance.imports.formats import Limits, TextFormat
from hotelcompliance.imports.result import ImportResult, ParsedRow


@dataclass(frozen=True)
class ImportSpec:
    """What an app imports: its columns (in their documented order), the required ones, limits."""

    columns: tuple[str, ...]
    required: tuple[str, ...]
    limits: Limits


def table_rows(
    file: IO[bytes],
    *,
    spec: ImportSpec,
    result: ImportResult,
    text_format: TextFormat | None = None,
) -> Iterator[ParsedRow]:
    """Check the header into `result`, then yield each data row with its cells by column.

    Yields nothing after a header error (the rows cannot be read by name). Counts the rows
    in `result.rows`; a row whose cell count differs from the header's fails on `columns`.
    """
    rows = read_rows(file, limits=spec.limits, text_format=text_format)
    first = next(rows, None)
    if first is None:
        raise ImportFileError(_("The file is empty."), code="empty")
    columns = [column_name(heading) for heading in first[1]]
    result.columns = tuple(columns)
    errors = header_errors(columns, known=spec.columns, required=spec.required)
    for error in errors:
        result.add(error)
    if errors:
        return
    for line, cells in rows:
        result.rows += 1
        row = ParsedRow(line=line, cells=dict(zip(columns, cells, strict=False)))
        if len(cells) != len(columns):
            row.fail(
                "columns",
                _("This row has %(cells)d cells; the header has %(columns)d.")
                % {"cells": len(cells), "columns": len(columns)},
            )
        for column, cell in row.cells.items():
            if "\x00" in cell:  # no database column takes it; the app's rules never see it
                row.fail(column, _("This cell holds binary data (a NUL byte)."))
        yield row
    if not result.rows:
        result.add(RowError(HEADER_LINE + 1, "rows", _("The file has a header but no rows.")))
