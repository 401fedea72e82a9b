"""The one import reader: CSV in four delimiters and four encodings, XLSX streamed, refusals.

Each refusal is an `ImportFileError` with a code and a message for people, never a 500.
"""

import io
import tracemalloc
from datetime import date, datetime

import pytest

from hotelcompliance.imports.errors import ImportFileError
from hotelcompliance.imports.files import check_size, read_rows
from hotelcompliance.imports.formats import Limits, TextFormat
from tests.core.xlsx_files import with_part, xlsx, zip_of

LIMITS = Limits(max_bytes=5 * 1024 * 1024, max_rows=1000)


def rows_of(content: bytes, text_format: TextFormat | None = None, limits: Limits = LIMITS):
    return list(read_rows(io.BytesIO(content), limits=limits, text_format=text_format))


def refusal(content: bytes, text_format: TextFormat | None = None, limits: Limits = LIMITS):
    with pytest.raises(ImportFileError) as error:
        rows_of(content, text_format, limits)
    return error.value


# ---- CSV ----------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "|", "\t"])
def test_each_delimiter_is_sniffed_from_the_header(delimiter):
    content = delimiter.join(["name", "room", "note"]) + "\r\n"
    content += delimiter.join(["Ann", "101", '"a, b; c | d"']) + "\r\n"

    assert rows_of(content.encode()) == [
        (1, ["name", "room", "note"]),
        (2, ["Ann", "101", "a, b; c | d"]),
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "|", "\t"])
def test_a_given_delimiter_wins_over_the_sniffed_one(delimiter):
    other = ";" if delimiter != ";" else ","
    content = f"a{other}b{other}c{delimiter}d\n".encode()  # sniffing would pick the other

    assert rows_of(content, TextFormat(delimiter=delimiter)) == [(1, [f"a{other}b{other}c", "d"])]


def test_a_one_column_file_is_read_with_a_comma():
    assert rows_of(b"name\nAnn\n") == [(1, ["name"]), (2, ["Ann"])]


@pytest.mark.parametrize(
    ("encoding", "content"),
    [
        ("utf-8", "name;city\nJos\u00e9 \u20ac;K\u00f6ln\n".encode()),
        ("utf-8-sig", "\ufeffname;city\nJos\u00e9 \u20ac;K\u00f6ln\n".encode()),
        ("utf-8", "\ufeffname;city\nJos\u00e9 \u20ac;K\u00f6ln\n".encode()),  # BOM or not
        ("cp1252", "name;city\nJos\u00e9 \u20ac;K\u00f6ln\n".encode("cp1252")),
    ],
)
def test_each_encoding_is_decoded_and_a_bom_is_dropped(encoding, content):
    assert rows_of(content, TextFormat(encoding=encoding)) == [
        (1, ["name", "city"]),
        (2, ["Jos\u00e9 \u20ac", "K\u00f6ln"]),
    ]


def test_latin_1_is_decoded():
    content = "name;city\nJos\u00e9;K\u00f6ln\n".encode("latin-1")

    assert rows_of(content, TextFormat(encoding="latin-1"))[1] == (2, ["Jos\u00e9", "K\u00f6ln"])


def test_a_latin_1_file_read_as_utf_8_is_refused_by_its_line():
    error = refusal("name\nAnn\nJos\u00e9\n".encode("latin-1"))

    assert error.code == "encoding"
    assert "not UTF-8" in error.message and "line 3" in error.message


def test_a_byte_windows_1252_leaves_undefined_is_refused():
    error = refusal(b"name\nA\x81n\n", TextFormat(encoding="cp1252"))

    assert error.code == "encoding" and "Windows-1252" in error.message


def test_an_unknown_delimiter_or_encoding_is_a_programming_error():
    with pytest.raises(ValueError):
        TextFormat(delimiter=":")
    with pytest.raises(ValueError):
        TextFormat(encoding="utf-16")


def test_lines_are_counted_as_an_editor_counts_them():
    content = b'name,note\n\nAnn,"two\nlines"\n\nBob,x\n\n'

    assert rows_of(content) == [
        (1, ["name", "note"]),
        (4, ["Ann", "two\nlines"]),  # a row is numbered by the line it ends on
        (6, ["Bob", "x"]),
    ]


def test_the_size_is_checked_before_reading():
    assert check_size(io.BytesIO(b"a\n"), LIMITS) == 2
    with pytest.raises(ImportFileError) as empty:
        check_size(io.BytesIO(b""), LIMITS)
    with pytest.raises(ImportFileError) as large:
        check_size(io.BytesIO(b"x" * 2048), Limits(max_bytes=1024, max_rows=10))

    assert empty.value.code == "empty"
    assert large.value.code == "too_large" and "at most" in large.value.message


