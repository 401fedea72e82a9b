"""Roster (HR exports) and completions (course-provider exports) imports: columns and rules.

Built on the core import framework (`hotelcompliance.imports`): it reads the upload (CSV or
XLSX, at most 5 MB and 5,000 rows), checks the header and names every problem by line and
column, never quoting a cell. This module declares each kind's columns and its row rules;
`check_file` saves nothing, `services.training_import_confirm` writes the rows when, and
only when, the whole file is clean.
"""

from datetime import date
from typing import IO, Any

from django.core.exceptions import ValidationError

from hotelcompliance.csv_cells import without_value
from hotelcompliance.imports.cells import date_cell
from hotelcompliance.imports.errors import CellError
from hotelcompliance.imports.files import check_size, file_digest
from hotelcompliance.imports.formats import Limits
from hotelcompliance.imports.result import ImportResult, ParsedRow
from hotelcompliance.imports.table import ImportSpec, table_rows
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
TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0"}


def import_spec(kind: str) -> ImportSpec:
    return ImportSpec(
        columns=COLUMNS[kind],
        required=REQUIRED[kind],
        limits=Limits(max_bytes=MAX_IMPORT_BYTES, max_rows=MAX_IMPORT_ROWS),
    )


def check_file(prop: Property, kind: str, file: IO[bytes]) -> ImportResult:
    """Parse and check every row against the property's data; write nothing.

    Every row is kept in `sample` (at most 5,000): the preview shows them all, and the
    confirmation writes their `values`. Raises `ImportFileError` for an unreadable file.
    """
    spec = import_spec(kind)
    check_size(file, spec.limits)
    result = ImportResult(digest=file_digest(file), keep_rows=spec.limits.max_rows)
    rows = list(table_rows(file, spec=spec, result=result))
    if rows:
        checker = _check_roster if kind == TrainingImport.Kind.ROSTER else _check_completions
        checker(prop, rows)
    for row in rows:
        result.add_row(row)
    return result


def _parse_date(row: ParsedRow, name: str, *, required: bool) -> date | None:
    text = row.cell(name)
    if not text:
        if required:
            row.fail(name, "Required; write the date as YYYY-MM-DD.")
        return None
    try:
        return date_cell(text, earliest=EARLIEST_DATE, latest=LATEST_DATE)
    except CellError as error:
        row.fail(name, error.message)
        return None


def _required_text(row: ParsedRow, name: str) -> str:
    value = row.cell(name)
    if not value:
        row.fail(name, "Required.")
    return value


def _duplicates(row: ParsedRow, key: Any, seen: dict, name: str, message: str) -> None:
    if key in seen:
        row.fail(name, f"{message} line {seen[key]}.")
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
            row.fail(
                "employee_number",
                "This employee number is already on this property's roster.",
            )
        elif number:
            _duplicates(row, number, seen, "employee_number", "The same employee number is on")
        name = _required_text(row, "name")
        role_text = _required_text(row, "job_role")
        role = _ROLES.get(role_text.lower())
        if role_text and role is None:
            row.fail(
                "job_role",
                f"Unknown job role. Use one of: {', '.join(code for code, _ in JOB_ROLE_CHOICES)}.",
            )
        facing_text = row.cell("customer_facing").lower()
        facing = True
        if facing_text in FALSE_WORDS:
            facing = False
        elif facing_text and facing_text not in TRUE_WORDS:
            row.fail("customer_facing", "Write yes or no (empty means yes).")
        hire = _parse_date(row, "hire_date", required=True)
        end = _parse_date(row, "end_date", required=False)
        if hire and end and end < hire:
            row.fail("end_date", "The end date is before the hire date.")
        values = {
            "employee_number": number,
            "name": name,
            "email": row.cell("email"),
            "job_role": role or "",
            "customer_facing": facing,
            "hire_date": hire,
            "end_date": end,
        }
        _field_errors(row, Employee(property=prop, **values), values)
        row.values = values


def _field_errors(row: ParsedRow, instance: Employee, values: dict) -> None:
    """The model's own field checks (lengths, email, one line), without database queries."""
    already = set(row.errors)
    try:
        instance.clean_fields(exclude=[f for f in values if f in already or values[f] is None])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name in values and name not in already:
                for message in messages:
                    row.fail(name, without_value(message, values[name]))


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
            row.fail(
                "employee_number",
                "No employee with this number at this property; import the roster first.",
            )
        course = _course(row, courses)
        completed_on = _parse_date(row, "completed_on", required=True)
        if completed_on and completed_on > today:
            row.fail(
                "completed_on",
                f"The completion date is in the future; today is {today}.",
            )
        elif completed_on and employee and completed_on < employee.hire_date:
            row.fail(
                "completed_on",
                "The completion date is before the employee's hire date.",
            )
        minutes = _minutes(row)
        if employee and course and completed_on:
            key = (employee.pk, course.pk, completed_on)
            if key in recorded:
                row.fail("completed_on", "This completion is already recorded.")
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
        row.fail(
            "course",
            "Several courses have this title; add the version in brackets, as in "
            "\u201cTitle (2024)\u201d.",
        )
    else:
        row.fail(
            "course",
            "Unknown course: give a course title as listed for this property.",
        )
    return None


def _minutes(row: ParsedRow) -> int | None:
    text = row.cell("minutes")
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= MAX_COURSE_MINUTES:
        row.fail("minutes", f"Give whole minutes from 1 to {MAX_COURSE_MINUTES}.")
        return None
    return int(text)
