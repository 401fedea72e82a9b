"""The records-request API: who may file, read and answer, and how bad input is refused."""

import pytest
from django.urls import reverse

from audits.models import RecordsRequest
from hotelcompliance.access_log import AccessEvent
from hotelcompliance.outbox import OutboxEvent
from tests.audits.factories import api_body, days_ago, file_request

pytestmark = pytest.mark.django_db


def list_url(prop):
    return reverse("records-request-list", kwargs={"property_pk": prop.pk})


def detail_url(request, verb=""):
    kwargs = {"property_pk": request.property_id, "pk": request.pk}
    if not verb:
        return reverse("records-request-detail", kwargs=kwargs)
    return reverse(f"records-request-{verb}", kwargs=kwargs)


def test_ivan_files_a_request_and_a_hold_is_placed(api_as, hotel_a, ivan):
    response = api_as(ivan).post(list_url(hotel_a), api_body(), format="json")

    assert response.status_code == 201, response.data
    assert response.data["status"] == "received"
    assert response.data["names"] == ["Jane Roe"]
    assert [e["to_status"] for e in response.data["events"]] == ["received"]
    request = RecordsRequest.objects.get()
    assert request.legal_hold.source == f"records_request:{request.pk}"
    assert OutboxEvent.objects.filter(task_name="audits.tasks.notify_managers_of_request").exists()


@pytest.mark.parametrize("who", ["maria", "sam"])
def test_only_inspectors_file(api_as, hotel_a, request, who):
    response = api_as(request.getfixturevalue(who)).post(
        list_url(hotel_a), api_body(), format="json"
    )

    assert response.status_code == 403


def test_another_tenants_property_is_a_404(api_as, hotel_b, ivan):
    response = api_as(ivan).post(list_url(hotel_b), api_body(), format="json")

    assert response.status_code == 404


def test_an_inspector_sees_only_their_own_requests(api_as, hotel_a, ivan, maria):
    from hotelcompliance.roles import Role
    from tests.factories import MembershipFactory, UserFactory

    other = MembershipFactory(
        user=UserFactory(username="irene"),
        property=hotel_a,
        role=Role.INSPECTOR,
        agency="State Police",
        badge_number="SP-9",
    ).user
    mine = file_request(hotel_a, ivan)
    theirs = file_request(hotel_a, other)
    client = api_as(ivan)

    listed = client.get(list_url(hotel_a)).data["results"]

    assert [row["id"] for row in listed] == [str(mine.pk)]
    assert "names" not in listed[0] and listed[0]["names_count"] == 1
    assert client.get(detail_url(theirs)).status_code == 404
    assert client.post(detail_url(theirs, "withdraw"), {}, format="json").status_code == 404


def test_managers_see_every_request_of_the_property(api_as, hotel_a, ivan, maria):
    file_request(hotel_a, ivan)
    file_request(hotel_a, ivan)

    response = api_as(maria).get(list_url(hotel_a))

    assert response.status_code == 200
    assert len(response.data["results"]) == 2


def test_front_desk_sees_no_requests(api_as, hotel_a, ivan, sam):
    request = file_request(hotel_a, ivan)

    assert api_as(sam).get(list_url(hotel_a)).status_code == 403
    assert api_as(sam).get(detail_url(request)).status_code == 403


def test_another_tenants_manager_gets_a_404(api_as, hotel_a, ivan, olga):
    request = file_request(hotel_a, ivan)

    assert api_as(olga).get(detail_url(request)).status_code == 404
    assert api_as(olga).post(detail_url(request, "review"), {}, format="json").status_code == 404


def test_reading_the_names_is_access_logged(api_as, hotel_a, ivan, maria):
    request = file_request(hotel_a, ivan)

    response = api_as(maria).get(detail_url(request))

    assert response.status_code == 200
    event = AccessEvent.objects.get()
    assert (event.actor, event.object_id, event.fields) == (maria, str(request.pk), ["names"])


def test_maria_reviews_and_produces(api_as, hotel_a, ivan, maria):
    request = file_request(hotel_a, ivan)
    client = api_as(maria)

    assert client.post(detail_url(request, "review"), {}, format="json").status_code == 200
    response = client.post(detail_url(request, "produce"), {"reason": "Subpoena checked."})

    assert response.status_code == 200
    assert response.data["status"] == "produced"
    assert response.data["held_until"] is not None
    assert [e["to_status"] for e in response.data["events"]] == [
        "received",
        "under_review",
        "produced",
    ]


def test_maria_objects_with_grounds(api_as, hotel_a, ivan, maria):
    request = file_request(hotel_a, ivan)
    client = api_as(maria)
    client.post(detail_url(request, "review"), {}, format="json")

    missing = client.post(detail_url(request, "object"), {}, format="json")
    response = client.post(detail_url(request, "object"), {"grounds": "Overbroad."}, format="json")

    assert missing.status_code == 400
    assert "grounds" in missing.data["fields"]
    assert response.status_code == 200
    assert response.data["status"] == "objected"


def test_maria_asks_for_clarification(api_as, hotel_a, ivan, maria):
    request = file_request(hotel_a, ivan)

    response = api_as(maria).post(
        detail_url(request, "clarify"), {"question": "Which rooms?"}, format="json"
    )

    assert response.status_code == 200
    assert response.data["status"] == "clarification_requested"


