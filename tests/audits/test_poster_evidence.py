"""Poster evidence: managers record a photo of each posted notice, with where and since when."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from audits.models import PosterEvidence
from audits.poster_evidence import poster_evidence_add, poster_evidence_latest
from hotelcompliance.access_log import AccessEvent, AccessKind
from tests.audits.factories import days_ago
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

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("audit_media")]


def api_url(prop):
    return reverse("poster-evidence-list", kwargs={"property_pk": prop.pk})


def body(**overrides):
    data = {
        "notice": "trafficking_hotline",
        "location": "Front desk, beside the card terminal",
        "posted_on": days_ago(3).isoformat(),
        "photo": upload("front desk.jpg", image_bytes("JPEG"), "image/jpeg"),
    }
    data.update(overrides)
    return data


def add(prop, actor, *, notice="trafficking_hotline", posted_on=None, other="", location="Lobby"):
    return poster_evidence_add(
        prop=prop,
        actor=actor,
        data={
            "notice": notice,
            "notice_other": other,
            "location": location,
            "posted_on": posted_on or days_ago(3),
        },
        photo=upload("p.png", image_bytes("PNG"), "image/png"),
    )


def test_maria_records_a_poster_photo(api_as, hotel_a, maria, settings):
    response = api_as(maria).post(api_url(hotel_a), body(), format="multipart")

    assert response.status_code == 201, response.json()
    evidence = PosterEvidence.objects.get()
    assert evidence.photo.name.startswith(f"posters/{hotel_a.pk}/")
    assert evidence.photo.name.endswith(".jpg")
    assert (Path(settings.MEDIA_ROOT) / evidence.photo.name).read_bytes() == image_bytes("JPEG")
    assert evidence.photo_name == "front desk.jpg"
    assert evidence.uploaded_by == maria
    listed = api_as(maria).get(api_url(hotel_a)).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["id"] for row in rows] == [str(evidence.pk)]
    assert rows[0]["notice_label"].startswith("Human trafficking hotline notice")


@pytest.mark.parametrize(
    ("photo", "status"),
    [
        (upload("poster.jpg", HTML, "image/jpeg"), 400),
        (upload("poster.svg", SVG, "image/svg+xml"), 400),
        (upload("poster.png", SVG, "image/png"), 400),
        (upload("poster.pdf", pdf_bytes(), "application/pdf"), 400),
        (upload("poster.png", b"\x89PNG\r\n\x1a\n" + big_pdf(11), "image/png"), 413),
    ],
    ids=["html named jpg", "svg", "svg named png", "a pdf is not a photo", "11 MB"],
)
def test_a_bad_photo_is_refused_and_nothing_is_stored(
    api_as, hotel_a, maria, settings, photo, status
):
    response = api_as(maria).post(api_url(hotel_a), body(photo=photo), format="multipart")

    assert response.status_code == status, response.json()
    assert not PosterEvidence.objects.exists()
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


def test_a_date_in_the_future_or_an_unnamed_other_notice_is_a_400(api_as, hotel_a, maria):
    tomorrow = hotel_a.today() + timedelta(days=1)

    response = api_as(maria).post(
        api_url(hotel_a),
        body(posted_on=tomorrow.isoformat(), notice="other", location=""),
        format="multipart",
    )

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert "location" in fields
    response = api_as(maria).post(
        api_url(hotel_a), body(posted_on=tomorrow.isoformat(), notice="other"), format="multipart"
    )
    assert set(response.json()["fields"]) == {"posted_on", "notice_other"}
    assert not PosterEvidence.objects.exists()


@pytest.mark.parametrize("who", ["sam", "ivan"])
def test_front_desk_and_inspectors_get_a_403(api_as, hotel_a, request, who):
    client = api_as(request.getfixturevalue(who))

    assert client.get(api_url(hotel_a)).status_code == 403
    assert client.post(api_url(hotel_a), body(), format="multipart").status_code == 403


def test_another_propertys_manager_gets_a_404(api_as, hotel_a, olga):
    assert api_as(olga).get(api_url(hotel_a)).status_code == 404
    assert api_as(olga).post(api_url(hotel_a), body(), format="multipart").status_code == 404


def test_the_latest_evidence_per_notice(hotel_a, hotel_b, maria, olga):
    add(hotel_a, maria, posted_on=days_ago(100), location="Old lobby")
    newest = add(hotel_a, maria, posted_on=days_ago(5), location="New lobby")
    national = add(hotel_a, maria, notice="national_hotline", posted_on=days_ago(50))
    staff = add(hotel_a, maria, notice="other", other="Staff room notice", posted_on=days_ago(9))
    add(hotel_b, olga, posted_on=days_ago(1))

    latest = poster_evidence_latest(hotel_a)

    assert latest == [national, staff, newest]


def test_the_photo_is_served_to_managers_and_logged(client, hotel_a, maria):
    evidence = add(hotel_a, maria)
    client.force_login(maria)

    response = client.get(reverse("poster_evidence_photo", kwargs={"pk": evidence.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AccessEvent.objects.filter(
        kind=AccessKind.DOWNLOAD, object_type="poster_evidence", object_id=str(evidence.pk)
    ).exists()


def test_the_photo_is_a_404_or_403_for_everyone_else(client, hotel_a, maria, olga, sam, ivan):
    evidence = add(hotel_a, maria)
    url = reverse("poster_evidence_photo", kwargs={"pk": evidence.pk})

    client.force_login(olga)
    assert client.get(url).status_code == 404
    client.force_login(sam)
    assert client.get(url).status_code == 403
    client.force_login(ivan)
    assert client.get(url).status_code == 403
    assert not AccessEvent.objects.filter(kind=AccessKind.DOWNLOAD).exists()


def test_the_page_lists_and_adds_evidence(client, hotel_a, maria):
    client.force_login(maria)
    page = client.get(reverse("poster_evidence"))
    assert page.status_code == 200
    token = page.context["form"].initial["token"]
    data = {
        "notice": "trafficking_hotline",
        "location": "Front desk",
        "posted_on": days_ago(2).isoformat(),
        "token": str(token),
        "photo": upload("desk.png", image_bytes("PNG"), "image/png"),
    }

    response = client.post(reverse("poster_evidence"), data)

    assert response.status_code == 302
    assert PosterEvidence.objects.count() == 1
    # The same form sent twice records it once.
    data["photo"] = upload("desk.png", image_bytes("PNG"), "image/png")
    again = client.post(reverse("poster_evidence"), data, follow=True)
    assert "sent twice" in again.content.decode()
    assert PosterEvidence.objects.count() == 1
    listing = client.get(reverse("poster_evidence")).content.decode()
    assert "Front desk" in listing and "desk.png" in listing


def test_the_page_shows_a_bad_photo_inline(client, hotel_a, maria):
    client.force_login(maria)
    data = {
        "notice": "trafficking_hotline",
        "location": "Front desk",
        "posted_on": days_ago(2).isoformat(),
        "token": "6f1c1b7e-3a52-4b8e-9d7b-2f8a6c1e0a11",
        "photo": upload("desk.png", HTML, "image/png"),
    }

    response = client.post(reverse("poster_evidence"), data)

    assert response.status_code == 400
    assert "not a PNG" in response.content.decode()
    assert not PosterEvidence.objects.exists()


def test_the_page_is_403_for_the_front_desk(client, hotel_a, sam):
    client.force_login(sam)

    assert client.get(reverse("poster_evidence")).status_code == 403
