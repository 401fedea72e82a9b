"""A form acts on the property it showed.

Every property-scoped page refuses a POST whose signed `form_property` is absent, forged or
another property's: a 409 that offers to switch back, and not one row written anywhere. The
views are found from the URL configuration, so a new page cannot be missed; every POST form
of the apps' templates is checked to carry `{% form_property %}`.
"""

import re
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.core import signing
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from guests.models import Registration
from hotelcompliance.form_property import FIELD_NAME, SALT, form_property_data, form_property_sign
from hotelcompliance.roles import Role
from tests.factories import MembershipFactory, UserFactory
from training.models import Employee

ROOT = Path(__file__).resolve().parents[2]
FAKE_KWARGS = {"pk": uuid.uuid4(), "year": 2026, "verb": "review", "document_pk": uuid.uuid4()}


def _patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            yield pattern


def property_scoped_routes() -> list[tuple[str, dict]]:
    """Every named page behind `property_page`, with made-up arguments for its URL."""
    routes = []
    for pattern in _patterns(get_resolver().url_patterns):
        if not getattr(pattern.callback, "property_scoped", False) or not pattern.name:
            continue
        kwargs = {}
        for name, converter in pattern.pattern.converters.items():
            value = FAKE_KWARGS[name]
            if type(converter).__name__ == "IntConverter" and name == "pk":
                value = 1
            kwargs[name] = value
        routes.append((pattern.name, kwargs))
    return sorted(routes, key=lambda route: route[0])


ROUTES = property_scoped_routes()


def test_the_routes_are_found():
    names = {name for name, _ in ROUTES}
    expected = {"check_in", "concern_new", "training_employee_new", "records_request_new"}
    assert expected | {"report_create", "records_request_answer", "poster_evidence"} <= names
    assert len(names) > 30


def everything() -> dict[str, int]:
    """Row counts of every table the apps and the core write (sessions and axes aside)."""
    labels = {"guests", "training", "audits", "hotelcompliance", "authtoken"}
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


@pytest.fixture
def tess(hotel_a, hotel_b):
    """A manager (and inspector) at both hotels, working at Hotel B now."""
    user = UserFactory(username="tess")
    for prop in (hotel_a, hotel_b):
        MembershipFactory(user=user, property=prop, role=Role.MANAGER)
        MembershipFactory(
            user=user, property=prop, role=Role.INSPECTOR, agency="DCP", badge_number="T-1"
        )
    return user


@pytest.fixture
def at_b(client, tess, hotel_b):
    client.force_login(tess)
    assert client.post("/switch-property/", {"property": hotel_b.pk}).status_code == 302
    return client


def forged(hotel_a, hotel_b) -> dict[str, str]:
    return {
        "absent": None,
        "empty": "",
        "garbage": "not-a-signature",
        "another salt": signing.dumps(hotel_b.pk, salt="something else"),
        "tampered": form_property_sign(hotel_b)[:-2] + "xx",
        "not an id": signing.dumps("1", salt=SALT),
        "another property": form_property_sign(hotel_a),
    }


@pytest.mark.parametrize(("name", "kwargs"), ROUTES, ids=[name for name, _ in ROUTES])
def test_every_form_view_refuses_a_wrong_property_and_saves_nothing(
    at_b, hotel_a, hotel_b, name, kwargs
):
    before = everything()
    for case, value in forged(hotel_a, hotel_b).items():
        data = {"token": str(uuid.uuid4()), "reason": "A reason long enough", "name": "Ada"}
        if value is not None:
            data[FIELD_NAME] = value

        response = at_b.raw_post(reverse(name, kwargs=kwargs), data)

        assert response.status_code == 409, case
        assert everything() == before, case
        page = response.content.decode()
        assert "Nothing was saved" in page
        offers_a = f'name="property" value="{hotel_a.pk}"' in page
        assert offers_a == (case == "another property"), case
        if offers_a:
            assert "Hotel A" in page and "Hotel B" in page


def test_the_right_property_passes_the_check(at_b, hotel_b):
    response = at_b.raw_post(reverse("registration_search"), form_property_data(hotel_b))

    assert response.status_code == 200


def _rendered_field(page: str) -> str:
    match = re.search(rf'name="{FIELD_NAME}" value="([^"]+)"', page)
    assert match, "the form carries no form_property"
    return match.group(1)


