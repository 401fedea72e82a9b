"""Taking the built-in course: start or resume, read, answer, finish.

Every call is one transaction on the locked attempt and appends one `CourseActivity` row,
so two devices cannot interleave half-written answers. `actor` is the user acting, or None
when the employee acts through their own link (the later employee pages); it becomes the
training record's `recorded_by`.

Time spent: each row credits the item of the row before it with the time between them,
bounded by that item's cap: twice its estimated time, at least a minute. Leaving a tab
open, or coming back the next day, adds at most one cap, never the hours in between.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from training.course_content import (
    BUILTIN_COURSE_ID,
    MULTIPLE,
    CourseContent,
    Lesson,
    Option,
    Question,
    Scenario,
    Section,
    get_course,
)
from training.course_coverage import accepted_jurisdictions
from training.course_progress import AttemptProgress, attempt_progress
from training.models import (
    MAX_COURSE_MINUTES,
    Course,
    CourseActivity,
    CourseAttempt,
    Employee,
    TrainingRecord,
)
from training.services import training_record_create

Kind = CourseActivity.Kind

# An item's time counts up to this many times its estimate, and at least MIN_CAP_SECONDS.
CAP_FACTOR = 2
MIN_CAP_SECONDS = 60


@dataclass(frozen=True)
class OptionFeedback:
    option_id: str
    text: str
    feedback: str
    chosen: bool
    # A right answer (question) or the best thing to do (scenario).
    correct: bool


@dataclass(frozen=True)
class QuestionFeedback:
    question_id: str
    prompt: str
    correct: bool
    options: tuple[OptionFeedback, ...]


@dataclass(frozen=True)
class CheckResult:
    lesson_id: str
    correct: int
    questions: int
    percent: int
    best_percent: int
    feedback: tuple[QuestionFeedback, ...]


@dataclass(frozen=True)
class ScenarioFeedback:
    scenario_id: str
    option_id: str
    best: bool
    options: tuple[OptionFeedback, ...]


@dataclass(frozen=True)
class FinishOutcome:
    """What finishing did: passed with a record, or the reasons it cannot pass yet."""

    passed: bool
    score_percent: int
    minutes: int
    required_minutes: int
    problems: tuple[str, ...]
    record: TrainingRecord | None = None
    # Whether the completion counts under the property's rule pack, and why (when passed).
    counts: bool | None = None
    counts_reason: str = ""


# The course row


def builtin_course_ensure(*, version: str | None = None) -> Course:
    """The global `Course` row of a built-in course version, created on first use.

    Idempotent. `jurisdictions` lists where the course is accepted (no approved course is
    required there and the content covers the list); it is refreshed from the packs on each
    call, so a law that starts requiring approval withdraws it.
    """
    content = get_course(BUILTIN_COURSE_ID, version)
    accepted = accepted_jurisdictions(content)
    course, created = Course.objects.get_or_create(
        content_key=content.id,
        version=content.version,
        property=None,
        defaults={
            "title": content.title["en"],
            "provider": content.provider,
            "minutes": content.shortest_path_minutes,
            "jurisdictions": accepted,
        },
    )
    if not created and course.jurisdictions != accepted:
        course.jurisdictions = accepted
        course.save(update_fields=["jurisdictions"])
    return course


# Starting and resuming


def course_attempt_start(
    *,
    employee: Employee,
    actor: User | None = None,
    language: str = "en",
    version: str | None = None,
) -> CourseAttempt:
    """Start the built-in course for the employee's job role, or resume their open attempt.

    An open attempt is resumed in whatever version it was started (the current one unless
    `version` names another), in the language asked for now.
    """
    content = get_course(BUILTIN_COURSE_ID, version)
    _check_language(content, language)
    today = employee.property.today()
    if employee.end_date is not None and employee.end_date < today:
        raise ValidationError(
            _("%(name)s's employment ended on %(day)s.")
            % {"name": employee.name, "day": employee.end_date}
        )
    course = builtin_course_ensure(version=content.version)
    now = timezone.now()
    with transaction.atomic():
        Employee.objects.select_for_update().only("pk").get(pk=employee.pk)
        started = CourseAttempt.objects.filter(
            employee=employee, course__content_key=content.id
        ).open()
        attempt = started.filter(version=version).first() if version else started.first()
        if attempt is not None:
            attempt.language = language
            attempt.save(update_fields=["language"])
            _record(attempt, get_course(content.id, attempt.version), Kind.RESUME)
            return attempt
        path = content.path(employee.job_role)
        attempt = CourseAttempt.objects.create(
            employee=employee,
            course=course,
            version=content.version,
            language=language,
            job_role=employee.job_role,
            lesson_ids=[lesson.id for lesson in path],
            current_lesson=path[0].id,
            started_at=now,
            last_activity_at=now,
        )
        _record(attempt, content, Kind.START)
    return attempt


# Reading


def course_section_view(
    *, attempt: CourseAttempt, actor: User | None = None, lesson_id: str, section_id: str
) -> Section:
    """Record that a section was opened; returns it (texts in every language)."""
    with transaction.atomic():
        attempt, content, lesson = _open(attempt, lesson_id)
        section = lesson.section(section_id)
        if section is None:
            raise _unknown("section")
        _record(attempt, content, Kind.SECTION, lesson_id, section_id)
    return section


def course_scenario_view(
    *, attempt: CourseAttempt, actor: User | None = None, lesson_id: str, scenario_id: str
) -> Scenario:
    """Record that a scenario was opened, before it is answered."""
    with transaction.atomic():
        attempt, content, lesson = _open(attempt, lesson_id)
        scenario = lesson.scenario(scenario_id)
        if scenario is None:
            raise _unknown("scenario")
        _record(attempt, content, Kind.SCENARIO, lesson_id, scenario_id)
    return scenario


def course_check_view(
    *, attempt: CourseAttempt, actor: User | None = None, lesson_id: str
) -> tuple[Question, ...]:
    """Record that the lesson's knowledge check was opened; returns its questions."""
    with transaction.atomic():
        attempt, content, lesson = _open(attempt, lesson_id)
        _record(attempt, content, Kind.CHECK, lesson_id)
    return lesson.questions


