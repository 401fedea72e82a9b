"""The page furniture every report shares: header, footer, page X of Y, verification code, QR.

Things that are the same on every page (the QR code, the static footer text, a watermark) are
drawn once as PDF form XObjects and placed on each page by reference, so a 2,000-page extract
stays small and fast. "Page X of Y" uses a form for Y that is defined after the last page,
when the total is known, so no second pass over the document is needed.

Its words go through gettext: a report drawn under `translation.override(language)` (the
training certificate, in the employee's language) gets its frame in that language; the
audit reports are drawn under English (`audits.reports.services._draw_flowing`).
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

INK = colors.HexColor("#1b2a3a")
MUTED = colors.HexColor("#5b6b7b")
RULE = colors.HexColor("#c9d2dc")
ACCENT = colors.HexColor("#1f5f8b")
MARGIN = 0.6 * inch
HEADER_HEIGHT = 0.55 * inch
FOOTER_HEIGHT = 0.85 * inch
QR_SIZE = 0.62 * inch
# A page size in points: (width, height).
PageSize = tuple[float, float]

PORTRAIT: PageSize = LETTER
LANDSCAPE: PageSize = landscape(LETTER)

_TOTAL_FORM = "hc_total_pages"
_STATIC_FORM = "hc_static_footer"
_WATERMARK_FORM = "hc_watermark"


@dataclass(frozen=True)
class ReportIdentity:
    """Who and what a report is: printed on every page. Plain strings, frozen before drawing."""

    report_id: str
    title: str
    property_name: str
    period: str
    verification_code: str
    verify_url: str
    generated_at: str
    watermark: str = ""


class FramedCanvas(canvas.Canvas):
    """A canvas that draws the shared furniture on each page and the page total at the end."""

    def __init__(
        self, *args: Any, identity: ReportIdentity, pagesize: PageSize = PORTRAIT, **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "invariant", True
        )  # no creation timestamp: identical data, identical bytes
        super().__init__(*args, pagesize=pagesize, **kwargs)
        self.identity = identity
        self.setTitle(f"{identity.title}: {identity.property_name}")
        self.setAuthor("Hotel Compliance")
        code = identity.verification_code
        self.setSubject(
            _("%(period)s; verification code %(code)s") % {"period": identity.period, "code": code}
            if code
            else identity.period
        )
        self.setCreator("Hotel Compliance")
        self._forms_defined = False

    # Page furniture ---------------------------------------------------------------------

    def draw_furniture(self) -> None:
        """Draw header, footer and watermark on the current page (call once per page)."""
        if not self._forms_defined:
            self._define_forms()
        width, height = self._pagesize
        if self.identity.watermark:
            self.doForm(_WATERMARK_FORM)
        self._draw_header(width, height)
        self.doForm(_STATIC_FORM)
        self._draw_page_number(width)

    def _draw_header(self, width: float, height: float) -> None:
        top = height - MARGIN
        self.setFillColor(ACCENT)
        self.setFont("Helvetica-Bold", 10)
        self.drawString(MARGIN, top - 10, self.identity.title)
        self.setFillColor(MUTED)
        self.setFont("Helvetica", 8.5)
        self.drawRightString(width - MARGIN, top - 10, self.identity.property_name)
        self.drawRightString(width - MARGIN, top - 21, self.identity.period)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        self.line(MARGIN, top - 28, width - MARGIN, top - 28)

    def _draw_page_number(self, width: float) -> None:
        # Translators: the page total is drawn where %(total)s stands; keep it last.
        template = _("Page %(page)s of %(total)s")
        label = template.partition("%(total)s")[0] % {"page": self.getPageNumber()}
        x = width - MARGIN - QR_SIZE - 10 - stringWidth(label + "0000", "Helvetica", 8)
        y = MARGIN + 8
        self.setFillColor(INK)
        self.setFont("Helvetica", 8)
        self.drawString(x, y, label)
        self.saveState()
        self.translate(x + stringWidth(label, "Helvetica", 8), y)
        self.doForm(_TOTAL_FORM)
        self.restoreState()

    def _define_forms(self) -> None:
        width, height = self._pagesize
        self.beginForm(_STATIC_FORM)
        self._draw_static_footer(width)
        self.endForm()
        if self.identity.watermark:
            self.beginForm(_WATERMARK_FORM)
            self._draw_watermark(width, height)
            self.endForm()
        self._forms_defined = True

    def _draw_static_footer(self, width: float) -> None:
        """Report id, when, and (for issued reports) the verification code and its QR.

        A document with no verification code (a registration card, drawn on demand and not
        kept) leaves the code, the QR and the verify address out.
        """
        identity = self.identity
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        self.line(MARGIN, MARGIN + QR_SIZE + 6, width - MARGIN, MARGIN + QR_SIZE + 6)
        self.setFillColor(MUTED)
        self.setFont("Helvetica", 7.5)
        if identity.report_id:
            self.drawString(MARGIN, MARGIN + 30, _("Report %(id)s") % {"id": identity.report_id})
        self.drawString(MARGIN, MARGIN + 19, _("Generated %(at)s") % {"at": identity.generated_at})
        if not identity.verification_code:
            return
        self.setFillColor(INK)
        self.setFont("Helvetica-Bold", 8)
        self.drawString(
            MARGIN,
            MARGIN + 8,
            _("Verification code %(code)s") % {"code": identity.verification_code},
        )
        self.setFont("Helvetica", 7.5)
        self.setFillColor(MUTED)
        self.drawRightString(
            width - MARGIN - QR_SIZE - 10,
            MARGIN + 30,
            _("Verify at %(url)s") % {"url": identity.verify_url},
        )
        qr = QrCodeWidget(identity.verify_url, barLevel="M")
        x0, y0, x1, y1 = qr.getBounds()
        drawing = Drawing(
            QR_SIZE,
            QR_SIZE,
            transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0],
        )
        drawing.add(qr)
        renderPDF.draw(drawing, self, width - MARGIN - QR_SIZE, MARGIN)

    def _draw_watermark(self, width: float, height: float) -> None:
        self.saveState()
        # A pale colour drawn beneath the content (no transparency: forms cannot carry it).
        self.setFillColor(colors.HexColor("#f1dcdc"))
        self.translate(width / 2, height / 2)
        self.rotate(28)
        lines = [
            *self.identity.watermark.upper().split("\n"),
            _("CODE %(code)s") % {"code": self.identity.verification_code},
        ]
        room = 0.8 * (width**2 + height**2) ** 0.5  # along the diagonal, with a margin
        y = 13 * (len(lines) - 1)
        for index, line in enumerate(lines):
            size = 24 if index == 0 else 15
            size = min(size, room / max(stringWidth(line, "Helvetica-Bold", 1), 1))
            self.setFont("Helvetica-Bold", size)
            self.drawCentredString(0, y, line)
            y -= 28
        self.restoreState()

    # Total pages --------------------------------------------------------------------------

    def save(self) -> None:
        """Define the page total now that it is known, then write the file."""
        total = self.getPageNumber() - 1 if not self._code else self.getPageNumber()
        self.beginForm(_TOTAL_FORM)
        self.setFillColor(INK)
        self.setFont("Helvetica", 8)
        self.drawString(0, 0, str(total))
        self.endForm()
        self.page_count = total
        super().save()


def content_box(pagesize: PageSize) -> tuple[float, float, float, float]:
    """The area between header and footer: (x, y, width, height)."""
    width, height = pagesize
    bottom = MARGIN + FOOTER_HEIGHT
    top = height - MARGIN - HEADER_HEIGHT
    return MARGIN, bottom, width - 2 * MARGIN, top - bottom
