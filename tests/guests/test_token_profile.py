"""An integration token bound to one import profile: its files use it, and no other."""

import csv
import io
import zoneinfo
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from guests.import_profile_services import profile_copy_builtin, profile_save
from guests.models import Registration
from hotelcompliance.api_tokens import ApiToken, issue_integration_token
from tests.guests.pms_csv import HEADER, pms_row

pytestmark = pytest.mark.django_db


def semicolon_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([row.get(name, "") for name in HEADER])
    return out.getvalue().encode()


@pytest.fixture
def semicolons(hotel_a):
    profile = profile_copy_builtin(prop=hotel_a, key="own", name="Our PMS")
    return profile_save(prop=hotel_a, data={"delimiter": ";"}, instance=profile)


def post(prop, key: str, content: bytes, **data):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    file = io.BytesIO(content)
    file.name = "nightly.csv"
    return api.post(
        f"/api/v1/properties/{prop.pk}/registrations/import/",
        {"file": file, **data},
        format="multipart",
    )


def test_a_bound_token_imports_through_its_profile(hotel_a, maria, semicolons):
    _token, key, _secret = issue_integration_token(
        actor=maria, prop=hotel_a, name="Our PMS", import_profile=semicolons
    )

    response = post(hotel_a, key, semicolon_csv([pms_row(hotel_a, n) for n in range(2)]))

    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 2
    # Sent again: the same stays, unchanged (re-imports are upserts through the token too).
    again = post(hotel_a, key, semicolon_csv([pms_row(hotel_a, n) for n in range(2)]))
    assert again.status_code == 201 and again.json()["unchanged"] == 2


def test_a_bound_token_may_not_choose_another_profile(hotel_a, maria, semicolons):
    other = profile_copy_builtin(prop=hotel_a, key="own", name="Commas")
    _token, key, _secret = issue_integration_token(
        actor=maria, prop=hotel_a, name="Our PMS", import_profile=semicolons
    )

    response = post(hotel_a, key, semicolon_csv([pms_row(hotel_a, 0)]), profile=str(other.pk))

    assert response.status_code == 400
    assert "Our PMS" in str(response.json()["fields"]["profile"])
    assert not Registration.objects.exists()
    named_own = post(hotel_a, key, semicolon_csv([pms_row(hotel_a, 0)]), profile=semicolons.pk)
    assert named_own.status_code == 201


def test_an_integration_token_backfills_arrivals_of_any_date(hotel_a, maria, semicolons):
    _token, key, _secret = issue_integration_token(
        actor=maria, prop=hotel_a, name="Our PMS", import_profile=semicolons
    )
    tz = zoneinfo.ZoneInfo(hotel_a.timezone)
    long_ago = timezone.localtime(timezone.now(), tz) - timedelta(days=400)
    row = pms_row(
        hotel_a,
        0,
        arrival=long_ago.replace(tzinfo=None).isoformat(timespec="minutes"),
        expected_departure=(long_ago.date() + timedelta(days=2)).isoformat(),
        checked_out_at=(long_ago + timedelta(days=2))
        .replace(tzinfo=None)
        .isoformat(" ", "minutes"),
    )

    response = post(hotel_a, key, semicolon_csv([row]))

    assert response.status_code == 201, response.json()
    stay = Registration.objects.get()
    assert stay.arrival.date() <= (timezone.now() - timedelta(days=399)).date()


def test_the_tokens_page_binds_and_lists_the_profile_and_still_revokes(
    client, hotel_a, maria, semicolons
):
    client.force_login(maria)
    once = client.get("/api-tokens/").context["once"]

    page = client.post(
        "/api-tokens/new/",
        {"name": "Nightly", "token": once, "import_profile": str(semicolons.pk)},
    )

    assert page.status_code == 200
    token = ApiToken.objects.get()
    assert token.import_profile == semicolons
    listing = client.get("/api-tokens/").content.decode()
    assert "Our PMS" in listing and "Import profile" in listing
    client.post(f"/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = post(hotel_a, page.context["key"], semicolon_csv([pms_row(hotel_a, 0)]))
    assert response.status_code == 401


def test_another_propertys_profile_cannot_be_bound(client, hotel_a, hotel_b, maria):
    foreign = profile_copy_builtin(prop=hotel_b, key="own")
    client.force_login(maria)
    once = client.get("/api-tokens/").context["once"]

    page = client.post(
        "/api-tokens/new/",
        {"name": "Nightly", "token": once, "import_profile": str(foreign.pk)},
        follow=True,
    )

    assert "Choose one of this property" in page.content.decode()
    assert not ApiToken.objects.exists()