# Answering


def course_scenario_answer(
    *,
    attempt: CourseAttempt,
    actor: User | None = None,
    lesson_id: str,
    scenario_id: str,
    option_id: str,
) -> ScenarioFeedback:
    """Record the choice in a "what would you do?" scenario; every option is explained."""
    with transaction.atomic():
        attempt, content, lesson = _open(attempt, lesson_id)
        scenario = lesson.scenario(scenario_id)
        if scenario is None:
            raise _unknown("scenario")
        option = scenario.option(option_id)
        if option is None:
            raise ValidationError({"option": _("Choose one of the options.")})
        _record(attempt, content, Kind.SCENARIO_ANSWER, lesson_id, scenario_id, answer=[option_id])
    language = attempt.language
    return ScenarioFeedback(
        scenario_id=scenario_id,
        option_id=option_id,
        best=option.correct,
        options=tuple(_option_feedback(o, language, {option_id}) for o in scenario.options),
    )


def course_check_answer(
    *,
    attempt: CourseAttempt,
    actor: User | None = None,
    lesson_id: str,
    answers: Mapping[str, str | Iterable[str]],
) -> CheckResult:
    """Score a lesson's knowledge check and explain every option of every question.

    `answers` maps each question id to the chosen option id (or ids, for a multiple-choice
    question). A check may be taken again; the lesson keeps its best score.
    """
    with transaction.atomic():
        attempt, content, lesson = _open(attempt, lesson_id)
        chosen = _checked_answers(lesson, answers)
        results = [q.correct_ids == frozenset(chosen[q.id]) for q in lesson.questions]
        _record(
            attempt,
            content,
            Kind.CHECK_ANSWER,
            lesson_id,
            answer={q_id: sorted(ids) for q_id, ids in chosen.items()},
            correct=sum(results),
            questions=len(results),
        )
        progress = attempt_progress(attempt, content)
    percent = sum(results) * 100 // len(results)
    # The check just recorded is among the lesson's, so the lesson has a best score.
    best = progress.lesson(lesson_id).best_percent
    language = attempt.language
    feedback = tuple(
        QuestionFeedback(
            question_id=question.id,
            prompt=question.prompt[language],
            correct=right,
            options=tuple(
                _option_feedback(o, language, chosen[question.id]) for o in question.options
            ),
        )
        for question, right in zip(lesson.questions, results, strict=True)
    )
    return CheckResult(
        lesson_id=lesson_id,
        correct=sum(results),
        questions=len(results),
        percent=percent,
        best_percent=percent if best is None else best,
        feedback=feedback,
    )


