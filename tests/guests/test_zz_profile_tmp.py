import cProfile
import pstats

import pytest

from guests.pms_import import registrations_import
from tests.guests.pms_csv import pms_csv, pms_row, upload

pytestmark = pytest.mark.django_db


def test_profile(hotel_a, maria):
    rows = [pms_row(hotel_a, n) for n in range(3000)]
    assert registrations_import(prop=hotel_a, actor=maria, file=upload(pms_csv(rows))).ok
    for n in range(0, 3000, 20):
        rows[n]["room"] = "999"
    content = pms_csv(rows)
    prof = cProfile.Profile()
    prof.enable()
    result = registrations_import(prop=hotel_a, actor=maria, file=upload(content))
    prof.disable()
    assert result.ok
    pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
