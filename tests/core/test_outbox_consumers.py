"""Every task an outbox event names is a wrapped consumer, so it settles its event.

An unwrapped consumer would never mark its event processed: the relay would send it again
every OUTBOX_REDISPATCH_SECONDS until it gave up, running the work up to
OUTBOX_MAX_DISPATCHES times. The task names are found in the source (every
`outbox_enqueue(...)` call), so a new kind of event cannot be forgotten here.
"""

import ast
import importlib
from pathlib import Path

from celery import shared_task
from django.conf import settings

from hotelcompliance.celery import app

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "tests", "var", "node_modules", "migrations"}


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if SKIP & set(parts) or len(parts) < 2:
            continue
        module = ".".join(parts)[: -len(".py")].removesuffix(".__init__")
        found.append((module, ast.parse(path.read_text(), filename=str(path))))
    return found


def outbox_task_names() -> dict[str, str]:
    """Task name -> where it is enqueued, for every `outbox_enqueue` call in the product."""
    names: dict[str, str] = {}
    for module, tree in _modules():
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call) and getattr(node.func, "id", "") == "outbox_enqueue"
            ):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant):
                name = first.value
            else:  # a module constant such as BUILD_TASK
                name = eval(  # noqa: S307 (a name from our own source, in its own module)
                    compile(ast.Expression(first), module, "eval"),
                    vars(importlib.import_module(module)),
                )
            names[name] = f"{module}:{node.lineno}"
    return names


def unwrapped_consumers(names) -> list[str]:
    """The names among `names` whose task is missing or not wrapped by consumes_outbox(_until)."""
    for config in ("guests", "training", "audits", "hotelcompliance"):
        importlib.import_module(f"{config}.tasks")
    tasks = app.tasks
    return sorted(
        name
        for name in names
        if name not in tasks or not getattr(tasks[name].run, "consumes_outbox", False)
    )


def test_the_scan_finds_every_kind_of_outbox_event():
    names = outbox_task_names()

    assert {
        "guests.tasks.notify_managers_of_concern",
        "audits.tasks.notify_managers_of_request",
        "audits.tasks.remind_managers_of_exigent_review",
        "audits.tasks.build_report",
        "training.tasks.send_property_reminders",
    } <= set(names)


def test_every_task_an_outbox_event_names_consumes_it_once():
    names = outbox_task_names()

    assert unwrapped_consumers(names) == [], {n: names[n] for n in unwrapped_consumers(names)}


def test_beat_tasks_that_only_enqueue_are_not_consumers():
    """The exigent-review sweep queues reminders; the reminder itself is the consumer."""
    beat = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "audits.tasks.remind_overdue_exigent_reviews" in beat
    assert "audits.tasks.remind_overdue_exigent_reviews" not in outbox_task_names()
    assert unwrapped_consumers(["audits.tasks.remind_managers_of_exigent_review"]) == []


@shared_task(name="tests.core.unwrapped_consumer")
def _unwrapped(thing_id: int) -> int:
    return thing_id


def test_an_unwrapped_consumer_is_named():
    assert unwrapped_consumers(["tests.core.unwrapped_consumer", "no.such.task"]) == [
        "no.such.task",
        "tests.core.unwrapped_consumer",
    ]
