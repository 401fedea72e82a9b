"""Documents of a records request: checked by content, stored privately, downloads logged."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from audits.models import RecordsRequestDocument
from hotelcompliance.access_log import AccessEvent, AccessKind
from hotelcompliance.roles import Role
from tests.audits.factories import file_request
from tests.audits.files import (
    HTML,
    SVG,
    audit_media,  # noqa: F401
    big_pdf,
    image_bytes,
    pdf_bytes,
    stored_files,
    upload,
)
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("audit_media")]


def documents_url(rr):
    return reverse("records-request-documents", kwargs={"property_pk": rr.property_id, "pk": rr.pk})


def download_url(document):
    return reverse(
        "records_request_document", kwargs={"pk": document.request_id, "document_pk": document.pk}
    )


def post_document(client, rr, name, content, kind="subpoena"):
    return client.post(
        documents_url(rr), {"kind": kind, "file": upload(name, content)}, format="multipart"
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("subpoena.pdf", pdf_bytes()),
        ("scan.png", image_bytes("PNG")),
        ("s.jpg", image_bytes("JPEG")),
    ],
)
def test_ivan_attaches_a_real_document(api_as, hotel_a, ivan, settings, name, content):
    rr = file_request(hotel_a, ivan)

    response = post_document(api_as(ivan), rr, name, content)

    assert response.status_code == 201, response.json()
    document = RecordsRequestDocument.objects.get()
    assert re.fullmatch(
        rf"records-requests/{hotel_a.pk}/[0-9a-f-]{{36}}\.(pdf|png|jpg)", document.file.name
    )
    assert (Path(settings.MEDIA_ROOT) / document.file.name).read_bytes() == content
    assert document.sha256 == response.json()["sha256"] and len(document.sha256) == 64
    assert document.original_name == name
    detail = api_as(ivan).get(
        reverse("records-request-detail", kwargs={"property_pk": hotel_a.pk, "pk": rr.pk})
    )
    assert [d["id"] for d in detail.json()["documents"]] == [str(document.pk)]


@pytest.mark.parametrize(
    ("name", "content", "status"),
    [
        ("subpoena.pdf", HTML, 400),
        ("warrant.svg", SVG, 400),
        ("warrant.png", SVG, 400),
        ("subpoena.pdf", b"", 400),
        ("subpoena.pdf", big_pdf(11), 413),
    ],
    ids=["html named pdf", "svg", "svg named png", "empty", "11 MB"],
)
def test_a_bad_file_is_refused_and_nothing_is_stored(
    api_as, hotel_a, ivan, settings, name, content, status
):
    rr = file_request(hotel_a, ivan)

    response = post_document(api_as(ivan), rr, name, content)

    assert response.status_code == status, response.json()
    body = response.json()
    assert body["detail"] and body["code"]
    assert not RecordsRequestDocument.objects.exists()
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


def test_a_50_mb_upload_is_a_413_before_it_is_read(api_as, hotel_a, ivan, settings):
    rr = file_request(hotel_a, ivan)

    response = post_document(api_as(ivan), rr, "subpoena.pdf", big_pdf(50))

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "10 MB" in response.json()["detail"]
    assert not RecordsRequestDocument.objects.exists()
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


def test_an_unknown_kind_is_a_400(api_as, hotel_a, ivan):
    rr = file_request(hotel_a, ivan)

    response = post_document(api_as(ivan), rr, "s.pdf", pdf_bytes(), kind="decision")

    assert response.status_code == 400
    assert "kind" in response.json()["fields"]


@pytest.mark.parametrize("who", ["maria", "sam"])
def test_only_inspectors_attach_through_the_api(api_as, hotel_a, ivan, request, who):
    rr = file_request(hotel_a, ivan)

    response = post_document(api_as(request.getfixturevalue(who)), rr, "s.pdf", pdf_bytes())

    assert response.status_code == 403


def test_another_inspector_cannot_attach_to_ivans_request(api_as, hotel_a, ivan):
    rr = file_request(hotel_a, ivan)
    irene = MembershipFactory(
        user=UserFactory(username="irene"), property=hotel_a, role=Role.INSPECTOR
    ).user

    response = post_document(api_as(irene), rr, "s.pdf", pdf_bytes())

    assert response.status_code == 404


def test_a_withdrawn_request_takes_no_documents(api_as, hotel_a, ivan):
    from audits.services import records_request_withdraw

    rr = file_request(hotel_a, ivan)
    records_request_withdraw(request=rr, actor=ivan)

    response = post_document(api_as(ivan), rr, "s.pdf", pdf_bytes())

    assert response.status_code == 409


def attach(api_as, rr, ivan, content=None):
    post_document(api_as(ivan), rr, "../../etc/sub poena.pdf", content or pdf_bytes())
    return RecordsRequestDocument.objects.get()


@pytest.mark.parametrize("who", ["maria", "ivan", "gina"])
def test_managers_and_the_filing_inspector_download_and_it_is_logged(
    api_as, client, hotel_a, ivan, maria, gina, request, who
):
    rr = file_request(hotel_a, ivan)
    document = attach(api_as, rr, ivan)
    client.force_login(request.getfixturevalue(who))

    response = client.get(download_url(document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (
        document.file.storage.open(document.file.name).read()
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="sub poena.pdf"'
    assert AccessEvent.objects.filter(
        kind=AccessKind.DOWNLOAD,
        object_type="records_request_document",
        object_id=str(document.pk),
        actor__username=who,
    ).exists()


def test_other_people_do_not_reach_a_document(api_as, client, hotel_a, hotel_b, ivan, sam, olga):
    rr = file_request(hotel_a, ivan)
    document = attach(api_as, rr, ivan)
    irene = MembershipFactory(
        user=UserFactory(username="irene"), property=hotel_a, role=Role.INSPECTOR
    ).user

    client.force_login(olga)  # another property's manager
    assert client.get(download_url(document)).status_code == 404
    client.force_login(irene)  # another inspector of the same property
    assert client.get(download_url(document)).status_code == 404
    client.force_login(sam)  # front desk
    assert client.get(download_url(document)).status_code == 403
    assert not AccessEvent.objects.filter(kind=AccessKind.DOWNLOAD).exists()


def test_a_missing_file_is_a_404(api_as, client, hotel_a, ivan, maria):
    rr = file_request(hotel_a, ivan)
    document = attach(api_as, rr, ivan)
    document.file.storage.delete(document.file.name)
    client.force_login(maria)

    assert client.get(download_url(document)).status_code == 404


def test_documents_filed_with_the_request_are_all_checked_first(hotel_a, ivan, settings):
    from django.core.exceptions import ValidationError

    from audits.models import RecordsRequest
    from audits.services import records_request_file
    from tests.audits.factories import request_data

    with pytest.raises(ValidationError) as caught:
        records_request_file(
            prop=hotel_a,
            inspector=ivan,
            data=request_data(),
            documents=[
                ("subpoena", upload("a.pdf", pdf_bytes())),
                ("subpoena", upload("b.pdf", HTML)),
            ],
        )

    assert "b.pdf" in caught.value.message_dict["document"][0]
    assert not RecordsRequest.objects.exists()
    assert stored_files(Path(settings.MEDIA_ROOT)) == []
