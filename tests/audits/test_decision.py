"""The neutral decision on an objection: upheld closes the request, overruled sends it back."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits.models import ObjectionDecision, RecordsRequestDocument, RequestStatus
from audits.request_steps import TransitionNotAllowed
from audits.services import (
    records_request_decide,
    records_request_object,
    records_request_produce,
    records_request_review,
)
from hotelcompliance.holds import active_holds
from tests.audits.factories import days_ago, file_request
from tests.audits.files import HTML, audit_media, pdf_bytes, stored_files, upload  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("audit_media")]


def objected(hotel_a, ivan, maria):
    rr = file_request(hotel_a, ivan)
    records_request_review(request=rr, actor=maria)
    records_request_object(request=rr, actor=maria, grounds="The subpoena names no offence.")
    return rr


def decide_url(rr):
    return reverse("records-request-decide", kwargs={"property_pk": rr.property_id, "pk": rr.pk})


def body(**overrides):
    data = {
        "outcome": "objection_overruled",
        "decided_by": "Hartford Superior Court, Judge Doe",
        "decided_on": days_ago(1).isoformat(),
        "reference": "HHD-CV26-0001",
    }
    data.update(overrides)
    return data


def test_overruled_goes_back_under_review_and_the_hotel_produces(api_as, hotel_a, ivan, maria):
    rr = objected(hotel_a, ivan, maria)

    response = api_as(maria).post(decide_url(rr), body(), format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "under_review"
    decision = response.json()["decisions"][0]
    assert decision["outcome"] == "objection_overruled"
    assert decision["reference"] == "HHD-CV26-0001"
    events = response.json()["events"]
    assert (events[-1]["from_status"], events[-1]["to_status"]) == ("objected", "under_review")
    assert "Hartford Superior Court" in events[-1]["reason"]
    assert active_holds(hotel_a).filter(source=f"records_request:{rr.pk}").exists()
    rr.refresh_from_db()
    records_request_produce(request=rr, actor=maria)
    rr.refresh_from_db()
    assert rr.status == RequestStatus.PRODUCED


def test_upheld_closes_the_request_and_releases_its_hold(api_as, hotel_a, ivan, maria):
    rr = objected(hotel_a, ivan, maria)

    response = api_as(maria).post(decide_url(rr), body(outcome="objection_upheld"), format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "closed"
    assert not active_holds(hotel_a).filter(source=f"records_request:{rr.pk}").exists()
    rr.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        records_request_produce(request=rr, actor=maria)
    assert ivan.pk  # the inspector gets nothing: no grant
    assert not rr.grant_active()


def test_a_decision_document_is_kept_with_the_decision(api_as, hotel_a, ivan, maria):
    rr = objected(hotel_a, ivan, maria)

    response = api_as(maria).post(
        decide_url(rr), {**body(), "document": upload("order.pdf", pdf_bytes())}, format="multipart"
    )

    assert response.status_code == 200, response.json()
    document = RecordsRequestDocument.objects.get()
    assert document.kind == "decision"
    assert ObjectionDecision.objects.get().document == document
    assert response.json()["decisions"][0]["document"] == str(document.pk)


def test_a_bad_decision_document_saves_nothing(api_as, hotel_a, ivan, maria, settings):
    rr = objected(hotel_a, ivan, maria)

    response = api_as(maria).post(
        decide_url(rr), {**body(), "document": upload("order.pdf", HTML)}, format="multipart"
    )

    assert response.status_code == 400
    assert "document" in response.json()["fields"]
    rr.refresh_from_db()
    assert rr.status == RequestStatus.OBJECTED
    assert not ObjectionDecision.objects.exists()
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


@pytest.mark.parametrize("missing", ["outcome", "decided_by", "decided_on", "reference"])
def test_a_missing_field_is_a_400(api_as, hotel_a, ivan, maria, missing):
    rr = objected(hotel_a, ivan, maria)
    data = body()
    del data[missing]

    response = api_as(maria).post(decide_url(rr), data, format="json")

    assert response.status_code == 400
    assert missing in response.json()["fields"]
    rr.refresh_from_db()
    assert rr.status == RequestStatus.OBJECTED


def test_a_decision_dated_in_the_future_is_a_400(api_as, hotel_a, ivan, maria):
    rr = objected(hotel_a, ivan, maria)
    tomorrow = hotel_a.today() + timedelta(days=1)

    response = api_as(maria).post(
        decide_url(rr), body(decided_on=tomorrow.isoformat()), format="json"
    )

    assert response.status_code == 400
    assert "future" in response.json()["fields"]["decided_on"][0]


def test_a_decision_out_of_order_is_a_409(api_as, hotel_a, ivan, maria):
    rr = file_request(hotel_a, ivan)
    records_request_review(request=rr, actor=maria)

    response = api_as(maria).post(decide_url(rr), body(), format="json")

    assert response.status_code == 409
    assert "objected" in response.json()["detail"]


def test_a_second_decision_is_a_409(api_as, hotel_a, ivan, maria):
    rr = objected(hotel_a, ivan, maria)
    api_as(maria).post(decide_url(rr), body(outcome="objection_upheld"), format="json")

    response = api_as(maria).post(decide_url(rr), body(), format="json")

    assert response.status_code == 409
    assert ObjectionDecision.objects.count() == 1


@pytest.mark.parametrize("who", ["ivan", "sam"])
def test_only_managers_record_decisions(api_as, hotel_a, ivan, maria, request, who):
    rr = objected(hotel_a, ivan, maria)

    response = api_as(request.getfixturevalue(who)).post(decide_url(rr), body(), format="json")

    assert response.status_code == 403


def test_another_propertys_manager_gets_a_404(api_as, hotel_a, ivan, maria, olga):
    rr = objected(hotel_a, ivan, maria)

    response = api_as(olga).post(decide_url(rr), body(), format="json")

    assert response.status_code == 404


def test_the_service_names_every_bad_field(hotel_a, ivan, maria):
    rr = objected(hotel_a, ivan, maria)

    with pytest.raises(ValidationError) as caught:
        records_request_decide(
            request=rr,
            actor=maria,
            outcome="maybe",
            decided_by=" ",
            decided_on=None,
            reference="x\ny",
        )

    assert set(caught.value.message_dict) == {"outcome", "decided_by", "decided_on", "reference"}
