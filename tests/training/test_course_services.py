"""Taking the built-in course: start, resume on another day and device, answer with feedback,
retake, fail and pass, and what the completion does to the employee's status."""

from dataclasses import replace
from datetime import date, timedelta
from types import MappingProxyType

import pytest
from django.core.exceptions import ValidationError

from tests.factories import PropertyFactory
from tests.training.factories import EmployeeFactory
from training import course_coverage
from training.course_content import get_course
from training.course_progress import AttemptProgress, LessonState
from training.course_services import (
    CAP_FACTOR,
    MIN_CAP_SECONDS,
    builtin_course_ensure,
    course_attempt_finish,
    course_attempt_progress,
    course_attempt_start,
    course_check_answer,
    course_check_view,
    course_scenario_answer,
    course_scenario_view,
    course_section_view,
)
from training.models import Course, CourseActivity, CourseAttempt, TrainingRecord
from training.status import COMPLIANT, DUE, OVERDUE, employee_status, roster_status

pytestmark = pytest.mark.django_db

FRONT_DESK_PATH = [
    "core-what-it-is",
    "core-who-is-at-risk",
    "core-signs-in-hotels",
    "core-your-role",
    "role-front-desk",
]


@pytest.fixture
def content():
    return get_course()


@pytest.fixture
def rosa(hotel_a):
    """A front-desk clerk at Hotel A (Connecticut: trained at hire), hired this month."""
    return EmployeeFactory(
        property=hotel_a, name="Rosa Delgado", job_role="front_desk", hire_date=date(2026, 6, 1)
    )


def right_answers(lesson):
    return {q.id: sorted(q.correct_ids) for q in lesson.questions}


def wrong_answers(lesson):
    """Every question answered wrongly (a wrong option; for multiple, one right one only)."""
    answers = {}
    for question in lesson.questions:
        if question.kind == "multiple":
            answers[question.id] = [sorted(question.correct_ids)[0]]
        else:
            answers[question.id] = [next(o.id for o in question.options if not o.correct)]
    return answers


def take_lesson(attempt, lesson, clock, content, *, answers=None, pace=1.0):
    """Read every section, answer the scenario best, take the check, at `pace` x the estimate."""
    language = attempt.language
    for section in lesson.sections:
        course_section_view(attempt=attempt, lesson_id=lesson.id, section_id=section.id)
        clock.shift(timedelta(seconds=content.section_seconds(section, language) * pace))
    for scenario in lesson.scenarios:
        course_scenario_view(attempt=attempt, lesson_id=lesson.id, scenario_id=scenario.id)
        clock.shift(timedelta(seconds=content.scenario_seconds(scenario, language) * pace / 2))
        best = next(o.id for o in scenario.options if o.correct)
        course_scenario_answer(
            attempt=attempt, lesson_id=lesson.id, scenario_id=scenario.id, option_id=best
        )
        clock.shift(timedelta(seconds=content.scenario_seconds(scenario, language) * pace / 2))
    course_check_view(attempt=attempt, lesson_id=lesson.id)
    clock.shift(timedelta(seconds=content.check_seconds(lesson, language) * pace))
    return course_check_answer(
        attempt=attempt, lesson_id=lesson.id, answers=answers or right_answers(lesson)
    )


def take_path(attempt, clock, content, *, pace=1.0, wrong=()):
    for lesson_id in attempt.lesson_ids:
        lesson = content.lesson(lesson_id)
        answers = wrong_answers(lesson) if lesson_id in wrong else None
        take_lesson(attempt, lesson, clock, content, answers=answers, pace=pace)


# The course row


def test_the_built_in_course_row_is_created_once_per_version(content):
    first = builtin_course_ensure()
    again = builtin_course_ensure()

    assert first == again
    assert Course.objects.filter(content_key="hc-awareness").count() == 1
    assert (first.version, first.property) == ("2026.1", None)
    assert first.title == "Human trafficking awareness for hotel staff"
    assert first.provider == "Hotel Compliance (built-in course)"
    assert first.minutes == 28  # the shortest role path
    assert first.jurisdictions == ["US-CA", "US-CT", "US-IL"]


