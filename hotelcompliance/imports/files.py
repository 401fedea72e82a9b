"""Read an upload as (line, cells) rows, whatever its kind: CSV text or an XLSX workbook.

One reader for every import. It checks the size before reading, streams the rows (memory
follows one row, not the file) and raises `ImportFileError` for a file it cannot read.
"""

import hashlib
import io
from collections.abc import Iterator
from typing import IO

from django.utils.translation import gettext as _

from hotelcompliance.imports import csv_rows, xlsx_rows
from hotelcompliance.imports.errors import ImportFileError
from hotelcompliance.imports.formats import Limits, TextFormat

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc) container
CHUNK = 1024 * 1024

Rows = Iterator[tuple[int, list[str]]]


def check_size(file: IO[bytes], limits: Limits) -> int:
    """The upload's size in bytes; refuse it empty or over the limit before reading it."""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    file.seek(0)
    if size > limits.max_bytes:
        raise ImportFileError(
            _(
                "The file is %(size).1f MB; an import may be at most %(limit)d MB. "
                "Split it into smaller files."
            )
            % {"size": size / 1024 / 1024, "limit": limits.max_bytes // 1024 // 1024},
            code="too_large",
        )
    if not size:
        raise ImportFileError(_("The file is empty."), code="empty")
    return int(size)


def file_digest(file: IO[bytes]) -> str:
    """SHA-256 of the file's bytes: a second pass trusts only the bytes the first checked."""
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(CHUNK), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def is_xlsx(file: IO[bytes]) -> bool:
    file.seek(0)
    head = file.read(len(ZIP_MAGIC))
    file.seek(0)
    return head == ZIP_MAGIC


def read_rows(file: IO[bytes], *, limits: Limits, text_format: TextFormat | None = None) -> Rows:
    """Yield (line, cells) for the header and every non-blank row, the header first.

    An XLSX workbook is recognised by its bytes, not its name; anything else is CSV text in
    `text_format` (UTF-8 and a sniffed delimiter by default). More than `limits.max_rows` data
    rows, a cell of binary data or an unreadable byte raise `ImportFileError`.
    """
    file.seek(0)
    head = file.read(len(OLE_MAGIC))
    file.seek(0)
    if head == OLE_MAGIC:
        raise ImportFileError(
            _("This is an old Excel (.xls) file; save it as XLSX or as CSV UTF-8."),
            code="format",
        )
    rows = xlsx_rows.read(file, limits) if is_xlsx(file) else csv_rows.read(file, text_format)
    return _capped(rows, limits)


def _capped(rows: Rows, limits: Limits) -> Rows:
    data_rows = -1  # the first row yielded is the header
    for line, cells in rows:
        data_rows += 1
        if data_rows > limits.max_rows:
            raise ImportFileError(
                _("The file has more than %(rows)s rows; split it into smaller files.")
                % {"rows": f"{limits.max_rows:,}"},
                code="too_many_rows",
            )
        if len(cells) > limits.max_columns:
            raise ImportFileError(
                _("Line %(line)d has more than %(columns)d columns.")
                % {"line": line, "columns": limits.max_columns},
                code="too_many_columns",
            )
        yield line, cells
