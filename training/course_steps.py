"""The built-in course as a sequence of pages: each lesson's sections, scenarios, then its check.

Pure functions of the content and the derived progress, so "next" and "continue where I
stopped" are the same on every device and need nothing stored beyond the activity rows.
"""

from dataclasses import dataclass

from training.course_content import CourseContent
from training.course_progress import AttemptProgress

SECTION = "section"
SCENARIO = "scenario"
CHECK = "check"


@dataclass(frozen=True)
class Step:
    lesson_id: str
    kind: str  # SECTION, SCENARIO or CHECK
    item_id: str = ""  # empty for a lesson's check


@dataclass(frozen=True)
class TextBlock:
    """A paragraph (`items` empty) or a bulleted list (`text` empty)."""

    text: str = ""
    items: tuple[str, ...] = ()


def path_steps(content: CourseContent, lesson_ids: list[str]) -> tuple[Step, ...]:
    """Every page of the path, in the order they are taken."""
    steps: list[Step] = []
    for lesson_id in lesson_ids:
        lesson = content.lesson(lesson_id)
        if lesson is None:
            continue
        steps += [Step(lesson_id, SECTION, s.id) for s in lesson.sections]
        steps += [Step(lesson_id, SCENARIO, s.id) for s in lesson.scenarios]
        steps.append(Step(lesson_id, CHECK))
    return tuple(steps)


def step_after(steps: tuple[Step, ...], step: Step) -> Step | None:
    """The page after `step`, or None after the last check."""
    index = steps.index(step)
    return steps[index + 1] if index + 1 < len(steps) else None


def first_undone(steps: tuple[Step, ...], progress: AttemptProgress) -> Step | None:
    """Where to continue: the first section not read, scenario not answered or check not taken."""
    for step in steps:
        state = progress.lesson(step.lesson_id)
        if step.kind == SECTION and step.item_id not in state.sections_viewed:
            return step
        if step.kind == SCENARIO and step.item_id not in state.scenario_choices:
            return step
        if step.kind == CHECK and state.checks_taken == 0:
            return step
    return None


def text_blocks(text: str) -> tuple[TextBlock, ...]:
    """A lesson text as paragraphs and lists: a blank line parts them, "- " starts an item."""
    blocks: list[TextBlock] = []
    for chunk in text.strip().split("\n\n"):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        paragraph = [line for line in lines if not line.startswith("- ")]
        items = tuple(line[2:].strip() for line in lines if line.startswith("- "))
        if paragraph:
            blocks.append(TextBlock(text=" ".join(paragraph)))
        if items:
            blocks.append(TextBlock(items=items))
    return tuple(blocks)