def test_the_course_row_is_not_accepted_where_an_approved_course_is_required():
    course = builtin_course_ensure()

    for code in ("US-TX", "US-FL", "US-NY", "US-MD", "US-MN", "US-NJ", "US-WA"):
        assert code not in course.jurisdictions


def test_a_law_that_starts_requiring_approval_withdraws_the_claim(monkeypatch):
    from hotelcompliance.rules import get_pack

    builtin_course_ensure()
    connecticut = get_pack("US-CT")
    rule = connecticut.rule("course_approval")
    strict = replace(
        connecticut,
        rules=MappingProxyType(
            {
                **connecticut.rules,
                "course_approval": replace(
                    rule, values=MappingProxyType({"required": True, "approver": "DCF"})
                ),
            }
        ),
    )
    monkeypatch.setattr(
        course_coverage, "get_pack", lambda code: strict if code == "US-CT" else get_pack(code)
    )

    assert builtin_course_ensure().jurisdictions == ["US-CA", "US-IL"]


# Starting and resuming


def test_it_starts_an_attempt_on_the_path_of_the_employees_job_role(rosa):
    attempt = course_attempt_start(employee=rosa, language="en")

    assert attempt.lesson_ids == FRONT_DESK_PATH
    assert attempt.job_role == "front_desk"
    assert (attempt.version, attempt.language) == ("2026.1", "en")
    assert attempt.current_lesson == "core-what-it-is"
    assert attempt.course == builtin_course_ensure()
    assert attempt.completed_at is None
    assert list(attempt.activity.values_list("kind", flat=True)) == ["start"]


def test_each_job_role_gets_its_own_lesson(hotel_a):
    paths = {
        role: course_attempt_start(
            employee=EmployeeFactory(property=hotel_a, job_role=role)
        ).lesson_ids[4:]
        for role in ("housekeeping", "security", "bell", "management", "other")
    }

    assert paths == {
        "housekeeping": ["role-housekeeping"],
        "security": ["role-maintenance"],
        "bell": ["role-transport"],
        "management": ["role-managers"],
        "other": [],
    }


def test_it_refuses_a_language_the_course_does_not_have(rosa):
    with pytest.raises(ValidationError) as error:
        course_attempt_start(employee=rosa, language="fr")

    assert error.value.message_dict == {"language": ["Choose one of: en, es."]}
    assert not CourseAttempt.objects.exists()


def test_it_refuses_an_employee_whose_employment_ended(hotel_a):
    leaver = EmployeeFactory(property=hotel_a, end_date=date(2026, 6, 1))

    with pytest.raises(ValidationError):
        course_attempt_start(employee=leaver)

    assert not CourseAttempt.objects.exists()


def test_it_resumes_the_next_day_on_another_device_in_another_language(rosa, content, frozen_clock):
    attempt = course_attempt_start(employee=rosa, language="en")
    first = content.lesson("core-what-it-is")
    take_lesson(attempt, first, frozen_clock, content)
    second = content.lesson("core-who-is-at-risk")
    course_section_view(attempt=attempt, lesson_id=second.id, section_id="anyone")
    spent_before = CourseAttempt.objects.get(pk=attempt.pk).seconds_spent

    frozen_clock.move_to("2026-06-16T13:00:00+00:00")
    resumed = course_attempt_start(employee=rosa, language="es")

    assert resumed.pk == attempt.pk
    assert resumed.language == "es"
    assert resumed.current_lesson == "core-who-is-at-risk"
    progress = course_attempt_progress(resumed)
    assert progress.lesson("core-what-it-is").done
    assert progress.lesson("core-who-is-at-risk").sections_viewed == {"anyone"}
    # The night away credits the open section at most its cap, not 22 hours.
    overnight = resumed.seconds_spent - spent_before
    cap = max(MIN_CAP_SECONDS, CAP_FACTOR * content.section_seconds(second.section("anyone"), "en"))
    assert overnight == int(cap)
    # Feedback now comes in Spanish.
    result = course_check_answer(
        attempt=resumed, lesson_id=second.id, answers=right_answers(second)
    )
    assert (
        result.feedback[1].prompt == "Si una persona no pide ayuda, no puede ser víctima de trata."
    )
    assert CourseAttempt.objects.filter(employee=rosa).count() == 1


