"""Employees' own certificates of approved external courses, and the manager's decision.

Where a pack demands an approved course (TX, FL, NY...), the employee takes it elsewhere and
uploads its certificate. The upload is a `CertificateSubmission`, which the status engine
never reads; approving it creates the `TrainingRecord` (through `training_record_create`,
so every rule of a completion applies) holding the same stored file. Only then does it count.
"""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hotelcompliance.access_log import access_download_record
from hotelcompliance.tenancy import Property
from hotelcompliance.uploads import safe_file_response
from training.course_catalog import approved_courses_for
from training.models import CertificateSubmission, Course, Employee, TrainingRecord
from training.services import training_record_create
from training.uploads import check_certificate

MAX_REASON_LENGTH = 500


def certificate_submit(
    *, employee: Employee, course: Course, completed_on: date, certificate: UploadedFile
) -> CertificateSubmission:
    """Keep an employee's certificate upload as pending; nothing counts until approved.

    The course must be one approved where the employee works; the date is checked like a
    completion's; the file by its content (`hotelcompliance.upload_content` via
    `check_certificate`). On any problem nothing is stored.
    """
    errors: dict[str, list[str]] = {}
    if course.pk not in {approved.course.pk for approved in approved_courses_for(employee)}:
        errors["course"] = [_("Choose one of the approved courses listed.")]
    today = employee.property.today()
    if completed_on > today:
        errors["completed_on"] = [_("The completion date is in the future.")]
    elif completed_on < employee.hire_date:
        errors["completed_on"] = [_("The completion date is before your hire date.")]
    try:
        checked = check_certificate(certificate)
    except ValidationError as error:
        errors["certificate"] = error.messages
    if errors:
        raise ValidationError(errors)
    submission = CertificateSubmission(
        employee=employee,
        course=course,
        completed_on=completed_on,
        certificate_name=checked.display_name,
    )
    submission.certificate.save(f"certificate.{checked.kind.extension}", certificate, save=False)
    try:
        with transaction.atomic():
            submission.save()
    except Exception:
        submission.certificate.delete(save=False)
        raise
    return submission


def submission_approve(*, submission: CertificateSubmission, actor: User) -> TrainingRecord:
    """Accept the certificate: record the completion (it counts from now on)."""
    with transaction.atomic():
        locked = _pending_locked(submission)
        record = training_record_create(
            employee=locked.employee,
            actor=actor,
            course=locked.course,
            completed_on=locked.completed_on,
        )
        # The record holds the same stored file: it is the evidence that was checked.
        record.certificate.name = locked.certificate.name
        record.certificate_name = locked.certificate_name
        record.verified_by = actor
        record.save(update_fields=["certificate", "certificate_name", "verified_by"])
        locked.state = CertificateSubmission.State.APPROVED
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.training_record = record
        locked.save(update_fields=["state", "decided_by", "decided_at", "training_record"])
    return record


def submission_reject(
    *, submission: CertificateSubmission, actor: User, reason: str
) -> CertificateSubmission:
    """Refuse the certificate with a reason the employee will read; nothing is recorded."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the certificate is rejected.")]})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({"reason": [_("Keep the reason under 500 characters.")]})
    with transaction.atomic():
        locked = _pending_locked(submission)
        locked.state = CertificateSubmission.State.REJECTED
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.reason = reason
        locked.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    return locked


def _pending_locked(submission: CertificateSubmission) -> CertificateSubmission:
    locked = (
        CertificateSubmission.objects.select_for_update()
        .select_related("employee__property", "course")
        .get(pk=submission.pk)
    )
    if locked.state != CertificateSubmission.State.PENDING:
        raise ValidationError(_("This certificate was already decided."))
    return locked


def pending_submissions(prop: Property) -> QuerySet[CertificateSubmission]:
    """The property's certificates waiting for a decision, oldest first."""
    return (
        CertificateSubmission.objects.for_property(prop)
        .pending()
        .select_related("employee", "course")
        .order_by("submitted_at", "pk")
    )


def submissions_of(employee: Employee) -> QuerySet[CertificateSubmission]:
    """Every certificate the employee uploaded, newest first (for their page and history)."""
    return employee.certificate_submissions.select_related("course").order_by(
        "-submitted_at", "-pk"
    )


def submission_certificate_download(
    *, submission: CertificateSubmission, prop: Property, request: HttpRequest
) -> FileResponse:
    """Serve the uploaded file to the deciding manager, access-logged (the caller checked)."""
    response = safe_file_response(
        submission.certificate, display_name=submission.certificate_name, default="certificate"
    )
    access_download_record(request, prop, "certificate_submission", submission.pk)
    return response
