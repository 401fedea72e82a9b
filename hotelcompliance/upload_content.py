"""Structure checks of uploaded images and PDFs, so what is stored is safe to build from.

Images: Pillow reads only the header to learn the pixel count, and an image of more than
`UPLOAD_MAX_IMAGE_PIXELS` (or one Pillow itself calls a decompression bomb) is refused before
a single pixel is decoded; the rest of the file's structure is then verified (no decoding).

PDFs: pypdf must open the file and find at least one page, so a file that only starts like a
PDF is refused. Active content is refused, not stripped: document JavaScript (/JS, a
/JavaScript name tree or action), a /Launch, /ImportData or /SubmitForm action, additional
actions (/AA) anywhere, an /OpenAction other than going to a page, embedded files
(/EmbeddedFile(s)), /RichMedia and XFA forms. Refusing is simpler to trust than rewriting a
hostile file, and a certificate or an inspector's document needs none of it: the uploader
prints it to PDF again. Every failure is a `ValidationError` with a clear message and code.
"""

import warnings
from collections.abc import Iterator
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

DEFAULT_MAX_IMAGE_PIXELS = 40_000_000
# A PDF with more objects than this is refused rather than walked (a certificate has dozens).
MAX_PDF_OBJECTS = 100_000
ACTIVE_KEYS = {"/JS", "/JavaScript", "/AA", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"}
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE", "/Rendition"}
IMAGE_ERRORS = (
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
)


def max_image_pixels() -> int:
    return getattr(settings, "UPLOAD_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS)


def image_pixels(handle: IO[bytes]) -> int:
    """The pixel count an image's header claims (the pixels are not decoded).

    Raises Pillow's errors, and its DecompressionBombWarning as an error.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(handle) as image:
            width, height = image.size
    return width * height


def check_image(upload: IO[bytes], *, label: str) -> None:
    """Refuse an image over the pixel limit, or one whose structure is broken."""
    limit = max_image_pixels()
    try:
        upload.seek(0)
        pixels = image_pixels(upload)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        pixels = limit + 1
    except IMAGE_ERRORS:
        raise _unreadable_image(label) from None
    finally:
        upload.seek(0)
    if pixels > limit:
        raise ValidationError(
            _(
                "This image is too large: at most %(limit)s megapixels. Save a smaller copy "
                "(a phone photo is about 12) and upload that."
            )
            % {"limit": f"{limit / 1_000_000:g}"},
            code="too_many_pixels",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image.verify()  # the chunks and checksums, without decoding the pixels
    except IMAGE_ERRORS:
        raise _unreadable_image(label) from None
    finally:
        upload.seek(0)


def _unreadable_image(label: str) -> ValidationError:
    return ValidationError(
        _("This %(kind)s is damaged or incomplete; it cannot be read as an image.")
        % {"kind": label},
        code="content",
    )


def check_pdf(upload: IO[bytes]) -> None:
    """Refuse a file pypdf cannot open, one without pages, and one with active content."""
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("This PDF is password-protected; upload it without a password."),
                code="encrypted",
            )
        pages = len(reader.pages)
        active = first_active_content(reader)
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds for a broken file; any of them means refuse
        raise ValidationError(
            _("This PDF is damaged or incomplete; it cannot be opened."), code="content"
        ) from None
    finally:
        upload.seek(0)
    if pages == 0:
        raise ValidationError(_("This PDF has no pages."), code="content")
    if active:
        raise ValidationError(
            _(
                "This PDF contains active content (%(what)s), which is not accepted. "
                "Print it to a new PDF (“Save as PDF”) and upload that."
            )
            % {"what": active},
            code="active_content",
        )


def first_active_content(reader: PdfReader) -> str:
    """The first kind of active content found in the PDF's objects, or ''."""
    for where in _dictionaries(reader):
        for key in where:
            if key in ACTIVE_KEYS:
                return key.lstrip("/")
        action = where.get("/S")
        if isinstance(action, NameObject) and action in ACTIVE_ACTIONS:
            return action.lstrip("/")
        opening = where.get("/OpenAction")
        if isinstance(opening, IndirectObject):
            opening = opening.get_object()
        if isinstance(opening, DictionaryObject) and opening.get("/S") != "/GoTo":
            kind = opening.get("/S")
            return kind.lstrip("/") if kind in ACTIVE_ACTIONS else "OpenAction"
        if "/XFA" in where:
            return "XFA"
    return ""


def _dictionaries(reader: PdfReader) -> Iterator[DictionaryObject]:
    """Every dictionary reachable from the trailer, each once; streams' data is not decoded."""
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    count = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            count += 1
            if count > MAX_PDF_OBJECTS:
                raise ValueError("too many objects")
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)
