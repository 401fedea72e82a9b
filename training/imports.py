"""CSV imports of the roster (HR exports) and of completions (course-provider exports).

Reading and checking only: `preview_rows` turns the text into parsed rows and a list of
errors by line and field, saving nothing. A message names the line, the column and the rule,
never a cell's value (column headings by their letter: a file without a header has a person's
row there). `services.training_import_confirm` writes the rows
when, and only when, the whole file is clean.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from hotelcompliance.csv_cells import column_letter, without_value
from hotelcompliance.tenancy import Property
from training.models import (
    JOB_ROLE_CHOICES,
    MAX_COURSE_MINUTES,
    Course,
    Employee,
    TrainingImport,
    TrainingRecord,
)

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)

COLUMNS: dict[str, tuple[str, ...]] = {  # Kind members are str
    TrainingImport.Kind.ROSTER: (
        "employee_number",
        "name",
        "email",
        "job_role",
        "customer_facing",
        "hire_date",
        "end_date",
    ),
    TrainingImport.Kind.COMPLETIONS: ("employee_number", "course", "completed_on", "minutes"),
}
REQUIRED: dict[str, tuple[str, ...]] = {  # Kind members are str
    TrainingImport.Kind.ROSTER: ("employee_number", "name", "job_role", "hire_date"),
    TrainingImport.Kind.COMPLETIONS: ("employee_number", "course", "completed_on"),
}
HEADER_LINE = 1
TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ImportFileError(Exception):
    """The file as a whole cannot be read (size, encoding)."""


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str


@dataclass
class ParsedRow:
    line: int
    raw: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class Preview:
    kind: str
    columns: tuple[str, ...]
    rows: list[ParsedRow] = field(default_factory=list)
    file_errors: list[RowError] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return self.file_errors + [e for row in self.rows for e in row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_upload(upload) -> str:
    """The uploaded file as text: at most 5 MB, UTF-8 (with or without a BOM), no NUL bytes."""
    size = getattr(upload, "size", 0) or 0
    if size > MAX_IMPORT_BYTES:
        raise ImportFileError(
            f"The file is {size / 1024 / 1024:.1f} MB; an import may be at most 5 MB. "
            "Split it into smaller files."
        )
    data = upload.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError("The file is larger than 5 MB; split it into smaller files.")
    if not data.strip():
        raise ImportFileError("The file is empty.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read). Save it from "
            "your spreadsheet as \u201cCSV UTF-8\u201d and upload it again."
        ) from None
    if "\x00" in text:
        raise ImportFileError("The file holds binary data (NUL bytes); upload a CSV text file.")
    return text


def preview_rows(prop: Property, kind: str, text: str) -> Preview:
    """Parse and check every row against the property's data; write nothing."""
    expected = COLUMNS[kind]
    preview = Preview(kind=kind, columns=expected)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            preview.file_errors.append(RowError(HEADER_LINE, "columns", "The file is empty."))
            return preview
        columns = [_column_name(name) for name in header]
        preview.file_errors += _column_errors(kind, columns)
        if preview.file_errors:
            return preview
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, as spreadsheets leave at the end
            if len(preview.rows) >= MAX_IMPORT_ROWS:
                preview.file_errors.append(
                    RowError(
                        reader.line_num,
                        "rows",
                        f"More than {MAX_IMPORT_ROWS} rows; split the file into smaller ones.",
                    )
                )
                return preview
            row = ParsedRow(line=reader.line_num, raw=dict(zip(columns, cells, strict=False)))
            if len(cells) != len(columns):
                row.errors.append(
                    RowError(
                        row.line,
                        "columns",
                        f"This row has {len(cells)} cells; the header has {len(columns)}.",
                    )
                )
            preview.rows.append(row)
    except csv.Error as error:
        preview.file_errors.append(
            RowError(reader.line_num, "file", f"The CSV cannot be read here: {error}.")
        )
        return preview
    if not preview.rows:
        preview.file_errors.append(RowError(HEADER_LINE + 1, "rows", "The file has no rows."))
        return preview
    checker = _check_roster if kind == TrainingImport.Kind.ROSTER else _check_completions
    checker(prop, preview.rows)
    return preview


