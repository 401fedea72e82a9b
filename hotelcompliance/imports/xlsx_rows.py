"""An XLSX workbook's first sheet as a stream of (row number, cells), read-only.

openpyxl's read-only mode parses the sheet as it goes, so memory follows one row. Before
that, the archive itself is checked: a workbook with macros, a zip that is no workbook, or
one whose parts would expand past `MAX_EXPANSION` times the upload limit is refused.
Cells become the text a CSV would hold: dates ISO, whole numbers without ".0".
"""

import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from hotelcompliance.imports.errors import ImportFileError
from hotelcompliance.imports.formats import Limits

MAX_EXPANSION = 10  # uncompressed parts may total at most this many times the upload limit
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"
SHEET_DATA_TAG = f"{{{SHEET_MAIN_NS}}}sheetData"


def read(file: IO[bytes], limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells) of each non-blank row of the first sheet."""
    _check_archive(file, limits)
    file.seek(0)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds for a broken workbook; all mean the same
        raise _unreadable() from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return
        declared = sheet.max_row if isinstance(sheet.max_row, int) else 0
        if declared > limits.max_rows + 1:
            raise ImportFileError(
                _("The sheet has more than %(rows)s rows; split it into smaller files.")
                % {"rows": f"{limits.max_rows:,}"},
                code="too_many_rows",
            )
        yield from _rows(sheet)
    finally:
        workbook.close()


def _rows(sheet: Any) -> Iterator[tuple[int, list[str]]]:
    width = 0
    number = 0
    try:
        for number, row in _parsed_rows(sheet):
            cells = [_text(ReadOnlyCell(sheet, **cell)) for cell in row]
            cells = _placed(cells, row)
            while cells and not cells[-1]:
                cells.pop()  # a sheet pads rows to its widest one
            if not cells:
                continue
            width = width or len(cells)  # the header's width
            yield number, cells + [""] * (width - len(cells))
    except ImportFileError:
        raise
    except Exception:
        raise _unreadable(number + 1) from None


def _parsed_rows(sheet: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """openpyxl's own row parser, driven here so each row read leaves the tree at once.

    openpyxl's read-only loop clears a row but keeps it (empty) under `sheetData`: about
    80 bytes a row, 8 MB for 100,000. Removing it keeps memory flat whatever the sheet's length.
    """
    workbook = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        data = None
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == SHEET_DATA_TAG:
                    data = element
                continue
            if element.tag == ROW_TAG:
                yield parser.parse_row(element)
                parser.row_dimensions.clear()  # row heights: not needed, and they pile up
                if data is not None:
                    data.remove(element)


def _placed(texts: list[str], row: list[dict[str, Any]]) -> list[str]:
    """The texts at their columns: a sheet leaves out empty cells (C1 may follow A1)."""
    if not row or row[-1]["column"] == len(row):
        return texts
    placed = [""] * row[-1]["column"]
    for text, cell in zip(texts, row, strict=True):
        placed[cell["column"] - 1] = text
    return placed


def _text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        timed = value.time() != time(0) or "h" in (getattr(cell, "number_format", "") or "")
        return value.isoformat(sep="T", timespec="minutes") if timed else value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(f"{value:.15g}"), "f")  # Excel keeps 15 significant digits
    return str(value)


def _check_archive(file: IO[bytes], limits: Limits) -> None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _unreadable() from None
    names = {part.filename.lower() for part in parts}
    if any(name.rsplit("/", 1)[-1] in MACRO_PARTS for name in names):
        raise ImportFileError(
            _("The workbook contains macros; save it as a plain XLSX workbook (or CSV)."),
            code="macros",
        )
    if "xl/workbook.xml" not in names:
        raise _unreadable()
    if sum(part.file_size for part in parts) > MAX_EXPANSION * limits.max_bytes:
        raise ImportFileError(
            _("The workbook is too large once unpacked; split it into smaller files."),
            code="too_large",
        )


def _unreadable(row: int | None = None) -> ImportFileError:
    if row is None:
        message = _("The file cannot be read as an XLSX workbook; save it again as XLSX or CSV.")
    else:
        message = _("The workbook cannot be read at row %(row)d; save it again as XLSX or CSV.")
        message = message % {"row": row}
    return ImportFileError(message, code="xlsx")
