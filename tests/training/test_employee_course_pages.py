"""Taking the built-in course through the personal link, without JavaScript: lesson pages,
scenarios and checks with feedback, resuming, Spanish, and the signed acknowledgment."""

import base64
import io
import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from PIL import Image

from tests.training.factories import EmployeeFactory
from training.course_content import get_course
from training.employee_links import employee_link_issue, link_url
from training.models import CourseAcknowledgment, CourseAttempt, TrainingRecord
from training.status import COMPLIANT, employee_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    return get_course()


@pytest.fixture
def ana(hotel_a):
    return EmployeeFactory(
        property=hotel_a, name="Ana Reyes", job_role="front_desk", hire_date=date(2026, 6, 1)
    )


@pytest.fixture
def base(maria, ana):
    return urlsplit(link_url(employee_link_issue(employee=ana, actor=maria))).path


@pytest.fixture
def browser():
    return Client()


def start(browser, base):
    response = browser.post(base + "course/start/")
    assert response.status_code == 302
    return response["Location"]


def take_lesson(browser, base, lesson, clock, content, language="en", *, right=True):
    """Every page of one lesson, as a person would: read, choose, answer, at the estimated pace."""
    for section in lesson.sections:
        page = browser.get(f"{base}course/{lesson.id}/section/{section.id}/")
        assert page.status_code == 200
        clock.shift(timedelta(seconds=content.section_seconds(section, language)))
    for scenario in lesson.scenarios:
        url = f"{base}course/{lesson.id}/scenario/{scenario.id}/"
        assert browser.get(url).status_code == 200
        clock.shift(timedelta(seconds=content.scenario_seconds(scenario, language)))
        best = next(o.id for o in scenario.options if o.correct)
        assert browser.post(url, {"option": best}).status_code == 200
    url = f"{base}course/{lesson.id}/check/"
    assert browser.get(url).status_code == 200
    clock.shift(timedelta(seconds=content.check_seconds(lesson, language)))
    answers = {}
    for question in lesson.questions:
        ids = (
            sorted(question.correct_ids)
            if right
            else sorted({o.id for o in question.options} - question.correct_ids)[:1]
        )
        answers[question.id] = ids
    return browser.post(url, answers)


def test_starting_goes_to_the_first_section_in_the_employees_language(browser, base, ana):
    ana.preferred_language = "es"
    ana.save()

    location = start(browser, base)

    first = get_course().lessons[0].sections[0]
    assert location == f"{base}course/core-what-it-is/section/{first.id}/"
    attempt = CourseAttempt.objects.get(employee=ana)
    assert attempt.language == "es"
    page = browser.get(location)
    assert first.title["es"] in page.content.decode()
    assert '<html lang="es">' in page.content.decode()


def test_a_section_page_reads_as_paragraphs_and_lists_and_links_to_the_next(browser, base, content):
    start(browser, base)
    lesson = content.lesson("core-your-role")
    section = lesson.sections[0]

    page = browser.get(f"{base}course/{lesson.id}/section/{section.id}/")

    html = page.content.decode()
    assert "<li>Notice what you see and hear" in html
    assert f'href="{base}course/{lesson.id}/section/{lesson.sections[1].id}/"' in html
    assert "Lesson 4 of 5" in html


def test_a_scenario_explains_every_option_after_a_choice(browser, base, content):
    start(browser, base)
    lesson = content.lessons[0]
    scenario = lesson.scenarios[0]
    url = f"{base}course/{lesson.id}/scenario/{scenario.id}/"
    browser.get(url)
    worse = next(o for o in scenario.options if not o.correct)

    response = browser.post(url, {"option": worse.id})

    html = response.content.decode()
    assert "There is a better choice." in html
    for option in scenario.options:
        assert option.feedback["en"].split("\n")[0][:40] in html
    assert 'id="feedback"' in html and "data-focus-on-load" in html


def test_a_scenario_without_a_choice_says_so_and_saves_nothing(browser, base, ana, content):
    start(browser, base)
    lesson = content.lessons[0]
    url = f"{base}course/{lesson.id}/scenario/{lesson.scenarios[0].id}/"
    browser.get(url)

    response = browser.post(url, {})

    assert response.status_code == 400
    assert "Choose one of the options." in response.content.decode()
    attempt = CourseAttempt.objects.get(employee=ana)
    assert not attempt.activity.filter(kind="scenario_answer").exists()


def test_a_check_with_a_question_unanswered_marks_it_and_keeps_the_other_answers(
    browser, base, ana, content
):
    start(browser, base)
    lesson = content.lessons[0]
    first, *rest = lesson.questions
    url = f"{base}course/{lesson.id}/check/"
    browser.get(url)
    chosen = sorted(first.correct_ids)

    response = browser.post(url, {first.id: chosen})

    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="error-{rest[0].id}"' in html
    assert f'id="error-{first.id}"' not in html
    assert f'id="{first.id}-{chosen[0]}" value="{chosen[0]}" checked' in html
    assert not CourseAttempt.objects.get(employee=ana).activity.filter(kind="check_answer")


def test_an_unknown_option_in_a_check_is_a_field_error_not_a_500(browser, base, content):
    start(browser, base)
    lesson = content.lessons[0]
    url = f"{base}course/{lesson.id}/check/"
    browser.get(url)

    response = browser.post(url, {q.id: "no-such-option" for q in lesson.questions})

    assert response.status_code == 400
    assert "Choose an answer from the options." in response.content.decode()


def test_a_check_shows_the_score_and_every_question_explained(browser, base, frozen_clock, content):
    start(browser, base)
    lesson = content.lessons[0]

    response = take_lesson(browser, base, lesson, frozen_clock, content, right=False)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"0 of {len(lesson.questions)} right (0%)." in html
    assert "Take the check again" in html
    for question in lesson.questions:
        assert question.prompt["en"][:30] in html


