"""The posting (hotline notice) duty: the latest photo of each notice, thumbnailed."""

import io
import logging
import warnings
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext
from PIL import Image as PILImage
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Image, Paragraph, Spacer

from audits.models import PosterEvidence, PosterNotice
from audits.poster_evidence import poster_evidence_latest
from audits.reports.document import STYLES, day_text, para, table
from audits.reports.kinds.common import person
from audits.reports.kinds.compliance_pack.shared import ATTENTION, MET, NOT_MET
from hotelcompliance.rules import RulePack
from hotelcompliance.tenancy import Property
from hotelcompliance.upload_content import IMAGE_ERRORS, image_pixels, max_image_pixels

THUMBNAIL_PX = 360
logger = logging.getLogger(__name__)
# The notice the jurisdiction's posting duty asks for (`audits.models.PosterNotice`).
REQUIRED_NOTICE = PosterNotice.TRAFFICKING_HOTLINE


@dataclass(frozen=True)
class PosterLine:
    notice_code: str
    notice: str
    location: str
    posted_on: date
    uploaded_by: str
    thumbnail: bytes | None
    thumbnail_size: tuple[int, int]


@dataclass(frozen=True)
class PosterFacts:
    lines: tuple[PosterLine, ...]
    rule: str
    citation: str


def collect_posters(prop: Property, pack: RulePack, *, thumbnails: bool = True) -> PosterFacts:
    """The latest photo of each notice (as `poster_evidence_latest` picks it), thumbnailed.

    Without `thumbnails` (the dashboard) no photo is opened: the statuses need only the dates.
    """
    rule = pack.rule("notice")
    summary = rule.summary + (f" Where: {rule.get('where')}." if rule.get("where") else "")
    lines = []
    for evidence in poster_evidence_latest(prop):
        thumbnail, size = _thumbnail(evidence) if thumbnails else (None, (0, 0))
        lines.append(
            PosterLine(
                notice_code=evidence.notice,
                notice=evidence.notice_label(),
                location=evidence.location,
                posted_on=evidence.posted_on,
                uploaded_by=person(evidence.uploaded_by),
                thumbnail=thumbnail,
                thumbnail_size=size,
            )
        )
    return PosterFacts(lines=tuple(lines), rule=summary, citation=rule.citation)


def _thumbnail(evidence: PosterEvidence) -> tuple[bytes | None, tuple[int, int]]:
    """A small JPEG of the photo, so the drawing needs no file (None if it cannot be used).

    A photo stored before uploads were checked may be anything: its header's pixel count is
    read first, and one over the upload limit (or a decompression bomb, or a damaged file) is
    never decoded; the page says so instead and the report still builds.
    """
    if not evidence.photo:
        return None, (0, 0)
    try:
        with evidence.photo.open("rb") as handle:
            if image_pixels(handle) > max_image_pixels():
                return None, (0, 0)
            handle.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                with PILImage.open(handle) as opened:
                    opened.draft("RGB", (THUMBNAIL_PX, THUMBNAIL_PX))  # JPEG: decode smaller
                    image = opened.convert("RGB")
                    image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
                    out = io.BytesIO()
                    image.save(out, format="JPEG", quality=80)
                    return out.getvalue(), image.size
    except (*IMAGE_ERRORS, MemoryError):
        logger.warning("Poster photo %s cannot be drawn in a report.", evidence.pk)
        return None, (0, 0)


def poster_status(pack: RulePack, posters: PosterFacts) -> tuple[str, str]:
    if not pack.rule("notice").get("required"):
        return MET, "no posting duty is known for this jurisdiction"
    if not posters.lines:
        return NOT_MET, "no poster evidence recorded"
    state = [p for p in posters.lines if p.notice_code == REQUIRED_NOTICE]
    if not state:
        return ATTENTION, "photos of other notices only; none of the state hotline notice"
    latest = max(state, key=lambda p: p.posted_on)
    return MET, f"photographed at {latest.location}, posted {latest.posted_on}"


def poster_section(posters: PosterFacts) -> list[Flowable]:
    return [
        Paragraph("Poster evidence", STYLES["h1"]),
        para(posters.rule),
        para(posters.citation, "small"),
        Spacer(1, 6),
        poster_table(posters),
    ]


def poster_table(posters: PosterFacts) -> Flowable:
    """The latest photo of each notice with its place and date (or a plain "none")."""
    if not posters.lines:
        return para("No poster evidence recorded.")
    rows = [
        [
            _photo(line),
            line.notice,
            line.location or "—",
            day_text(line.posted_on),
            line.uploaded_by or "—",
        ]
        for line in posters.lines
    ]
    widths = [1.7, 2.0, 1.6, 0.9, 1.1]
    header = ["Photo", "Notice", "Place", "Posted", "Recorded by"]
    return table(header, rows, [w * inch for w in widths])


def _photo(line: PosterLine) -> Flowable | str:
    if not line.thumbnail:
        return para(gettext("Photo not shown: the stored file cannot be read."))
    width, height = line.thumbnail_size
    scale = min(1.55 * inch / width, 1.2 * inch / height)
    return Image(io.BytesIO(line.thumbnail), width=width * scale, height=height * scale)
