"""Every test runs on the tests' clock, never the day the suite happens to run."""

import ast
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests import clock

TESTS = Path(__file__).resolve().parents[1]
# Only tests that drive other processes (which run on the machine's clock) may opt out.
REAL_CLOCK_ALLOWED = {TESTS / "faults"}
COLLECTED_TODAY = date.today()  # read while the module is imported: the collection clock


def test_a_test_starts_at_the_frozen_instant():
    assert timezone.now() - clock.FROZEN_AT < timedelta(minutes=5)
    assert timezone.now() >= clock.FROZEN_AT


def test_values_computed_at_import_see_the_frozen_date():
    assert clock.FROZEN_AT.date() == COLLECTED_TODAY


@pytest.mark.clock("2028-02-29T23:59:59+00:00", tick=False)
def test_a_clock_marker_moves_the_start():
    assert timezone.now().isoformat() == "2028-02-29T23:59:59+00:00"


def test_the_traveller_can_move_the_clock(frozen_clock):
    frozen_clock.move_to("2027-01-01T05:00:00+00:00")
    assert timezone.localdate(timezone=clock.FROZEN_AT.tzinfo) == date(2027, 1, 1)


def _modules_marked_real_clock():
    for path in sorted(TESTS.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "real_clock":
                yield path
                break


def test_only_the_fault_stacks_run_on_the_machines_clock():
    offenders = [
        str(path.relative_to(TESTS))
        for path in _modules_marked_real_clock()
        if path != Path(__file__).resolve()
        and path.name != "conftest.py"
        and not any(allowed in path.parents for allowed in REAL_CLOCK_ALLOWED)
    ]
    assert offenders == [], (
        "These test modules opt out of the frozen clock; freeze time instead "
        "(tests/clock.py explains how)."
    )
