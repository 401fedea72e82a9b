"""The audit-reports API (202, progress, download) and the public verify endpoint."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.reports import services
from audits.reports.models import AuditReport
from hotelcompliance.access_log import AccessEvent
from tests.audits.factories import days_ago, file_request
from tests.audits.report_fixtures import *  # noqa: F403
from tests.audits.test_reports import produced_request

pytestmark = pytest.mark.usefixtures("report_media")


def list_url(prop) -> str:
    return f"/api/v1/properties/{prop.pk}/audit-reports/"


def built_extract(hotel_a, ivan, maria) -> AuditReport:
    request = produced_request(hotel_a, ivan, maria)
    report = services.report_request(
        prop=hotel_a, actor=maria, kind="register_extract", records_request=request
    )
    services.report_build(str(report.pk))
    return AuditReport.objects.get(pk=report.pk)


def test_a_manager_asks_for_a_report_and_gets_202_with_its_address(api_as, hotel_a, maria):
    response = api_as(maria).post(
        list_url(hotel_a),
        {
            "kind": "training_roster",
            "period_start": str(days_ago(30)),
            "period_end": str(days_ago(0)),
        },
        format="json",
    )
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["status"] == "queued" and body["progress"] == 0 and body["download_url"] is None
    assert response["Location"] == body["url"]
    polled = api_as(maria).get(body["url"]).json()
    assert polled["id"] == body["id"] and polled["verification_code"] == body["verification_code"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "novel"}, "kind"),
        (
            {"kind": "compliance_pack", "period_start": "2026-13-01", "period_end": "x"},
            "period_start",
        ),
        (
            {"kind": "compliance_pack", "period_start": "2026-05-02", "period_end": "2026-05-01"},
            "period_end",
        ),
        (
            {"kind": "compliance_pack", "period_start": "2026-05-02", "period_end": "2999-01-01"},
            "period_end",
        ),
        ({"kind": "register_extract"}, "records_request"),
        ({"kind": "register_extract", "records_request": "not-a-uuid"}, "records_request"),
        (
            {"kind": "register_extract", "records_request": "00000000-0000-0000-0000-000000000000"},
            "records_request",
        ),
    ],
)
def test_bad_requests_are_400_with_field_errors(api_as, hotel_a, maria, body, field):
    response = api_as(maria).post(list_url(hotel_a), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not AuditReport.objects.exists()


def test_an_extract_for_a_withdrawn_request_is_refused(api_as, hotel_a, ivan, maria):
    from audits.services import records_request_withdraw

    request = records_request_withdraw(request=file_request(hotel_a, ivan), actor=ivan)
    response = api_as(maria).post(
        list_url(hotel_a),
        {"kind": "register_extract", "records_request": str(request.pk)},
        format="json",
    )
    assert response.status_code == 400
    assert "produced" in response.json()["fields"]["records_request"][0]


def test_download_is_the_signed_pdf_and_is_access_logged(api_as, hotel_a, ivan, maria):
    report = built_extract(hotel_a, ivan, maria)
    body = api_as(maria).get(f"{list_url(hotel_a)}{report.pk}/").json()
    assert body["status"] == "done" and body["progress"] == 100 and body["sha256"] == report.sha256
    response = api_as(maria).get(body["download_url"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    event = AccessEvent.objects.get(kind="download", object_type="audit_report")
    assert event.object_id == str(report.pk) and event.actor == maria


def test_downloading_an_unfinished_report_is_a_409(api_as, hotel_a, maria):
    report = services.report_request(
        prop=hotel_a,
        actor=maria,
        kind="training_roster",
        period_start=days_ago(3),
        period_end=days_ago(1),
    )
    response = api_as(maria).get(f"{list_url(hotel_a)}{report.pk}/download/")
    assert response.status_code == 409 and "queued" in response.json()["detail"]


def test_an_inspector_sees_only_what_was_produced_for_them(api_as, hotel_a, ivan, maria):
    mine = built_extract(hotel_a, ivan, maria)
    services.report_request(
        prop=hotel_a,
        actor=maria,
        kind="training_roster",
        period_start=days_ago(3),
        period_end=days_ago(1),
    )
    listed = api_as(ivan).get(list_url(hotel_a)).json()["results"]
    assert [row["id"] for row in listed] == [str(mine.pk)]
    assert api_as(ivan).get(f"{list_url(hotel_a)}{mine.pk}/").status_code == 200
    viewed = AccessEvent.objects.get(kind="view", object_type="audit_report")
    assert viewed.actor == ivan and viewed.object_id == str(mine.pk)
    assert api_as(ivan).get(f"{list_url(hotel_a)}{mine.pk}/download/").status_code == 200


def test_another_inspectors_report_is_a_404(api_as, hotel_a, ivan, maria):
    from hotelcompliance.roles import Role
    from tests.factories import MembershipFactory, UserFactory

    report = built_extract(hotel_a, ivan, maria)
    other = UserFactory(username="irene")
    MembershipFactory(user=other, property=hotel_a, role=Role.INSPECTOR, agency="State Police")
    assert api_as(other).get(f"{list_url(hotel_a)}{report.pk}/").status_code == 404
    assert api_as(other).get(f"{list_url(hotel_a)}{report.pk}/download/").status_code == 404


def test_an_expired_grant_is_a_403_with_the_date(api_as, hotel_a, ivan, maria):
    report = built_extract(hotel_a, ivan, maria)
    request = report.records_request
    assert request.access_expires_at is not None  # production started the grant
    type(request).objects.filter(pk=request.pk).update(
        access_expires_at=timezone.now() - timezone.timedelta(days=1)
    )
    response = api_as(ivan).get(f"{list_url(hotel_a)}{report.pk}/download/")
    assert response.status_code == 403 and "expired" in response.json()["detail"]
    assert api_as(maria).get(f"{list_url(hotel_a)}{report.pk}/download/").status_code == 200


def test_the_front_desk_is_refused_and_another_tenant_gets_404(
    api_as, hotel_a, ivan, maria, sam, olga
):
    report = built_extract(hotel_a, ivan, maria)
    assert api_as(sam).get(list_url(hotel_a)).status_code == 403
    assert api_as(olga).get(list_url(hotel_a)).status_code == 404
    assert api_as(olga).get(f"{list_url(hotel_a)}{report.pk}/download/").status_code == 404
    assert (
        api_as(ivan).post(list_url(hotel_a), {"kind": "training_roster"}, format="json").status_code
        == 403
    )


# Verify ------------------------------------------------------------------------------------


def test_verify_answers_for_a_file_and_for_a_code_without_logging_in(client, hotel_a, ivan, maria):
    report = built_extract(hotel_a, ivan, maria)
    data = report.file.open("rb").read()
    upload = SimpleUploadedFile("r.pdf", data, content_type="application/pdf")
    answer = client.post("/api/v1/verify/", {"file": upload}).json()
    assert answer["authentic"] is True and answer["signature"]["valid"] is True
    assert answer["report"]["kind"] == "register_extract"
    assert answer["report"]["property"] == "Hotel A"
    assert set(answer["report"]) == {
        "kind",
        "kind_label",
        "property",
        "period_start",
        "period_end",
        "issued_at",
        "pages",
        "verification_code",
        "sha256",
    }
    by_code = client.post(
        "/api/v1/verify/", {"code": report.verification_code}, content_type="application/json"
    ).json()
    assert by_code["authentic"] is True and by_code["sha256"] == report.sha256


def test_verify_says_a_changed_file_is_not_authentic(client, hotel_a, ivan, maria):
    report = built_extract(hotel_a, ivan, maria)
    data = bytearray(report.file.open("rb").read())
    data[len(data) // 2] ^= 0x01
    upload = SimpleUploadedFile("r.pdf", bytes(data), content_type="application/pdf")
    answer = client.post("/api/v1/verify/", {"file": upload}).json()
    assert answer["authentic"] is False and "report" not in answer


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "file"),
        ({"code": "garbage!"}, "code"),
        ({"file": SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>")}, "file"),
        ({"file": SimpleUploadedFile("x.pdf", b"")}, "file"),
    ],
)
def test_verify_garbage_is_a_400(client, payload, field):
    response = client.post("/api/v1/verify/", payload)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_verify_an_unknown_code_is_not_authentic(client, db):
    answer = client.post("/api/v1/verify/", {"code": "HC-2345-6789-ABCD"}).json()
    assert answer == {"authentic": False, "reason": "No report was issued with this code."}


def test_an_inspector_reading_their_request_is_access_logged(api_as, hotel_a, ivan, maria):
    request = file_request(hotel_a, ivan, names=[])
    url = f"/api/v1/properties/{hotel_a.pk}/records-requests/{request.pk}/"
    assert api_as(ivan).get(url).status_code == 200
    assert api_as(maria).get(url).status_code == 200  # a manager's read is not an inspector view
    viewed = AccessEvent.objects.filter(kind="view", object_type="records_request")
    assert [(e.actor, e.object_id) for e in viewed] == [(ivan, str(request.pk))]