def test_pages_off_the_path_or_unknown_are_404(browser, base, content):
    start(browser, base)

    assert browser.get(f"{base}course/role-housekeeping/check/").status_code == 404
    assert browser.get(f"{base}course/core-what-it-is/section/nope/").status_code == 404
    assert browser.get(f"{base}course/core-what-it-is/scenario/nope/").status_code == 404
    assert browser.get(f"{base}course/nope/check/").status_code == 404


def test_course_pages_need_a_started_course(browser, base):
    assert browser.get(f"{base}course/core-what-it-is/check/").status_code == 404
    assert browser.get(f"{base}course/")["Location"] == base


def test_another_day_the_course_continues_where_it_stopped(browser, base, frozen_clock, content):
    start(browser, base)
    take_lesson(browser, base, content.lessons[0], frozen_clock, content)
    frozen_clock.shift(timedelta(days=1))

    again = Client()  # another device: only the link is needed
    location = start(again, base)

    second = content.lessons[1]
    assert location == f"{base}course/{second.id}/section/{second.sections[0].id}/"
    overview = again.get(f"{base}course/").content.decode()
    assert "Done · 100%" in overview


def test_switching_language_mid_course_moves_the_course_too(browser, base, ana, content):
    start(browser, base)
    section = content.lessons[0].sections[0]
    url = f"{base}course/{content.lessons[0].id}/section/{section.id}/"

    response = browser.post(base + "language/", {"language": "es", "next": url})

    assert response["Location"] == url
    assert CourseAttempt.objects.get(employee=ana).language == "es"
    assert section.title["es"] in browser.get(url).content.decode()


def signature_data_url() -> str:
    buffer = io.BytesIO()
    Image.new("RGBA", (60, 20), (0, 0, 0, 0)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def finish_everything(browser, base, clock, content, path):
    start(browser, base)
    for lesson_id in path:
        take_lesson(browser, base, content.lesson(lesson_id), clock, content)


def test_passing_and_signing_records_the_completion_and_the_acknowledgment(
    browser, base, ana, frozen_clock, content
):
    attempt_path = content.path("front_desk")
    finish_everything(browser, base, frozen_clock, content, [lesson.id for lesson in attempt_path])
    page = browser.get(base + "course/finish/")
    assert page.status_code == 200
    assert "I, Ana Reyes, acknowledge" in page.content.decode()

    response = browser.post(
        base + "course/finish/",
        {
            "typed_name": "  ana   reyes ",
            "signed_on": ana.property.today().isoformat(),
            "signature": signature_data_url(),
        },
    )

    assert response.status_code == 302
    record = TrainingRecord.objects.get(employee=ana)
    assert record.score == 100
    assert record.minutes >= 20
    acknowledgment = CourseAcknowledgment.objects.get(training_record=record)
    assert acknowledgment.typed_name == "ana reyes"
    assert acknowledgment.signed_on == ana.property.today()
    assert acknowledgment.attempt.version == content.version
    assert acknowledgment.signature.read().startswith(b"\x89PNG")
    assert "Ana Reyes" in acknowledgment.statement and content.version in acknowledgment.statement
    status = employee_status(
        ana, pack=ana.property.rule_pack(), records=[record], as_of=ana.property.today()
    )
    assert status.status == COMPLIANT
    home = browser.get(base).content.decode()
    assert "Well done: you passed the course and signed it." in home


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("typed_name", "Somebody Else", "Type your full name as your employer has it"),
        ("signed_on", "2026-06-14", "Write today"),
        ("signed_on", "not a date", "Write today"),
        ("signature", "data:image/png;base64,bm90IGEgcG5n", "could not be read"),
        ("signature", "javascript:alert(1)", "could not be read"),
    ],
)
def test_a_wrong_acknowledgment_is_a_field_error_and_saves_nothing(
    browser, base, ana, frozen_clock, content, field, value, message
):
    finish_everything(
        browser, base, frozen_clock, content, [lesson.id for lesson in content.path("front_desk")]
    )
    data = {"typed_name": "Ana Reyes", "signed_on": ana.property.today().isoformat()}

    response = browser.post(base + "course/finish/", {**data, field: value})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TrainingRecord.objects.filter(employee=ana).exists()
    assert not CourseAcknowledgment.objects.exists()


def test_finishing_too_fast_says_why_and_records_nothing(browser, base, ana, content):
    start(browser, base)
    for lesson in content.path("front_desk"):
        take_lesson(browser, base, lesson, _NoClock(), content)

    response = browser.post(
        base + "course/finish/",
        {"typed_name": "Ana Reyes", "signed_on": ana.property.today().isoformat()},
    )

    assert response.status_code == 400
    assert "minutes of training are recorded" in response.content.decode()
    assert not TrainingRecord.objects.filter(employee=ana).exists()


class _NoClock:
    """A reader who clicks through without reading: no time passes between pages."""

    def shift(self, delta: timedelta) -> None:
        return None


def test_the_finish_page_waits_until_every_lesson_is_done(browser, base):
    start(browser, base)

    assert browser.get(base + "course/finish/")["Location"] == base + "course/"


def test_the_course_pages_hold_no_inline_script_and_send_a_strict_csp(
    browser, base, frozen_clock, content
):
    start(browser, base)
    lesson = content.lessons[0]
    for path in (
        base,
        f"{base}course/",
        f"{base}course/{lesson.id}/section/{lesson.sections[0].id}/",
        f"{base}course/{lesson.id}/scenario/{lesson.scenarios[0].id}/",
        f"{base}course/{lesson.id}/check/",
    ):
        response = browser.get(path)
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+\s*=", html), path
        assert not re.search(r"\sstyle\s*=", html), path
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