@pytest.mark.parametrize("verb", ["review", "produce", "object", "clarify"])
def test_an_inspector_cannot_answer(api_as, hotel_a, ivan, verb):
    request = file_request(hotel_a, ivan)

    response = api_as(ivan).post(
        detail_url(request, verb), {"grounds": "x", "question": "x"}, format="json"
    )

    assert response.status_code == 403


def test_a_manager_cannot_withdraw(api_as, hotel_a, ivan, maria):
    request = file_request(hotel_a, ivan)

    assert api_as(maria).post(detail_url(request, "withdraw"), {}, format="json").status_code == 403


def test_ivan_withdraws_and_the_hold_is_released(api_as, hotel_a, ivan):
    request = file_request(hotel_a, ivan)

    response = api_as(ivan).post(detail_url(request, "withdraw"), {}, format="json")

    assert response.status_code == 200
    assert response.data["status"] == "withdrawn"
    request.refresh_from_db()
    assert request.legal_hold.released_at is not None


def test_producing_a_withdrawn_request_is_a_409_with_a_message(api_as, hotel_a, ivan, maria):
    request = file_request(hotel_a, ivan)
    api_as(ivan).post(detail_url(request, "withdraw"), {}, format="json")

    response = api_as(maria).post(detail_url(request, "produce"), {}, format="json")

    assert response.status_code == 409
    assert response.data["detail"] == "This request is withdrawn; it cannot be produced now."


def test_the_exigent_path_produces_at_once(api_as, hotel_a, ivan):
    body = api_body(
        legal_basis="exigent_circumstances",
        period_start=days_ago(1),
        period_end=days_ago(0),
        rooms=["101"],
        exigent_reason="Shots fired; suspect seen entering room 101.",
    )

    response = api_as(ivan).post(list_url(hotel_a), body, format="json")

    assert response.status_code == 201, response.data
    assert response.data["status"] == "produced"
    assert OutboxEvent.objects.filter(
        kwargs={"request_id": response.data["id"]},
        task_name="audits.tasks.notify_managers_of_request",
    ).exists()


@pytest.mark.parametrize(
    "body",
    [
        api_body(period_start="2026-13-45"),
        api_body(period_start=days_ago(1).isoformat(), period_end=days_ago(9).isoformat()),
        api_body(period_end=days_ago(-30).isoformat()),
        api_body(deadline="yesterday"),
        api_body(fields=["guest_name", "ssn"]),
        api_body(fields="guest_name"),
        api_body(rooms=[{"no": 1}]),
        api_body(names=["x" * 5000]),
        api_body(names=["nul\x00byte"]),
        api_body(legal_basis=None),
        api_body(legal_basis="exigent_circumstances"),
        api_body(surprise="field"),
        {},
        [],
        "not json",
    ],
)
def test_bad_input_is_a_400_never_a_500(api_as, hotel_a, ivan, body):
    response = api_as(ivan).post(list_url(hotel_a), body, format="json")

    assert response.status_code == 400, response.content
    assert response.data["code"] == "invalid"
    assert RecordsRequest.objects.count() == 0


def test_a_lone_surrogate_is_a_400(api_as, hotel_a, ivan):
    import json

    body = json.dumps(api_body(names=["PLACEHOLDER"])).replace("PLACEHOLDER", "\\ud800")

    response = api_as(ivan).post(list_url(hotel_a), body, content_type="application/json")

    assert response.status_code == 400
    assert RecordsRequest.objects.count() == 0


@pytest.mark.parametrize("pk", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_malformed_or_missing_id_is_a_404(api_as, hotel_a, maria, pk):
    url = f"/api/v1/properties/{hotel_a.pk}/records-requests/{pk}/"

    assert api_as(maria).get(url).status_code == 404
    assert api_as(maria).post(f"{url}review/", {}, format="json").status_code == 404


def test_a_malformed_property_is_a_404(api_as, ivan):
    assert api_as(ivan).get("/api/v1/properties/abc/records-requests/").status_code == 404


def test_no_delete_or_patch(api_as, hotel_a, ivan, maria):
    request = file_request(hotel_a, ivan)

    assert api_as(maria).delete(detail_url(request)).status_code == 405
    assert api_as(maria).patch(detail_url(request), {}, format="json").status_code == 405


def test_anonymous_callers_are_refused(api, hotel_a):
    assert api.get(list_url(hotel_a)).status_code in (401, 403)


def test_names_never_appear_in_any_url(hotel_a, ivan):
    from django.urls import get_resolver

    from tests.audits.routes import ROUTES

    request = file_request(hotel_a, ivan, names=["Jane Roe"])
    urls = [detail_url(request, verb) for verb in ("", "review", "produce", "withdraw")]
    urls += [list_url(hotel_a), detail_url(request, "object"), detail_url(request, "clarify")]

    assert all("Jane" not in url and "Roe" not in url for url in urls)
    patterns = str(get_resolver().reverse_dict.getlist("records-request-detail"))
    assert "name" not in patterns.replace("url_name", "")
    assert set(ROUTES) >= {"records-request-list", "records-request-detail"}
