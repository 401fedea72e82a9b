"""The concern pages: a discreet form for the desk, a list and a report page for managers."""

import re
import uuid

import pytest
from django.urls import reverse

from guests.models import ConcernReport
from hotelcompliance.outbox import OutboxEvent
from tests.guests.concern_data import NARRATIVE, make_concern
from tests.guests.factories import make_registration

pytestmark = pytest.mark.django_db

FORM = {
    "group_control": ["control.someone_speaks_for_them", "control.no_id"],
    "group_room": ["room.do_not_disturb"],
    "narrative": NARRATIVE,
    "action_taken": ["manager_told"],
    "hotline_reference": "",
    "registration": "",
}


def post(client, **overrides):
    return client.post(reverse("concern_new"), {**FORM, "token": str(uuid.uuid4()), **overrides})


def test_the_desk_page_links_to_the_concern_form(client, sam):
    client.force_login(sam)

    page = client.get(reverse("desk")).content.decode()

    assert reverse("concern_new") in page
    assert f'href="{reverse("concern_list")}"' not in page  # managers only


def test_the_registration_page_links_to_a_concern_about_that_stay(client, hotel_a, sam):
    stay = make_registration(hotel_a, sam)
    client.force_login(sam)

    page = client.get(reverse("registration_detail", kwargs={"pk": stay.pk})).content.decode()

    assert f"{reverse('concern_new')}?registration={stay.pk}" in page


def test_the_form_shows_the_hotline_and_every_indicator_group(client, sam):
    client.force_login(sam)

    response = client.get(reverse("concern_new"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "1-888-373-7888" in page and "233733" in page
    assert page.count('class="indicator-group"') == 8
    assert "Labor-trafficking signs" in page


def test_a_clerk_reports_a_concern_from_the_desk_and_sees_a_calm_confirmation(client, sam):
    client.force_login(sam)

    response = post(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("concern_filed")
    concern = ConcernReport.objects.get()
    assert concern.indicators == [
        "control.someone_speaks_for_them",
        "control.no_id",
        "room.do_not_disturb",
    ]
    assert concern.reported_by == sam and concern.registration is None
    assert OutboxEvent.objects.get().kwargs == {"concern_id": str(concern.pk)}
    confirmation = client.get(response["Location"]).content.decode()
    assert "Your report has been sent" in confirmation


def test_a_concern_from_a_registration_is_linked_to_it(client, hotel_a, sam):
    stay = make_registration(hotel_a, sam, room="214")
    client.force_login(sam)

    form = client.get(reverse("concern_new"), {"registration": stay.pk}).content.decode()
    response = post(client, registration=str(stay.pk))

    assert f'value="{stay.pk}"' in form
    assert f"registration #{stay.number}" in form
    assert response.status_code == 302
    assert ConcernReport.objects.get().registration == stay


def test_a_malformed_or_foreign_registration_in_the_link_preselects_nothing(
    client, hotel_b, olga, sam
):
    theirs = make_registration(hotel_b, olga)
    client.force_login(sam)

    for value in ("nonsense", str(theirs.pk)):
        page = client.get(reverse("concern_new"), {"registration": value}).content.decode()
        assert str(theirs.pk) not in page
        assert "It will be linked" not in page


BAD_FORMS = [
    ({"group_control": [], "group_room": [], "narrative": ""}, "Choose at least one sign"),
    ({"group_control": ["control.made_up"]}, "Select a valid choice"),
    ({"action_taken": ["hotline_called"]}, "Give the reference the hotline gave you"),
    (
        {"action_taken": ["hotline_called"], "hotline_reference": "x" * 10_000},
        "at most 100 characters",
    ),
    ({"narrative": "bell\x07"}, "control characters"),
    ({"action_taken": []}, "Say what has been done"),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_FORMS)
def test_bad_input_is_shown_inline_and_saves_nothing(client, sam, overrides, message):
    client.force_login(sam)

    response = post(client, **overrides)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert ConcernReport.objects.count() == 0
    assert OutboxEvent.objects.count() == 0


def test_another_propertys_stay_in_the_form_is_an_error_not_a_leak(client, hotel_b, olga, sam):
    theirs = make_registration(hotel_b, olga, guest_name="Olga's Guest", room="9")
    client.force_login(sam)

    response = post(client, registration=str(theirs.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert "No such registration at this property." in page
    assert "Olga's Guest" not in page and "registration #" not in page
    assert ConcernReport.objects.count() == 0


def test_a_manager_reads_the_list_and_a_report(client, hotel_a, sam, maria):
    concern = make_concern(hotel_a, sam)
    client.force_login(maria)

    listing = client.get(reverse("concern_list"))
    detail = client.get(reverse("concern_detail", kwargs={"pk": concern.pk}))

    assert listing.status_code == 200
    assert reverse("concern_detail", kwargs={"pk": concern.pk}) in listing.content.decode()
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Someone else speaks for them" in page
    assert "Told a manager" in page
    assert "a man answered for her" in page


@pytest.mark.parametrize("who", ["sam", "ivan"])
def test_the_desk_and_inspectors_may_not_read_concerns(client, hotel_a, sam, who, request):
    concern = make_concern(hotel_a, sam)
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("concern_list")).status_code == 403
    assert client.get(reverse("concern_detail", kwargs={"pk": concern.pk})).status_code == 403


def test_an_inspector_may_not_report_either(client, ivan):
    client.force_login(ivan)

    assert client.get(reverse("concern_new")).status_code == 403
    assert post(client).status_code == 403
    assert ConcernReport.objects.count() == 0


def test_another_propertys_manager_gets_a_404(client, hotel_a, sam, olga):
    concern = make_concern(hotel_a, sam)
    client.force_login(olga)

    assert client.get(reverse("concern_detail", kwargs={"pk": concern.pk})).status_code == 404
    assert str(concern.pk) not in client.get(reverse("concern_list")).content.decode()


def test_the_pages_need_a_login(client):
    response = client.get(reverse("concern_new"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_same_form_sent_twice_files_one_report(client, hotel_a, sam, maria):
    client.force_login(sam)
    page = client.get(reverse("concern_new")).content.decode()
    token = re.search(r'name="token" value="([0-9a-f-]{36})"', page).group(1)

    first = post(client, token=token)
    second = post(client, token=token)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("concern_filed")
    assert ConcernReport.objects.for_property(hotel_a).count() == 1
    assert OutboxEvent.objects.count() == 1


def test_a_form_without_its_token_files_nothing_and_gets_a_fresh_one(client, hotel_a, sam):
    client.force_login(sam)

    response = post(client, token="")

    assert response.status_code == 200
    assert "The form had expired" in response.content.decode()
    assert re.search(r'name="token" value="[0-9a-f-]{36}"', response.content.decode())
    assert not ConcernReport.objects.for_property(hotel_a).exists()
