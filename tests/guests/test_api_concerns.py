"""The concerns API: the desk and managers report, only managers read, nothing is changed."""

import pytest
from django.urls import reverse

from guests.models import ConcernReport
from hotelcompliance.celery import app
from hotelcompliance.chain import ChainEntry
from hotelcompliance.outbox import OutboxEvent
from tests.guests.concern_data import NARRATIVE, concern_data, make_concern
from tests.guests.factories import make_registration

pytestmark = pytest.mark.django_db


def list_url(prop) -> str:
    return reverse("concern-list", kwargs={"property_pk": prop.pk})


def detail_url(prop, concern) -> str:
    return reverse("concern-detail", kwargs={"property_pk": prop.pk, "pk": concern.pk})


def counts() -> tuple[int, int, int]:
    return ConcernReport.objects.count(), ChainEntry.objects.count(), OutboxEvent.objects.count()


@pytest.mark.parametrize("who", ["sam", "maria"])
def test_the_desk_and_managers_report_a_concern(api_as, hotel_a, who, request):
    user = request.getfixturevalue(who)

    response = api_as(user).post(list_url(hotel_a), concern_data(), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    concern = ConcernReport.objects.get()
    assert body["id"] == str(concern.pk)
    assert body["indicator_groups"] == ["condition", "control"]
    assert body["reported_by"] == user.username
    assert OutboxEvent.objects.get().kwargs == {"concern_id": str(concern.pk)}


def test_a_concern_about_a_stay(api_as, hotel_a, sam):
    stay = make_registration(hotel_a, sam)

    response = api_as(sam).post(
        list_url(hotel_a), concern_data(registration=str(stay.pk)), format="json"
    )

    assert response.status_code == 201
    assert response.json()["registration"] == str(stay.pk)


def test_the_request_succeeds_with_the_broker_unreachable(api_as, hotel_a, sam):
    good_url = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        response = api_as(sam).post(list_url(hotel_a), concern_data(), format="json")
    finally:
        app.conf.broker_url = good_url

    assert response.status_code == 201
    event = OutboxEvent.objects.get()
    assert event.dispatched_at is None and event.attempts == 0


def test_a_manager_lists_and_reads_concerns(api_as, hotel_a, sam, maria):
    first = make_concern(hotel_a, sam)
    second = make_concern(hotel_a, sam, narrative="second")
    client = api_as(maria)

    listing = client.get(list_url(hotel_a))
    detail = client.get(detail_url(hotel_a, first))

    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [str(second.pk), str(first.pk)]
    assert detail.status_code == 200
    assert detail.json()["narrative"] == NARRATIVE


@pytest.mark.parametrize("who", ["sam", "ivan"])
def test_the_desk_and_inspectors_may_not_read_concerns(api_as, hotel_a, sam, who, request):
    concern = make_concern(hotel_a, sam)
    client = api_as(request.getfixturevalue(who))

    assert client.get(list_url(hotel_a)).status_code == 403
    assert client.get(detail_url(hotel_a, concern)).status_code == 403


def test_an_inspector_may_not_report(api_as, hotel_a, ivan):
    response = api_as(ivan).post(list_url(hotel_a), concern_data(), format="json")

    assert response.status_code == 403
    assert counts() == (0, 0, 0)


def test_another_tenant_gets_a_404(api_as, hotel_a, sam, olga):
    concern = make_concern(hotel_a, sam)
    client = api_as(olga)

    assert client.get(list_url(hotel_a)).status_code == 404
    assert client.get(detail_url(hotel_a, concern)).status_code == 404
    assert client.post(list_url(hotel_a), concern_data(), format="json").status_code == 404


def test_a_concern_from_another_property_is_a_404_under_mine(api_as, hotel_a, hotel_b, maria, olga):
    theirs = make_concern(hotel_b, olga)

    response = api_as(maria).get(detail_url(hotel_a, theirs))

    assert response.status_code == 404
    assert "speaks" not in response.content.decode()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_concern_cannot_be_changed_or_deleted(api_as, hotel_a, sam, maria, method):
    concern = make_concern(hotel_a, sam)

    response = getattr(api_as(maria), method)(
        detail_url(hotel_a, concern), {"narrative": "edited"}, format="json"
    )

    assert response.status_code == 405
    assert ConcernReport.objects.get().narrative == NARRATIVE


BAD_BODIES = [
    ("indicators", {"indicators": ["condition.made_up"]}),
    ("indicators", {"indicators": "condition.fear"}),
    ("indicators", {"indicators": [{"code": "condition.fear"}]}),
    ("indicators", {"indicators": [], "narrative": ""}),
    ("hotline_reference", {"action_taken": ["hotline_called"], "hotline_reference": ""}),
    ("hotline_reference", {"action_taken": ["hotline_called"], "hotline_reference": "x" * 10_000}),
    ("hotline_reference", {"hotline_reference": "a\nb"}),
    ("hotline_reference", {"hotline_reference": 7}),
    ("narrative", {"narrative": "x" * 100_000}),
    ("narrative", {"narrative": "nul\x00byte"}),
    ("narrative", {"narrative": "bell\x07"}),
    ("narrative", {"narrative": ["a"]}),
    ("action_taken", {"action_taken": "police"}),
    ("action_taken", {"action_taken": None}),
    ("registration", {"registration": "not-a-uuid"}),
    ("registration", {"registration": "00000000-0000-0000-0000-000000000000"}),
    ("reported_by", {"reported_by": 1}),
]


@pytest.mark.parametrize(("field", "overrides"), BAD_BODIES, ids=[f for f, _ in BAD_BODIES])
def test_bad_input_is_a_400_naming_the_field_and_saves_nothing(
    api_as, hotel_a, sam, field, overrides
):
    response = api_as(sam).post(list_url(hotel_a), concern_data(**overrides), format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert counts() == (0, 0, 0)


def test_another_propertys_stay_is_a_field_error_not_a_leak(api_as, hotel_a, hotel_b, sam, olga):
    theirs = make_registration(hotel_b, olga, guest_name="Olga's Guest")

    response = api_as(sam).post(
        list_url(hotel_a), concern_data(registration=str(theirs.pk)), format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"registration": ["No such registration at this property."]}
    assert "Olga" not in response.content.decode()
    assert counts() == (0, 1, 0)  # only the other property's check-in is chained


@pytest.mark.parametrize("body", ['{"indicators": ', "[1, 2]", '"text"', "null", "\x00"], ids=str)
def test_malformed_json_is_a_400(api_as, hotel_a, sam, body):
    response = api_as(sam).post(list_url(hotel_a), body, content_type="application/json")

    assert response.status_code == 400
    assert ConcernReport.objects.count() == 0
