"""Find the places in a test module that would read the wall clock instead of the tests' clock.

`tests/core/test_clock.py` runs this over every module under `tests/`. Two things are flagged:

- a clock read evaluated when the module is imported (module or class level, a default
  argument, a decorator's argument): modules imported before the collection clock starts
  (the conftest's own imports) would see the day the suite runs;
- `real_clock` (the frozen clock's opt-out) outside the fault stacks, whose servers run on the
  machine's clock.

A line ending with `# clock-check: on purpose` is let through (`tests/core/test_clock.py`
reads the date at import to prove the collection clock is frozen). Inside a test function
every read is frozen by the autouse `frozen_clock` fixture.
"""

import ast
from collections.abc import Iterator
from dataclasses import dataclass

# `<owner>.<name>()` reads the wall clock for these owners (the last name of the dotted owner).
CLOCK_READS = {
    "datetime": {"now", "utcnow", "today"},
    "date": {"today"},
    "time": {"time", "time_ns", "localtime", "gmtime", "ctime"},
    "timezone": {"now", "localdate", "localtime"},
}
# These read the clock only when given no instant (`timezone.localdate(at)` converts `at`).
CONVERTERS = {"localdate", "localtime", "gmtime", "ctime"}
# A line ending with this comment reads the clock on import on purpose (and says why).
ON_PURPOSE = "# clock-check: on purpose"


@dataclass(frozen=True)
class ClockProblem:
    line: int
    what: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.what}"


def _owner_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _clock_call(node: ast.AST) -> str:
    """`datetime.now` when `node` is such a call, else ''."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return ""
    owner = _owner_name(node.func.value)
    given = node.args or any(keyword.arg == "value" for keyword in node.keywords)
    if node.func.attr in CONVERTERS and given:
        return ""  # converts the instant it is given: no clock read
    if node.func.attr in CLOCK_READS.get(owner, set()):
        return f"{owner}.{node.func.attr}()"
    return ""


def _import_time_nodes(tree: ast.Module) -> Iterator[ast.AST]:
    """Every node evaluated on import: all but the bodies of functions and lambdas."""
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            pending.extend(node.decorator_list)
            pending.extend(node.args.defaults)
            pending.extend(d for d in node.args.kw_defaults if d is not None)
        elif isinstance(node, ast.Lambda):
            pending.extend(node.args.defaults)
            pending.extend(d for d in node.args.kw_defaults if d is not None)
        else:
            pending.extend(ast.iter_child_nodes(node))


def wall_clock_problems(source: str, *, may_use_real_clock: bool = False) -> list[ClockProblem]:
    """What in `source` (a test module's text) reads the wall clock, in line order."""
    tree = ast.parse(source)
    lines = source.splitlines()
    problems = [
        ClockProblem(node.lineno, f"{call} runs on import, outside the frozen clock")
        for node in _import_time_nodes(tree)
        if (call := _clock_call(node))
        and isinstance(node, ast.Call)
        and not lines[node.lineno - 1].rstrip().endswith(ON_PURPOSE)
    ]
    if not may_use_real_clock:
        problems += [
            ClockProblem(node.lineno, "opts out of the frozen clock (real_clock)")
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "real_clock"
        ]
    return sorted(problems, key=lambda problem: problem.line)
