"""Poster evidence: photos of the notices a property must post, where they hang and since when.

The compliance pack shows the latest photo of each notice (`poster_evidence_latest`); photos
are checked by content (`hotelcompliance.uploads`) and stored under generated names. The model,
`PosterEvidence`, stays in `audits.models`.
"""

import uuid
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import PosterEvidence, PosterNotice
from audits.services import clean_short
from hotelcompliance.access_log import access_download_record
from hotelcompliance.roles import Action
from hotelcompliance.scoping import can, get_object_for_property
from hotelcompliance.tenancy import Property
from hotelcompliance.uploads import IMAGES, CheckedUpload, check_upload, sha256_of

# Writes ----------------------------------------------------------------------------

POSTER_FIELDS = {"notice", "notice_other", "location", "posted_on"}


def poster_evidence_add(
    *,
    prop: Property,
    actor: User | AnonymousUser,
    data: dict[str, Any],
    photo: UploadedFile | None,
) -> PosterEvidence:
    """Record a photo of a posted notice, where it hangs and since when."""
    if not isinstance(actor, User) or not can(actor, prop, Action.REPORT_CREATE):
        raise PermissionDenied("Only the property's managers record poster evidence.")
    errors: dict[str, str] = {}
    unknown = sorted(set(data) - POSTER_FIELDS)
    for name in unknown[:20]:
        errors[name] = _("This field is not part of poster evidence.")
    notice = data.get("notice", "")
    if notice not in PosterNotice.values:
        errors["notice"] = "Choose one of: " + ", ".join(PosterNotice.values) + "."
    other = data.get("notice_other") or ""
    if notice == PosterNotice.OTHER:
        other = clean_short(other, "notice_other", errors, "Name the notice.")
    elif other:
        errors["notice_other"] = _("Name a notice only when you chose “Other notice”.")
    location = clean_short(
        data.get("location"), "location", errors, "Say where in the building it is posted."
    )
    posted_on = _posted_on(data.get("posted_on"), prop, errors)
    checked = _checked_photo(photo)
    if isinstance(checked, ValidationError):
        # The upload's own error, so its code (`too_large`) reaches the API's 413.
        raise ValidationError({**errors, "photo": checked})
    if errors or posted_on is None or photo is None:  # either None only with an error
        raise ValidationError(errors)
    evidence = PosterEvidence(
        property=prop,
        notice=notice,
        notice_other=other,
        location=location,
        posted_on=posted_on,
        photo_name=checked.display_name,
        sha256=sha256_of(photo),
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    with transaction.atomic():
        evidence.photo.save(f"photo.{checked.kind.extension}", photo, save=False)
        evidence.save(force_insert=True)
    return evidence


def _posted_on(value: object, prop: Property, errors: dict[str, str]) -> date | None:
    if not isinstance(value, date) or isinstance(value, datetime):
        errors["posted_on"] = _("Give the date it was posted (YYYY-MM-DD).")
        return None
    if value > prop.today():
        errors["posted_on"] = _("The date posted cannot be in the future.")
        return None
    return value


def _checked_photo(photo: UploadedFile | None) -> CheckedUpload | ValidationError:
    """The photo checked by its content, or why it is refused."""
    if photo is None:
        return ValidationError(_("Attach a photo of the posted notice (PNG or JPEG)."))
    try:
        return check_upload(photo, kinds=IMAGES, noun="photo")
    except ValidationError as error:
        return error


def poster_evidence_latest(prop: Property) -> list[PosterEvidence]:
    """The newest evidence for each notice of the property (what the compliance pack shows)."""
    latest: dict[tuple[str, str], PosterEvidence] = {}
    rows = PosterEvidence.objects.for_property(prop).newest_first().select_related("uploaded_by")
    for evidence in rows[:500]:
        latest.setdefault((evidence.notice, evidence.notice_other.lower()), evidence)
    return sorted(latest.values(), key=lambda e: (e.notice, e.notice_other.lower()))


# Reads ----------------------------------------------------------------------------------------


def poster_photo_read(*, prop: Property, pk: uuid.UUID, request: HttpRequest) -> PosterEvidence:
    """One of the property's photos (404 for another's), its download logged."""
    evidence = get_object_for_property(PosterEvidence.objects.all(), prop, pk=pk)
    access_download_record(request, prop, "poster_evidence", evidence.pk)
    return evidence