def test_the_path_stays_as_it_was_set_when_the_job_role_changes(rosa):
    attempt = course_attempt_start(employee=rosa)
    rosa.job_role = "housekeeping"
    rosa.save()

    resumed = course_attempt_start(employee=rosa)

    assert resumed.pk == attempt.pk
    assert resumed.lesson_ids == FRONT_DESK_PATH


def test_a_lesson_outside_the_path_is_refused(rosa):
    attempt = course_attempt_start(employee=rosa)

    with pytest.raises(ValidationError) as error:
        course_section_view(attempt=attempt, lesson_id="role-housekeeping", section_id="in-rooms")

    assert error.value.message_dict == {"lesson": ["This lesson is not part of your course."]}


def test_an_unknown_section_is_refused_and_nothing_recorded(rosa):
    attempt = course_attempt_start(employee=rosa)

    with pytest.raises(ValidationError):
        course_section_view(attempt=attempt, lesson_id="core-what-it-is", section_id="nope")

    assert attempt.activity.count() == 1


# Answering


def test_a_scenario_answer_explains_every_option(rosa, content):
    attempt = course_attempt_start(employee=rosa)

    feedback = course_scenario_answer(
        attempt=attempt,
        lesson_id="core-your-role",
        scenario_id="at-the-elevator",
        option_id="confront-man",
    )

    assert not feedback.best
    assert [(o.option_id, o.chosen, o.correct) for o in feedback.options] == [
        ("confront-man", True, False),
        ("call-911", False, True),
        ("later", False, False),
    ]
    assert all(o.feedback for o in feedback.options)
    assert feedback.options[1].feedback.startswith("Yes. She told you she cannot leave")


def test_a_knowledge_check_returns_per_question_feedback(rosa, content):
    attempt = course_attempt_start(employee=rosa)
    lesson = content.lesson("core-your-role")
    answers = right_answers(lesson)
    answers["hotline-ways"] = ["call", "text"]  # TTY missed: wrong, all or nothing
    answers["certainty"] = "true"

    result = course_check_answer(attempt=attempt, lesson_id=lesson.id, answers=answers)

    assert (result.correct, result.questions, result.percent) == (2, 4, 50)
    assert [(q.question_id, q.correct) for q in result.feedback] == [
        ("when-911", True),
        ("hotline-ways", False),
        ("certainty", False),
        ("do-not", True),
    ]
    hotline = result.feedback[1]
    assert [(o.option_id, o.chosen, o.correct) for o in hotline.options] == [
        ("call", True, True),
        ("text", True, True),
        ("tty", False, True),
        ("front-desk-email", False, False),
    ]
    assert hotline.options[2].feedback.startswith("Yes. TTY 711")
    row = attempt.activity.get(kind=CourseActivity.Kind.CHECK_ANSWER)
    assert (row.correct, row.questions) == (2, 4)
    assert row.answer["hotline-ways"] == ["call", "text"]


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"when-911": None}, {"answers": ["Answer every question."]}),
        ({"extra": ["a"]}, {"answers": ["Answer every question."]}),
        ({"when-911": ["nope"]}, {"when-911": ["Choose an answer from the options."]}),
        ({"when-911": []}, {"when-911": ["Choose an answer from the options."]}),
        ({"when-911": ["any-sign", "never"]}, {"when-911": ["Choose one answer."]}),
    ],
)
def test_a_malformed_check_is_refused_and_nothing_recorded(rosa, content, change, errors):
    attempt = course_attempt_start(employee=rosa)
    answers = right_answers(content.lesson("core-your-role"))
    for question_id, value in change.items():
        if value is None:
            del answers[question_id]
        else:
            answers[question_id] = value

    with pytest.raises(ValidationError) as error:
        course_check_answer(attempt=attempt, lesson_id="core-your-role", answers=answers)

    assert error.value.message_dict == errors
    assert not attempt.activity.filter(kind=CourseActivity.Kind.CHECK_ANSWER).exists()


