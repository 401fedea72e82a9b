"""Issue 14's journey in Chromium: a manager adds an employee and gives them their link; the
employee opens it on a phone, takes the course in Spanish, passes and signs; the roster shows
them compliant and /verify/ accepts their certificate."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.audits.report_fixtures import *  # noqa: F403
from tests.browser.test_reports import build_like_a_worker, log_in
from training.course_content import get_course
from training.models import CourseAcknowledgment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("report_media"),
]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
STEP = re.compile(r"/course/(?P<lesson>[a-z0-9-]+)/(?P<kind>section|scenario|check)/")


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"employee-{name}.png", full_page=True)


def take_the_page(phone, content, seen: set[str]) -> None:
    """Answer whatever course page is showing, as someone who read it would, then go on."""
    match = STEP.search(phone.url)
    assert match, phone.url
    lesson = content.lesson(match["lesson"])
    kind = match["kind"]
    first = kind not in seen
    seen.add(kind)
    if kind == "scenario":
        scenario = lesson.scenario(phone.url.rstrip("/").rsplit("/", 1)[-1])
        best = next(o for o in scenario.options if o.correct)
        phone.check(f"#option-{best.id}")
        phone.click("button:has-text('Elegir')")
        expect(phone.locator("#feedback")).to_be_focused()
        if first:
            shot(phone, "scenario-feedback")
    elif kind == "check":
        for question in lesson.questions:
            for option_id in sorted(question.correct_ids):
                phone.check(f"#{question.id}-{option_id}")
        if first:
            shot(phone, "check")
        phone.click("button:has-text('Comprobar mis respuestas')")
        expect(phone.locator("#feedback")).to_be_focused()
        expect(phone.locator("#feedback")).to_contain_text("100%")
        if first:
            shot(phone, "check-feedback")
    elif first:
        shot(phone, "section")
    phone.click("a.button:has-text('Siguiente')")


def test_a_new_hire_is_trained_signs_and_is_certified_from_their_phone(
    browser, page, live_server, hotel_a, maria, frozen_clock, tmp_path
):
    content = get_course()

    # The manager adds the employee and makes their link.
    log_in(page, "maria")
    page.goto("/training/employees/new/")
    page.fill("#id_name", "Lucía Romero")
    page.fill("#id_employee_number", "HA-2001")
    page.fill("#id_email", "lucia@example.test")
    page.select_option("#id_job_role", "other")
    page.fill("#id_hire_date", hotel_a.today().isoformat())
    page.select_option("#id_preferred_language", "es")
    page.click("button:has-text('Add employee')")
    page.wait_for_url("**/training/employees/*/")
    page.click("button:has-text('Make a link')")
    expect(page.locator("main")).to_contain_text("A new link was made")
    expect(page.locator(".qr img")).to_be_visible()
    shot(page, "manager-link")
    link = page.locator("[data-employee-link]").get_attribute("href")
    assert link and link.startswith("http")

    # The employee opens it on a phone: no login, in Spanish.
    phone_context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    phone = phone_context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(link.replace(settings.SITE_URL, live_server.url))
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.locator("h1")).to_contain_text("Capacitación de Lucía Romero")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "home")
    phone.click("button:has-text('Empezar el curso')")

    seen: set[str] = set()
    while STEP.search(phone.url):
        frozen_clock.shift(timedelta(seconds=45))  # reading time, credited to the page
        take_the_page(phone, content, seen)
    expect(phone.locator("h1")).to_have_text(content.title["es"])
    shot(phone, "course-done")
    phone.click("text=Firmar y terminar el curso")

    # The acknowledgment: typed name, today's date (filled in), a drawn signature.
    phone.fill("#typed-name", "Lucía Romero")
    expect(phone.locator("#signed-on")).to_have_value(hotel_a.today().isoformat())
    pad = phone.locator("#signature-pad")
    expect(pad).to_be_visible()
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    phone.mouse.move(box["x"] + 20, box["y"] + 60)
    phone.mouse.down()
    for step in range(1, 12):
        phone.mouse.move(box["x"] + 20 + step * 25, box["y"] + 60 + (15 if step % 2 else -15))
    phone.mouse.up()
    shot(phone, "sign")
    phone.click("button:has-text('Firmar y terminar el curso')")
    expect(phone.locator(".messages")).to_contain_text("aprobó el curso y lo firmó")

    acknowledgment = CourseAcknowledgment.objects.get(typed_name="Lucía Romero")
    assert acknowledgment.language == "es"
    assert acknowledgment.signature.read().startswith(b"\x89PNG")  # the drawing came along

    # The certificate is built (as the worker would) and the employee downloads it.
    report = acknowledgment.certificate
    assert build_like_a_worker(str(report.pk)) == "done"
    phone.reload()
    shot(phone, "home-certified")
    with phone.expect_download() as download_info:
        phone.click("#certificates-title + ul a")
    certificate = tmp_path / "certificate.pdf"
    download_info.value.save_as(certificate)
    assert certificate.read_bytes().startswith(b"%PDF-")

    # The roster shows her compliant.
    page.goto("/training/")
    row = page.locator("tr", has_text="Lucía Romero")
    expect(row).to_contain_text("Compliant")
    shot(page, "roster")

    # Anyone can check the certificate.
    phone.goto("/verify/")
    phone.set_input_files("#id_file", str(certificate))
    phone.click("button:has-text('Verify')")
    verdict = phone.locator(".verdict")
    expect(verdict).to_contain_text("Authentic")
    expect(verdict).to_contain_text("Training certificate")
    shot(phone, "verified")
    phone_context.close()
