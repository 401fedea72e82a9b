"""The courses endpoint: the global catalogue plus a property's own, for its managers."""

import pytest

from tests.training.factories import CourseFactory
from training.models import Course

pytestmark = pytest.mark.django_db

URL = "/api/v1/courses/"
CONTRACT = {"id", "title", "provider", "version", "minutes", "jurisdictions"}


@pytest.fixture
def courses(hotel_a, hotel_b):
    Course.objects.all().delete()  # the seeded catalogue would crowd the assertions
    return {
        "global": CourseFactory(title="Global", jurisdictions=["US-TX"]),
        "own": CourseFactory(title="Hotel A's own", property=hotel_a),
        "theirs": CourseFactory(title="Hotel B's own", property=hotel_b),
    }


def titles(response) -> list[str]:
    return [c["title"] for c in response.json()["results"]]


def test_it_lists_the_global_and_the_propertys_own_courses(api_as, maria, hotel_a, courses):
    response = api_as(maria).get(URL, {"property": hotel_a.pk})

    assert response.status_code == 200
    assert titles(response) == ["Global", "Hotel A's own"]
    assert set(response.json()["results"][0]) == CONTRACT
    assert response.json()["results"][0]["jurisdictions"] == ["US-TX"]


def test_without_a_property_it_lists_the_global_courses(api_as, gina, courses):
    response = api_as(gina).get(URL)

    assert titles(response) == ["Global"]


def test_the_seeded_catalogue_is_listed(api_as, maria):
    response = api_as(maria).get(URL)

    assert response.status_code == 200
    assert response.json()["count"] >= 1


@pytest.mark.parametrize("value", ["abc", "", "99999999999999999999999"])
def test_a_malformed_property_is_a_404(api_as, maria, courses, value):
    assert api_as(maria).get(URL, {"property": value}).status_code == 404


def test_another_tenants_property_is_a_404(api_as, olga, hotel_a, courses):
    assert api_as(olga).get(URL, {"property": hotel_a.pk}).status_code == 404


@pytest.mark.parametrize("who", ["sam", "ivan"])
def test_front_desk_and_inspectors_are_refused(request, api_as, hotel_a, courses, who):
    client = api_as(request.getfixturevalue(who))

    assert client.get(URL, {"property": hotel_a.pk}).status_code == 403
    assert client.get(URL).status_code == 403


def test_anonymous_callers_get_a_401(api):
    assert api.get(URL).status_code == 401


def test_it_is_read_only(api_as, maria):
    assert api_as(maria).post(URL, {"title": "Mine"}, format="json").status_code == 405
