"""API tokens expire, can be revoked, are stored hashed, and die with the password or the account.

People's tokens last API_TOKEN_PERSON_HOURS (12), integrations' API_TOKEN_INTEGRATION_DAYS
(30), exactly; managers see and revoke their property's integration tokens on /api-tokens/.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from hotelcompliance.access_log import AccessEvent
from hotelcompliance.api_tokens import ApiToken, TokenKind, issue_token
from hotelcompliance.roles import Role
from hotelcompliance.tenancy import Membership
from tests.clock import FROZEN_AT
from tests.factories import PASSWORD, MembershipFactory, PropertyFactory, UserFactory
from tests.pages import PageClient as Client
from tests.security.conftest import code_now

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def obtain(api, username: str, **extra) -> dict:
    response = api.post(
        TOKEN_URL, {"username": username, "password": PASSWORD, **extra}, format="json"
    )
    assert response.status_code == 200, response.json()
    return response.json()


def call(api, key: str, path: str = "/api/v1/properties/"):
    return api.get(path, HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def integration(hotel_a, sam):
    """A PMS feed at Hotel A, run under sam's front-desk account."""
    return issue_token(sam, kind=TokenKind.INTEGRATION, name="PMS nightly feed", prop=hotel_a)


# --- Issue, store, expire ---------------------------------------------------------------------


def test_a_key_is_stored_only_as_its_digest(api, sam):
    key = obtain(api, "sam")["token"]

    token = ApiToken.objects.get(user=sam)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in {str(value) for value in stored.values()}
    assert len(token.key_digest) == 64 and key not in token.key_digest
    assert call(api, key).status_code == 200


def test_each_login_is_its_own_token(api, sam):
    first = obtain(api, "sam")["token"]
    second = obtain(api, "sam")["token"]

    assert first != second
    assert call(api, first).status_code == 200 and call(api, second).status_code == 200


@pytest.mark.clock("2026-06-15T14:30:00+00:00", tick=False)
def test_a_persons_token_works_until_the_twelfth_hour_exactly(api, sam, frozen_clock):
    body = obtain(api, "sam")
    assert body["kind"] == "person"
    assert body["expires_at"].startswith("2026-06-16T02:30:00")

    frozen_clock.move_to(FROZEN_AT + timedelta(hours=12) - timedelta(microseconds=1))
    assert call(api, body["token"]).status_code == 200

    frozen_clock.move_to(FROZEN_AT + timedelta(hours=12))
    expired = call(api, body["token"])
    assert expired.status_code == 401
    assert expired.json()["code"] == "token_expired"
    assert "expired" in expired.json()["detail"] and "auth/token/" in expired.json()["detail"]


@pytest.mark.clock("2026-06-15T14:30:00+00:00", tick=False)
def test_an_integration_token_works_until_the_thirtieth_day_exactly(
    api, sam, hotel_a, frozen_clock
):
    body = obtain(api, "sam", kind="integration", name="PMS feed", property=hotel_a.pk)

    frozen_clock.move_to(FROZEN_AT + timedelta(days=30) - timedelta(microseconds=1))
    assert call(api, body["token"]).status_code == 200
    frozen_clock.move_to(FROZEN_AT + timedelta(days=30))
    assert call(api, body["token"]).json()["code"] == "token_expired"


@pytest.mark.clock("2026-06-15T14:30:00+00:00", tick=False)
def test_lifetimes_are_settings(api, sam, hotel_a, settings):
    settings.API_TOKEN_PERSON_HOURS = 1
    settings.API_TOKEN_INTEGRATION_DAYS = 7

    person = obtain(api, "sam")
    feed = obtain(api, "sam", kind="integration", name="feed", property=hotel_a.pk)

    assert person["expires_at"].startswith("2026-06-15T15:30:00")
    assert feed["expires_at"].startswith("2026-06-22T14:30:00")


