import pytest
from django.db import connection

from guests.models import Registration
from hotelcompliance.chain import chain_verify
from tests.db_tools import run_concurrently
from tests.guests.factories import make_registration


@pytest.mark.django_db(transaction=True)
def test_concurrent_check_ins_get_gapless_unique_numbers(hotel_a, sam):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row lock matters on PostgreSQL")

    def clerk(worker: int) -> None:
        for n in range(10):
            make_registration(hotel_a, sam, room=f"{worker}{n:02d}")

    assert run_concurrently(clerk, 4) == []
    numbers = sorted(Registration.objects.filter(property=hotel_a).values_list("number", flat=True))
    assert numbers == list(range(1, 41))
    assert chain_verify(hotel_a).ok
