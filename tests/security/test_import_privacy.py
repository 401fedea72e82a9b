"""Import errors keep no personal data in clear: they name the line, the column and the rule,
never a cell's value; what an import keeps is encrypted and goes 24 hours after its upload."""

import json
from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from guests import tasks as guest_tasks
from guests.models import RegistrationImport
from guests.pms_import import registration_import_upload, registrations_import
from hotelcompliance import crypto
from tests.guests.pms_csv import HEADER, pms_csv, pms_row, upload
from tests.training.factories import CourseFactory, EmployeeFactory
from training import tasks as training_tasks
from training.imports import check_file
from training.models import TrainingImport
from training.services import training_import_upload

pytestmark = pytest.mark.django_db

# Distinctive values: a message quoting any of them (or a part of it) leaks a cell.
GUEST_CELLS = {
    "guest_name": "Zenobia Quartermaine\u202e",
    "adults": "sevenish",
    "occupants": "Ignatius Pemberton-Vale",
    "arrival": "Tuesday-Zenobia",
    "expected_departure": "2026-02-31",
    "rate": "lots-Quartermaine",
    "rate_type": "Quartermaine-hourly",
    "payment_method": "Zenobia-cash",
    "id_type": "Quartermaine-passport",
    "email": "zenobia.quartermaine@@example",
    "checked_out_at": "Pemberton-29",
}


MARKERS = (
    "Zenobia",
    "Quartermaine",
    "Ignatius",
    "Pemberton",
    "Ophelia",
    "Marchbanks",
    "Astronautics",
    "sevenish",
    "perhaps",
    "Tuesday",
    "77123",
    "99881",
    "77665544",
    "31/02",
    "02-30",
    "02-31",
)


def text_file(text: str):
    return upload(text.encode(), name="staff.csv")


def leaked(messages: list[str], values) -> list[str]:
    """The messages that quote a cell: a whole value of a few characters, or a marker word."""
    wholes = {v.strip() for v in values if len(v.strip()) >= 6 and not v.strip().isalpha()}
    return [m for m in messages if any(p in m for p in (*wholes, *MARKERS))]


def test_guest_import_errors_name_line_and_column_never_the_value(hotel_a, maria):
    rows = [pms_row(hotel_a, 1, **GUEST_CELLS), pms_row(hotel_a, 2, **GUEST_CELLS)]

    result = registrations_import(prop=hotel_a, actor=maria, file=upload(pms_csv(rows)))

    fields = {(e.line, e.field) for e in result.errors}
    assert {(2, "adults"), (2, "arrival"), (2, "rate_type"), (3, "payment_method")} <= fields
    assert leaked([e.message for e in result.errors], GUEST_CELLS.values()) == []


def test_a_guest_file_without_its_header_names_no_guest(hotel_a, maria):
    row = pms_row(hotel_a, 1, guest_name="Zenobia Quartermaine", id_number="P77665544")
    content = pms_csv([row]).split(b"\r\n", 1)[1]  # the data row where the header should be

    result = registrations_import(prop=hotel_a, actor=maria, file=upload(content))

    assert result.errors and result.errors[0].field == "columns"
    assert "column A" in result.errors[0].message
    assert leaked([e.message for e in result.errors], row.values()) == []


def test_the_errors_stored_with_a_guest_import_hold_no_value(hotel_a, maria):
    rows = [pms_row(hotel_a, 1, **GUEST_CELLS)]

    kept = registration_import_upload(prop=hotel_a, actor=maria, file=upload(pms_csv(rows)))

    stored = json.dumps(RegistrationImport.objects.values_list("errors", flat=True).get())
    assert kept.error_count > 0 and kept.content == ""
    assert leaked([stored], GUEST_CELLS.values()) == []


ROSTER = "employee_number,name,email,job_role,customer_facing,hire_date,end_date\n"
COMPLETIONS = "employee_number,course,completed_on,minutes\n"


def test_roster_import_errors_name_line_and_column_never_the_value(hotel_a):
    EmployeeFactory(property=hotel_a, employee_number="HQ-77123")
    cells = [
        "HQ-77123,Zenobia Quartermaine,zenobia@@example,Astronautics,perhaps,31/02/2025,",
        "HQ-55501,Ignatius Pemberton,,housekeeping,yes,2025-02-30,",
        "HQ-55502,Ophelia Marchbanks,,housekeeping,yes,2025-05-01,2025-04-01",
    ]

    preview = check_file(hotel_a, TrainingImport.Kind.ROSTER, text_file(ROSTER + "\n".join(cells)))

    fields = {(e.line, e.field) for e in preview.errors}
    assert {(2, "employee_number"), (2, "job_role"), (2, "hire_date"), (3, "hire_date")} <= fields
    assert (4, "end_date") in fields
    values = [c for line in cells for c in line.split(",")]
    assert leaked([e.message for e in preview.errors], values) == []