def test_a_check_can_be_retaken_and_the_lesson_keeps_its_best_score(rosa, content):
    attempt = course_attempt_start(employee=rosa)
    lesson = content.lesson("role-front-desk")

    first = course_check_answer(attempt=attempt, lesson_id=lesson.id, answers=wrong_answers(lesson))
    second = course_check_answer(
        attempt=attempt, lesson_id=lesson.id, answers=right_answers(lesson)
    )
    third = course_check_answer(attempt=attempt, lesson_id=lesson.id, answers=wrong_answers(lesson))

    assert (first.percent, first.best_percent) == (0, 0)
    assert (second.percent, second.best_percent) == (100, 100)
    assert (third.percent, third.best_percent) == (0, 100)
    state = course_attempt_progress(attempt).lesson(lesson.id)
    assert (state.checks_taken, state.best_correct) == (3, 3)


# Time


def test_time_on_a_section_is_bounded_so_an_open_tab_does_not_count_for_hours(
    rosa, content, frozen_clock
):
    attempt = course_attempt_start(employee=rosa)
    lesson = content.lesson("core-what-it-is")
    section = lesson.sections[1]
    course_section_view(attempt=attempt, lesson_id=lesson.id, section_id=section.id)

    frozen_clock.shift(timedelta(hours=5))
    course_section_view(attempt=attempt, lesson_id=lesson.id, section_id=lesson.sections[2].id)

    attempt.refresh_from_db()
    cap = max(MIN_CAP_SECONDS, CAP_FACTOR * content.section_seconds(section, "en"))
    assert attempt.seconds_spent == int(cap)
    assert attempt.seconds_spent < 10 * 60


def test_time_within_the_cap_counts_in_full(rosa, content, frozen_clock):
    attempt = course_attempt_start(employee=rosa)
    lesson = content.lesson("core-what-it-is")
    course_section_view(attempt=attempt, lesson_id=lesson.id, section_id=lesson.sections[1].id)

    frozen_clock.shift(timedelta(seconds=90))
    course_section_view(attempt=attempt, lesson_id=lesson.id, section_id=lesson.sections[2].id)

    row = attempt.activity.order_by("-at").first()
    assert 90 <= row.credited_seconds <= 91  # the clock ticks a little on its own


def test_the_gap_after_starting_or_resuming_is_not_counted(rosa, frozen_clock):
    attempt = course_attempt_start(employee=rosa)
    frozen_clock.shift(timedelta(minutes=30))

    course_section_view(attempt=attempt, lesson_id="core-what-it-is", section_id="definition")

    attempt.refresh_from_db()
    assert attempt.seconds_spent == 0


# Finishing


def test_finishing_before_every_lesson_is_done_is_refused(rosa, content, frozen_clock):
    attempt = course_attempt_start(employee=rosa)
    take_lesson(attempt, content.lesson("core-what-it-is"), frozen_clock, content)

    outcome = course_attempt_finish(attempt=attempt)

    assert not outcome.passed
    assert outcome.problems[0] == (
        "Finish every lesson first: Who is most at risk, and why people stay, Recognizing the "
        "signs in a hotel, Your role: observe, do not confront, report, At the front desk "
        "and in reservations."
    )
    assert not TrainingRecord.objects.exists()


def test_a_score_below_the_pass_mark_fails_and_retaking_passes(rosa, content, frozen_clock):
    attempt = course_attempt_start(employee=rosa)
    # Two wrong checks of 4 and 3 questions: 12 of 19 right, 63 %.
    take_path(attempt, frozen_clock, content, wrong=("core-what-it-is", "role-front-desk"))

    failed = course_attempt_finish(attempt=attempt)

    assert not failed.passed
    assert failed.score_percent == 63
    assert failed.problems == (
        "Your score is 63%; 80% is needed to pass. Take the knowledge checks again: each "
        "lesson keeps its best score.",
    )
    assert failed.record is None
    assert CourseAttempt.objects.get(pk=attempt.pk).completed_at is None
    assert not TrainingRecord.objects.exists()

    # One lesson retaken brings 16 of 19 (84 %): a pass.
    lesson = content.lesson("core-what-it-is")
    course_check_answer(attempt=attempt, lesson_id=lesson.id, answers=right_answers(lesson))
    passed = course_attempt_finish(attempt=attempt)

    assert passed.passed
    assert passed.score_percent == 84


