"""TOTP two-factor login for managers, group administrators and inspectors (django-otp)."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD
from tests.security.conftest import code_now

pytestmark = pytest.mark.django_db


def password_login(client, username: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def test_a_manager_with_a_device_is_asked_for_the_code_after_the_password(
    client, maria, two_factor_on, device_for
):
    device = device_for(maria)

    response = password_login(client, "maria")
    follow = client.get(response["Location"])

    assert follow.status_code == 302
    assert follow["Location"].startswith(reverse("otp_verify"))
    page = client.get(follow["Location"])
    assert b"Enter the 6-digit code" in page.content

    done = client.post(follow["Location"], {"code": code_now(device)})
    assert done.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.parametrize("url_name", ["dashboard", "desk", "rules", "inspector_home", "home"])
def test_until_verified_every_page_redirects_to_the_code_page(
    client, maria, two_factor_on, device_for, url_name
):
    device_for(maria)
    client.force_login(maria)

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_verify") + "?next=")


def test_until_verified_the_api_refuses_the_session(client, maria, two_factor_on, device_for):
    device_for(maria)
    client.force_login(maria)

    response = client.get("/api/v1/properties/")

    assert response.status_code == 403
    assert response.json()["code"] == "otp_required"
    assert "Two-factor" in response.json()["detail"]


def test_logout_stays_reachable_before_the_code(client, maria, two_factor_on, device_for):
    device_for(maria)
    client.force_login(maria)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")


@pytest.mark.parametrize("role_user", ["maria", "gina", "ivan"])
def test_every_high_trust_role_must_verify(client, request, two_factor_on, role_user):
    user = request.getfixturevalue(role_user)
    client.force_login(user)

    response = client.get(reverse("rules"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_enrol"))


def test_front_desk_is_not_asked(client, sam, two_factor_on):
    client.force_login(sam)

    assert client.get(reverse("desk")).status_code == 200


def test_with_the_setting_off_nobody_is_asked(client, maria, settings):
    settings.TWO_FACTOR_REQUIRED = False
    client.force_login(maria)

    assert client.get(reverse("dashboard")).status_code == 200


def test_enrolment_shows_a_qr_code_and_the_secret_then_confirms_with_a_code(
    client, maria, two_factor_on
):
    password_login(client, "maria")

    page = client.get(reverse("otp_enrol") + "?next=/dashboard/")

    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert "<script>" not in html and "onload=" not in html  # nothing inline: CSP holds
    secret = re.search(r'data-secret="([A-Z2-7]+)"', html).group(1)
    assert TOTPDevice.objects.get(user=maria, confirmed=False).bin_key == b32decode(secret)

    code = f"{totp(b32decode(secret)):06d}"
    done = client.post(reverse("otp_enrol"), {"code": code, "next": "/dashboard/"})

    assert done.status_code == 302
    assert done["Location"] == "/dashboard/"
    assert TOTPDevice.objects.get(user=maria).confirmed
    assert client.get(reverse("dashboard")).status_code == 200


def test_enrolment_keeps_one_secret_across_reloads_and_refuses_a_wrong_code(
    client, maria, two_factor_on
):
    client.force_login(maria)
    first = client.get(reverse("otp_enrol")).content
    second = client.get(reverse("otp_enrol")).content
    secret = re.search(rb'data-secret="([A-Z2-7]+)"', first).group(1)
    assert secret in second

    wrong = client.post(reverse("otp_enrol"), {"code": "000000"})

    assert wrong.status_code == 200
    assert b"That code is wrong" in wrong.content
    assert not TOTPDevice.objects.filter(user=maria, confirmed=True).exists()


def test_a_user_with_a_device_cannot_enrol_another(client, maria, two_factor_on, device_for):
    device_for(maria)
    client.force_login(maria)

    response = client.get(reverse("otp_enrol"))

    assert response["Location"].startswith(reverse("otp_verify"))
    assert TOTPDevice.objects.filter(user=maria).count() == 1


def test_a_replayed_code_is_refused(client, maria, two_factor_on, device_for):
    device = device_for(maria)
    code = code_now(device)
    client.force_login(maria)
    assert client.post(reverse("otp_verify"), {"code": code}).status_code == 302
    client.post(reverse("logout"))

    client.force_login(maria)
    again = client.post(reverse("otp_verify"), {"code": code})

    assert again.status_code == 200
    assert b"already used" in again.content
    assert client.get(reverse("dashboard")).status_code == 302


def test_an_old_code_is_refused(client, maria, two_factor_on, device_for):
    device = device_for(maria)
    client.force_login(maria)

    response = client.post(reverse("otp_verify"), {"code": code_now(device, steps_ago=2)})

    assert response.status_code == 200
    assert b"That code is wrong" in response.content


def test_next_never_leaves_the_site(client, maria, two_factor_on, device_for):
    device = device_for(maria)
    client.force_login(maria)

    response = client.post(
        reverse("otp_verify"), {"code": code_now(device), "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("home")


def test_five_wrong_codes_lock_out_and_end_the_session(client, maria, two_factor_on, device_for):
    device = device_for(maria)
    password_login(client, "maria")

    for _ in range(4):
        response = client.post(reverse("otp_verify"), {"code": "000000"})
        assert response.status_code == 200
    locked = client.post(reverse("otp_verify"), {"code": "000000"})

    assert locked.status_code == 429
    assert b"Too many failed attempts" in locked.content
    assert client.get(reverse("otp_verify"))["Location"].startswith(reverse("login"))
    relogin = password_login(client, "maria")
    assert b"Too many failed attempts" in relogin.content
    assert device.pk  # the device stays; only the login is paused


def test_the_device_throttles_codes_right_after_a_failure(client, maria, settings, device_for):
    settings.TWO_FACTOR_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = device_for(maria)
    client.force_login(maria)
    client.post(reverse("otp_verify"), {"code": "000000"})

    right_but_too_soon = client.post(reverse("otp_verify"), {"code": code_now(device)})

    assert right_but_too_soon.status_code == 200
    assert client.get(reverse("dashboard")).status_code == 302


# --- API tokens ---------------------------------------------------------------------------


def token_post(api, **extra):
    return api.post(
        "/api/v1/auth/token/", {"username": "maria", "password": PASSWORD, **extra}, format="json"
    )


def test_a_token_needs_the_code(api, maria, two_factor_on, device_for):
    device_for(maria)

    response = token_post(api)

    assert response.status_code == 400
    assert response.json()["code"] == "otp_required"
    assert "6-digit" in response.json()["fields"]["otp"][0]


def test_a_token_with_a_wrong_or_malformed_code_is_refused(api, maria, two_factor_on, device_for):
    device_for(maria)

    wrong = token_post(api, otp="000000")
    malformed = token_post(api, otp="12ab")

    assert wrong.status_code == 400 and "otp" in wrong.json()["fields"]
    assert malformed.status_code == 400 and "otp" in malformed.json()["fields"]


def test_a_token_with_the_code_works_once(api, maria, two_factor_on, device_for):
    device = device_for(maria)
    code = code_now(device)

    first = token_post(api, otp=code)
    replay = token_post(api, otp=code)

    assert first.status_code == 200 and first.json()["token"]
    assert replay.status_code == 400
    assert "already used" in replay.json()["fields"]["otp"][0]
    api.credentials(HTTP_AUTHORIZATION=f"Token {first.json()['token']}")
    assert api.get("/api/v1/properties/").status_code == 200


def test_a_token_for_a_user_without_a_device_says_to_enrol(api, maria, two_factor_on):
    response = token_post(api, otp="123456")

    assert response.status_code == 400
    assert "Set up two-factor" in response.json()["fields"]["otp"][0]


def test_front_desk_tokens_need_no_code(api, sam, two_factor_on):
    response = api.post(
        "/api/v1/auth/token/", {"username": "sam", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200


def test_wrong_token_codes_count_against_the_lockout(api, maria, two_factor_on, device_for):
    device = device_for(maria)
    for _ in range(5):
        token_post(api, otp="000000")

    response = token_post(api, otp=code_now(device))

    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
