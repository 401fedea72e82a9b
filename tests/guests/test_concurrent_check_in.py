import threading

import pytest
from django.db import connection

from guests.models import Registration
from hotelcompliance.chain import chain_verify
from tests.guests.factories import make_registration


@pytest.mark.django_db(transaction=True)
def test_concurrent_check_ins_get_gapless_unique_numbers(hotel_a, sam):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row lock matters on PostgreSQL")
    errors = []
    barrier = threading.Barrier(4)

    def clerk(worker: int) -> None:
        try:
            barrier.wait(timeout=30)
            for n in range(10):
                make_registration(hotel_a, sam, room=f"{worker}{n:02d}")
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    numbers = sorted(Registration.objects.filter(property=hotel_a).values_list("number", flat=True))
    assert numbers == list(range(1, 41))
    assert chain_verify(hotel_a).ok
