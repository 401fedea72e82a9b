"""The printable registration card: one page, the stay, a signature line, the privacy notice."""

import io
import os
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from guests.privacy_notice import privacy_notice
from hotelcompliance.access_log import AccessEvent, AccessKind
from tests.guests.factories import make_registration

pytestmark = pytest.mark.django_db


def card_url(registration) -> str:
    return reverse("registration_card", kwargs={"pk": registration.pk})


def full_stay(prop, actor):
    return make_registration(
        prop,
        actor,
        guest_name="Ada <b>Lovelace</b> & Co",
        address="12 Elm Street, Hartford CT 06103",
        id_type="drivers_licence",
        id_number="D12345678",
        id_issuer="CT",
        vehicle_plate="ABC1234",
        vehicle_state="CT",
        room="214",
        adults=2,
        minors=1,
        occupants=["Byron Lovelace", {"name": "Ann Lovelace", "minor": True}],
    )


def text_of(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_card_is_one_page_with_the_stay_masked_id_signature_and_notice(client, sam, hotel_a):
    stay = full_stay(hotel_a, sam)
    client.force_login(sam)

    response = client.get(card_url(stay))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="registration-card-{stay.number}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    pages, text = text_of(response.content)
    assert pages == 1
    for shown in (
        f"#{stay.number}",
        "214",
        "Ada <b>Lovelace</b> & Co",  # printed as typed, not as markup
        "Byron Lovelace; Ann Lovelace (minor)",
        "2 / 1",
        "ABC1234",
        "149.00 (nightly)",
        "298.00",
        "Guest's signature",
        "Privacy notice",
        "5678",
    ):
        assert shown in text, shown
    assert "D12345678" not in text  # the ID number is masked
    assert "Verification code" not in text  # not an issued report: no code in the footer
    assert privacy_notice(hotel_a)[0].split(".")[0].split()[-1] in text


def test_the_download_is_logged_by_id_only(client, sam, hotel_a):
    stay = full_stay(hotel_a, sam)
    client.force_login(sam)

    client.get(card_url(stay))

    event = AccessEvent.objects.get(object_type="registration_card")
    assert event.kind == AccessKind.DOWNLOAD
    assert event.object_id == str(stay.pk)
    assert event.actor == sam
    assert "Lovelace" not in f"{event.reason} {event.fields}"


def test_another_propertys_stay_is_a_404_and_not_logged(client, sam, olga, hotel_b):
    foreign = make_registration(hotel_b, olga)
    client.force_login(sam)

    assert client.get(card_url(foreign)).status_code == 404
    assert not AccessEvent.objects.filter(object_type="registration_card").exists()


def test_an_inspector_may_not_print_a_card(client, ivan, sam, hotel_a):
    stay = make_registration(hotel_a, sam)
    client.force_login(ivan)

    assert client.get(card_url(stay)).status_code == 403


def test_the_card_speaks_spanish(client, sam, hotel_a):
    stay = full_stay(hotel_a, sam)
    client.force_login(sam)

    with translation.override("es"):
        response = client.get(card_url(stay), HTTP_ACCEPT_LANGUAGE="es")
        notice = privacy_notice(hotel_a)

    _, text = text_of(response.content)
    assert "Firma del huésped" in text
    assert notice[-1][:30] in text.replace("\n", " ")


def test_the_stay_page_and_the_desk_row_offer_the_card(client, sam, hotel_a):
    stay = make_registration(hotel_a, sam)
    client.force_login(sam)

    detail = client.get(reverse("registration_detail", kwargs={"pk": stay.pk})).content.decode()
    desk = client.get(reverse("desk")).content.decode()

    assert f'href="{card_url(stay)}"' in detail
    assert f'href="{card_url(stay)}"' in desk


def test_the_card_renders_to_an_image(tmp_path, client, sam, hotel_a):
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        if os.environ.get("REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}:
            pytest.fail("pdftoppm is required (REQUIRE_SERVICES is set)")
        pytest.skip("pdftoppm is not installed")
    stay = full_stay(hotel_a, sam)
    client.force_login(sam)
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(client.get(card_url(stay)).content)

    subprocess.run(
        [pdftoppm, "-png", "-r", "60", str(pdf), str(tmp_path / "card")], check=True, timeout=60
    )

    images = sorted(tmp_path.glob("card*.png"))
    assert len(images) == 1
    assert images[0].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    keep = os.environ.get("CARD_PNG_DIR")
    if keep:  # to look at the layout: CARD_PNG_DIR=/tmp/somewhere
        shutil.copy(images[0], keep)