def test_completion_import_errors_name_line_and_column_never_the_value(hotel_a):
    EmployeeFactory(property=hotel_a, employee_number="HQ-1", hire_date=date(2025, 1, 6))
    CourseFactory(title="Recognising Quartermaine Signs")
    cells = ["HQ-99881,Recognising Zenobia Signs,2025-02-01,", "HQ-1,Unheard Pemberton,2024-12-01,"]

    preview = check_file(
        hotel_a, TrainingImport.Kind.COMPLETIONS, text_file(COMPLETIONS + "\n".join(cells))
    )

    assert {(2, "employee_number"), (2, "course"), (3, "course")} <= {
        (e.line, e.field) for e in preview.errors
    }
    values = [c for line in cells for c in line.split(",")]
    assert leaked([e.message for e in preview.errors], values) == []


def test_a_roster_without_its_header_names_no_one(hotel_a):
    text = "HQ-1,Zenobia Quartermaine,zq@example.com,housekeeping,yes,2025-01-06,\n"

    preview = check_file(hotel_a, TrainingImport.Kind.ROSTER, text_file(text))

    assert preview.errors and "column A" in preview.errors[0].message
    assert leaked([e.message for e in preview.errors], text.strip().split(",")) == []


def test_a_training_import_keeps_its_text_encrypted(hotel_a, maria):
    text = ROSTER + "HQ-1,Zenobia Quartermaine,zq@example.com,housekeeping,yes,2025-01-06,\n"

    kept = training_import_upload(prop=hotel_a, actor=maria, kind="roster", file=text_file(text))

    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM training_trainingimport WHERE id = %s", [kept.pk.hex])
        raw = cursor.fetchone()
    if raw is None:  # PostgreSQL keeps the uuid with its dashes
        with connection.cursor() as cursor:
            cursor.execute("SELECT content FROM training_trainingimport WHERE id = %s", [kept.pk])
            raw = cursor.fetchone()
    assert "Zenobia" not in raw[0] and raw[0].startswith(crypto.VERSION + ".")
    assert TrainingImport.objects.get().upload().read() == text.encode()


# ---- purged 24 hours after the upload ------------------------------------------------------

UPLOADED_AT = "2026-06-15T14:30:00+00:00"


def uploads(hotel_a, maria) -> None:
    row = pms_row(hotel_a, 1)
    registration_import_upload(prop=hotel_a, actor=maria, file=upload(pms_csv([row])))
    bad = pms_row(hotel_a, 2, adults="many")
    registration_import_upload(prop=hotel_a, actor=maria, file=upload(pms_csv([bad], HEADER)))
    training_import_upload(
        prop=hotel_a, actor=maria, kind="roster", file=text_file(ROSTER + "HQ-1,A,,x,,,\n")
    )


@pytest.mark.clock(UPLOADED_AT, tick=False)
def test_imports_stay_until_24_hours_after_their_upload_and_go_at_24(hotel_a, maria, frozen_clock):
    uploads(hotel_a, maria)
    uploaded = timezone.now()

    frozen_clock.move_to(uploaded + timedelta(hours=24) - timedelta(microseconds=1))
    assert (
        guest_tasks.purge_stale_registration_imports(),
        training_tasks.purge_stale_training_imports(),
    ) == (0, 0)
    assert RegistrationImport.objects.count() == 2 and TrainingImport.objects.count() == 1

    frozen_clock.move_to(uploaded + timedelta(hours=24))
    assert guest_tasks.purge_stale_registration_imports() == 2
    assert training_tasks.purge_stale_training_imports() == 1
    assert not RegistrationImport.objects.exists() and not TrainingImport.objects.exists()


@pytest.mark.clock(UPLOADED_AT, tick=False)
def test_an_imported_file_goes_too_and_the_command_purges_the_same(hotel_a, maria, frozen_clock):
    uploads(hotel_a, maria)
    RegistrationImport.objects.update(imported_at=timezone.now())
    TrainingImport.objects.update(imported_at=timezone.now(), content="")

    frozen_clock.move_to(timezone.now() + timedelta(hours=23, minutes=59))
    call_command("purge_stale_imports", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert RegistrationImport.objects.count() == 2

    frozen_clock.move_to(timezone.now() + timedelta(minutes=1))
    call_command("purge_stale_imports", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not RegistrationImport.objects.exists() and not TrainingImport.objects.exists()


def test_beat_runs_both_purges_often_enough():
    schedule = {
        entry["task"]: entry["schedule"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()
    }

    for task in (
        "guests.tasks.purge_stale_registration_imports",
        "training.tasks.purge_stale_training_imports",
    ):
        assert schedule[task] <= 600
