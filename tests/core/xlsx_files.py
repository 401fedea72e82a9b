"""Small XLSX workbooks for the reader tests, written with openpyxl (and one forged archive)."""

import io
import zipfile
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook


def xlsx(rows: Iterable[Iterable[Any]], *, number_formats: dict[str, str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    for cell, number_format in (number_formats or {}).items():
        sheet[cell].number_format = number_format
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_part(content: bytes, name: str, data: bytes) -> bytes:
    """The workbook with one more part in its archive (a macro project, say), or one replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            if part.filename != name:
                target.writestr(part, source.read(part.filename))
        target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_of(parts: dict[str, bytes]) -> bytes:
    """A zip archive that is no workbook."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()
