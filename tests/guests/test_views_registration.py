"""A registration's page: masked ID, the logged reveal, check-out, and tenant scoping."""

import pytest
from django.urls import reverse

from guests.models import Registration
from hotelcompliance.access_log import AccessEvent, AccessKind
from tests.guests.factories import make_registration

pytestmark = pytest.mark.django_db

ID_NUMBER = "D1234-5678-90"


@pytest.fixture
def stay(hotel_a, sam):
    return make_registration(hotel_a, sam, id_type="drivers_licence", id_number=ID_NUMBER)


def url(name, registration):
    return reverse(name, kwargs={"pk": registration.pk})


def test_it_shows_the_stay_with_the_id_number_masked(client, sam, stay):
    client.force_login(sam)

    response = client.get(url("registration_detail", stay))

    page = response.content.decode()
    assert response.status_code == 200
    assert f"Registration #{stay.number}" in page
    assert "Ada Lovelace" in page
    assert stay.id_number_masked() in page
    assert ID_NUMBER not in page
    assert "no-store" in response["Cache-Control"]


def test_a_clerk_sees_no_reveal_form_and_may_not_reveal(client, sam, stay):
    client.force_login(sam)

    page = client.get(url("registration_detail", stay)).content.decode()
    response = client.post(url("registration_reveal_id", stay), {"reason": "Guest asked"})

    assert "Reveal ID number" not in page
    assert response.status_code == 403
    assert ID_NUMBER not in response.content.decode()
    assert not AccessEvent.objects.filter(kind=AccessKind.VIEW_UNMASKED).exists()


def test_a_manager_reveals_the_id_number_with_a_reason_and_it_is_logged(client, maria, stay):
    client.force_login(maria)
    assert "Reveal ID number" in client.get(url("registration_detail", stay)).content.decode()

    response = client.post(
        url("registration_reveal_id", stay), {"reason": "Police request, case 2026-17"}
    )

    assert response.status_code == 200
    assert ID_NUMBER in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AccessEvent.objects.get(kind=AccessKind.VIEW_UNMASKED)
    assert (event.object_type, event.object_id) == ("registration", str(stay.pk))
    assert event.fields == ["id_number"]
    assert event.reason == "Police request, case 2026-17"
    assert event.actor == maria
    # Shown on that response only: the page read again is masked.
    assert ID_NUMBER not in client.get(url("registration_detail", stay)).content.decode()


@pytest.mark.parametrize("reason", ["", "   ", "why", "x" * 501, "line\nbreak", "nul\x00byte"])
def test_a_reveal_without_a_proper_reason_is_refused_and_not_logged(client, maria, stay, reason):
    client.force_login(maria)

    response = client.post(url("registration_reveal_id", stay), {"reason": reason})

    assert response.status_code == 200
    assert response.context["reveal_form"].errors["reason"]
    assert ID_NUMBER not in response.content.decode()
    # The page shown again (masked) is a read like any other; nothing was revealed.
    assert not AccessEvent.objects.filter(kind=AccessKind.VIEW_UNMASKED).exists()
    assert AccessEvent.objects.get().kind == AccessKind.VIEW


def test_a_reveal_is_a_post_only(client, maria, stay):
    client.force_login(maria)

    assert client.get(url("registration_reveal_id", stay)).status_code == 405


def test_check_out_records_the_time_once(client, sam, stay):
    client.force_login(sam)

    response = client.post(url("registration_checkout", stay))

    assert response.status_code == 302
    assert response["Location"] == url("registration_detail", stay)
    assert Registration.objects.get().checked_out_at is not None
    assert "Registration 1 checked out." in client.get(response["Location"]).content.decode()


def test_a_second_check_out_says_so_instead_of_failing(client, sam, stay):
    client.force_login(sam)
    client.post(url("registration_checkout", stay))
    first = Registration.objects.get().checked_out_at

    response = client.post(url("registration_checkout", stay), follow=True)

    assert response.status_code == 200
    assert "already been checked out" in response.content.decode()
    assert Registration.objects.get().checked_out_at == first


def test_check_out_from_the_desk_returns_to_the_desk(client, sam, stay):
    client.force_login(sam)

    response = client.post(url("registration_checkout", stay), {"return_to": "desk"})

    # Without a page or a row to return to (tests/guests/test_desk_paging.py): the list's top.
    assert response["Location"] == reverse("desk") + "#in-house"


def test_check_out_is_a_post_only(client, sam, stay):
    client.force_login(sam)

    assert client.get(url("registration_checkout", stay)).status_code == 405
    assert Registration.objects.get().checked_out_at is None


@pytest.mark.parametrize(
    "name", ["registration_detail", "registration_reveal_id", "registration_checkout"]
)
def test_another_propertys_registration_is_a_404(client, olga, stay, name):
    client.force_login(olga)

    response = (client.get if name == "registration_detail" else client.post)(
        url(name, stay), {"reason": "Just looking around"}
    )

    assert response.status_code == 404
    assert Registration.objects.get().checked_out_at is None
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize(
    "name", ["registration_detail", "registration_reveal_id", "registration_checkout"]
)
def test_an_inspector_may_not_see_or_touch_a_registration(client, ivan, stay, name):
    client.force_login(ivan)

    response = (client.get if name == "registration_detail" else client.post)(url(name, stay))

    assert response.status_code == 403


def test_an_unknown_registration_is_a_404(client, sam):
    client.force_login(sam)

    response = client.get("/desk/registrations/00000000-0000-0000-0000-000000000000/")

    assert response.status_code == 404


def test_registration_urls_hold_only_the_uuid(stay):
    for name in ("registration_detail", "registration_reveal_id", "registration_checkout"):
        path = url(name, stay)
        assert str(stay.pk) in path
        for personal in ("Ada", "Lovelace", "101", ID_NUMBER):
            assert personal not in path.replace(str(stay.pk), "")
