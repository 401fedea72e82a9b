"""Records requests carry a reference people can quote, and show how long is left."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audits.models import RecordsRequest
from tests.audits.factories import api_body, days_ago, file_request, second_inspector

pytestmark = pytest.mark.django_db


def test_references_count_per_property_and_year(hotel_a, hotel_b, ivan, maria):
    first = file_request(hotel_a, ivan)
    second = file_request(hotel_a, ivan, agency_reference="DCP case 2026-117")
    year = hotel_a.today().year
    assert (first.reference, second.reference) == (f"RR-{year}-0001", f"RR-{year}-0002")
    assert second.agency_reference == "DCP case 2026-117"
    from tests.factories import MembershipFactory, UserFactory

    b_inspector = MembershipFactory(
        user=UserFactory(), property=hotel_b, role="inspector", agency="X", badge_number="1"
    ).user
    assert file_request(hotel_b, b_inspector).reference == f"RR-{year}-0001"


@pytest.mark.clock("2027-01-01T05:30:00+00:00")  # 00:30 on New Year's Day in Connecticut
def test_the_year_is_the_propertys_local_year(hotel_a, ivan):
    request = file_request(
        hotel_a, ivan, period_start=days_ago(3), period_end=days_ago(1), deadline=days_ago(-5)
    )
    assert request.reference == "RR-2027-0001"


def test_a_bad_agency_reference_is_a_field_error_and_files_nothing(hotel_a, ivan):
    with pytest.raises(ValidationError) as error:
        file_request(hotel_a, ivan, agency_reference="case\u202e 1")
    assert "agency_reference" in error.value.message_dict
    with pytest.raises(ValidationError):
        file_request(hotel_a, ivan, agency_reference="x" * 101)
    assert not RecordsRequest.objects.exists()


def test_the_api_takes_and_returns_the_references(api_as, hotel_a, ivan):
    client = api_as(ivan)
    response = client.post(
        f"/api/v1/properties/{hotel_a.pk}/records-requests/",
        api_body(agency_reference="SP-44"),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["reference"].startswith("RR-")
    assert response.json()["agency_reference"] == "SP-44"


def test_countdown_on_the_list_and_overdue_highlighting(client, hotel_a, ivan, maria):
    soon = file_request(hotel_a, ivan, deadline=timezone.localdate() + timedelta(days=2))
    late = file_request(hotel_a, ivan, deadline=timezone.localdate() + timedelta(days=1))
    RecordsRequest.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(3))
    client.force_login(maria)
    page = client.get("/records-requests/").content.decode()
    assert "2 days left" in page
    assert "overdue by 3 days" in page
    assert 'class="overdue"' in page
    assert soon.reference in page


def test_inspector_sees_their_reference_and_countdown(client, hotel_a, ivan):
    request = file_request(hotel_a, ivan, agency_reference="DCP-9")
    other = file_request(hotel_a, second_inspector(hotel_a))
    client.force_login(ivan)
    page = client.get("/inspector/").content.decode()
    assert request.reference in page and "DCP-9" in page
    assert "14 days left" in page
    assert other.reference not in page


def test_a_request_and_its_extract_link_both_ways(client, hotel_a, ivan, maria):
    from audits.reports import services as report_services
    from audits.services import records_request_produce, records_request_review

    request = file_request(hotel_a, ivan)
    records_request_review(request=request, actor=maria)
    records_request_produce(request=request, actor=maria)
    report = report_services.report_request(
        prop=hotel_a, actor=maria, kind="register_extract", records_request=request
    )
    client.force_login(maria)
    detail = client.get(f"/records-requests/{request.pk}/").content.decode()
    assert f"/reports/{report.pk}/" in detail
    report_page = client.get(f"/reports/{report.pk}/").content.decode()
    assert f"/records-requests/{request.pk}/" in report_page
    assert request.reference in report_page
