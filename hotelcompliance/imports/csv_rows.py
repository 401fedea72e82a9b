"""CSV text as a stream of (line, cells): four delimiters, four encodings, a BOM allowed."""

import codecs
import csv
import itertools
import re
from collections.abc import Generator, Iterator
from typing import IO

from django.utils.translation import gettext as _

from hotelcompliance.imports.errors import ImportFileError
from hotelcompliance.imports.formats import DELIMITERS, TextFormat

HEAD_BYTES = 64 * 1024
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def read(file: IO[bytes], text_format: TextFormat | None = None) -> Iterator[tuple[int, list[str]]]:
    """Yield (line, cells) of each non-blank row, decoding as it goes; the upload stays open.

    The line is the file's physical line where the row ends, as a text editor counts them.
    """
    text_format = text_format or TextFormat()
    file.seek(0)
    binary = _binary(file)
    _check_head(binary, text_format)
    lines = _decoded(binary, text_format)
    try:
        first = next(lines, None)
        if first is None:
            return
        delimiter = text_format.delimiter or sniff_delimiter(first)
        reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportFileError(
                    _("The CSV cannot be read at line %(line)d: %(error)s.")
                    % {"line": reader.line_num, "error": error},
                    code="csv",
                ) from None
            if any(cell.strip() for cell in cells):  # spreadsheets leave blank lines at the end
                yield reader.line_num, cells
    finally:
        lines.close()


def sniff_delimiter(header_line: str) -> str:
    """The delimiter the header line uses most (a comma when it names a single column)."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _binary(file: IO[bytes]) -> IO[bytes]:
    """The raw stream under a Django upload, read line by line."""
    inner = getattr(file, "file", None)
    return inner if inner is not None and hasattr(inner, "readline") else file


def _check_head(binary: IO[bytes], text_format: TextFormat) -> None:
    """Refuse a file in another encoding before its header is judged: the cause comes first."""
    head = binary.read(HEAD_BYTES)
    binary.seek(0)
    try:
        codecs.getincrementaldecoder(text_format.codec)().decode(head, final=False)
    except UnicodeDecodeError as error:
        raise _not_in(text_format, head.count(b"\n", 0, error.start) + 1) from None


def _decoded(binary: IO[bytes], text_format: TextFormat) -> Generator[str, None, None]:
    """The file's lines as text, each decoded on its own so a bad byte is named by its line.

    A line of bytes ends at a newline byte, which no accepted encoding uses inside a
    character; a lone carriage return (old Mac files) ends a line too.
    """
    decoder = codecs.getincrementaldecoder(text_format.codec)()
    line = 0
    for raw in binary:
        try:
            text = decoder.decode(raw)
        except UnicodeDecodeError:
            raise _not_in(text_format, line + 1) from None
        for part in _LONE_CR.split(text) if "\r" in text[:-2] else (text,):
            line += 1
            yield part
    try:
        decoder.decode(b"", final=True)  # a character cut off by the end of the file
    except UnicodeDecodeError:
        raise _not_in(text_format, line) from None


def _not_in(text_format: TextFormat, line: int) -> ImportFileError:
    if text_format.codec == "utf-8-sig":
        message = _(
            "The file is not UTF-8 text (near line %(line)d). Save it from your PMS or "
            "spreadsheet as \u201cCSV UTF-8\u201d and upload it again."
        )
    else:
        message = _("The file is not %(encoding)s text (near line %(line)d); choose its encoding.")
    return ImportFileError(message % {"line": line, "encoding": text_format.label}, code="encoding")
