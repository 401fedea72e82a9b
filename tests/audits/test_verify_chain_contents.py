"""verify_chain recomputes each records-request step (and the request's scope) from its rows."""

import pytest

from audits import services
from audits.models import RecordsRequestEvent
from hotelcompliance.chain import chain_verify, chain_verify_contents
from tests.audits.factories import file_request
from tests.db_tools import tamper

pytestmark = pytest.mark.django_db

EVENTS = "audits_recordsrequestevent"


def only(found: list[str], needle: str) -> str:
    assert len(found) == 1, found
    assert needle in found[0], found
    return found[0]


def reviewed(prop, inspector, manager):
    request = file_request(prop, inspector)
    services.records_request_review(request=request, actor=manager, reason="Checked the subpoena")
    return request, RecordsRequestEvent.objects.filter(request=request).order_by("at").last()


def test_an_untouched_timeline_verifies(hotel_a, ivan, maria):
    request, _ = reviewed(hotel_a, ivan, maria)
    services.records_request_produce(request=request, actor=maria)

    assert chain_verify_contents(hotel_a) == []


@pytest.mark.parametrize(
    ("column", "value"), [("reason", "Nothing checked"), ("to_status", "withdrawn")]
)
def test_an_edited_step_is_named(hotel_a, ivan, maria, column, value):
    request, step = reviewed(hotel_a, ivan, maria)

    tamper(f"UPDATE {EVENTS} SET {column} = %s WHERE id = %s", value, step.pk.hex, tables=(EVENTS,))

    only(chain_verify_contents(hotel_a), f"records request {request.pk} step {step.pk}")
    assert chain_verify(hotel_a).ok


def test_a_step_given_another_actor_is_named(hotel_a, ivan, maria, sam):
    _, step = reviewed(hotel_a, ivan, maria)

    tamper(
        f"UPDATE {EVENTS} SET actor_id = %s WHERE id = %s", sam.pk, step.pk.hex, tables=(EVENTS,)
    )

    only(chain_verify_contents(hotel_a), f"step {step.pk}")


def test_a_deleted_step_is_named(hotel_a, ivan, maria):
    _, step = reviewed(hotel_a, ivan, maria)

    tamper(f"DELETE FROM {EVENTS} WHERE id = %s", step.pk.hex, tables=(EVENTS,))

    assert "gone" in only(chain_verify_contents(hotel_a), f"step {step.pk}")


def test_a_scope_widened_after_filing_is_named_without_the_names(hotel_a, ivan, maria):
    request, _ = reviewed(hotel_a, ivan, maria)

    tamper(
        "UPDATE audits_recordsrequest SET names = %s WHERE id = %s",
        '["Jane Roe", "John Doe"]',
        request.pk.hex,
    )

    found = chain_verify_contents(hotel_a)
    assert len(found) == 2  # both steps were chained with the scope they saw
    assert all(f"records request {request.pk}" in p for p in found)
    assert "Roe" not in str(found) and "Doe" not in str(found)