def test_last_use_is_noted(api, sam, frozen_clock):
    key = obtain(api, "sam")["token"]
    assert ApiToken.objects.get().last_used_at is None

    call(api, key)

    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        "Token " + "x" * 10_000,
        "Token \u00e9\u202e",
        "Token a b",
        "Token",
        "Token \x00",
        "Bearer abc",
    ],
)
def test_malformed_token_headers_are_401_never_500(api, sam, header):
    response = api.get("/api/v1/properties/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401


# --- Integration tokens -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"kind": "integration", "property": 1}, "name"),
        ({"kind": "integration", "name": "  "}, "name"),
        ({"kind": "integration", "name": "feed"}, "property"),
        ({"kind": "integration", "name": "a\nb", "property": 1}, "name"),
        ({"kind": "robot"}, "kind"),
    ],
)
def test_an_integration_token_needs_a_name_and_a_property(api, sam, extra, field):
    response = api.post(
        TOKEN_URL, {"username": "sam", "password": PASSWORD, **extra}, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not ApiToken.objects.exists()


def test_an_integration_token_for_another_tenants_property_is_refused(api, sam, hotel_b):
    response = api.post(
        TOKEN_URL,
        {
            "username": "sam",
            "password": PASSWORD,
            "kind": "integration",
            "name": "feed",
            "property": hotel_b.pk,
        },
        format="json",
    )

    assert response.status_code == 400
    assert "property" in response.json()["fields"]
    assert not ApiToken.objects.exists()


def test_an_integration_token_reaches_its_own_property_only(api, gina, group_a, hotel_a):
    other = PropertyFactory(organisation=group_a, name="Hotel A2")
    body = obtain(api, "gina", kind="integration", name="feed", property=hotel_a.pk)
    person = obtain(api, "gina")["token"]

    listed = call(api, body["token"])
    assert [p["name"] for p in listed.json()["results"]] == ["Hotel A"]
    assert call(api, body["token"], f"/api/v1/properties/{other.pk}/").status_code == 404
    assert call(api, person, f"/api/v1/properties/{other.pk}/").status_code == 200


# --- Logout and revocation ----------------------------------------------------------------------


def test_delete_revokes_the_presented_token_only(api, sam):
    key = obtain(api, "sam")["token"]
    other = obtain(api, "sam")["token"]

    response = api.delete(TOKEN_URL, HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 204
    refused = call(api, key)
    assert refused.status_code == 401 and refused.json()["code"] == "token_revoked"
    assert call(api, other).status_code == 200
    again = api.delete(TOKEN_URL, HTTP_AUTHORIZATION=f"Token {key}")
    assert again.status_code == 401


@pytest.mark.parametrize("header", [None, "Token nope", "Token " + "y" * 500])
def test_delete_without_a_valid_token_is_a_401(api, sam, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}

    response = api.delete(TOKEN_URL, **extra)

    assert response.status_code == 401


def test_a_login_carrying_a_stale_token_header_still_logs_in(api, sam):
    response = api.post(
        TOKEN_URL,
        {"username": "sam", "password": PASSWORD},
        format="json",
        HTTP_AUTHORIZATION="Token revoked-long-ago",
    )

    assert response.status_code == 200


def test_a_password_change_on_the_web_revokes_every_token(api, sam, integration):
    person = obtain(api, "sam")["token"]
    web = Client()
    web.force_login(sam)

    response = web.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-fresh-long-passphrase-42",
            "new_password2": "a-fresh-long-passphrase-42",
        },
    )

    assert response.status_code == 302
    assert call(api, person).json()["code"] == "token_revoked"
    assert call(api, integration[1]).json()["code"] == "token_revoked"


def test_set_password_and_save_revokes_but_a_login_does_not(api, sam, maria):
    sams = obtain(api, "sam")["token"]
    marias = obtain(api, "maria")["token"]

    Client().force_login(maria)  # a login saves last_login only
    sam.set_password("another-long-passphrase-7")
    sam.save()

    assert call(api, sams).status_code == 401
    assert call(api, marias).status_code == 200


def test_deactivation_revokes_every_token(api, sam, integration):
    person = obtain(api, "sam")["token"]

    sam.is_active = False
    sam.save()

    assert ApiToken.objects.live().filter(user=sam).count() == 0
    sam.is_active = True
    sam.save()
    assert call(api, person).status_code == 401
    assert call(api, integration[1]).status_code == 401


def test_losing_the_role_revokes_that_propertys_integration_tokens(api, sam, hotel_a, hotel_b):
    MembershipFactory(user=sam, property=hotel_b, role=Role.FRONT_DESK)
    feed_a = obtain(api, "sam", kind="integration", name="A feed", property=hotel_a.pk)["token"]
    feed_b = obtain(api, "sam", kind="integration", name="B feed", property=hotel_b.pk)["token"]
    person = obtain(api, "sam")["token"]

    Membership.objects.filter(user=sam, property=hotel_a).delete()

    assert call(api, feed_a).json()["code"] == "token_revoked"
    assert call(api, feed_b).status_code == 200
    assert [p["name"] for p in call(api, person).json()["results"]] == ["Hotel B"]


# --- Two-factor roles -----------------------------------------------------------------------------


