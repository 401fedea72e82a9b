"""The managers' import pages: upload → preview (errors by line and field) → confirm, once."""

import pytest
from django.urls import reverse

from guests import pms_import
from guests.models import Registration, RegistrationImport
from hotelcompliance import crypto
from hotelcompliance.access_log import AccessEvent, AccessKind
from hotelcompliance.fields import raw_token
from hotelcompliance.imports.stored import seal
from tests.guests.pms_csv import pms_csv, pms_row, upload

pytestmark = pytest.mark.django_db

URL = reverse("registration_import")


def send(client, content: bytes):
    return client.post(URL, {"file": upload(content)})


def test_the_desk_and_the_search_page_link_to_the_import(client, maria):
    client.force_login(maria)

    assert URL in client.get(reverse("desk")).content.decode()
    assert URL in client.get(reverse("registration_search")).content.decode()


def test_a_clean_file_is_previewed_then_imported_once(client, hotel_a, maria):
    client.force_login(maria)

    response = send(client, pms_csv([pms_row(hotel_a, n) for n in range(4)]))

    assert response.status_code == 302
    stored = RegistrationImport.objects.get()
    assert response["Location"] == reverse("registration_import_preview", kwargs={"pk": stored.pk})
    raw = RegistrationImport.objects.annotate(token=raw_token("content")).get().token
    assert raw.startswith(crypto.VERSION + ".") and "Guest 1" not in raw  # encrypted at rest
    assert b"Guest 1" in stored.upload().read()
    preview = client.get(response["Location"]).content.decode()
    assert "4 good rows, no problems" in preview
    assert not Registration.objects.exists()

    first = client.post(response["Location"])
    second = client.post(response["Location"])  # a double submit

    assert first.status_code == second.status_code == 302
    assert Registration.objects.filter(property=hotel_a).count() == 4
    assert AccessEvent.objects.filter(kind=AccessKind.IMPORT).count() == 1
    stored.refresh_from_db()
    assert stored.imported_rows == 4 and stored.content == ""
    page = client.get(response["Location"]).content.decode()
    assert "Imported 4 registrations (#1\u2013#4)" in page


def test_bad_rows_are_listed_by_line_and_field_with_the_good_count(client, hotel_a, maria):
    client.force_login(maria)
    rows = [pms_row(hotel_a, n) for n in range(5)]
    rows[1]["rate_type"] = "hourly"
    rows[3]["arrival"] = "31/12/2026 10:00"

    response = send(client, pms_csv(rows))
    page = client.get(response["Location"]).content.decode()

    assert "Nothing has been imported: 2 problems in 2 of 5 rows (3 good rows)" in page
    assert "<td>3</td><td><code>rate_type</code></td>" in page
    assert "PA 23-20" in page
    assert "<td>5</td><td><code>arrival</code></td>" in page
    assert "Import 3" not in page  # no confirm button
    assert RegistrationImport.objects.get().content == ""  # a bad file is not kept
    assert client.post(response["Location"]).status_code == 302
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("guest_name\r\nJos\u00e9\r\n".encode("latin-1"), "not UTF-8"),
        (b"", "empty"),
    ],
)
def test_an_unreadable_file_is_a_form_error(client, maria, content, words):
    client.force_login(maria)

    response = send(client, content)

    assert response.status_code == 200
    assert words in response.content.decode()
    assert not RegistrationImport.objects.exists()


def test_a_file_over_the_limit_is_a_form_error(client, hotel_a, maria, monkeypatch):
    monkeypatch.setattr(pms_import, "MAX_IMPORT_BYTES", 1500)
    client.force_login(maria)

    response = send(client, pms_csv([pms_row(hotel_a, n) for n in range(50)]))

    assert response.status_code == 200
    assert "an import may be at most" in response.content.decode()


def test_a_tampered_stored_file_is_not_imported(client, hotel_a, maria):
    client.force_login(maria)
    response = send(client, pms_csv([pms_row(hotel_a, 1)]))
    stored = RegistrationImport.objects.get()
    other = pms_csv([pms_row(hotel_a, 2)])
    RegistrationImport.objects.filter(pk=stored.pk).update(content=seal(other))

    client.post(response["Location"])

    assert not Registration.objects.exists()


@pytest.mark.parametrize("who", ["sam", "ivan"])
def test_only_managers_may_import(client, who, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get(URL).status_code == 403


def test_another_managers_upload_is_a_404(client, hotel_a, maria, gina):
    client.force_login(maria)
    response = send(client, pms_csv([pms_row(hotel_a, 1)]))
    client.force_login(gina)

    assert client.get(response["Location"]).status_code == 404
    assert client.post(response["Location"]).status_code == 404
    assert not Registration.objects.exists()
