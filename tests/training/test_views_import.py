"""CSV import: a preview names every bad row; confirming imports all rows or none."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hotelcompliance.access_log import AccessEvent, AccessKind
from tests.core.xlsx_files import with_part, xlsx
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training.imports import MAX_IMPORT_BYTES
from training.models import Employee, TrainingImport, TrainingRecord

pytestmark = pytest.mark.django_db

URL = "/training/import/"
ROSTER_HEADER = "employee_number,name,email,job_role,customer_facing,hire_date,end_date\n"
GOOD_ROSTER = (
    ROSTER_HEADER
    + "HA-1,Rosa Delgado,rosa@example.test,front_desk,yes,2025-03-03,\n"
    + "HA-2,Sam Okafor,,housekeeping,no,2024-11-01,2025-06-30\n"
    + "HA-3,Lee Park,,Food and beverage,,2025-01-15,\n"
)


def upload(client, text, *, kind="roster", name="roster.csv", encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return client.post(URL, {"kind": kind, "file": SimpleUploadedFile(name, data)})


def preview_of(client, text, **kwargs):
    response = upload(client, text, **kwargs)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]), response["Location"]


def confirm(client, location):
    training_import = TrainingImport.objects.get()
    return client.post(location, {"digest": training_import.digest})


def messages_of(response) -> list[tuple[int, str, str]]:
    return [(e.line, e.field, e.message) for e in response.context["errors"]]


def test_a_clean_roster_previews_then_imports_every_row(client, maria, hotel_a):
    client.force_login(maria)

    preview, location = preview_of(client, GOOD_ROSTER)

    assert preview.status_code == 200
    assert preview.context["errors"] == []
    assert "Import 3 rows" in preview.content.decode()
    assert not Employee.objects.exists()  # the preview writes nothing

    response = confirm(client, location)

    assert response.status_code == 302
    employees = {e.employee_number: e for e in Employee.objects.filter(property=hotel_a)}
    assert set(employees) == {"HA-1", "HA-2", "HA-3"}
    assert employees["HA-2"].customer_facing is False
    assert employees["HA-2"].end_date == date(2025, 6, 30)
    assert employees["HA-3"].job_role == "food_beverage"
    assert employees["HA-1"].created_by == maria
    training_import = TrainingImport.objects.get()
    assert training_import.imported_rows == 3
    assert training_import.content == ""  # no second copy of the roster kept
    event = AccessEvent.objects.get(kind=AccessKind.IMPORT)
    assert (event.object_type, event.actor, event.property) == (
        "training_roster_import",
        maria,
        hotel_a,
    )


def test_one_bad_row_imports_nothing_and_names_the_row(client, maria, hotel_a):
    client.force_login(maria)
    bad = GOOD_ROSTER + "HA-4,Bad Dates,,housekeeping,yes,2025-05-01,2025-04-01\n"

    preview, location = preview_of(client, bad)

    assert messages_of(preview) == [(5, "end_date", "The end date is before the hire date.")]
    html = preview.content.decode()
    assert "Nothing has been imported" in html
    assert 'name="digest"' not in html  # no confirm button
    assert confirm(client, location).status_code == 200  # a forced confirm is refused too
    assert not Employee.objects.exists()
    assert not AccessEvent.objects.filter(kind=AccessKind.IMPORT).exists()


def test_a_corrected_file_then_imports_all(client, maria, hotel_a):
    client.force_login(maria)
    preview_of(client, GOOD_ROSTER + "HA-4,X,,housekeeping,yes,2025-02-30,\n")

    preview, location = preview_of(client, GOOD_ROSTER + "HA-4,X,,housekeeping,yes,2025-02-28,\n")
    assert preview.context["errors"] == []
    training_import = TrainingImport.objects.get(pk=location.rstrip("/").rsplit("/")[-1])
    client.post(location, {"digest": training_import.digest})

    assert Employee.objects.filter(property=hotel_a).count() == 4


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ("HA-9,X,,housekeeping,yes,2025-02-30,", "hire_date", "Not a real date"),
        ("HA-9,X,,housekeeping,yes,03/04/2025,", "hire_date", "write YYYY-MM-DD"),
        ("HA-9,X,,housekeeping,yes,20225-01-01,", "hire_date", "write YYYY-MM-DD"),
        ("HA-9,X,,housekeeping,yes,1800-01-01,", "hire_date", "between"),
        ("HA-9,X,,housekeeping,yes,,", "hire_date", "Required"),
        ("HA-9,X,,astronaut,yes,2025-01-01,", "job_role", "Unknown job role"),
        ("HA-9,X,,housekeeping,maybe,2025-01-01,", "customer_facing", "yes or no"),
        ("HA-9,X,not-an-email,housekeeping,yes,2025-01-01,", "email", "email"),
        ("HA-9,,,housekeeping,yes,2025-01-01,", "name", "Required"),
        ("HA-1,Again,,housekeeping,yes,2025-01-01,", "employee_number", "line 2"),
        ("HA-9,X,,housekeeping,yes", "columns", "5 cells"),
    ],
)
def test_each_bad_row_gets_a_message_on_its_line_and_field(client, maria, row, field, words):
    client.force_login(maria)

    preview, _ = preview_of(client, GOOD_ROSTER + row + "\n")

    [(line, _field, message)] = [m for m in messages_of(preview) if m[1] == field]
    assert line == 5
    assert words in message
    assert preview.status_code == 200


def test_an_employee_number_already_on_the_roster_is_refused(client, maria, hotel_a):
    EmployeeFactory(property=hotel_a, employee_number="HA-2")
    client.force_login(maria)

    preview, _ = preview_of(client, GOOD_ROSTER)

    assert messages_of(preview) == [
        (3, "employee_number", "This employee number is already on this property's roster.")
    ]


def test_another_propertys_numbers_do_not_clash(client, maria, hotel_b):
    EmployeeFactory(property=hotel_b, employee_number="HA-1")
    client.force_login(maria)

    preview, _ = preview_of(client, GOOD_ROSTER)

    assert preview.context["errors"] == []


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("id,name,email\n", "Unknown column"),
        ("employee_number,name,email\n", "Missing column: job_role, hire_date"),
        ("employee_number,name,name,job_role,hire_date\n", "Column given twice"),
    ],
)
def test_wrong_columns_get_a_message(client, maria, header, words):
    client.force_login(maria)

    preview, _ = preview_of(client, header + "1,2,3,4,5\n")

    assert any(words in message for _, _, message in messages_of(preview))
    assert messages_of(preview)[0][0] == 1


def test_headers_are_matched_loosely(client, maria):
    client.force_login(maria)
    text = "Employee Number,Name,Job Role,Hire Date\nHA-1,Rosa,front_desk,2025-01-01\n"

    preview, _ = preview_of(client, text)

    assert preview.context["errors"] == []


def test_a_non_utf8_file_gets_a_message(client, maria):
    client.force_login(maria)

    response = upload(client, GOOD_ROSTER.replace("Rosa", "Ros\u00e9"), encoding="latin-1")

    assert response.status_code == 200
    assert "not UTF-8" in response.content.decode()
    assert not TrainingImport.objects.exists()


def test_a_utf8_file_with_a_bom_is_read(client, maria):
    client.force_login(maria)

    preview, _ = preview_of(client, "\ufeff" + GOOD_ROSTER)

    assert preview.context["errors"] == []


def test_a_file_over_5_mb_gets_a_message(client, maria):
    client.force_login(maria)
    big = GOOD_ROSTER + "#" * (MAX_IMPORT_BYTES - len(GOOD_ROSTER) + 1)

    response = upload(client, big)

    assert response.status_code == 200
    assert "at most 5 MB" in response.content.decode()
    assert not TrainingImport.objects.exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n", b"\x89PNG\r\n\x1a\n\x00\x00", ROSTER_HEADER.encode(), b'"unterminated\n'],
)
def test_empty_binary_or_headless_files_get_a_message_never_a_500(client, maria, content):
    client.force_login(maria)

    response = upload(client, content)
    if response.status_code == 302:
        response = client.get(response["Location"])

    assert response.status_code == 200
    assert not Employee.objects.exists()


def test_a_double_confirm_imports_once(client, maria, hotel_a):
    client.force_login(maria)
    _, location = preview_of(client, GOOD_ROSTER)

    confirm(client, location)
    again = confirm(client, location)

    assert again.status_code == 302
    assert Employee.objects.count() == 3
    assert AccessEvent.objects.filter(kind=AccessKind.IMPORT).count() == 1


def test_a_wrong_digest_imports_nothing(client, maria):
    client.force_login(maria)
    _, location = preview_of(client, GOOD_ROSTER)

    response = client.post(location, {"digest": "0" * 64})

    assert response.status_code == 302
    assert not Employee.objects.exists()


def test_a_row_that_became_a_duplicate_after_the_preview_imports_nothing(client, maria, hotel_a):
    client.force_login(maria)
    _, location = preview_of(client, GOOD_ROSTER)
    EmployeeFactory(property=hotel_a, employee_number="HA-3")

    response = confirm(client, location)

    assert response.status_code == 200
    assert [m[0] for m in messages_of(response)] == [4]
    assert Employee.objects.count() == 1


def test_another_user_or_tenant_cannot_see_the_preview(client, maria, olga, gina, hotel_a):
    client.force_login(maria)
    _, location = preview_of(client, GOOD_ROSTER)

    client.force_login(olga)
    assert client.get(location).status_code == 404
    assert client.post(location, {"digest": TrainingImport.objects.get().digest}).status_code == 404
    client.force_login(gina)  # same property, another user
    assert client.get(location).status_code == 404
    assert not Employee.objects.exists()


def test_the_csv_text_is_not_in_the_url(client, maria):
    client.force_login(maria)
    response = upload(client, GOOD_ROSTER)

    assert "Rosa" not in response["Location"]
    assert "HA-1" not in response["Location"]


def test_front_desk_gets_a_403(client, sam):
    client.force_login(sam)

    assert client.get(URL).status_code == 403
    assert upload(client, GOOD_ROSTER).status_code == 403
    assert not TrainingImport.objects.exists()


# ---- completions --------------------------------------------------------------------------

COMPLETIONS_HEADER = "employee_number,course,completed_on,minutes\n"


@pytest.fixture
def staff(hotel_a):
    return {
        "rosa": EmployeeFactory(
            property=hotel_a, employee_number="HA-1", hire_date=date(2025, 1, 6)
        ),
        "sam": EmployeeFactory(
            property=hotel_a, employee_number="HA-2", hire_date=date(2025, 2, 1)
        ),
    }


@pytest.fixture
def course():
    return CourseFactory(title="Recognize the Signs", minutes=30)


def test_completions_import_all(client, maria, hotel_a, staff, course):
    client.force_login(maria)
    text = (
        COMPLETIONS_HEADER
        + "HA-1,Recognize the Signs,2025-01-10,\n"
        + "HA-2,recognize the signs,2025-02-03,45\n"
    )

    preview, location = preview_of(client, text, kind="completions")
    assert preview.context["errors"] == []
    confirm(client, location)

    records = TrainingRecord.objects.order_by("completed_on")
    assert [(r.employee, r.course, r.minutes) for r in records] == [
        (staff["rosa"], course, 30),
        (staff["sam"], course, 45),
    ]
    assert AccessEvent.objects.get(kind=AccessKind.IMPORT).object_type == (
        "training_completions_import"
    )


def test_bad_completions_are_named_and_nothing_is_imported(client, maria, hotel_a, staff, course):
    TrainingRecordFactory(employee=staff["rosa"], course=course, completed_on=date(2025, 3, 1))
    tomorrow = hotel_a.today() + timedelta(days=1)
    client.force_login(maria)
    text = (
        COMPLETIONS_HEADER
        + "HA-1,Recognize the Signs,2025-01-10,\n"  # fine
        + f"HA-1,Recognize the Signs,{tomorrow},\n"  # future
        + "HA-2,Recognize the Signs,2025-01-01,\n"  # before hire
        + "HA-9,Recognize the Signs,2025-03-01,\n"  # unknown employee
        + "HA-1,Basket Weaving,2025-03-01,\n"  # unknown course
        + "HA-1,Recognize the Signs,2025-03-01,\n"  # already recorded
        + "HA-1,Recognize the Signs,2025-01-10,\n"  # same as line 2
        + "HA-2,Recognize the Signs,2025-03-01,9999\n"  # minutes
    )

    preview, location = preview_of(client, text, kind="completions")

    found = {(line, field) for line, field, _ in messages_of(preview)}
    assert found == {
        (3, "completed_on"),
        (4, "completed_on"),
        (5, "employee_number"),
        (6, "course"),
        (7, "completed_on"),
        (8, "completed_on"),
        (9, "minutes"),
    }
    text_of = dict(((line, f), m) for line, f, m in messages_of(preview))
    assert "in the future" in text_of[(3, "completed_on")]
    assert "before the employee's hire date" in text_of[(4, "completed_on")]
    assert "Unknown course" in text_of[(6, "course")]
    assert "already recorded" in text_of[(7, "completed_on")]
    assert "line 2" in text_of[(8, "completed_on")]
    confirm(client, location)
    assert TrainingRecord.objects.count() == 1  # only the one from before


def test_another_propertys_course_is_unknown(client, maria, hotel_b, staff):
    CourseFactory(title="Private Course", property=hotel_b)
    client.force_login(maria)

    preview, _ = preview_of(
        client, COMPLETIONS_HEADER + "HA-1,Private Course,2025-02-01,\n", kind="completions"
    )

    assert [m[1] for m in messages_of(preview)] == ["course"]


def test_the_roster_page_links_to_the_import(client, maria):
    client.force_login(maria)

    assert URL in client.get("/training/").content.decode()
    assert client.get(URL).status_code == 200


# ---- file formats (the core reader) -------------------------------------------------------


def test_an_xlsx_roster_is_read_with_its_dates_and_flags(client, maria, hotel_a):
    content = xlsx(
        [
            ["Employee Number", "Name", "Job Role", "Customer Facing", "Hire Date"],
            ["HA-1", "Rosa Delgado", "front_desk", True, date(2025, 3, 3)],
            [1002, "Sam Okafor", "housekeeping", False, date(2024, 11, 1)],
        ]
    )
    client.force_login(maria)

    preview, location = preview_of(client, content, name="roster.xlsx")
    confirm(client, location)

    assert preview.context["errors"] == []
    employees = {e.employee_number: e for e in Employee.objects.filter(property=hotel_a)}
    assert set(employees) == {"HA-1", "1002"}
    assert employees["1002"].customer_facing is False
    assert employees["HA-1"].hire_date == date(2025, 3, 3)


def test_a_semicolon_roster_is_read(client, maria, hotel_a):
    client.force_login(maria)

    preview, location = preview_of(client, GOOD_ROSTER.replace(",", ";"))
    confirm(client, location)

    assert preview.context["errors"] == []
    assert Employee.objects.filter(property=hotel_a).count() == 3


def test_a_workbook_with_macros_gets_a_message_never_a_500(client, maria):
    content = with_part(xlsx([["employee_number"]]), "xl/vbaProject.bin", b"\x00" * 64)
    client.force_login(maria)

    response = upload(client, content, name="roster.xlsm")

    assert response.status_code == 200
    assert "macros" in response.content.decode()
    assert not TrainingImport.objects.exists()
