"""A manager imports a PMS export in real Chromium: a bad row is named, fixed, then imported."""

import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from guests.models import Registration
from hotelcompliance.demo import DEMO_PASSWORD
from hotelcompliance.tenancy import Property
from tests.guests.pms_csv import pms_csv, pms_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(tempfile.gettempdir())


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_a_manager_sees_the_bad_line_fixes_it_and_imports(demo, page, tmp_path):
    prop = Property.objects.order_by("pk").first()
    rows = [pms_row(prop, n, external_ref=f"BROWSER-{n}") for n in range(3)]
    rows[1]["expected_departure"] = "2026-02-30"  # line 3 of the file
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_bytes(pms_csv(rows))
    rows[1]["expected_departure"] = pms_row(prop, 1)["expected_departure"]
    good.write_bytes(pms_csv(rows))
    before = Registration.objects.filter(property=prop).count()

    log_in(page, "manager")
    page.goto("/desk/")
    page.get_by_role("link", name="Import a PMS export").click()
    page.wait_for_url("**/desk/import/")
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/desk/import/*/")

    errors = page.locator("#import-errors tbody tr")
    assert errors.count() == 1
    assert errors.first.inner_text().split("\t")[:2] == ["3", "expected_departure"]
    assert "1 problem in 1 of 3 rows (2 good rows)" in page.locator("[role=alert]").inner_text()
    page.screenshot(path=SCREENSHOTS / "guest-import-errors.png", full_page=True)
    assert Registration.objects.filter(property=prop).count() == before

    page.get_by_role("link", name="Upload another file").click()
    page.set_input_files("#id_file", str(good))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/desk/import/*/")
    page.get_by_role("button", name="Import 3 registrations").click()
    page.wait_for_load_state()

    assert "Imported 3 registrations" in page.locator("#import-done").inner_text()
    page.screenshot(path=SCREENSHOTS / "guest-import-done.png", full_page=True)
    imported = Registration.objects.filter(property=prop, external_ref__startswith="BROWSER-")
    assert imported.count() == 3
    assert Registration.objects.filter(property=prop).count() == before + 3