def test_more_rows_than_the_limit_are_refused():
    content = b"n\n" + b"".join(b"%d\n" % n for n in range(4))

    assert len(rows_of(content, limits=Limits(max_bytes=1000, max_rows=4))) == 5
    error = refusal(content, limits=Limits(max_bytes=1000, max_rows=3))
    assert error.code == "too_many_rows"


def test_a_row_wider_than_the_column_limit_is_refused():
    error = refusal(b",".join([b"c"] * 6) + b"\n", limits=Limits(1000, 10, max_columns=5))

    assert error.code == "too_many_columns"


def test_an_old_binary_excel_file_is_refused_with_what_to_do():
    error = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)

    assert error.code == "format" and "XLSX" in error.message


def test_a_100000_row_csv_is_read_in_bounded_memory():
    line = b"Guest name,101,2026-07-01T15:00,2026-07-03,129.00,card,R-000000\r\n"
    content = b"a,b,c,d,e,f,g\r\n" + line * 100_000
    file = io.BytesIO(content)
    tracemalloc.start()
    count = sum(1 for _ in read_rows(file, limits=Limits(len(content), 100_000)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert count == 100_001
    assert peak < 1024 * 1024 < len(content)  # a few rows in flight, not the file


# ---- XLSX ---------------------------------------------------------------------------------


def test_xlsx_cells_read_as_the_text_a_csv_would_hold():
    content = xlsx(
        [
            ["name", "adults", "rate", "arrival", "departure", "vip", "note"],
            ["Ann", 2, 129.5, datetime(2026, 7, 1, 15, 0), date(2026, 7, 3), True, None],
            ["Bob", 1.0, 0.1 + 0.2, datetime(2026, 7, 2, 0, 0), datetime(2026, 7, 4), False, "x"],
        ],
        number_formats={"D3": "yyyy-mm-dd hh:mm", "E3": "dd.mm.yyyy"},
    )

    assert rows_of(content) == [
        (1, ["name", "adults", "rate", "arrival", "departure", "vip", "note"]),
        (2, ["Ann", "2", "129.5", "2026-07-01T15:00", "2026-07-03", "true", ""]),
        # A midnight moment keeps its time when the cell shows one, and is a date when not.
        (3, ["Bob", "1", "0.3", "2026-07-02T00:00", "2026-07-04", "false", "x"]),
    ]


def test_xlsx_blank_rows_are_skipped_and_rows_keep_their_sheet_numbers():
    content = xlsx([["name", "room"], ["Ann", 101], [], [None, None], ["Bob"]])

    assert rows_of(content) == [(1, ["name", "room"]), (2, ["Ann", "101"]), (5, ["Bob", ""])]


def test_xlsx_is_recognised_by_its_bytes_whatever_the_text_format_says():
    content = xlsx([["name"], ["Ann"]])

    assert rows_of(content, TextFormat(delimiter=";", encoding="cp1252"))[1] == (2, ["Ann"])


def test_a_workbook_with_macros_is_refused():
    content = with_part(xlsx([["name"], ["Ann"]]), "xl/vbaProject.bin", b"\x00" * 64)

    error = refusal(content)

    assert error.code == "macros" and "macros" in error.message


def test_a_sheet_declaring_more_rows_than_the_limit_is_refused_before_it_is_read():
    content = xlsx([["n"], *([n] for n in range(10))])

    error = refusal(content, limits=Limits(max_bytes=10**6, max_rows=5))

    assert error.code == "too_many_rows"


def test_a_workbook_that_expands_past_the_limit_is_refused():
    content = with_part(xlsx([["name"], ["Ann"]]), "xl/media/padding.bin", b"\x00" * 2_000_000)

    error = refusal(content, limits=Limits(max_bytes=100_000, max_rows=10))

    assert error.code == "too_large"


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04 this is no zip archive at all",
        zip_of({"report.txt": b"hello"}),
        with_part(xlsx([["a"]]), "xl/worksheets/sheet1.xml", b"<not-xml"),
    ],
    ids=["not-a-zip", "zip-without-workbook", "broken-sheet"],
)
def test_a_broken_workbook_is_refused_with_a_message(content):
    error = refusal(content)

    assert error.code == "xlsx" and "XLSX" in error.message


def test_a_large_workbook_is_streamed_in_bounded_memory():
    def peak(rows: int) -> int:
        content = xlsx([["n", "rate", "day"], *([n, n / 4, n % 28 + 1] for n in range(rows))])
        tracemalloc.start()
        count = sum(1 for _ in read_rows(io.BytesIO(content), limits=Limits(10**8, 10**6)))
        result = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert count == rows + 1
        return result

    peak(2_000)  # warm up: the first read's peak varies by a few hundred KB with import state
    small, large = peak(2_000), peak(40_000)

    # Twenty times the rows, about the same memory; holding each row (openpyxl's own loop,
    # about 80 bytes a row) would add 3 MB here.
    assert large < small + 512 * 1024