@pytest.mark.parametrize(("wrong_lessons", "score", "passed"), [(3, 81, True), (4, 75, False)])
def test_the_pass_mark_on_a_path_of_sixteen_questions(
    hotel_a, content, frozen_clock, wrong_lessons, score, passed
):
    employee = EmployeeFactory(property=hotel_a, job_role="other")  # the core: 16 questions
    attempt = course_attempt_start(employee=employee)
    for i, lesson_id in enumerate(attempt.lesson_ids):
        lesson = content.lesson(lesson_id)
        answers = right_answers(lesson)
        if i < wrong_lessons:  # one question wrong in this lesson
            first = lesson.questions[0].id
            answers[first] = wrong_answers(lesson)[first]
        take_lesson(attempt, lesson, frozen_clock, content, answers=answers)

    outcome = course_attempt_finish(attempt=attempt)

    assert (outcome.score_percent, outcome.passed) == (score, passed)


@pytest.mark.parametrize(
    ("correct", "questions", "meets"), [(16, 20, True), (4, 5, True), (15, 19, False)]
)
def test_exactly_the_pass_mark_passes(correct, questions, meets):
    lesson = LessonState(
        lesson_id="x",
        sections_viewed=frozenset(),
        scenario_choices=MappingProxyType({}),
        missing_sections=(),
        missing_scenarios=(),
        checks_taken=1,
        best_correct=correct,
        questions=questions,
    )

    assert AttemptProgress(lessons=(lesson,), pass_mark=80).meets_pass_mark is meets


def test_passing_records_the_completion_and_makes_the_employee_compliant_in_connecticut(
    rosa, content, frozen_clock, hotel_a
):
    pack = hotel_a.rule_pack()
    today = hotel_a.today()
    assert employee_status(rosa, pack=pack, records=[], as_of=today).status == OVERDUE

    attempt = course_attempt_start(employee=rosa)
    take_path(attempt, frozen_clock, content)
    outcome = course_attempt_finish(attempt=attempt)

    assert outcome.passed
    assert outcome.problems == ()
    record = outcome.record
    assert record.employee == rosa
    assert record.course == builtin_course_ensure()
    assert record.course.version == "2026.1"
    assert record.completed_on == hotel_a.today()
    assert record.score == 100
    assert record.minutes == outcome.minutes
    assert 30 <= record.minutes <= 36  # about the path's 33 estimated minutes
    assert record.recorded_by is None
    attempt.refresh_from_db()
    assert attempt.completed_at is not None
    assert attempt.score == 100
    assert attempt.training_record == record
    assert record.course_attempt == attempt
    assert outcome.counts is True
    assert (
        outcome.counts_reason
        == "Hotel Compliance (built-in course)'s course counts in Connecticut."
    )
    row = next(r for r in roster_status(hotel_a, as_of=hotel_a.today()) if r.employee == rosa)
    assert row.status.status == COMPLIANT
    assert row.status.last_completed_on == record.completed_on


@pytest.mark.clock("2026-06-16T02:30:00+00:00")
def test_the_completion_is_dated_the_propertys_local_day(rosa, content, frozen_clock, hotel_a):
    attempt = course_attempt_start(employee=rosa)
    take_path(attempt, frozen_clock, content)  # about 35 minutes: still the 15th in Hartford

    outcome = course_attempt_finish(attempt=attempt)

    assert outcome.record.completed_on == date(2026, 6, 15)


def test_a_completed_attempt_takes_no_more_activity_and_a_new_one_can_start(
    rosa, content, frozen_clock
):
    attempt = course_attempt_start(employee=rosa)
    take_path(attempt, frozen_clock, content)
    course_attempt_finish(attempt=attempt)

    with pytest.raises(ValidationError) as error:
        course_section_view(attempt=attempt, lesson_id="core-what-it-is", section_id="myths")
    assert error.value.messages == ["This course was already completed."]
    with pytest.raises(ValidationError):
        course_attempt_finish(attempt=attempt)

    refresher = course_attempt_start(employee=rosa)
    assert refresher.pk != attempt.pk
    assert TrainingRecord.objects.count() == 1