def check_in_data(field: str) -> dict:
    return {
        "room": "204",
        "guest_name": "Ada Lovelace",
        "adults": "1",
        "minors": "0",
        "arrival": "2026-06-15T10:00",
        "expected_departure": "2026-06-17",
        "rate": "149.00",
        "rate_type": "nightly",
        "amount_charged": "298.00",
        "payment_method": "card",
        "receipt_number": "F-1001",
        "id_type": "drivers_licence",
        "id_number": "D1234-5678-90",
        "id_issuer": "CT",
        "token": str(uuid.uuid4()),
        FIELD_NAME: field,
    }


def test_a_check_in_opened_at_a_is_not_filed_at_b_and_can_be_filed_at_a_again(
    client, tess, hotel_a, hotel_b
):
    client.force_login(tess)
    client.post("/switch-property/", {"property": hotel_a.pk})
    field = _rendered_field(client.get(reverse("check_in")).content.decode())
    client.post("/switch-property/", {"property": hotel_b.pk})  # "another tab"

    refused = client.raw_post(
        reverse("check_in"), check_in_data(field), HTTP_REFERER="http://testserver/desk/check-in/"
    )

    assert refused.status_code == 409
    assert not Registration.objects.exists()
    assert 'name="next" value="http://testserver/desk/check-in/"' in refused.content.decode()
    back = client.post(
        "/switch-property/",
        {"property": hotel_a.pk, "next": "http://testserver/desk/check-in/"},
    )
    assert back["Location"] == "http://testserver/desk/check-in/"
    filed = client.raw_post(reverse("check_in"), check_in_data(field))
    assert filed.status_code == 302
    assert Registration.objects.get().property == hotel_a


def test_an_employee_form_of_a_is_not_filed_at_b(client, tess, hotel_a, hotel_b):
    client.force_login(tess)
    client.post("/switch-property/", {"property": hotel_a.pk})
    field = _rendered_field(client.get(reverse("training_employee_new")).content.decode())
    client.post("/switch-property/", {"property": hotel_b.pk})

    response = client.raw_post(
        reverse("training_employee_new"),
        {
            "name": "Rosa Delgado",
            "employee_number": "HA-1001",
            "job_role": "front_desk",
            "hire_date": "2025-03-03",
            FIELD_NAME: field,
        },
    )

    assert response.status_code == 409
    assert not Employee.objects.exists()


def test_switch_back_ignores_a_next_of_another_site(client, tess, hotel_a):
    client.force_login(tess)

    response = client.post(
        "/switch-property/", {"property": hotel_a.pk, "next": "https://evil.example/desk/"}
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_a_foreign_referer_is_not_offered_as_the_way_back(at_b, hotel_a):
    response = at_b.raw_post(
        reverse("check_in"),
        form_property_data(hotel_a),
        HTTP_REFERER="https://evil.example/phish",
    )

    assert response.status_code == 409
    assert "evil.example" not in response.content.decode()


# The templates: every POST form of a property-scoped page carries the tag. -----------------

FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
NOT_PROPERTY_SCOPED = ("switch_property", "logout", "set_language")
PAGES_OUTSIDE_A_PROPERTY = {
    "hotelcompliance/templates/registration",  # log-in, two-factor, password
    "audits/templates/audits/reports/verify.html",  # public
    "training/templates/training/self/",  # the employee's own pages: their link, no property
    "training/templates/training/certificate_upload.html",  # the employee's, through their link
    "guests/templates/guests/arrive/",  # the guest's pre-arrival page: their link, no login
}


SIGNED_ONCE = re.compile(r"{% form_property as (\w+) %}")


def _templates():
    for folder in ("guests", "training", "audits", "hotelcompliance"):
        yield from sorted((ROOT / folder / "templates").rglob("*.html"))


def test_every_post_form_of_a_property_page_carries_the_signed_property():
    missing, checked = [], 0
    for path in _templates():
        relative = str(path.relative_to(ROOT))
        if any(relative.startswith(outside) for outside in PAGES_OUTSIDE_A_PROPERTY):
            continue
        text = path.read_text()
        # A page with many row forms signs the property once: `{% form_property as name %}`.
        signed_once = {f"{{{{ {name} }}}}" for name in SIGNED_ONCE.findall(text)}
        for form in FORM.findall(text):
            opening = form[: form.index(">") + 1]
            if 'method="post"' not in opening.lower():
                continue
            if any(f"'{name}'" in opening for name in NOT_PROPERTY_SCOPED):
                continue
            checked += 1
            if "{% form_property %}" not in form and not any(s in form for s in signed_once):
                missing.append(f"{relative}: {opening}")
    assert checked >= 20
    assert not missing, missing
