"""Concern reports followed up as cases: steps written once, chained, from page and API."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from guests.concern_cases import case_state, concern_case_step
from guests.models import ConcernCaseEntry, ConcernStatus
from hotelcompliance.chain import chain_verify_contents
from tests.db_tools import tamper
from tests.guests.concern_data import make_concern

pytestmark = pytest.mark.django_db


def test_a_new_report_is_a_new_case_owned_by_nobody(hotel_a, sam):
    concern = make_concern(hotel_a, sam)

    state = case_state(concern)

    assert (state.status, state.owner, state.entries) == ("new", None, ())


def test_each_step_is_appended_and_the_latest_one_is_the_state(hotel_a, sam, maria):
    concern = make_concern(hotel_a, sam)

    concern_case_step(
        concern=concern, actor=maria, data={"status": "reviewed", "owner": maria.pk, "note": "Read"}
    )
    concern_case_step(
        concern=concern, actor=maria, data={"status": "referred", "note": "Called the hotline"}
    )

    state = case_state(concern)
    assert state.status == ConcernStatus.REFERRED
    assert state.owner == maria  # a step that leaves the owner out keeps it
    assert [e.status for e in state.entries] == ["reviewed", "referred"]
    assert chain_verify_contents(hotel_a) == []


def test_a_step_that_changes_nothing_or_names_a_stranger_is_refused(
    hotel_a, hotel_b, sam, maria, olga
):
    concern = make_concern(hotel_a, sam)

    with pytest.raises(ValidationError) as nothing:
        concern_case_step(concern=concern, actor=maria, data={"status": "new", "note": "  "})
    with pytest.raises(ValidationError) as stranger:
        concern_case_step(
            concern=concern, actor=maria, data={"status": "reviewed", "owner": olga.pk}
        )
    with pytest.raises(ValidationError) as unknown:
        concern_case_step(concern=concern, actor=maria, data={"status": "lost"})
    with pytest.raises(ValidationError) as front_desk:
        concern_case_step(concern=concern, actor=maria, data={"owner": sam.pk})

    assert "note" in nothing.value.message_dict
    assert "owner" in stranger.value.message_dict and "owner" in front_desk.value.message_dict
    assert "status" in unknown.value.message_dict
    assert not ConcernCaseEntry.objects.exists()


def test_case_steps_are_append_only_in_the_model_and_the_database(hotel_a, sam, maria):
    concern = make_concern(hotel_a, sam)
    step = concern_case_step(
        concern=concern, actor=maria, data={"status": "closed", "note": "Done"}
    )

    with pytest.raises(RuntimeError):
        step.save()
    with pytest.raises(RuntimeError):
        step.delete()
    for statement in (
        "UPDATE guests_concerncaseentry SET note = 'x'",
        "DELETE FROM guests_concerncaseentry",
    ):
        refused = IntegrityError if connection.vendor == "sqlite" else Exception
        with pytest.raises(refused), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert ConcernCaseEntry.objects.get().note == "Done"


def test_a_step_edited_or_deleted_behind_the_chain_is_named(hotel_a, sam, maria):
    concern = make_concern(hotel_a, sam)
    edited = concern_case_step(concern=concern, actor=maria, data={"status": "reviewed"})
    gone = concern_case_step(concern=concern, actor=maria, data={"status": "closed"})

    tamper(
        "UPDATE guests_concerncaseentry SET note = %s WHERE id = %s",
        "nothing happened",
        edited.pk.hex if connection.vendor == "sqlite" else str(edited.pk),
        tables=("guests_concerncaseentry",),
    )
    tamper(
        "DELETE FROM guests_concerncaseentry WHERE id = %s",
        gone.pk.hex if connection.vendor == "sqlite" else str(gone.pk),
        tables=("guests_concerncaseentry",),
    )

    found = chain_verify_contents(hotel_a)
    assert any(f"concern case step {edited.pk}" in p and "changed" in p for p in found)
    assert any(f"concern case step {gone.pk}" in p and "gone" in p for p in found)


def test_the_page_records_a_step_and_the_list_filters_by_status(client, hotel_a, sam, maria):
    first = make_concern(hotel_a, sam)
    second = make_concern(hotel_a, sam, narrative="Another")
    client.force_login(maria)

    page = client.get(reverse("concern_detail", kwargs={"pk": first.pk}))
    assert "Record a step" in page.content.decode()
    done = client.post(
        reverse("concern_case_step", kwargs={"pk": first.pk}),
        {"status": "referred", "owner": str(maria.pk), "note": "Police told"},
    )

    assert done.status_code == 302
    assert case_state(first).status == "referred"
    referred = client.get(reverse("concern_list") + "?status=referred").context["rows"]
    new = client.get(reverse("concern_list") + "?status=new").context["rows"]
    assert [row[0].pk for row in referred] == [first.pk]
    assert [row[0].pk for row in new] == [second.pk]


def test_a_bad_step_on_the_page_shows_field_errors_and_saves_nothing(client, hotel_a, sam, maria):
    concern = make_concern(hotel_a, sam)
    client.force_login(maria)

    response = client.post(
        reverse("concern_case_step", kwargs={"pk": concern.pk}),
        {"status": "new", "owner": "", "note": ""},
    )

    assert response.status_code == 400
    assert "Change the status or the owner, or write a note." in response.content.decode()
    assert not ConcernCaseEntry.objects.exists()


def test_the_api_records_a_step_and_shows_the_case_status(api_as, hotel_a, sam, maria):
    concern = make_concern(hotel_a, sam)
    api = api_as(maria)
    url = f"/api/v1/properties/{hotel_a.pk}/concerns/{concern.pk}/"

    step = api.post(url + "case/", {"status": "reviewed", "note": "Seen"}, format="json")
    bad = api.post(url + "case/", {"status": "lost"}, format="json")

    assert step.status_code == 201 and step.json()["status"] == "reviewed"
    assert bad.status_code == 400 and "status" in bad.json()["fields"]
    assert api.get(url).json()["case_status"] == "reviewed"


def test_the_front_desk_cannot_step_a_case(api_as, hotel_a, sam):
    concern = make_concern(hotel_a, sam)

    response = api_as(sam).post(
        f"/api/v1/properties/{hotel_a.pk}/concerns/{concern.pk}/case/",
        {"status": "closed"},
        format="json",
    )

    assert response.status_code == 403
