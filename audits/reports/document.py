"""Flowing documents (compliance pack, rosters, certifications) inside the shared frame."""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.platypus import Flowable, LongTable, Paragraph, SimpleDocTemplate, TableStyle

from audits.reports.frame import (
    ACCENT,
    FOOTER_HEIGHT,
    HEADER_HEIGHT,
    INK,
    MARGIN,
    MUTED,
    PORTRAIT,
    RULE,
    FramedCanvas,
    PageSize,
    ReportIdentity,
)


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "hc-body", parent=base["BodyText"], fontSize=9.5, leading=13, textColor=INK
    )
    return {
        "title": ParagraphStyle(
            "hc-title",
            parent=base["Title"],
            fontSize=22,
            leading=27,
            alignment=TA_LEFT,
            textColor=INK,
            spaceAfter=6,
        ),
        "subtitle": ParagraphStyle(
            "hc-subtitle", parent=body, fontSize=12, leading=16, textColor=MUTED, spaceAfter=14
        ),
        "h1": ParagraphStyle(
            "hc-h1",
            parent=base["Heading1"],
            fontSize=15,
            leading=19,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=8,
        ),
        "h2": ParagraphStyle(
            "hc-h2",
            parent=base["Heading2"],
            fontSize=11.5,
            leading=15,
            textColor=INK,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "body": body,
        "small": ParagraphStyle("hc-small", parent=body, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("hc-cell", parent=body, fontSize=8, leading=10),
        "cell_bold": ParagraphStyle(
            "hc-cell-bold", parent=body, fontSize=8, leading=10, fontName="Helvetica-Bold"
        ),
    }


STYLES = _styles()


def para(text: str, style: str = "body") -> Paragraph:
    """Plain text as a paragraph of the shared sheet (escaped: names may hold `<` or `&`)."""
    return Paragraph(escape(text), STYLES[style])


def day_text(value: date | None) -> str:
    """How every report prints a date: ISO, or a dash when there is none."""
    return value.isoformat() if value else "—"


def table(
    header: Sequence[str] | None,
    rows: Sequence[Sequence[object]],
    col_widths: Sequence[float],
    *,
    status_column: int | None = None,
) -> LongTable:
    """A data table whose header row repeats on every page it runs onto.

    Cells that are strings are wrapped as paragraphs (escaped); flowables pass through.
    `status_column` colours that column's text by status word (overdue red, compliant green).
    `header=None` makes a plain key/value table with no header row.
    """

    def cell(value: object, style: ParagraphStyle) -> object:
        if isinstance(value, Flowable):
            return value
        return Paragraph(escape("" if value is None else str(value)), style)

    data = [[cell(h, STYLES["cell_bold"]) for h in header or ()]]
    data += [[cell(v, STYLES["cell"]) for v in row] for row in rows]
    if status_column is not None:
        # A paragraph ignores the table's TEXTCOLOR: the status cell gets a coloured style.
        for index, row in enumerate(rows, start=1):
            colour = STATUS_COLOURS.get(str(row[status_column]).lower().replace(" ", "_"))
            if colour is not None:
                data[index][status_column] = cell(row[status_column], _status_style(colour))
    if header is None:
        return _key_value_table(data[1:], col_widths)
    result = LongTable(data, colWidths=list(col_widths), repeatRows=1)
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7eef5")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for index in range(1, len(data)):
        if index % 2 == 0:
            commands.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor("#f6f8fa")))
    result.setStyle(TableStyle(commands))
    return result


def _key_value_table(data: list[list[object]], col_widths: Sequence[float]) -> LongTable:
    result = LongTable(data, colWidths=list(col_widths))
    commands = [
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f6f9")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    result.setStyle(TableStyle(commands))
    return result


_STATUS_STYLES: dict[str, ParagraphStyle] = {}


def _status_style(colour: colors.Color) -> ParagraphStyle:
    key = colour.hexval()
    if key not in _STATUS_STYLES:
        _STATUS_STYLES[key] = ParagraphStyle(
            f"hc-status-{key}", parent=STYLES["cell_bold"], textColor=colour
        )
    return _STATUS_STYLES[key]


STATUS_COLOURS = {
    "overdue": colors.HexColor("#a61b1b"),
    "not_met": colors.HexColor("#a61b1b"),
    "failed": colors.HexColor("#a61b1b"),
    "due": colors.HexColor("#9a5b00"),
    "due_soon": colors.HexColor("#9a5b00"),
    "attention": colors.HexColor("#9a5b00"),
    "compliant": colors.HexColor("#1d6b34"),
    "met": colors.HexColor("#1d6b34"),
    "passed": colors.HexColor("#1d6b34"),
    "missing": colors.HexColor("#a61b1b"),
    "done": colors.HexColor("#1d6b34"),
}


def build_document(
    out: BinaryIO,
    *,
    identity: ReportIdentity,
    story: list[Flowable],
    pagesize: PageSize = PORTRAIT,
    on_page: Callable[[int], None] | None = None,
) -> int:
    """Draw the story in the frame; return the number of pages."""
    canvases: list[FramedCanvas] = []

    def make_canvas(*args: Any, **kwargs: Any) -> FramedCanvas:
        kwargs.pop("pagesize", None)
        made = FramedCanvas(*args, identity=identity, pagesize=pagesize, **kwargs)
        canvases.append(made)
        return made

    def furniture(canv: FramedCanvas, doc: Any) -> None:
        canv.draw_furniture()
        if on_page is not None:
            on_page(canv.getPageNumber())

    doc = SimpleDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=identity.title,
    )
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture, canvasmaker=make_canvas)
    return canvases[-1].page_count


__all__ = ["MUTED", "STYLES", "build_document", "day_text", "para", "table"]
