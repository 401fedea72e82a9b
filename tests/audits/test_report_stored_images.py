"""A report never fails because of an image stored before uploads were checked: a bomb, an
oversized or a damaged photo is replaced by a short note, and the report still builds."""

import io
from pathlib import Path

import pdfplumber
import pytest

from audits.reports.kinds import compliance_pack
from tests.audits.test_report_kinds import (
    make_report,
    post_notice,
    private_media,
    render,
    render_bytes,
)
from tests.security.test_upload_structure import png_claiming, real_png

pytestmark = pytest.mark.django_db

__all__ = ["private_media"]  # the autouse fixture: files go to this test's own folder


def stored_as(evidence, content: bytes) -> None:
    """Replace the stored photo's bytes, as an upload from before the checks would be."""
    Path(evidence.photo.path).write_bytes(content)


@pytest.mark.parametrize(
    "content",
    [
        png_claiming(100_000, 100_000),  # Pillow's DecompressionBombError at open
        real_png(10_000, 10_000),  # 100 megapixels: Pillow's DecompressionBombWarning
        real_png(8000, 6000),  # 48 megapixels: over the upload limit
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,  # damaged
        b"",  # empty
    ],
    ids=["claims 10 gigapixels", "100 megapixels", "48 megapixels", "damaged", "empty"],
)
def test_a_bad_stored_photo_becomes_a_note_and_the_report_builds(
    hotel_a, maria, content, django_assert_num_queries
):
    stored_as(post_notice(hotel_a, maria, location="Back office"), content)
    post_notice(hotel_a, maria, notice="national_hotline", location="Staff room")
    report = make_report(hotel_a, maria, "compliance_pack")

    snapshot, texts = render(compliance_pack, report, django_assert_num_queries)

    thumbnails = {line.location: line.thumbnail for line in snapshot.posters.lines}
    assert thumbnails["Back office"] is None and thumbnails["Staff room"]
    posters = "\n".join(texts)[("\n".join(texts)).index("Poster evidence") :]
    assert "Photo not shown" in posters and "Staff room" in posters


def test_the_note_is_in_the_pdf_beside_the_good_photo(hotel_a, maria):
    stored_as(post_notice(hotel_a, maria, location="Back office"), png_claiming(9**6, 9**6))
    post_notice(hotel_a, maria, notice="national_hotline", location="Staff room")
    report = make_report(hotel_a, maria, "compliance_pack")

    with pdfplumber.open(io.BytesIO(render_bytes(compliance_pack, report))) as pdf:
        page = next(p for p in pdf.pages if "Poster evidence" in (p.extract_text() or ""))
        text = " ".join((page.extract_text() or "").split())
        assert len(page.images) == 1
    assert "Photo not shown" in text
