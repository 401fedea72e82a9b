"""The dashboard of one property and the group page: duties, counts, countdowns, bounds."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audits.models import DutySnapshot, PosterEvidence, PosterNotice
from hotelcompliance.dashboard import property_statuses
from hotelcompliance.roles import Role
from tests.factories import MembershipFactory, OrganisationFactory, PropertyFactory, UserFactory
from tests.training.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_the_property_dashboard_shows_each_duty_with_its_reason(client, maria, hotel_a):
    EmployeeFactory(property=hotel_a, hire_date=date(2020, 1, 1))
    client.force_login(maria)

    response = client.get(reverse("dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    cells = response.context["status"].duties
    assert [c.key for c in cells][:2] == ["retention", "guest_records"]
    assert "Refresher training" in html and "Hotline notice posted" in html
    assert "no poster evidence recorded" in html  # the pack's own reason
    assert DutySnapshot.objects.filter(property=hotel_a, taken_on=hotel_a.today()).exists()


def test_overdue_and_due_soon_link_to_the_filtered_roster(client, maria, hotel_a):
    EmployeeFactory(property=hotel_a, hire_date=date(2020, 1, 1))  # never trained: overdue
    client.force_login(maria)

    response = client.get(reverse("dashboard"))

    html = response.content.decode()
    assert response.context["status"].overdue == 1
    assert 'href="/training/?status=overdue"' in html
    assert 'href="/training/?status=due_soon"' in html


def test_the_dashboard_is_csp_clean(client, maria):
    client.force_login(maria)

    html = client.get(reverse("dashboard")).content.decode()

    assert "style=" not in html
    assert "<script>" not in html and "onclick" not in html
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html


def test_a_poster_photo_older_than_a_year_is_stale(hotel_a, maria):
    PosterEvidence.objects.create(
        property=hotel_a,
        notice=PosterNotice.TRAFFICKING_HOTLINE,
        location="Lobby",
        posted_on=hotel_a.today() - timedelta(days=400),
        uploaded_by=maria,
        uploaded_at=timezone.now(),
    )

    (status,) = property_statuses([hotel_a])

    assert status.poster_latest is not None and status.poster_stale and not status.poster_missing


def test_the_group_page_is_for_group_administrators_only(client, maria, gina, hotel_a):
    client.force_login(maria)
    assert client.get(reverse("group_dashboard")).status_code == 403

    client.force_login(gina)
    response = client.get(reverse("group_dashboard"))
    assert response.status_code == 200
    assert [s.prop for s in response.context["statuses"]] == [hotel_a]


def test_another_groups_property_never_appears_on_the_group_page(client, gina, hotel_a, hotel_b):
    sister = PropertyFactory(organisation=hotel_a.organisation, name="Hotel A2")
    # Gina also manages Hotel B directly: still not one of her groups' properties.
    MembershipFactory(user=gina, property=hotel_b, role=Role.MANAGER)
    client.force_login(gina)

    html = client.get(reverse("group_dashboard")).content.decode()

    assert "Hotel A2" in html and sister.name in html
    assert "Hotel B" not in html.split('id="group-title"')[1]


def _group(n: int) -> tuple[object, list]:
    group = OrganisationFactory(name=f"Group of {n}")
    props = [PropertyFactory(organisation=group, name=f"P{n}-{i}") for i in range(n)]
    admin = UserFactory(username=f"admin{n}")
    MembershipFactory(user=admin, organisation=group, property=None, role=Role.ORG_ADMIN)
    for prop in props:
        EmployeeFactory(property=prop, hire_date=date(2020, 1, 1))
        DutySnapshot.objects.create(property=prop, taken_on=prop.today(), required=1, overdue=1)
    return admin, props


def test_the_group_page_runs_the_same_queries_for_2_and_8_properties(client):
    small_admin, _ = _group(2)
    big_admin, _ = _group(8)

    client.force_login(small_admin)
    client.get(reverse("group_dashboard"))
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("group_dashboard")).status_code == 200
    client.force_login(big_admin)
    client.get(reverse("group_dashboard"))
    with CaptureQueriesContext(connection) as big:
        response = client.get(reverse("group_dashboard"))

    assert len(response.context["statuses"]) == 8
    assert all(s.overdue == 1 for s in response.context["statuses"])
    assert len(small) == len(big)


def test_open_requests_count_down_and_new_concerns_are_counted(client, hotel_a, maria, ivan, sam):
    from guests.concern_cases import concern_case_step
    from tests.audits.factories import file_request
    from tests.guests.concern_data import make_concern

    request = file_request(hotel_a, ivan)
    make_concern(hotel_a, sam)
    seen = make_concern(hotel_a, sam)
    concern_case_step(concern=seen, actor=maria, data={"status": "reviewed"})
    client.force_login(maria)

    response = client.get(reverse("dashboard"))

    status = response.context["status"]
    assert status.open_requests == 1 and status.new_concerns == 1
    (line,) = status.requests
    assert line.days_left == (request.deadline - hotel_a.today()).days
    html = response.content.decode()
    assert "days left" in html or "day left" in html or "due today" in html
    assert 'href="/desk/concerns/?status=new"' in html


def test_a_group_row_opens_the_property_s_filtered_roster(client, gina, hotel_a):
    client.force_login(gina)
    html = client.get(reverse("group_dashboard")).content.decode()
    assert 'value="/training/?status=overdue"' in html

    response = client.post(
        reverse("switch_property"), {"property": hotel_a.pk, "next": "/training/?status=overdue"}
    )

    assert response.status_code == 302 and response["Location"] == "/training/?status=overdue"


def test_recent_access_is_in_words_not_codes(client, hotel_a, maria):
    from hotelcompliance.access_log import AccessKind, access_event_record

    access_event_record(
        actor=maria,
        prop=hotel_a,
        kind=AccessKind.VIEW,
        object_type="training_roster",
        reason="in_house 3, recently_departed 1",
    )
    client.force_login(maria)
    page = client.get("/dashboard/").content.decode()
    assert "the training roster" in page
    assert "in house 3, recently departed 1" in page
    assert "training_roster" not in page and "recently_departed" not in page
