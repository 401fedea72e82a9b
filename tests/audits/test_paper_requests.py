"""A request served on paper is logged by a manager and then runs like one filed online."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audits.models import RecordsRequest, RequestStatus
from audits.paper_requests import PaperOfficer, is_paper_officer, records_request_log_paper
from audits.services import records_request_produce, records_request_review
from hotelcompliance.tenancy import Membership
from tests.audits.factories import request_data
from tests.audits.files import pdf_bytes

pytestmark = pytest.mark.django_db

OFFICER = PaperOfficer(name="Dana Cruz", agency="State Police", badge_number="SP-204")


def scan() -> list[tuple[str, SimpleUploadedFile]]:
    upload = SimpleUploadedFile("subpoena.pdf", pdf_bytes("Subpoena"), "application/pdf")
    return [("subpoena", upload)]


def test_a_paper_request_gets_a_reference_hold_scan_and_the_usual_steps(hotel_a, maria):
    request = records_request_log_paper(
        prop=hotel_a, actor=maria, officer=OFFICER, data=request_data(), documents=scan()
    )
    assert request.reference.startswith("RR-")
    assert request.logged_by == maria
    assert request.legal_hold is not None
    assert request.documents.get().kind == "subpoena"
    officer = request.inspector
    assert is_paper_officer(officer) and not officer.has_usable_password()
    assert officer.get_full_name() == "Dana Cruz"
    records_request_review(request=request, actor=maria)
    produced = records_request_produce(request=request, actor=maria)
    assert produced.status == RequestStatus.PRODUCED


def test_the_same_officer_is_reused_for_their_next_paper(hotel_a, maria):
    first = records_request_log_paper(
        prop=hotel_a, actor=maria, officer=OFFICER, data=request_data(), documents=scan()
    )
    again = PaperOfficer(name="D. Cruz", agency="state police", badge_number="sp-204")
    second = records_request_log_paper(
        prop=hotel_a, actor=maria, officer=again, data=request_data(), documents=scan()
    )
    assert first.inspector == second.inspector
    assert Membership.objects.filter(user=first.inspector).count() == 1


@pytest.mark.parametrize(
    ("officer", "overrides", "documents", "field"),
    [
        (PaperOfficer("", "State Police", "1"), {}, "scan", "officer_name"),
        (PaperOfficer("Dana", "State\u202ePolice", "1"), {}, "scan", "officer_agency"),
        (OFFICER, {"legal_basis": "exigent_circumstances"}, "scan", "legal_basis"),
        (OFFICER, {}, None, "documents"),
        (OFFICER, {"period_end": None}, "scan", "period_end"),
    ],
)
def test_bad_input_is_a_field_error_and_saves_nothing(
    hotel_a, maria, officer, overrides, documents, field
):
    with pytest.raises(ValidationError) as error:
        records_request_log_paper(
            prop=hotel_a,
            actor=maria,
            officer=officer,
            data=request_data(**overrides),
            documents=scan() if documents else [],
        )
    assert field in error.value.message_dict
    assert not RecordsRequest.objects.exists()
    assert not Membership.objects.filter(user__username__startswith="paper.").exists()


def test_only_managers_log_paper(hotel_a, sam, ivan):
    for user in (sam, ivan):
        with pytest.raises(PermissionDenied):
            records_request_log_paper(
                prop=hotel_a, actor=user, officer=OFFICER, data=request_data(), documents=scan()
            )


def test_the_page_logs_it_and_the_detail_says_it_came_on_paper(client, hotel_a, maria):
    client.force_login(maria)
    page = client.get("/records-requests/paper/")
    assert page.status_code == 200
    assert "Exigent circumstances" not in page.content.decode()
    data = request_data()
    body = {
        "token": page.context["form"]["token"].value(),
        "officer_name": "Dana Cruz",
        "officer_agency": "State Police",
        "officer_badge": "SP-204",
        "agency_reference": "Case 26-114",
        "legal_basis": "administrative_subpoena",
        "period_start": data["period_start"].isoformat(),
        "period_end": data["period_end"].isoformat(),
        "deadline": data["deadline"].isoformat(),
        "rooms": "101",
        "names": "",
        "register_fields": ["guest_name", "room", "arrival"],
        "document_kind": "subpoena",
        "documents": SimpleUploadedFile("s.pdf", pdf_bytes("Subpoena"), "application/pdf"),
    }
    response = client.post("/records-requests/paper/", body, follow=True)
    text = response.content.decode()
    request = RecordsRequest.objects.get()
    assert f"Paper request logged as {request.reference}" in text
    assert "served on paper, logged by" in text
    assert request.agency_reference == "Case 26-114"


def test_the_page_without_a_scan_shows_the_field_error(client, hotel_a, maria):
    client.force_login(maria)
    page = client.get("/records-requests/paper/")
    data = request_data()
    body = {
        "token": page.context["form"]["token"].value(),
        "officer_name": "Dana Cruz",
        "officer_agency": "State Police",
        "officer_badge": "SP-204",
        "legal_basis": "administrative_subpoena",
        "period_start": data["period_start"].isoformat(),
        "period_end": data["period_end"].isoformat(),
        "deadline": data["deadline"].isoformat(),
        "register_fields": ["guest_name"],
        "document_kind": "subpoena",
    }
    response = client.post("/records-requests/paper/", body)
    assert response.status_code == 200
    assert "Attach the scan or photo of the paper request." in response.content.decode()
    assert not RecordsRequest.objects.exists()


# --- Training-records requests (the Texas Attorney General's) ---------------------------------


def test_a_training_records_request_is_answered_with_a_training_roster(hotel_a, ivan, maria):
    from audits.reports.access import reports_visible_to
    from audits.reports.models import AuditReport, ReportKind
    from tests.audits.factories import file_request

    request = file_request(
        hotel_a,
        ivan,
        subject="training",
        legal_basis="statutory_demand",
        rooms=[],
        names=[],
        fields=[],
    )
    assert request.is_training()
    assert request.legal_hold is None  # no stays are in scope
    records_request_review(request=request, actor=maria)
    records_request_produce(request=request, actor=maria)
    report = AuditReport.objects.get(records_request=request)
    assert report.kind == ReportKind.TRAINING_ROSTER
    assert (report.period_start, report.period_end) == (request.period_start, request.period_end)
    assert report in reports_visible_to(maria, hotel_a)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rooms": ["101"], "names": [], "fields": []}, "rooms"),
        ({"rooms": [], "names": ["Jane Roe"], "fields": []}, "names"),
        ({"rooms": [], "names": [], "fields": ["guest_name"]}, "fields"),
        ({"subject": "everything"}, "subject"),
    ],
)
def test_a_training_request_names_no_guests(hotel_a, ivan, overrides, field):
    from tests.audits.factories import file_request

    with pytest.raises(ValidationError) as error:
        file_request(hotel_a, ivan, **{"subject": "training", **overrides})
    assert field in error.value.message_dict
    assert not RecordsRequest.objects.exists()


def test_a_register_request_still_needs_its_fields(hotel_a, ivan):
    from tests.audits.factories import file_request

    with pytest.raises(ValidationError) as error:
        file_request(hotel_a, ivan, fields=[])
    assert "fields" in error.value.message_dict


def test_the_api_files_a_training_records_request(api_as, hotel_a, ivan):
    from tests.audits.factories import api_body

    body = api_body(subject="training", legal_basis="statutory_demand", rooms=[], names=[])
    body.pop("fields")
    response = api_as(ivan).post(
        f"/api/v1/properties/{hotel_a.pk}/records-requests/", body, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["subject"] == "training"


def test_a_register_extract_is_refused_for_a_training_request(hotel_a, ivan, maria):
    from audits.reports import services as report_services
    from tests.audits.factories import file_request

    request = file_request(hotel_a, ivan, subject="training", rooms=[], names=[], fields=[])
    records_request_review(request=request, actor=maria)
    records_request_produce(request=request, actor=maria)
    with pytest.raises(ValidationError) as error:
        report_services.report_request(
            prop=hotel_a, actor=maria, kind="register_extract", records_request=request
        )
    assert "records_request" in error.value.message_dict


def test_the_detail_page_says_training_records_and_counts_no_stays(client, hotel_a, ivan, maria):
    from tests.audits.factories import file_request

    request = file_request(hotel_a, ivan, subject="training", rooms=[], names=[], fields=[])
    client.force_login(maria)
    page = client.get(f"/records-requests/{request.pk}/").content.decode()
    assert "Training records" in page
    assert 'id="scope-rows"' not in page
