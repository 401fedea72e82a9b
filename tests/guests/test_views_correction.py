"""The manager's correction form: one field, a new value and a reason, kept as an amendment."""

import pytest
from django.urls import reverse

from guests.models import Amendment, Registration
from hotelcompliance.chain import chain_verify
from tests.guests.factories import make_registration

pytestmark = pytest.mark.django_db

ID_NUMBER = "D1234-5678-90"


@pytest.fixture
def stay(hotel_a, sam):
    return make_registration(hotel_a, sam, room="101", id_type="passport", id_number=ID_NUMBER)


def url(name, registration):
    return reverse(name, kwargs={"pk": registration.pk})


def test_maria_corrects_a_field_with_a_reason_and_sees_the_history(client, maria, stay, hotel_a):
    client.force_login(maria)

    response = client.post(
        url("registration_correct", stay),
        {"field": "room", "new_value": "102", "reason": "Moved before check-in was typed"},
    )

    assert response.status_code == 302
    assert response["Location"] == url("registration_detail", stay)
    amendment = Amendment.objects.get(registration=stay)
    assert (amendment.field, amendment.old_value, amendment.new_value) == ("room", "101", "102")
    assert amendment.amended_by == maria
    assert Registration.objects.get(pk=stay.pk).room == "102"
    assert chain_verify(hotel_a).ok
    page = client.get(url("registration_detail", stay)).content.decode()
    assert "Moved before check-in was typed" in page
    assert "101 → 102" in page
    assert (maria.get_full_name() or maria.username) in page


def test_an_id_number_correction_shows_only_masked_values(client, maria, stay):
    client.force_login(maria)

    client.post(
        url("registration_correct", stay),
        {"field": "id_number", "new_value": "X9999-0000-11", "reason": "Typo"},
    )

    page = client.get(url("registration_detail", stay)).content.decode()
    assert Amendment.objects.filter(registration=stay, field="id_number").exists()
    assert ID_NUMBER not in page
    assert "X9999-0000-11" not in page


def test_a_correction_without_a_reason_is_refused(client, maria, stay):
    client.force_login(maria)

    response = client.post(
        url("registration_correct", stay), {"field": "room", "new_value": "102", "reason": ""}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Amendment.objects.exists()


def test_a_service_error_shows_beside_the_value(client, maria, stay):
    client.force_login(maria)

    response = client.post(
        url("registration_correct", stay),
        {"field": "adults", "new_value": "0", "reason": "Count was wrong"},
    )

    assert response.status_code == 200
    assert 'id="id_new_value_error"' in response.content.decode()
    assert not Amendment.objects.exists()


def test_a_clerk_may_not_correct(client, sam, stay):
    client.force_login(sam)

    get = client.get(url("registration_correct", stay))
    post = client.post(
        url("registration_correct", stay), {"field": "room", "new_value": "102", "reason": "x"}
    )

    assert (get.status_code, post.status_code) == (403, 403)
    assert not Amendment.objects.exists()
    assert "Correct</a>" not in client.get(url("registration_detail", stay)).content.decode()


def test_another_propertys_manager_gets_a_404(client, olga, stay):
    client.force_login(olga)

    response = client.post(
        url("registration_correct", stay), {"field": "room", "new_value": "102", "reason": "x"}
    )

    assert response.status_code == 404
    assert not Amendment.objects.exists()
