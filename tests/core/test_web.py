"""The web shell: login, role homes, the property switcher, headers and session limits."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


@pytest.mark.parametrize(
    ("who", "home"),
    [("sam", "/desk/"), ("maria", "/dashboard/"), ("gina", "/dashboard/"), ("ivan", "/inspector/")],
)
def test_each_role_lands_on_its_home(request, client, who, home):
    user = request.getfixturevalue(who)

    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    landing = client.get(response["Location"])

    assert landing.status_code == 302
    assert landing["Location"] == home
    assert client.get(home).status_code == 200


@pytest.mark.parametrize(
    ("who", "page"),
    [("sam", "/dashboard/"), ("ivan", "/desk/"), ("ivan", "/dashboard/"), ("maria", "/inspector/")],
)
def test_a_page_the_role_may_not_use_is_a_403(request, client, who, page):
    client.force_login(request.getfixturevalue(who))

    assert client.get(page).status_code == 403


def test_switching_to_another_tenants_property_is_a_404(client, maria, hotel_b):
    client.force_login(maria)

    response = client.post("/switch-property/", {"property": hotel_b.pk})

    assert response.status_code == 404


@pytest.mark.parametrize("value", ["", "abc", "99999999999999999999"])
def test_switching_to_a_malformed_property_is_a_404(client, maria, value):
    client.force_login(maria)

    assert client.post("/switch-property/", {"property": value}).status_code == 404


def test_the_switcher_changes_the_current_property(client, gina, group_a, hotel_a):
    from tests.factories import PropertyFactory

    other = PropertyFactory(organisation=group_a, name="Hotel A2")
    client.force_login(gina)

    client.post("/switch-property/", {"property": other.pk})
    page = client.get("/rules/")

    assert page.context["prop"] == other


def test_a_user_without_a_role_sees_why(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))

    response = client.get("/", follow=True)

    assert response.status_code == 403
    assert b"no role at any property" in response.content


def test_a_wrong_password_shows_an_error_beside_the_form(client, maria):
    response = client.post("/accounts/login/", {"username": "maria", "password": "nope"})

    assert response.status_code == 200
    assert b"correct username and password" in response.content


def test_five_failed_logins_lock_the_login_for_15_minutes(client, maria):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "maria", "password": "nope"})

    locked = client.post("/accounts/login/", {"username": "maria", "password": PASSWORD})
    assert b"Too many failed attempts" in locked.content

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = client.post("/accounts/login/", {"username": "maria", "password": PASSWORD})
    assert response.status_code == 302


def test_password_change_applies_djangos_validators(client, maria):
    client.force_login(maria)

    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"},
    )

    assert response.status_code == 200
    assert b"too common" in response.content or b"too short" in response.content


def test_password_change_succeeds_with_a_good_password(client, maria):
    client.force_login(maria)
    new = "a-long-and-unusual-passphrase-2026"

    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert response.status_code == 302
    maria.refresh_from_db()
    assert maria.check_password(new)


def test_pages_for_logged_in_users_are_not_cached(client, maria):
    client.force_login(maria)

    response = client.get("/dashboard/")

    assert "no-store" in response["Cache-Control"]


def test_every_page_carries_a_strict_content_security_policy(client):
    response = client.get("/accounts/login/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_session_ends_after_30_idle_minutes(client, maria):
    client.post("/accounts/login/", {"username": "maria", "password": PASSWORD})
    assert client.get("/dashboard/").status_code == 200

    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_session_ends_after_12_hours_however_active(client, maria):
    client.post("/accounts/login/", {"username": "maria", "password": PASSWORD})
    start = timezone.now()
    # Active every 20 minutes for almost 12 hours: the idle limit never fires;
    # the absolute one does.
    for step in range(1, 36):
        with time_machine.travel(start + timedelta(minutes=20 * step)):
            assert client.get("/dashboard/").status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=5)):
        response = client.get("/dashboard/")

    assert response.status_code == 302


def test_static_files_come_from_our_own_server(client, maria):
    client.force_login(maria)

    body = client.get("/dashboard/").content.decode()

    assert "/static/css/app.css" in body
    assert "http://" not in body.replace("http://testserver", "")
    assert "https://" not in body


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("sam", ["Front desk", "Rules"], ["Dashboard", "Training", "Records requests", "Reports"]),
        (
            "maria",
            ["Front desk", "Dashboard", "Training", "Records requests", "Reports", "Rules"],
            [],
        ),
        ("ivan", ["Records requests", "Reports", "Rules"], ["Front desk", "Dashboard", "Training"]),
    ],
)
def test_the_menu_offers_only_what_the_role_may_use(request, client, who, shown, hidden):
    client.force_login(request.getfixturevalue(who))

    labels = [item["label"] for item in client.get("/rules/").context["nav_items"]]

    assert all(label in labels for label in shown)
    assert not any(label in labels for label in hidden)
