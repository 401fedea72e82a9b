"""Racing upserts of one PMS reference end as one stay (PostgreSQL: real concurrent writers)."""

import pytest
from django.db import connection

from guests.models import Registration
from guests.sync import registration_sync
from hotelcompliance.chain import chain_verify
from tests.db_tools import run_concurrently
from tests.guests.factories import checkin_data


@pytest.mark.django_db(transaction=True)
def test_racing_upserts_of_one_reference_create_one_stay(hotel_a, maria):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the race needs PostgreSQL")
    data = checkin_data(hotel_a)
    outcomes = []

    def pms(worker: int) -> None:
        result = registration_sync(prop=hotel_a, actor=maria, external_ref="RACE-1", data=data)
        outcomes.append(result.outcome.value)

    assert run_concurrently(pms, 4) == []
    assert Registration.objects.filter(property=hotel_a, external_ref="RACE-1").count() == 1
    assert sorted(outcomes) == ["created", "unchanged", "unchanged", "unchanged"]
    assert chain_verify(hotel_a).ok
