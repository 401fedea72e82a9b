"""Where an employee is in a course attempt, derived from its activity rows.

Nothing here is stored: like training status, progress is computed from what happened
(`CourseActivity`), so the page on a second device shows exactly what the first one did.

Scores: each lesson counts its best knowledge check (retakes can only help); the attempt's
score is the share of the path's questions answered right in those best checks.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from training.course_content import CourseContent
from training.models import CourseActivity, CourseAttempt


@dataclass(frozen=True)
class LessonState:
    lesson_id: str
    sections_viewed: frozenset[str]
    # scenario id -> the option last chosen
    scenario_choices: Mapping[str, str] = field(hash=False)
    missing_sections: tuple[str, ...]
    missing_scenarios: tuple[str, ...]
    checks_taken: int
    best_correct: int | None
    questions: int

    @property
    def done(self) -> bool:
        """Every section read, every scenario answered, the check taken at least once."""
        return not self.missing_sections and not self.missing_scenarios and self.checks_taken > 0

    @property
    def best_percent(self) -> int | None:
        if self.best_correct is None:
            return None
        return math.floor(self.best_correct * 100 / self.questions)


@dataclass(frozen=True)
class AttemptProgress:
    lessons: tuple[LessonState, ...]
    pass_mark: int

    @property
    def correct(self) -> int:
        return sum(lesson.best_correct or 0 for lesson in self.lessons)

    @property
    def questions(self) -> int:
        return sum(lesson.questions for lesson in self.lessons)

    @property
    def score_percent(self) -> int:
        """Rounded down, so 79.9 % never shows as a pass of 80 %."""
        return math.floor(self.correct * 100 / self.questions) if self.questions else 0

    @property
    def meets_pass_mark(self) -> bool:
        return self.correct * 100 >= self.pass_mark * self.questions

    @property
    def done(self) -> bool:
        return all(lesson.done for lesson in self.lessons)

    @property
    def not_done(self) -> tuple[str, ...]:
        return tuple(lesson.lesson_id for lesson in self.lessons if not lesson.done)

    @property
    def next_lesson(self) -> str:
        """The first lesson not yet done, or "" when all are."""
        return next(iter(self.not_done), "")

    def lesson(self, lesson_id: str) -> LessonState:
        return next(lesson for lesson in self.lessons if lesson.lesson_id == lesson_id)


def attempt_progress(
    attempt: CourseAttempt,
    content: CourseContent,
    activity: Iterable[CourseActivity] | None = None,
) -> AttemptProgress:
    """Each lesson of the attempt's path with what is done and what is missing."""
    rows = list(attempt.activity.all()) if activity is None else list(activity)
    lessons = []
    for lesson_id in attempt.lesson_ids:
        lesson = content.known_lesson(lesson_id)
        mine = [row for row in rows if row.lesson_id == lesson_id]
        viewed = frozenset(r.item_id for r in mine if r.kind == CourseActivity.Kind.SECTION)
        choices = {
            r.item_id: r.answer[0]
            for r in mine
            if r.kind == CourseActivity.Kind.SCENARIO_ANSWER and r.answer
        }
        checks = [r.correct for r in mine if r.kind == CourseActivity.Kind.CHECK_ANSWER]
        scores = [correct for correct in checks if correct is not None]
        lessons.append(
            LessonState(
                lesson_id=lesson_id,
                sections_viewed=viewed,
                scenario_choices=MappingProxyType(choices),
                missing_sections=tuple(s.id for s in lesson.sections if s.id not in viewed),
                missing_scenarios=tuple(s.id for s in lesson.scenarios if s.id not in choices),
                checks_taken=len(checks),
                best_correct=max(scores) if scores else None,
                questions=len(lesson.questions),
            )
        )
    return AttemptProgress(lessons=tuple(lessons), pass_mark=content.pass_mark)