# Finishing


def course_attempt_finish(*, attempt: CourseAttempt, actor: User | None = None) -> FinishOutcome:
    """Pass the attempt and record the completion, or say what is still missing.

    Passing needs every lesson of the path done, the score at or above the pass mark, and
    the time spent at least the property's minimum course length (its rule pack, or the
    property's stricter setting), and never under a minute. The training record is dated
    the property's local today and counts in the status engine at once where the course
    is accepted; elsewhere the outcome says why it does not count.
    """
    with transaction.atomic():
        attempt, content = _locked(attempt)
        _record(attempt, content, Kind.FINISH)
        progress = attempt_progress(attempt, content)
        employee = attempt.employee
        pack = employee.property.rule_pack()
        required = max(pack.minimum_minutes or 0, 1)
        problems = _finish_problems(attempt, content, progress, required)
        minutes = attempt.minutes_spent
        if problems:
            return FinishOutcome(
                passed=False,
                score_percent=progress.score_percent,
                minutes=minutes,
                required_minutes=required,
                problems=tuple(problems),
            )
        course = attempt.course
        record = training_record_create(
            employee=employee,
            actor=actor,
            course=course,
            completed_on=employee.property.today(),
            minutes=min(minutes, MAX_COURSE_MINUTES),
            score=progress.score_percent,
        )
        attempt.completed_at = timezone.now()
        attempt.score = progress.score_percent
        attempt.training_record = record
        attempt.save(update_fields=["completed_at", "score", "training_record"])
    counts, reason = pack.course_counts(
        minutes=record.minutes, provider=course.provider, approved_for=course.jurisdictions
    )
    return FinishOutcome(
        passed=True,
        score_percent=progress.score_percent,
        minutes=minutes,
        required_minutes=required,
        problems=(),
        record=record,
        counts=counts,
        counts_reason=reason,
    )


def course_attempt_progress(attempt: CourseAttempt) -> AttemptProgress:
    """The attempt's progress, lesson by lesson (a read; records nothing)."""
    return attempt_progress(attempt, get_course(BUILTIN_COURSE_ID, attempt.version))


def _finish_problems(
    attempt: CourseAttempt, content: CourseContent, progress: AttemptProgress, required: int
) -> list[str]:
    problems = []
    if not progress.done:
        titles = [content.known_lesson(i).title[attempt.language] for i in progress.not_done]
        problems.append(
            _("Finish every lesson first: %(lessons)s.") % {"lessons": ", ".join(titles)}
        )
    elif not progress.meets_pass_mark:
        problems.append(
            _(
                "Your score is %(score)s%%; %(mark)s%% is needed to pass. Take the knowledge "
                "checks again: each lesson keeps its best score."
            )
            % {"score": progress.score_percent, "mark": content.pass_mark}
        )
    if attempt.minutes_spent < required:
        problems.append(
            _(
                "%(spent)s minutes of training are recorded; at least %(required)s are "
                "required. Review the lessons to continue."
            )
            % {"spent": attempt.minutes_spent, "required": required}
        )
    return problems


# Internals


def _locked(attempt: CourseAttempt) -> tuple[CourseAttempt, CourseContent]:
    """The attempt re-read under a row lock (call inside a transaction); refuses a finished one."""
    locked = (
        CourseAttempt.objects.select_for_update(of=("self",))
        .select_related("employee__property", "course")
        .get(pk=attempt.pk)
    )
    if locked.completed_at is not None:
        raise ValidationError(_("This course was already completed."))
    return locked, get_course(BUILTIN_COURSE_ID, locked.version)


def _open(attempt: CourseAttempt, lesson_id: str) -> tuple[CourseAttempt, CourseContent, Lesson]:
    locked, content = _locked(attempt)
    if lesson_id not in locked.lesson_ids:
        raise ValidationError({"lesson": _("This lesson is not part of your course.")})
    return locked, content, content.known_lesson(lesson_id)


