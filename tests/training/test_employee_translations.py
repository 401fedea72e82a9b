"""The employee's side in Spanish: every string of its pages translated and compiled."""

import re
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from tests.training.factories import EmployeeFactory
from training.employee_links import employee_link_issue, link_url

APP = Path(__file__).resolve().parents[2] / "training"
PO = APP / "locale/es/LC_MESSAGES/django.po"
# What an employee reads: their pages, the course, the acknowledgment, the link email.
EMPLOYEE_SIDE = (
    "templates/training/self/",
    "templates/training/emails/link-",
    "acknowledgments.py",
    "course_services.py",
    "self_service_views.py",
)


def catalogue(po: Path = PO) -> list[tuple[list[str], str, list[str]]]:
    """(references, msgid, msgstrs) of each entry of the Spanish catalogue."""
    entries = []
    for block in po.read_text().split("\n\n"):
        lines = block.splitlines()
        # `make messages` runs at the project's root: references start with the app's folder.
        refs = [
            r.removeprefix("training/")
            for line in lines
            if line.startswith("#: ")
            for r in line[3:].split()
        ]
        fields: dict[str, str] = {}
        current = ""
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            strs = [v for k, v in fields.items() if k.startswith("msgstr")]
            entries.append((refs, fields["msgid"], strs))
    return entries


def employee_entries(po: Path = PO):
    return [
        (msgid, strs)
        for refs, msgid, strs in catalogue(po)
        if any(r.startswith(EMPLOYEE_SIDE) for r in refs)
    ]


def test_every_string_of_the_employee_side_has_a_spanish_translation():
    entries = employee_entries()

    untranslated = [msgid for msgid, strs in entries if not all(strs)]

    assert len(entries) > 60
    assert untranslated == []


def test_no_string_of_the_employee_side_is_missing_from_the_catalogue(tmp_path, monkeypatch):
    """Extract the strings afresh (on a copy of the app) and merge them with the catalogue."""
    copy = tmp_path / "training"
    shutil.copytree(APP, copy, ignore=shutil.ignore_patterns("__pycache__", "builtin_courses"))
    monkeypatch.chdir(copy)

    call_command("makemessages", locale=["es"], verbosity=0)

    fresh = copy / "locale/es/LC_MESSAGES/django.po"
    untranslated = [msgid for msgid, strs in employee_entries(fresh) if not all(strs)]
    assert untranslated == [], "run makemessages in training/ and translate these"


def test_the_compiled_catalogue_is_up_to_date_with_the_po_file():
    stale = []
    with translation.override("es"):
        for msgid, strs in employee_entries():
            if "%(" in msgid and len(strs) > 1:
                continue  # plural entries: checked by rendering below
            if translation.gettext(msgid.replace('\\"', '"')) == msgid.replace('\\"', '"'):
                stale.append(msgid)

    assert stale == [], "run `compilemessages` in training/"


@pytest.mark.django_db
def test_the_employee_page_in_spanish_shows_no_english_interface_text(hotel_a, maria):
    employee = EmployeeFactory(
        property=hotel_a, name="Ana Reyes", preferred_language="es", hire_date=date(2026, 6, 1)
    )
    path = urlsplit(link_url(employee_link_issue(employee=employee, actor=maria))).path

    html = Client().get(path).content.decode()

    assert "Empezar el curso" in html
    assert "Mi historial de capacitación" in html
    for english in ("Start the course", "My training history", "What is due", "Our course"):
        assert english not in html
