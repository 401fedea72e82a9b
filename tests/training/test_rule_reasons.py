"""The rule pack's reason in plain words on the employee's page, and the ongoing-awareness
duty: every pack says whether it is required, and the monthly openings are its evidence."""

from datetime import date
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import translation

from hotelcompliance.rules import available_jurisdictions, get_pack
from hotelcompliance.rules.texts import PLAIN_RULES, rule_in_plain_words
from tests.factories import PropertyFactory
from tests.training.factories import EmployeeFactory
from training.awareness import awareness_duty, awareness_note_open
from training.employee_links import employee_link_issue, link_url
from training.self_service import employee_overview

pytestmark = pytest.mark.django_db

CODES = [code for code, _ in available_jurisdictions()]


@pytest.mark.parametrize("code", CODES)
def test_every_pack_says_whether_ongoing_awareness_is_required(code):
    pack = get_pack(code)

    assert pack.ongoing_awareness_required is (code in {"US-CT", "US-MN"})
    assert pack.rule("ongoing_awareness").citation


@pytest.mark.parametrize("code", CODES)
def test_every_training_rule_of_every_pack_has_plain_words_in_english_and_spanish(code):
    pack = get_pack(code)
    for name in PLAIN_RULES:
        rule = pack.rule(name)
        with translation.override("en"):
            english = rule_in_plain_words(pack.name, rule)
        with translation.override("es"):
            spanish = rule_in_plain_words(pack.name, rule)
        assert english and "%(" not in english, (code, name)
        assert spanish != english, (code, name, english)


def test_plain_words_follow_the_rules_values():
    ct, ca, fl = get_pack("US-CT"), get_pack("US-CA"), get_pack("US-FL")
    with translation.override("en"):
        assert "everyone working at the hotel" in rule_in_plain_words(
            ct.name, ct.rule("training_scope")
        )
        assert rule_in_plain_words(ct.name, ct.rule("new_hire_deadline")) == (
            "A new employee must be trained when they start work."
        )
        assert "within 6 months" in rule_in_plain_words(ca.name, ca.rule("new_hire_deadline"))
        assert "every 2 years" in rule_in_plain_words(ca.name, ca.rule("refresher"))
        assert "housekeeping" in rule_in_plain_words(fl.name, fl.rule("training_scope"))
        assert "Only a course" in rule_in_plain_words(fl.name, fl.rule("course_approval"))


def test_each_due_item_on_the_employees_page_says_why_in_their_language(hotel_a, maria):
    ana = EmployeeFactory(
        property=hotel_a, name="Ana Reyes", hire_date=date(2026, 6, 1), preferred_language="es"
    )
    link = employee_link_issue(employee=ana, actor=maria)

    html = Client().get(urlsplit(link_url(link)).path).content.decode()

    with translation.override("es"):
        overview = employee_overview(ana)
    kinds = [item.kind for item in overview.due]
    assert kinds == ["training", "awareness"]  # CT asks for ongoing awareness
    training, awareness = overview.due
    assert [why.citation for why in training.why] == ["PA 16-71 §5", "PA 16-71 §5"]
    assert training.why[0].text in html
    assert "Connecticut pide que todas las personas que trabajan en el hotel" in html
    assert "Un empleado nuevo debe capacitarse al empezar a trabajar." in html
    assert awareness.why[0].text in html
    assert "nota breve cada mes" in html


def test_a_trained_employee_has_no_training_item_and_a_state_without_the_duty_no_note_item(
    maria,
):
    west = PropertyFactory(jurisdiction="US-CA", timezone="America/Los_Angeles")
    ben = EmployeeFactory(property=west, job_role="front_desk", hire_date=date(2026, 6, 1))

    overview = employee_overview(ben)

    assert [item.kind for item in overview.due] == ["training"]
    assert overview.awareness_required is False
    assert [why.citation for why in overview.due[0].why] == ["Cal. Gov. Code §12950.3"] * 2


def test_the_monthly_openings_are_the_evidence_of_the_awareness_duty(hotel_a):
    ana = EmployeeFactory(property=hotel_a, hire_date=date(2026, 1, 5))
    luis = EmployeeFactory(property=hotel_a, hire_date=date(2026, 1, 5))
    month = hotel_a.today().replace(day=1)

    before = awareness_duty(hotel_a, month=month)
    awareness_note_open(employee=ana, language="en")
    awareness_note_open(employee=luis, language="es")
    after = awareness_duty(hotel_a, month=month)

    assert before.required is True
    assert before.met is False
    assert set(before.missing) == {ana, luis}
    assert after.met is True
    assert after.evidence.opened == 2


def test_where_the_pack_asks_nothing_the_notes_are_extra_awareness():
    west = PropertyFactory(jurisdiction="US-CA", timezone="America/Los_Angeles")
    EmployeeFactory(property=west, hire_date=date(2026, 1, 5))

    duty = awareness_duty(west, month=west.today().replace(day=1))

    assert duty.required is False
    assert duty.met is None


def test_the_managers_awareness_page_shows_the_duty_and_who_is_missing(client, maria, hotel_a):
    EmployeeFactory(property=hotel_a, hire_date=date(2026, 1, 5))
    client.force_login(maria)

    html = client.get("/training/awareness/").content.decode()

    assert "Connecticut requires ongoing awareness beyond the training (PA 16-71 §5)" in html
    assert "1 employee has not opened it yet" in html
