"""The monthly awareness note: versioned data in two languages, each opening kept once a month."""

from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from hotelcompliance.access_log import AccessEvent
from tests.factories import PropertyFactory
from tests.training.factories import EmployeeFactory
from training.awareness import (
    NOTES_DIR,
    AwarenessNoteError,
    awareness_evidence,
    awareness_note_open,
    awareness_notes_for,
    load_notes_file,
    note_for_month,
)
from training.awareness_views import employee_awareness_note
from training.models import AwarenessOpening

pytestmark = pytest.mark.django_db


def test_every_notes_file_is_complete_in_english_and_spanish():
    files = sorted(NOTES_DIR.glob("*.toml"))

    assert files
    for path in files:
        data = load_notes_file(path)
        assert len(data["notes"]) >= 6


def test_a_note_missing_its_spanish_text_is_refused(tmp_path: Path):
    source = sorted(NOTES_DIR.glob("*.toml"))[-1].read_text(encoding="utf-8")
    broken = tmp_path / "9999.1.toml"
    broken.write_text(source.replace('text.es = "Un huésped', 'text.fr = "Un huésped', 1))

    with pytest.raises(AwarenessNoteError, match=r"notes\[0\] \(control\)\.text\.es missing"):
        load_notes_file(broken)


def test_the_month_picks_the_note_in_turn_and_the_language_its_text():
    june_en = note_for_month(date(2026, 6, 1), "en")
    june_es = note_for_month(date(2026, 6, 1), "es")
    july = note_for_month(date(2026, 7, 1), "en")

    assert june_en.id == june_es.id != july.id
    assert "1-888-373-7888" in june_en.hotline and "1-888-373-7888" in june_es.hotline
    assert june_es.title != june_en.title
    assert note_for_month(date(2026, 6, 1), "de").language == "en"


def test_opening_records_one_row_per_employee_per_month(hotel_a):
    worker = EmployeeFactory(property=hotel_a, hire_date=date(2026, 1, 5))

    awareness_note_open(employee=worker, language="es")
    awareness_note_open(employee=worker, language="en")

    opening = AwarenessOpening.objects.get()
    assert (opening.month, opening.language) == (date(2026, 6, 1), "es")
    assert opening.note_version.startswith("2026.1/")
    assert awareness_notes_for(worker, language="en").opened


def test_the_month_is_the_propertys_own(db):
    # 2026-07-01 02:00 UTC is still 30 June in Los Angeles.
    west = PropertyFactory(jurisdiction="US-CA", timezone="America/Los_Angeles")
    worker = EmployeeFactory(property=west, hire_date=date(2026, 1, 5))

    with time_machine.travel("2026-07-01T02:00:00Z", tick=False):
        awareness_note_open(employee=worker, language="en")

    assert AwarenessOpening.objects.get().month == date(2026, 6, 1)


def test_a_new_month_needs_a_new_opening(hotel_a):
    worker = EmployeeFactory(property=hotel_a, hire_date=date(2026, 1, 5))
    awareness_note_open(employee=worker, language="en")

    with time_machine.travel("2026-07-02T15:00:00Z", tick=False):
        assert not awareness_notes_for(worker, language="en").opened
        awareness_note_open(employee=worker, language="en")

    assert AwarenessOpening.objects.filter(employee=worker).count() == 2


def test_the_evidence_lists_who_was_employed_and_who_opened(hotel_a, hotel_b):
    opened = EmployeeFactory(property=hotel_a, name="A Opened", hire_date=date(2026, 1, 5))
    EmployeeFactory(property=hotel_a, name="B Not", hire_date=date(2026, 1, 5))
    EmployeeFactory(
        property=hotel_a, name="C Left", hire_date=date(2026, 1, 5), end_date=date(2026, 5, 31)
    )
    EmployeeFactory(property=hotel_a, name="D Later", hire_date=date(2026, 7, 1))
    awareness_note_open(employee=EmployeeFactory(property=hotel_b), language="en")
    awareness_note_open(employee=opened, language="en")

    evidence = awareness_evidence(hotel_a, month=date(2026, 6, 1))

    assert [row.employee.name for row in evidence.rows] == ["A Opened", "B Not"]
    assert evidence.opened == 1
    assert evidence.rows[0].opening is not None and evidence.rows[1].opening is None


def test_the_manager_page_shows_who_opened_and_logs_counts_only(client, maria, hotel_a):
    worker = EmployeeFactory(property=hotel_a, name="Rosa Example", hire_date=date(2026, 1, 5))
    awareness_note_open(employee=worker, language="es")
    client.force_login(maria)

    response = client.get("/training/awareness/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Rosa Example" in html and "Opened by 1 of 1" in html
    event = AccessEvent.objects.get(object_type="awareness_openings")
    assert "Rosa" not in event.reason


def test_the_manager_page_takes_a_past_month_and_refuses_nonsense(client, maria, hotel_a):
    client.force_login(maria)

    past = client.get("/training/awareness/?month=2026-03")
    bad = client.get("/training/awareness/?month=2026-13")

    assert past.context["month"] == date(2026, 3, 1)
    assert bad.status_code == 200
    assert bad.context["month"] == date(2026, 6, 1)
    assert "month" in bad.context["form"].errors


def test_front_desk_cannot_see_the_awareness_page(client, sam):
    client.force_login(sam)

    assert client.get("/training/awareness/").status_code == 403


def test_the_employee_view_shows_the_note_in_spanish_and_records_it(rf, hotel_a):
    worker = EmployeeFactory(property=hotel_a, hire_date=date(2026, 1, 5))
    request = rf.get("/e/awareness/")
    request.user = AnonymousUser()

    response = employee_awareness_note(request, worker, language="es")

    html = response.content.decode()
    assert "1-888-373-7888" in html and 'lang="es"' in html
    assert AwarenessOpening.objects.get(employee=worker).language == "es"
