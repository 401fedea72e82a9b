"""Issue 14's Done-when, end to end in Chromium.

A manager adds an employee through the page (with a mobile number) and texts them their
link; the employee opens the link from the text on a 390 x 844 phone, switches to Spanish,
takes the whole course, passes and signs (typed name and a drawing on the canvas); the
roster shows them compliant; the certificate PDF downloads, reads back in Spanish (pypdf),
and its verification code is accepted by /verify/. Screenshots go to var/screens/.
"""

import io
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.audits.report_fixtures import *  # noqa: F403
from tests.browser.test_employee_course import STEP, take_the_page
from tests.browser.test_reports import build_like_a_worker, log_in
from training.course_content import get_course
from training.models import CourseAcknowledgment, EmployeeLinkText

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("report_media"),
]

SCREENS = Path(settings.BASE_DIR) / "var" / "screens"
PHONE = {"width": 390, "height": 844}
CODE = re.compile(r"HC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


def shot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / f"journey-{name}.png", full_page=True)


def fits_the_phone(phone) -> None:
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], phone.url


def test_done_when_added_texted_trained_in_spanish_signed_compliant_verified(
    browser, page, live_server, hotel_a, maria, frozen_clock, tmp_path
):
    content = get_course()

    # The manager adds the employee through the page, with a mobile number.
    log_in(page, "maria")
    page.goto("/training/employees/new/")
    page.fill("#id_name", "Rosa Delgado")
    page.fill("#id_employee_number", "HA-3001")
    page.fill("#id_phone", "(555) 010-3001")
    page.select_option("#id_job_role", "front_desk")
    page.fill("#id_hire_date", hotel_a.today().isoformat())
    page.select_option("#id_preferred_language", "en")
    page.click("button:has-text('Add employee')")
    page.wait_for_url("**/training/employees/*/")
    expect(page.locator("main")).to_contain_text("+1 ••• ••• 3001")
    page.click("button:has-text('Make a link')")
    expect(page.locator(".qr img")).to_be_visible()

    # ...and texts it: an sms: address with the text, kept on the employee's page.
    page.click("button:has-text('Text the link')")
    sms = page.locator("[data-sms-link]")
    href = sms.get_attribute("href")
    assert href and href.startswith("sms:+15550103001?body=")
    body = page.locator("#link-text-body").input_value()
    assert parse_qs(urlsplit(href).query)["body"] == [body]
    shot(page, "manager-text")
    assert EmployeeLinkText.objects.filter(employee__name="Rosa Delgado").count() == 1
    link = re.search(r"https?://\S+", body)
    assert link, body

    # The employee opens the link from the text on a phone, in English, and switches.
    phone_context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    phone = phone_context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(link.group(0).replace(settings.SITE_URL, live_server.url))
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.locator("main")).to_contain_text("Connecticut asks that everyone working")
    phone.click("button[name=language][value=es]")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.locator("h1")).to_contain_text("Capacitación de Rosa Delgado")
    # Each due item says why, the pack's rule in plain Spanish with its citation.
    due = phone.locator(".due-items")
    expect(due).to_contain_text("Connecticut pide que todas las personas que trabajan")
    expect(due).to_contain_text("Un empleado nuevo debe capacitarse al empezar a trabajar.")
    expect(due).to_contain_text("PA 16-71 §5")
    fits_the_phone(phone)
    shot(phone, "home-es")

    # The whole course, in Spanish.
    phone.click("button:has-text('Empezar el curso')")
    seen: set[str] = set()
    while STEP.search(phone.url):
        frozen_clock.shift(timedelta(seconds=45))
        take_the_page(phone, content, seen)
        if len(seen) == 1 and "section" in seen:
            fits_the_phone(phone)
    expect(phone.locator("h1")).to_have_text(content.title["es"])
    fits_the_phone(phone)
    shot(phone, "course-done")
    phone.click("text=Firmar y terminar el curso")

    # Signs: typed name and a drawn signature.
    phone.fill("#typed-name", "Rosa Delgado")
    expect(phone.locator("#signed-on")).to_have_value(hotel_a.today().isoformat())
    pad = phone.locator("#signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    phone.mouse.move(box["x"] + 20, box["y"] + 50)
    phone.mouse.down()
    for step in range(1, 12):
        phone.mouse.move(box["x"] + 20 + step * 20, box["y"] + 50 + (15 if step % 2 else -15))
    phone.mouse.up()
    fits_the_phone(phone)
    shot(phone, "sign")
    phone.click("button:has-text('Firmar y terminar el curso')")
    expect(phone.locator(".messages")).to_contain_text("aprobó el curso y lo firmó")
    acknowledgment = CourseAcknowledgment.objects.get(typed_name="Rosa Delgado")
    assert acknowledgment.language == "es"
    assert acknowledgment.signature.read().startswith(b"\x89PNG")

    # The roster shows her compliant.
    page.goto("/training/")
    expect(page.locator("tr", has_text="Rosa Delgado")).to_contain_text("Compliant")
    shot(page, "roster")

    # The certificate: built as the worker would, downloaded, read back in Spanish.
    assert build_like_a_worker(str(acknowledgment.certificate.pk)) == "done"
    phone.reload()
    with phone.expect_download() as download_info:
        phone.click("#certificates-title + ul a")
    saved = tmp_path / "certificado.pdf"
    download_info.value.save_as(saved)
    (SCREENS / "journey-certificate.pdf").write_bytes(saved.read_bytes())  # to look at
    reader = PdfReader(io.BytesIO(saved.read_bytes()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for spanish in (
        "Certificado de capacitación",
        "Se certifica que Rosa Delgado completó",
        content.title["es"],
        "Realizado en Español",
        "Declaración firmada por el empleado",
        "Código de verificación",
        "Página 1 de 1",
    ):
        assert spanish in text, spanish
    code = CODE.search(text)
    assert code, text

    # /verify/ accepts its code (typed as printed) and the file itself: anyone may check.
    page.goto("/verify/")
    page.fill("#id_code", code.group(0))
    page.click("button:has-text('Verify')")
    verdict = page.locator(".verdict")
    expect(verdict).to_have_class(re.compile("verdict-ok"))
    expect(verdict).to_contain_text("A report was issued with this code")
    expect(verdict).to_contain_text("Training certificate")
    shot(page, "verified-code")
    page.goto("/verify/")
    page.set_input_files("#id_file", str(saved))
    page.click("button:has-text('Verify')")
    expect(page.locator(".verdict")).to_contain_text("Authentic")
    phone_context.close()
