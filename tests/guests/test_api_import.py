"""POST /api/v1/properties/{id}/registrations/import/: the PMS CSV import through the API."""

import pytest

from guests import pms_import
from guests.models import Registration
from hotelcompliance.access_log import AccessEvent, AccessKind
from tests.guests.pms_csv import pms_csv, pms_row, upload

pytestmark = pytest.mark.django_db


def url(prop) -> str:
    return f"/api/v1/properties/{prop.pk}/registrations/import/"


def post(client, prop, content: bytes, **data):
    return client.post(url(prop), {"file": upload(content), **data}, format="multipart")


def test_a_clean_file_answers_201_with_the_counts(api_as, hotel_a, maria):
    response = post(api_as(maria), hotel_a, pms_csv([pms_row(hotel_a, n) for n in range(3)]))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["rows"], body["imported"], body["first_number"], body["last_number"]) == (
        3,
        3,
        1,
        3,
    )
    assert Registration.objects.filter(property=hotel_a, channel="import").count() == 3
    assert AccessEvent.objects.filter(kind=AccessKind.IMPORT, property=hotel_a).count() == 1


def test_a_bad_row_answers_400_naming_line_and_field_and_saves_nothing(api_as, hotel_a, maria):
    rows = [pms_row(hotel_a, n) for n in range(3)]
    rows[2]["expected_departure"] = "2026-02-30"

    response = post(api_as(maria), hotel_a, pms_csv(rows))

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"] == [
        {"line": 4, "field": "expected_departure", "message": body["errors"][0]["message"]}
    ]
    assert body["fields"]["file"][0].startswith("Line 4, expected_departure:")
    assert body["good_rows"] == 2
    assert not Registration.objects.exists()
    assert not AccessEvent.objects.exists()


def test_a_dry_run_only_checks(api_as, hotel_a, maria):
    content = pms_csv([pms_row(hotel_a, 1)])

    response = post(api_as(maria), hotel_a, content, dry_run="true")

    assert response.status_code == 200
    assert response.json()["dry_run"] is True and response.json()["imported"] == 0
    assert not Registration.objects.exists()
    assert post(api_as(maria), hotel_a, content, dry_run="maybe").status_code == 400


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        ("guest_name\r\nJos\u00e9\r\n".encode("latin-1"), "not UTF-8"),
        (b"shoe_size\r\n42\r\n", "Unknown column"),
    ],
)
def test_unreadable_files_answer_400(api_as, hotel_a, maria, content, words):
    response = post(api_as(maria), hotel_a, content)

    assert response.status_code == 400
    assert words in " ".join(response.json()["fields"]["file"])


def test_a_missing_file_is_a_field_error(api_as, hotel_a, maria):
    response = api_as(maria).post(url(hotel_a), {}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["fields"]


def test_a_file_over_the_limit_answers_413(api_as, hotel_a, maria, monkeypatch):
    monkeypatch.setattr(pms_import, "MAX_IMPORT_BYTES", 2000)
    big = pms_csv([pms_row(hotel_a, n) for n in range(100)])

    response = post(api_as(maria), hotel_a, big)

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not Registration.objects.exists()


def test_a_declared_body_over_the_limit_is_refused_before_reading(api_as, hotel_a, maria):
    client = api_as(maria)
    too_big = pms_import.MAX_IMPORT_BYTES + 1024 * 1024

    response = client.generic(
        "POST",
        url(hotel_a),
        b"x",
        content_type="multipart/form-data; boundary=zz",
        CONTENT_LENGTH=str(too_big),
    )

    assert response.status_code == 413


@pytest.mark.parametrize("who", ["sam", "ivan"])
def test_only_managers_may_import(api_as, hotel_a, who, request):
    response = post(api_as(request.getfixturevalue(who)), hotel_a, pms_csv([pms_row(hotel_a, 1)]))

    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_another_tenants_property_is_a_404(api_as, hotel_a, olga):
    response = post(api_as(olga), hotel_a, pms_csv([pms_row(hotel_a, 1)]))

    assert response.status_code == 404


def test_the_api_list_is_an_export_and_is_logged(api_as, hotel_a, maria):
    post(api_as(maria), hotel_a, pms_csv([pms_row(hotel_a, n) for n in range(2)]))
    client = api_as(maria)

    response = client.get(f"/api/v1/properties/{hotel_a.pk}/registrations/", {"room": "101"})

    assert response.status_code == 200
    event = AccessEvent.objects.get(kind=AccessKind.EXPORT)
    assert event.object_type == "registration_list"
    assert event.fields == ["room"]
    assert event.actor == maria and event.property == hotel_a
    assert "101" not in event.reason


def test_an_upload_spooled_to_a_temporary_file_imports_too(api_as, hotel_a, maria, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # Django writes the upload to disk

    response = post(api_as(maria), hotel_a, pms_csv([pms_row(hotel_a, n) for n in range(40)]))

    assert response.status_code == 201, response.json()
    assert response.json()["imported"] == 40