def _unknown(what: str) -> ValidationError:
    return ValidationError({what: _("This lesson has no such item.")})


def _check_language(content: CourseContent, language: str) -> None:
    if language not in content.languages:
        raise ValidationError(
            {
                "language": _("Choose one of: %(languages)s.")
                % {"languages": ", ".join(content.languages)}
            }
        )


def _checked_answers(lesson: Lesson, answers: Mapping) -> dict[str, frozenset[str]]:
    """Each question's chosen option ids; every question answered, each option known."""
    if not isinstance(answers, Mapping):
        raise ValidationError({"answers": _("Answer every question.")})
    questions = {q.id: q for q in lesson.questions}
    unknown = sorted(set(answers) - set(questions))
    missing = [q_id for q_id in questions if q_id not in answers]
    if unknown or missing:
        raise ValidationError({"answers": _("Answer every question.")})
    chosen = {}
    errors = {}
    for q_id, question in questions.items():
        value = answers[q_id]
        ids = frozenset([value] if isinstance(value, str) else value or ())
        known = {option.id for option in question.options}
        if not ids or not ids <= known or not all(isinstance(i, str) for i in ids):
            errors[q_id] = _("Choose an answer from the options.")
        elif question.kind != MULTIPLE and len(ids) != 1:
            errors[q_id] = _("Choose one answer.")
        chosen[q_id] = ids
    if errors:
        raise ValidationError(errors)
    return chosen


def _option_feedback(option: Option, language: str, chosen: Iterable[str]) -> OptionFeedback:
    return OptionFeedback(
        option_id=option.id,
        text=option.text[language],
        feedback=option.feedback[language],
        chosen=option.id in chosen,
        correct=option.correct,
    )


def _record(
    attempt: CourseAttempt,
    content: CourseContent,
    kind: str,
    lesson_id: str = "",
    item_id: str = "",
    *,
    answer: list[str] | dict[str, list[str]] | None = None,
    correct: int | None = None,
    questions: int | None = None,
) -> CourseActivity:
    """Append one activity row, crediting the previous item its bounded share of the gap."""
    now = timezone.now()
    previous = attempt.activity.order_by("-at", "-pk").first()
    credited = 0
    if previous is not None:
        gap = _seconds_between(previous.at, now)
        credited = int(min(gap, _cap_seconds(content, attempt.language, previous)))
    row = CourseActivity.objects.create(
        attempt=attempt,
        at=now,
        kind=kind,
        lesson_id=lesson_id,
        item_id=item_id,
        answer=answer,
        correct=correct,
        questions=questions,
        credited_seconds=credited,
    )
    attempt.seconds_spent += credited
    attempt.last_activity_at = now
    attempt.current_lesson = _current_lesson(attempt, content, lesson_id)
    attempt.save(update_fields=["seconds_spent", "last_activity_at", "current_lesson"])
    return row


def _current_lesson(attempt: CourseAttempt, content: CourseContent, lesson_id: str) -> str:
    """The lesson just worked on, unless it is done: then the next one not done."""
    progress = attempt_progress(attempt, content)
    if lesson_id and not progress.lesson(lesson_id).done:
        return lesson_id
    return progress.next_lesson or attempt.lesson_ids[-1]


def _cap_seconds(content: CourseContent, language: str, row: CourseActivity) -> float:
    """The most time the row's item may be credited with."""
    lesson = content.lesson(row.lesson_id) if row.lesson_id else None
    if lesson is None:
        return 0  # start, resume, finish: no content of their own
    if row.kind == Kind.SECTION:
        section = lesson.section(row.item_id)
        estimate = content.section_seconds(section, language) if section else 0
    elif row.kind in (Kind.SCENARIO, Kind.SCENARIO_ANSWER):
        scenario = lesson.scenario(row.item_id)
        estimate = content.scenario_seconds(scenario, language) if scenario else 0
    else:
        estimate = content.check_seconds(lesson, language)
    return max(MIN_CAP_SECONDS, CAP_FACTOR * estimate) if estimate else 0


def _seconds_between(earlier: datetime, later: datetime) -> float:
    return max(0.0, (later - earlier).total_seconds())
