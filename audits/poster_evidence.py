"""Poster evidence: photos of the notices a property must post, where they hang and since when.

The compliance pack shows the latest photo of each notice (`poster_evidence_latest`); photos
are checked by content (`hotelcompliance.uploads`) and stored under generated names. The model,
`PosterEvidence`, stays in `audits.models`.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.models import PosterEvidence, PosterNotice
from audits.services import clean_short
from hotelcompliance.access_log import access_download_record
from hotelcompliance.roles import Action
from hotelcompliance.scoping import can, get_object_for_property
from hotelcompliance.tenancy import Property
from hotelcompliance.uploads import IMAGES, check_upload, sha256_of

# Writes ----------------------------------------------------------------------------

POSTER_FIELDS = {"notice", "notice_other", "location", "posted_on"}


def poster_evidence_add(*, prop: Property, actor, data: dict[str, Any], photo) -> PosterEvidence:
    """Record a photo of a posted notice, where it hangs and since when."""
    if not can(actor, prop, Action.REPORT_CREATE):
        raise PermissionDenied("Only the property's managers record poster evidence.")
    errors: dict[str, str] = {}
    unknown = sorted(set(data) - POSTER_FIELDS)
    for name in unknown[:20]:
        errors[name] = _("This field is not part of poster evidence.")
    notice = data.get("notice")
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
    posted_on = data.get("posted_on")
    if not isinstance(posted_on, date) or isinstance(posted_on, datetime):
        errors["posted_on"] = _("Give the date it was posted (YYYY-MM-DD).")
    elif posted_on > prop.today():
        errors["posted_on"] = _("The date posted cannot be in the future.")
    checked = None
    if photo is None:
        errors["photo"] = _("Attach a photo of the posted notice (PNG or JPEG).")
    else:
        try:
            checked = check_upload(photo, kinds=IMAGES, noun="photo")
        except ValidationError as error:
            errors["photo"] = error
    if errors:
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


def poster_evidence_latest(prop: Property) -> list[PosterEvidence]:
    """The newest evidence for each notice of the property (what the compliance pack shows)."""
    latest: dict[tuple[str, str], PosterEvidence] = {}
    rows = PosterEvidence.objects.for_property(prop).newest_first().select_related("uploaded_by")
    for evidence in rows[:500]:
        latest.setdefault((evidence.notice, evidence.notice_other.lower()), evidence)
    return sorted(latest.values(), key=lambda e: (e.notice, e.notice_other.lower()))


# Reads ----------------------------------------------------------------------------------------


def poster_photo_read(*, prop: Property, pk, request) -> PosterEvidence:
    """One of the property's photos (404 for another's), its download logged."""
    evidence = get_object_for_property(PosterEvidence.objects.all(), prop, pk=pk)
    access_download_record(request, prop, "poster_evidence", evidence.pk)
    return evidence