def test_too_little_time_cannot_pass_where_the_pack_sets_a_minimum(content, frozen_clock):
    california = PropertyFactory(
        jurisdiction="US-CA", timezone="America/Los_Angeles", region="CA", city="Fresno"
    )
    clerk = EmployeeFactory(property=california, job_role="front_desk", hire_date=date(2026, 6, 1))
    attempt = course_attempt_start(employee=clerk)
    take_path(attempt, frozen_clock, content, pace=0.4)  # clicking through in 13 minutes

    outcome = course_attempt_finish(attempt=attempt)

    assert not outcome.passed
    assert outcome.required_minutes == 20
    assert outcome.minutes < 20
    assert outcome.problems == (
        f"{outcome.minutes} minutes of training are recorded; at least 20 are required. "
        "Review the lessons to continue.",
    )
    assert not TrainingRecord.objects.exists()

    # Reading the lessons again adds real time, each section within its bound.
    for lesson_id in attempt.lesson_ids[:3]:
        for section in content.lesson(lesson_id).sections:
            course_section_view(attempt=attempt, lesson_id=lesson_id, section_id=section.id)
            frozen_clock.shift(timedelta(seconds=content.section_seconds(section, "en")))
    outcome = course_attempt_finish(attempt=attempt)

    assert outcome.passed
    assert outcome.record.minutes >= 20
    assert outcome.counts is True


def test_a_property_setting_raises_the_minimum(hotel_a, rosa, content, frozen_clock):
    hotel_a.minimum_training_minutes = 45
    hotel_a.save()
    attempt = course_attempt_start(employee=rosa)
    take_path(attempt, frozen_clock, content)

    outcome = course_attempt_finish(attempt=attempt)

    assert not outcome.passed
    assert outcome.required_minutes == 45


def test_the_built_in_course_does_not_count_where_an_approved_course_is_required(
    content, frozen_clock
):
    texas = PropertyFactory(jurisdiction="US-TX", timezone="America/Chicago", region="TX", rooms=40)
    clerk = EmployeeFactory(property=texas, job_role="front_desk", hire_date=date(2026, 6, 1))
    attempt = course_attempt_start(employee=clerk)
    take_path(attempt, frozen_clock, content)

    outcome = course_attempt_finish(attempt=attempt)

    # It was taken and passed, as extra awareness...
    assert outcome.passed
    assert outcome.record.minutes >= 20
    # ...but the status engine does not count it in Texas.
    assert outcome.counts is False
    assert "not approved for Texas; courses must be approved by the Attorney General" in (
        outcome.counts_reason
    )
    status = employee_status(
        clerk,
        pack=texas.rule_pack(),
        records=clerk.training_records.all(),
        as_of=texas.today(),
    )
    assert status.status == DUE
    assert status.last_completed_on is None
    assert "not approved for Texas" in status.reason


def test_an_open_attempt_of_an_older_version_is_resumed_in_that_version(
    rosa, content, monkeypatch, tmp_path
):
    import shutil

    from training import course_content

    old = course_attempt_start(employee=rosa)
    root = tmp_path / "content"
    shutil.copytree(course_content.CONTENT_DIR, root)
    newer = root / "hc-awareness" / "2027.1"
    shutil.copytree(root / "hc-awareness" / "2026.1", newer)
    toml = newer / "course.toml"
    toml.write_text(toml.read_text().replace('"2026.1"', '"2027.1"'), encoding="utf-8")
    monkeypatch.setattr(course_content, "CONTENT_DIR", root)
    get_course.cache_clear()
    try:
        resumed = course_attempt_start(employee=rosa)
        assert resumed.pk == old.pk
        assert resumed.version == "2026.1"
        fresh = course_attempt_start(employee=rosa, version="2027.1")
        assert fresh.version == "2027.1"
        assert fresh.course.version == "2027.1"
        assert Course.objects.filter(content_key="hc-awareness").count() == 2
    finally:
        get_course.cache_clear()