def test_a_two_factor_role_gets_an_integration_token_only_with_the_code(
    api, maria, hotel_a, two_factor_on, device_for
):
    device = device_for(maria)
    body = {
        "username": "maria",
        "password": PASSWORD,
        "kind": "integration",
        "name": "feed",
        "property": hotel_a.pk,
    }

    refused = api.post(TOKEN_URL, body, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "otp_required" and "otp" in refused.json()["fields"]
    assert not ApiToken.objects.exists()

    issued = api.post(TOKEN_URL, {**body, "otp": code_now(device)}, format="json")
    assert issued.status_code == 200 and issued.json()["kind"] == "integration"
    assert call(api, issued.json()["token"]).status_code == 200


# --- The managers' page -------------------------------------------------------------------------


@pytest.fixture
def manager_web(maria):
    web = Client(enforce_csrf_checks=False)
    web.force_login(maria)
    return web


def test_the_page_lists_the_propertys_integration_tokens_without_keys(
    api, manager_web, sam, olga, hotel_b, integration
):
    token, key = integration
    call(api, key)
    issue_token(olga, kind=TokenKind.INTEGRATION, name="Hotel B channel manager", prop=hotel_b)
    issue_token(sam)  # a person's token is not an integration's

    page = manager_web.get("/api-tokens/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "PMS nightly feed" in html and "sam" in html
    token.refresh_from_db()
    assert token.last_used_at is not None
    for moment in (token.created_at, token.last_used_at, token.expires_at):
        # The page writes dates in the language's one format (hotelcompliance/formats/).
        assert date_format(timezone.localtime(moment), "DATETIME_FORMAT") in html
    assert [t.pk for t in page.context["tokens"]] == [token.pk]
    assert "Hotel B channel manager" not in html
    assert key not in html and token.key_digest not in html


def test_a_manager_revokes_a_token_once_access_logged(
    api, manager_web, maria, hotel_a, integration
):
    token, key = integration
    url = f"/api-tokens/{token.pk}/revoke/"

    first = manager_web.post(url, follow=True)
    second = manager_web.post(url, follow=True)

    assert first.status_code == 200 and "is revoked" in first.content.decode()
    assert second.status_code == 200 and "already revoked" in second.content.decode()
    assert call(api, key).json()["code"] == "token_revoked"
    events = AccessEvent.objects.filter(kind="revoke")
    assert events.count() == 1
    event = events.get()
    assert (event.actor, event.property, event.object_type, event.object_id) == (
        maria,
        hotel_a,
        "api_token",
        str(token.pk),
    )
    assert "PMS" not in event.reason
    assert [t.pk for t in manager_web.get("/api-tokens/").context["tokens"]] == []


def test_another_propertys_token_is_a_404_and_stays_alive(api, manager_web, olga, hotel_b):
    token, key = issue_token(olga, kind=TokenKind.INTEGRATION, name="B feed", prop=hotel_b)

    response = manager_web.post(f"/api-tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    assert call(api, key).status_code == 200
    assert not AccessEvent.objects.filter(kind="revoke").exists()


def test_a_persons_token_cannot_be_revoked_from_the_page(api, manager_web, sam):
    token, key = issue_token(sam)

    assert manager_web.post(f"/api-tokens/{token.pk}/revoke/").status_code == 404
    assert call(api, key).status_code == 200


@pytest.mark.parametrize("who", ["sam", "ivan"])
def test_only_managers_reach_the_page(request, who, integration):
    web = Client()
    web.force_login(request.getfixturevalue(who))

    assert web.get("/api-tokens/").status_code == 403
    assert web.post(f"/api-tokens/{integration[0].pk}/revoke/").status_code == 403


def test_revocation_needs_a_post_with_csrf(maria, integration):
    web = Client(enforce_csrf_checks=True)
    web.force_login(maria)
    url = f"/api-tokens/{integration[0].pk}/revoke/"

    assert web.get(url).status_code == 405
    assert web.post(url).status_code == 403
    assert ApiToken.objects.live().filter(pk=integration[0].pk).exists()


def test_the_group_admin_sees_each_propertys_tokens_at_that_property(gina, group_a, hotel_a):
    other = PropertyFactory(organisation=group_a, name="Hotel A2")
    feed = UserFactory(username="feed")
    MembershipFactory(user=feed, property=None, organisation=group_a, role=Role.FRONT_DESK)
    mine, _ = issue_token(feed, kind=TokenKind.INTEGRATION, name="A feed", prop=hotel_a)
    issue_token(feed, kind=TokenKind.INTEGRATION, name="A2 feed", prop=other)
    web = Client()
    web.force_login(gina)
    web.post("/switch-property/", {"property": hotel_a.pk})

    assert [t.pk for t in web.get("/api-tokens/").context["tokens"]] == [mine.pk]
