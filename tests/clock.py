"""The one clock every test runs on: a fixed instant, so no test passes today and fails tomorrow.

`frozen_clock` (autouse, in `tests/conftest.py`) starts every test at `FROZEN_AT` and lets it
tick from there, so durations and ordering still behave while the date never depends on the
day the suite runs. A test that needs another moment says so with
`@pytest.mark.clock("2027-01-01T04:59:59+00:00")` (or moves the clock itself with the
`frozen_clock` traveller: `frozen_clock.move_to(...)`). `tests/core/test_clock.py` checks that
no test module reads the wall clock around it.
"""

from datetime import UTC, datetime

import time_machine

# A Monday afternoon in June, in Connecticut's daylight-saving time (10:30 local): far from
# month ends, DST changes and the October 1 certification date, which tests reach on purpose.
FROZEN_AT = datetime(2026, 6, 15, 14, 30, tzinfo=UTC)


def start_at(when: str | datetime | None) -> datetime:
    """The instant a test starts at: its `clock` marker's, or `FROZEN_AT`."""
    if when is None:
        return FROZEN_AT
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    if when.tzinfo is None:
        raise ValueError("Give the clock marker an aware instant (with its UTC offset).")
    return when


def travel(when: str | datetime | None = None, *, tick: bool = True) -> time_machine.travel:
    """A time-machine travel to `when` (default `FROZEN_AT`), ticking unless told not to."""
    return time_machine.travel(start_at(when), tick=tick)
