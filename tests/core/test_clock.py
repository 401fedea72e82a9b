"""Every test runs on the tests' clock, never the day the suite happens to run."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests import clock
from tests.wall_clock import wall_clock_problems

TESTS = Path(__file__).resolve().parents[1]
# Only tests that drive other processes (which run on the machine's clock) may opt out.
REAL_CLOCK_ALLOWED = {TESTS / "faults"}
# Read while the module is imported, to prove the collection clock is frozen.
COLLECTED_TODAY = date.today()  # clock-check: on purpose


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


def _clock_problems_by_module():
    for path in sorted(TESTS.rglob("*.py")):
        may_use_real_clock = path.name == "conftest.py" or any(
            allowed in path.parents for allowed in REAL_CLOCK_ALLOWED
        )
        problems = wall_clock_problems(path.read_text(), may_use_real_clock=may_use_real_clock)
        if problems:
            yield str(path.relative_to(TESTS)), [str(problem) for problem in problems]


def test_no_test_module_reads_the_wall_clock():
    offenders = dict(_clock_problems_by_module())
    assert offenders == {}, (
        "These test modules read the wall clock on import or opt out of the frozen clock; "
        "read the clock inside a test (the frozen clock covers it) or freeze time instead "
        "(tests/clock.py explains how)."
    )


@pytest.mark.parametrize(
    "snippet",
    [
        "from datetime import date\nTODAY = date.today()\n",
        "import datetime\nSTART = datetime.datetime.now()\n",
        "import time\nSTAMP = time.time()\n",
        "from django.utils import timezone\nclass Case:\n    at = timezone.now()\n",
        "from datetime import date\ndef test_x(day=date.today()):\n    pass\n",
        "import pytest, datetime\n@pytest.mark.parametrize('d', [datetime.date.today()])\n"
        "def test_x(d):\n    pass\n",
        "import pytest\npytestmark = pytest.mark.real_clock\n",
        "import pytest\n@pytest.mark.real_clock\ndef test_x():\n    pass\n",
    ],
)
def test_the_check_flags_a_wall_clock_read(snippet):
    assert wall_clock_problems(snippet) != []


@pytest.mark.parametrize(
    "snippet",
    [
        "from datetime import date\ndef test_x():\n    assert date.today()\n",
        "from django.utils import timezone\nlater = lambda: timezone.now()\n",
        "from datetime import date\nDAY = date(2026, 6, 15)\n",
        "from django.utils import timezone\nfrom tests import clock\n"
        "DAY = timezone.localdate(clock.FROZEN_AT)\n",
        "from datetime import date\nTODAY = date.today()  # clock-check: on purpose\n",
    ],
)
def test_the_check_lets_frozen_reads_through(snippet):
    assert wall_clock_problems(snippet) == []


def test_the_fault_stacks_may_run_on_the_machines_clock():
    snippet = "import pytest\npytestmark = pytest.mark.real_clock\n"
    assert wall_clock_problems(snippet, may_use_real_clock=True) == []