def _column_name(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _column_errors(kind: str, columns: list[str]) -> list[RowError]:
    expected = COLUMNS[kind]
    listing = ", ".join(expected)
    errors = []
    unknown = [position for position, c in enumerate(columns, start=1) if c not in expected]
    if unknown:
        places = ", ".join(column_letter(position) for position in unknown[:10])
        errors.append(
            RowError(
                HEADER_LINE,
                "columns",
                f"Unexpected column heading in column {places}. The columns are: {listing}.",
            )
        )
    missing = [c for c in REQUIRED[kind] if c not in columns]
    if missing:
        errors.append(
            RowError(
                HEADER_LINE,
                "columns",
                f"Missing column: {', '.join(missing)}. The columns are: {listing}.",
            )
        )
    repeated = sorted({c for c in columns if columns.count(c) > 1 and c in expected})
    if repeated:
        errors.append(
            RowError(HEADER_LINE, "columns", f"Column given twice: {', '.join(repeated)}.")
        )
    return errors


def _parse_date(row: ParsedRow, name: str, *, required: bool) -> date | None:
    text = row.raw.get(name, "").strip()
    if not text:
        if required:
            row.errors.append(RowError(row.line, name, "Required; write the date as YYYY-MM-DD."))
        return None
    if not ISO_DATE.fullmatch(text):
        row.errors.append(RowError(row.line, name, "Not a date; write YYYY-MM-DD."))
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        row.errors.append(
            RowError(row.line, name, "Not a real date (check the month and the day).")
        )
        return None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        row.errors.append(
            RowError(row.line, name, f"Give a date between {EARLIEST_DATE} and {LATEST_DATE}.")
        )
        return None
    return value


def _required_text(row: ParsedRow, name: str) -> str:
    value = row.raw.get(name, "").strip()
    if not value:
        row.errors.append(RowError(row.line, name, "Required."))
    return value


def _duplicates(row: ParsedRow, key, seen: dict, name: str, message: str) -> None:
    if key in seen:
        row.errors.append(RowError(row.line, name, f"{message} line {seen[key]}."))
    else:
        seen[key] = row.line


# ---- roster -------------------------------------------------------------------------------

_ROLES = {code: code for code, _ in JOB_ROLE_CHOICES} | {
    label.lower(): code for code, label in JOB_ROLE_CHOICES
}


def _check_roster(prop: Property, rows: list[ParsedRow]) -> None:
    taken = set(Employee.objects.for_property(prop).values_list("employee_number", flat=True))
    seen: dict[str, int] = {}
    for row in rows:
        number = _required_text(row, "employee_number")
        if number in taken:
            row.errors.append(
                RowError(
                    row.line,
                    "employee_number",
                    "This employee number is already on this property's roster.",
                )
            )
        elif number:
            _duplicates(row, number, seen, "employee_number", "The same employee number is on")
        name = _required_text(row, "name")
        role_text = _required_text(row, "job_role")
        role = _ROLES.get(role_text.lower())
        if role_text and role is None:
            row.errors.append(
                RowError(
                    row.line,
                    "job_role",
                    "Unknown job role. Use one of: "
                    f"{', '.join(code for code, _ in JOB_ROLE_CHOICES)}.",
                )
            )
        facing_text = row.raw.get("customer_facing", "").strip().lower()
        facing = True
        if facing_text in FALSE_WORDS:
            facing = False
        elif facing_text and facing_text not in TRUE_WORDS:
            row.errors.append(
                RowError(row.line, "customer_facing", "Write yes or no (empty means yes).")
            )
        hire = _parse_date(row, "hire_date", required=True)
        end = _parse_date(row, "end_date", required=False)
        if hire and end and end < hire:
            row.errors.append(
                RowError(row.line, "end_date", "The end date is before the hire date.")
            )
        values = {
            "employee_number": number,
            "name": name,
            "email": row.raw.get("email", "").strip(),
            "job_role": role or "",
            "customer_facing": facing,
            "hire_date": hire,
            "end_date": end,
        }
        _field_errors(row, Employee(property=prop, **values), values)
        row.values = values


def _field_errors(row: ParsedRow, instance, values: dict) -> None:
    """The model's own field checks (lengths, email, one line), without database queries."""
    already = {e.field for e in row.errors}
    try:
        instance.clean_fields(exclude=[f for f in values if f in already or values[f] is None])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name in values and name not in already:
                for message in messages:
                    row.errors.append(
                        RowError(row.line, name, without_value(message, values[name]))
                    )


# ---- completions --------------------------------------------------------------------------


def _check_completions(prop: Property, rows: list[ParsedRow]) -> None:
    employees = {e.employee_number: e for e in Employee.objects.for_property(prop)}
    courses: dict[str, list[Course]] = {}
    for course in Course.objects.available_to(prop):
        courses.setdefault(course.title.strip().lower(), []).append(course)
        if course.version:
            label = f"{course.title} ({course.version})".strip().lower()
            courses.setdefault(label, []).append(course)
    recorded = set(
        TrainingRecord.objects.for_property(prop).values_list(
            "employee_id", "course_id", "completed_on"
        )
    )
    today = prop.today()
    seen: dict[tuple, int] = {}
    for row in rows:
        number = _required_text(row, "employee_number")
        employee = employees.get(number)
        if number and employee is None:
            row.errors.append(
                RowError(
                    row.line,
                    "employee_number",
                    "No employee with this number at this property; import the roster first.",
                )
            )
        course = _course(row, courses)
        completed_on = _parse_date(row, "completed_on", required=True)
        if completed_on and completed_on > today:
            row.errors.append(
                RowError(
                    row.line,
                    "completed_on",
                    f"The completion date is in the future; today is {today}.",
                )
            )
        elif completed_on and employee and completed_on < employee.hire_date:
            row.errors.append(
                RowError(
                    row.line,
                    "completed_on",
                    "The completion date is before the employee's hire date.",
                )
            )
        minutes = _minutes(row)
        if employee and course and completed_on:
            key = (employee.pk, course.pk, completed_on)
            if key in recorded:
                row.errors.append(
                    RowError(row.line, "completed_on", "This completion is already recorded.")
                )
            else:
                _duplicates(row, key, seen, "completed_on", "The same completion is on")
        row.values = {
            "employee": employee,
            "course": course,
            "completed_on": completed_on,
            "minutes": minutes,
        }


def _course(row: ParsedRow, courses: dict[str, list[Course]]) -> Course | None:
    text = _required_text(row, "course")
    if not text:
        return None
    found = courses.get(text.lower(), [])
    if len(found) == 1:
        return found[0]
    if found:
        row.errors.append(
            RowError(
                row.line,
                "course",
                "Several courses have this title; add the version in brackets, as in "
                "\u201cTitle (2024)\u201d.",
            )
        )
    else:
        row.errors.append(
            RowError(
                row.line,
                "course",
                "Unknown course: give a course title as listed for this property.",
            )
        )
    return None


def _minutes(row: ParsedRow) -> int | None:
    text = row.raw.get("minutes", "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= MAX_COURSE_MINUTES:
        row.errors.append(
            RowError(row.line, "minutes", f"Give whole minutes from 1 to {MAX_COURSE_MINUTES}.")
        )
        return None
    return int(text)
