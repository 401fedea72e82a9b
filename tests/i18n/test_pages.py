"""The key pages in Spanish: asked for by the browser (Accept-Language) or chosen in the switch.

Each page must show its Spanish words and none of the English sentences of the catalogues
(the words of rule packs and of people's records are data, and stay as written).
"""

import html
import re
import uuid

import polib
import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from hotelcompliance.errors import server_error
from tests.audits.factories import file_request
from tests.audits.report_fixtures import *  # noqa: F403 (the signing key and report media)
from tests.i18n.catalogues import po_paths
from tests.training.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
HOTLINE_ES = "Línea Nacional contra la Trata de Personas"


def _english_sentences() -> set[str]:
    """The catalogues' English sentences (three words or more, nothing filled in)."""
    sentences = set()
    for path in po_paths("es"):
        for entry in polib.pofile(str(path)):
            text = entry.msgid
            if "%" in text or "{" in text or "<" in text or entry.msgstr == text:
                continue
            if len(text.split()) >= 3:
                sentences.add(text)
    return sentences


ENGLISH = _english_sentences()


def visible_text(page: str) -> str:
    body = page.split("<body", 1)[-1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def assert_spanish(page: str, *spanish: str) -> None:
    text = visible_text(page)
    assert '<html lang="es">' in page
    for words in spanish:
        assert words in text, words
    left = sorted(sentence for sentence in ENGLISH if sentence in text)
    assert not left, f"English left on a Spanish page: {left[:5]}"


def test_the_login_page_in_spanish(client):
    page = client.get(reverse("login"), **SPANISH).content.decode()

    assert_spanish(page, "Iniciar sesión", "Contraseña", HOTLINE_ES)
    assert "Log in" not in visible_text(page)


def test_the_front_desk_in_spanish(client, sam):
    client.force_login(sam)

    page = client.get(reverse("desk"), **SPANISH).content.decode()

    assert_spanish(
        page, "Registrar la llegada de un huésped", "Llegadas de hoy", "No hay nadie hospedado."
    )
    assert "Today's arrivals" not in page


def test_the_roster_and_an_employees_page_in_spanish(client, maria, hotel_a):
    employee = EmployeeFactory(property=hotel_a, name="Rosa Díaz")
    client.force_login(maria)

    roster = client.get(reverse("training_roster"), **SPANISH).content.decode()
    detail = client.get(reverse("training_employee", args=[employee.pk]), **SPANISH)

    assert_spanish(
        roster, "Lista de capacitación", "Empleados por estado", "Limpieza", "Cualquier estado"
    )
    assert "contratado el" in visible_text(roster)  # the status reason is Spanish too
    assert_spanish(
        detail.content.decode(), "Historial de capacitación", "Registrar un curso completado"
    )


def test_a_records_request_in_spanish_for_the_manager_and_the_inspector(
    client, maria, ivan, hotel_a
):
    request = file_request(hotel_a, ivan)
    client.force_login(maria)
    detail = client.get(reverse("records_request_detail", kwargs={"pk": request.pk}), **SPANISH)
    client.force_login(ivan)
    new = client.get(reverse("records_request_new"), **SPANISH)

    assert_spanish(detail.content.decode(), "La solicitud", "Cronología", "Citación administrativa")
    assert_spanish(new.content.decode(), "Presentar la solicitud", "Fundamento legal")


def test_the_concern_form_and_its_hotline_notice_in_spanish(client, sam):
    client.force_login(sam)

    page = client.get(reverse("concern_new"), **SPANISH).content.decode()

    assert_spanish(
        page,
        "¿Qué notó?",
        "Control o falta de libertad",
        "No confronte a nadie",
        "Enviar a los gerentes",
        HOTLINE_ES,
    )
    assert "National Human Trafficking Hotline" not in page


def test_the_not_found_page_in_spanish(client, sam):
    client.force_login(sam)

    response = client.get("/no-such-page/", **SPANISH)

    assert response.status_code == 404
    assert_spanish(response.content.decode(), "Aquí no hay nada")


def test_the_error_page_in_spanish():
    request = RequestFactory().get("/desk/")
    with translation.override("es"):
        response = server_error(request)

    assert response.status_code == 500
    assert_spanish(response.content.decode(), "Algo salió mal de nuestro lado")
    assert "Something went wrong" not in response.content.decode()


def test_english_stays_the_default(client):
    page = client.get(reverse("login")).content.decode()

    assert '<html lang="en">' in page
    assert "Log in" in page


def test_the_language_switch_is_a_form_that_works_without_script_and_is_remembered(client, sam):
    client.force_login(sam)
    desk = client.get(reverse("desk")).content.decode()
    assert f'action="{reverse("set_language")}"' in desk
    assert 'name="language" value="es" lang="es">Español</button>' in desk

    response = client.post(reverse("set_language"), {"language": "es", "next": reverse("desk")})

    assert response.status_code == 302 and response["Location"] == reverse("desk")
    assert response.cookies["django_language"]["max-age"] == 365 * 24 * 60 * 60
    again = client.get(reverse("desk")).content.decode()
    assert '<html lang="es">' in again
    assert 'name="language" value="en" lang="en">English</button>' in again
    # The choice belongs to the browser, not to the session: after logging out it still holds.
    browser = Client()
    browser.cookies["django_language"] = response.cookies["django_language"].value
    assert '<html lang="es">' in browser.get(reverse("login")).content.decode()


def test_the_switch_never_sends_anyone_off_site(client):
    response = client.post(
        reverse("set_language"), {"language": "es", "next": "https://evil.example/"}
    )

    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.usefixtures("report_media")
def test_a_pdf_is_written_in_the_site_language_whoever_asks(client, hotel_a, maria):
    from datetime import date

    from django.utils import translation

    from audits.reports.models import AuditReport
    from audits.reports.services import report_build
    from tests.training.test_certifications import AS_OF, pdf_text, personnel_url, trained
    from training.services import certifications_sign

    ann = trained(hotel_a, "Ann Trained", job_role="housekeeping")
    certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF, attested=True)
    client.force_login(maria)

    response = client.post(personnel_url(ann), {"submission": str(uuid.uuid4())}, **SPANISH)
    assert response.status_code == 302
    report = AuditReport.objects.get(pk=response.url.split("/")[2])
    with translation.override("es"):  # a worker that happens to run in Spanish
        assert report_build(str(report.pk)) == "done"
    download = client.get(f"/reports/{report.pk}/download/", **SPANISH)

    _, text = pdf_text(b"".join(download.streaming_content))
    assert "Housekeeping" in text and "Limpieza" not in text
    assert date(2026, 3, 2).isoformat() in text
