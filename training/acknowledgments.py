"""Finishing the built-in course with the employee's signed, dated acknowledgment.

Florida §509.096 asks each trained employee to sign and date an acknowledgment that they
received the training, for the regulator to see on request; the product asks it of every
employee, everywhere. The completion and its acknowledgment are saved together or not at
all: a training record never exists without the signature that goes with it.
"""

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audits.reports.models import AuditReport
from audits.reports.services import report_queue_training_certificate
from hotelcompliance.tenancy import Membership
from hotelcompliance.uploads import PNG, check_upload
from training.course_content import BUILTIN_COURSE_ID, get_course
from training.course_services import FinishOutcome, course_attempt_finish
from training.models import CourseAcknowledgment, CourseAttempt

# A signature drawn on a phone is a few kilobytes; anything near this is not a signature.
MAX_SIGNATURE_BYTES = 256 * 1024
DATA_URL_PREFIX = "data:image/png;base64,"


@dataclass(frozen=True)
class SignedFinish:
    outcome: FinishOutcome
    acknowledgment: CourseAcknowledgment | None


def acknowledgment_statement(attempt: CourseAttempt, language: str) -> str:
    """The text the employee signs, in their language, naming the course, version and place."""
    content = get_course(BUILTIN_COURSE_ID, attempt.version)
    employee = attempt.employee
    with translation.override(language):
        return _(
            "I, %(name)s, acknowledge that I received and completed the human-trafficking "
            'awareness training "%(course)s" (version %(version)s) given by %(property)s, '
            "including how to recognise potential victims and how to report what I see."
        ) % {
            "name": employee.name,
            "course": content.title[language],
            "version": attempt.version,
            "property": employee.property.name,
        }


def _same_name(typed: str, name: str) -> bool:
    def normal(text: str) -> str:
        return " ".join(text.split()).casefold()

    return bool(typed.strip()) and normal(typed) == normal(name)


def _signature_png(data_url: str) -> ContentFile | None:
    """The drawn signature's PNG from the canvas's data URL; None when nothing was drawn."""
    if not data_url:
        return None
    if not data_url.startswith(DATA_URL_PREFIX) or len(data_url) > MAX_SIGNATURE_BYTES * 2:
        raise ValidationError(_("The drawn signature could not be read; clear it and sign again."))
    try:
        raw = base64.b64decode(data_url[len(DATA_URL_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(
            _("The drawn signature could not be read; clear it and sign again.")
        ) from None
    upload = ContentFile(raw, name="signature.png")
    try:
        check_upload(upload, kinds=(PNG,), max_bytes=MAX_SIGNATURE_BYTES, noun="signature")
    except ValidationError:
        raise ValidationError(
            _("The drawn signature could not be read; clear it and sign again.")
        ) from None
    upload.seek(0)
    return upload


def course_finish_signed(
    *,
    attempt: CourseAttempt,
    actor: User | None = None,
    typed_name: str,
    signed_on: date | None,
    signature_data: str = "",
    issuer: Any = None,
) -> SignedFinish:
    """Finish the attempt with the employee's acknowledgment, or say what is missing.

    The typed name must be the employee's name on the roster, the date today's at the
    property (no signing for another day); the drawn signature is optional.
    ValidationError names each field; nothing is saved then. On a pass, the certificate
    PDF is queued on the signed report frame, requested in the name of `issuer` (the
    manager who gave the link) or else of a manager of the property.
    """
    employee = attempt.employee
    language = attempt.language
    errors: dict[str, str] = {}
    if not _same_name(typed_name, employee.name):
        errors["typed_name"] = _("Type your full name as your employer has it: %(name)s.") % {
            "name": employee.name
        }
    today = employee.property.today()
    if signed_on != today:
        errors["signed_on"] = _("Write today's date, %(today)s.") % {"today": today.isoformat()}
    try:
        signature = _signature_png(signature_data)
    except ValidationError as error:
        errors["signature"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        outcome = course_attempt_finish(attempt=attempt, actor=actor)
        if not outcome.passed or outcome.record is None:
            return SignedFinish(outcome, None)
        attempt.refresh_from_db()
        acknowledgment = CourseAcknowledgment(
            attempt=attempt,
            training_record=outcome.record,
            typed_name=re.sub(r"\s+", " ", typed_name).strip(),
            signed_on=today,
            signed_at=timezone.now(),
            language=language,
            statement=acknowledgment_statement(attempt, language),
        )
        if signature is not None:
            acknowledgment.signature.save("signature.png", signature, save=False)
        acknowledgment.certificate = _certificate_queue(attempt, outcome, issuer)
        acknowledgment.full_clean()
        acknowledgment.save()
    return SignedFinish(outcome, acknowledgment)


def _certificate_queue(
    attempt: CourseAttempt, outcome: FinishOutcome, issuer: Any
) -> AuditReport | None:
    """Queue the certificate; None where no manager is left to issue it in the name of."""
    prop = attempt.employee.property
    if issuer is None:
        membership = Membership.objects.managers_of(prop).select_related("user").first()
        issuer = membership.user if membership is not None else None
    if issuer is None or outcome.record is None:
        return None
    return report_queue_training_certificate(
        prop=prop, issuer=issuer, completed_on=outcome.record.completed_on
    )
