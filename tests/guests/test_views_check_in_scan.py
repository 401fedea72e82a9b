"""The desk's ID scan: a wedge scan pre-fills check-in, finds a returning guest, is never kept."""

import logging
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from guests.models import Registration
from hotelcompliance.access_log import AccessEvent
from tests.guests.factories import make_registration
from tests.guests.id_builders import aamva_payload, us_date

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "id_samples"


@pytest.fixture
def desk(client, sam):
    client.force_login(sam)
    return client


def licence(number: str = "990000001", expiry: date | None = None) -> str:
    expiry = expiry or date.today() + timedelta(days=900)
    return aamva_payload(
        {
            "DAQ": number,
            "DCS": "SCANNED",
            "DAC": "PAULINE",
            "DBB": "01151980",
            "DBA": us_date(expiry),
            "DAG": "9 WEDGE RD",
            "DAI": "HARTFORD",
            "DAJ": "CT",
            "DAK": "061030000",
            "DCG": "USA",
        }
    )


def scan(desk, text: str):
    return desk.post(reverse("check_in_scan"), {"scan": text})


def test_an_aamva_scan_fills_the_check_in_form_and_comes_back_empty(desk):
    page = scan(desk, licence()).content.decode()
    assert 'value="PAULINE SCANNED"' in page
    assert 'value="9 WEDGE RD, HARTFORD, CT 06103"' in page
    assert 'value="990000001"' in page and 'value="CT"' in page
    assert '<option value="drivers_licence" selected>' in page
    # The scan box is empty again: the payload is not echoed back.
    assert "DAQ990000001" not in page and "ANSI" not in page


def test_an_mrz_scan_fills_the_passport(desk):
    page = scan(desk, (SAMPLES / "td3_icao_example.txt").read_text()).content.decode()
    assert 'value="ANNA MARIA ERIKSSON"' in page and 'value="L898902C3"' in page
    assert "This document has expired" in page  # the ICAO example expired in 2012


def test_an_expired_licence_is_a_warning_the_clerk_sees(desk):
    page = scan(desk, licence(expiry=date.today() - timedelta(days=1))).content.decode()
    assert 'role="alert"' in page and "This document has expired" in page


def test_a_bad_check_digit_is_a_warning(desk):
    lines = (SAMPLES / "td3_icao_example.txt").read_text().splitlines()
    lines[1] = lines[1][:9] + "0" + lines[1][10:]
    page = scan(desk, "\n".join(lines)).content.decode()
    assert "A check digit of this document is wrong" in page


def test_an_unreadable_scan_says_so_and_saves_nothing(desk):
    page = scan(desk, "@\nnot a licence\nat all")
    assert page.status_code == 200
    assert "could not be read as an ID" in page.content.decode()
    assert not Registration.objects.exists()


def test_the_raw_scan_is_not_stored_logged_or_put_in_an_access_event(desk, caplog):
    caplog.set_level(logging.DEBUG)
    scan(desk, licence())
    assert "DAQ990000001" not in caplog.text and "990000001" not in caplog.text
    assert not Registration.objects.exists()
    for event in AccessEvent.objects.all():
        stored = f"{event.reason} {event.fields} {event.object_id}"
        assert "990000001" not in stored and "SCANNED" not in stored


def test_a_returning_guest_is_found_by_the_lookup_hash_and_logged(desk, hotel_a, sam):
    earlier = make_registration(
        hotel_a,
        sam,
        id_number="990-000-001",
        address="1 Old St, Hartford",
        phone="+1 860 555 0100",
        email="pauline@example.org",
        vehicle_plate="AB123",
        vehicle_state="CT",
    )
    page = scan(desk, licence()).content.decode()
    assert "Returning guest" in page
    for value in ("1 Old St, Hartford", "+1 860 555 0100", "pauline@example.org", "AB123"):
        assert value in page
    assert 'data-fill-target="id_phone"' in page
    event = AccessEvent.objects.get(reason="returning_guest")
    assert (event.kind, event.object_id) == ("view", str(earlier.pk))


def test_a_typed_id_number_finds_the_returning_guest(desk, hotel_a, sam):
    make_registration(hotel_a, sam, id_number="X77 123", phone="+1 860 555 0199")
    page = scan(desk, "x77123").content.decode()
    assert "Returning guest" in page and "+1 860 555 0199" in page


def test_another_propertys_stay_is_not_offered(desk, hotel_b, olga):
    make_registration(hotel_b, olga, id_number="990000001", phone="+1 212 555 0142")
    page = scan(desk, licence()).content.decode()
    assert "Returning guest" not in page and "+1 212 555 0142" not in page
    assert not AccessEvent.objects.filter(reason="returning_guest").exists()


def test_the_scan_is_post_only(desk):
    assert desk.get(reverse("check_in_scan")).status_code == 405
