"""The audits admin is read-only and keeps guest names off its pages."""

import pytest

from tests.audits.factories import file_request
from tests.factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("model", ["recordsrequest", "recordsrequestevent", "auditreport"])
def test_a_superuser_can_look_but_not_add(client, superuser, hotel_a, ivan, model):
    file_request(hotel_a, ivan)
    client.force_login(superuser)
    assert client.get(f"/admin/audits/{model}/").status_code == 200
    assert client.get(f"/admin/audits/{model}/add/").status_code == 403


def test_a_requests_guest_names_stay_off_the_admin(client, superuser, hotel_a, ivan):
    request = file_request(hotel_a, ivan, names=["Jane Roe"])
    client.force_login(superuser)
    page = client.get(f"/admin/audits/recordsrequest/{request.pk}/change/")
    assert page.status_code == 200 and b"Jane Roe" not in page.content
