"""Writes to the training tracker: validated, atomic, each returning what it created."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO, Any, Unpack, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotelcompliance.access_log import AccessKind, access_event_record
from hotelcompliance.csv_cells import without_value
from hotelcompliance.emails import absolute_url, make_message
from hotelcompliance.imports.errors import RowError
from hotelcompliance.imports.preview import preview_confirm, preview_keep, previews_purge
from hotelcompliance.imports.result import ImportResult, ParsedRow
from hotelcompliance.tenancy import Membership, Property
from training.attestation import attestation_text, deadline_passed, signer_name
from training.imports import COLUMNS, check_file
from training.models import (
    AnnualCertification,
    Employee,
    ReminderLog,
    TrainingImport,
    TrainingRecord,
)
from training.phones import phone_normalize
from training.reminders import employee_reminders_send
from training.selectors import certification_overview, due_rows
from training.status import DUE_SOON, OVERDUE, RosterRow, roster_status
from training.types import CompletionData, EmployeeData
from training.uploads import check_certificate

# An unconfirmed preview older than this is deleted when its user uploads another.
IMPORT_PREVIEW_LIFETIME = timedelta(days=1)

EMPLOYEE_FIELDS = (
    "name",
    "employee_number",
    "email",
    "phone",
    "job_role",
    "customer_facing",
    "hire_date",
    "end_date",
    "user",
    "preferred_language",
)


def _normalized(data: EmployeeData) -> EmployeeData:
    """The data with its phone number in the one stored shape (E.164)."""
    if "phone" not in data:
        return data
    try:
        return {**data, "phone": phone_normalize(data["phone"])}
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from None


def employee_create(*, prop: Property, actor, data: EmployeeData) -> Employee:
    """Add an employee to the property's roster; ValidationError names each bad field."""
    unknown = sorted(set(data) - set(EMPLOYEE_FIELDS))
    if unknown:
        raise ValidationError({name: "Unknown field." for name in unknown})
    data = _normalized(data)
    employee = Employee(property=prop, created_by=actor, **data)
    employee.full_clean()
    try:
        with transaction.atomic():
            employee.save()
    except IntegrityError:
        # Another request took the number between the check and the insert.
        raise ValidationError(
            {"employee_number": _("This employee number is already used at this property.")}
        ) from None
    return employee


def training_record_create(*, actor, **completion: Unpack[CompletionData]) -> TrainingRecord:
    """Record a completed course; the minutes default to the course's length.

    `score` is the knowledge-check percentage of a course taken in this product.

    A certificate is checked by its content before anything is written, and stored under a
    generated name; if the row cannot be saved, the stored file is removed again.
    """
    course, minutes = completion["course"], completion.get("minutes")
    certificate = completion.get("certificate")
    checked = None
    if certificate is not None:
        try:
            checked = check_certificate(certificate)
        except ValidationError as error:
            raise ValidationError({"certificate": error.messages}) from None
    record = TrainingRecord(
        employee=completion["employee"],
        course=course,
        completed_on=completion["completed_on"],
        minutes=course.minutes if minutes is None else minutes,
        score=completion.get("score"),
        recorded_by=actor,
    )
    record.full_clean()
    if checked is None:
        with transaction.atomic():
            record.save()
        return record
    record.certificate_name = checked.display_name
    # The name given here only carries the detected extension; upload_to generates the rest.
    record.certificate.save(f"certificate.{checked.kind.extension}", certificate, save=False)
    try:
        with transaction.atomic():
            record.save()
    except Exception:
        record.certificate.delete(save=False)
        raise
    return record


def employee_update(*, employee: Employee, actor, data: EmployeeData) -> Employee:
    """Change some of an employee's fields; the end date may not fall before the hire date."""
    unknown = sorted(set(data) - set(EMPLOYEE_FIELDS))
    if unknown:
        raise ValidationError({name: "Unknown field." for name in unknown})
    data = _normalized(data)
    # Validate a copy, so a refused change leaves the caller's instance as it was.
    changed = Employee.objects.get(pk=employee.pk)
    for name, value in data.items():
        setattr(changed, name, value)
    changed.full_clean()
    try:
        with transaction.atomic():
            changed.save(update_fields=sorted(data) or None)
    except IntegrityError:
        raise ValidationError(
            {"employee_number": _("This employee number is already used at this property.")}
        ) from None
    return changed


def training_import_upload(
    *, prop: Property, actor, kind: str, file: IO[bytes], file_name: str = ""
) -> TrainingImport:
    """Check an uploaded roster or completions file and keep it, encrypted, until confirmed.

    Raises `ImportFileError` for a file that cannot be read at all (nothing is kept). The
    file is kept even with bad rows: its preview shows every row as read, with its problems.
    """
    result = check_file(prop, kind, file)
    return preview_keep(
        TrainingImport,
        prop=prop,
        actor=actor,
        file=file,
        result=result,
        keep_content=True,
        file_name=file_name,
        stale_after=IMPORT_PREVIEW_LIFETIME,
        kind=kind,
    )


def training_import_preview(training_import: TrainingImport) -> ImportResult:
    """The kept file checked again against today's data (an empty result once it is gone)."""
    file = training_import.upload()
    if file is None:
        return ImportResult()
    return check_file(training_import.property, training_import.kind, file)


def training_imports_purge(*, now: datetime | None = None) -> int:
    """Delete every import uploaded a day ago or earlier (`IMPORT_KEPT_FOR`); return how many.

    Its file (staff names and emails, encrypted) goes with it, imported or not: the rows live
    on in the roster, the file nowhere.
    """
    return previews_purge(TrainingImport, now=now)


def training_import_confirm(
    *, training_import: TrainingImport, actor, digest: str, request=None
) -> ImportResult:
    """Import every row of a previewed file in one transaction, or none (`preview_confirm`).

    Returns the fresh check: when it has errors (the data changed since the preview, say),
    nothing was written. Raises `PreviewRefused` for a file already imported or changed.
    """
    prop = training_import.property

    def run(locked: TrainingImport, file: IO[bytes]) -> ImportResult:
        result = check_file(prop, locked.kind, file)
        if not result.ok:
            return result
        try:
            with transaction.atomic():
                for row in result.sample:
                    _import_row(prop=prop, actor=actor, kind=locked.kind, row=row)
        except ValidationError as error:
            # A rule only the full check knows (or a race): report it on its line, keep nothing.
            result.add_row_error(_row_error(row, error))
            return result
        result.imported = len(result.sample)
        access_event_record(
            actor=actor,
            prop=prop,
            kind=AccessKind.IMPORT,
            object_type=f"training_{locked.kind}_import",
            object_id=str(locked.pk),
            fields=COLUMNS[locked.kind],
            reason=f"{result.imported} rows",
            request=request,
        )
        return result

    return preview_confirm(training_import, run=run, digest=digest)


def _import_row(*, prop: Property, actor, kind: str, row: ParsedRow) -> None:
    if kind == TrainingImport.Kind.ROSTER:
        # The roster's columns (`imports.COLUMNS`) are employee fields, parsed to their types;
        # the service still refuses any other name.
        data = cast(EmployeeData, {k: v for k, v in row.values.items() if v is not None})
        employee_create(prop=prop, actor=actor, data=data)
    else:
        # The completions' columns, parsed to the employee, course, date and minutes.
        training_record_create(actor=actor, **cast(CompletionData, row.values))


def _row_error(row: ParsedRow, error: ValidationError) -> RowError:
    """The service's refusal of an import row, on its line; a message quoting a cell is not kept."""
    cells = list(row.cells.values())
    if hasattr(error, "error_dict"):
        name, messages = next(iter(error.message_dict.items()))
        return RowError(row.line, name, without_value(messages[0], cells))
    return RowError(row.line, "row", without_value(error.messages[0], cells))


@dataclass(frozen=True)
class CertificationOutcome:
    """What `certifications_sign` did: newly certified, already certified, and refused."""

    signed: list[AnnualCertification]
    already: list[AnnualCertification]
    refused: list[tuple[Employee, str]]


def certifications_sign(
    *, prop: Property, actor, year: int, as_of: date, attested: bool
) -> CertificationOutcome:
    """Certify for `year` every current employee whose training counts on `as_of`.

    `attested`: the signer confirmed `attestation_text`, which each certification keeps.
    Idempotent: an employee already certified for the year keeps that certification.
    Everyone else is refused with the status engine's reason. A signing after the year's
    deadline is allowed (late is better than never) and marked `signed_late`.
    """
    _check_certification_year(prop, year=year, as_of=as_of)
    if not attested:
        raise ValidationError({"attest": _("Read and confirm the attestation before signing.")})
    signed_at = timezone.now()
    signer = signer_name(actor)
    attestation = attestation_text(prop, year, signer)
    late = deadline_passed(prop, year, as_of) is not None
    new, already, refused = [], [], []
    with transaction.atomic():
        for row in certification_overview(prop, year=year, as_of=as_of):
            employee, status = row.roster.employee, row.roster.status
            if row.certification is not None:
                already.append(row.certification)
            elif row.certifiable:
                new.append(
                    AnnualCertification(
                        employee=employee,
                        year=year,
                        signed_by=actor,
                        signed_by_name=signer,
                        signed_at=signed_at,
                        status_at_signing=status.status,
                        last_completed_on=status.last_completed_on,
                        attestation=attestation,
                        signed_late=late,
                    )
                )
            else:
                refused.append((employee, status.reason))
        # A concurrent signing of the same employee and year keeps the first; re-read after.
        AnnualCertification.objects.bulk_create(new, ignore_conflicts=True)
    signed: list[AnnualCertification] = []
    stored = AnnualCertification.objects.filter(year=year, employee__in=[c.employee for c in new])
    for certification in stored.select_related("employee"):
        mine = certification.signed_at == signed_at and certification.signed_by_id == actor.pk
        (signed if mine else already).append(certification)
    return CertificationOutcome(signed=signed, already=already, refused=refused)


def certification_years(prop: Property, *, as_of: date) -> range:
    """The years that may be certified: from the law's first year (or 2000) to next year."""
    first = prop.rule_pack().rule("certification").get("first_year") or 2000
    return range(first, as_of.year + 2)


def _check_certification_year(prop: Property, *, year: int, as_of: date) -> None:
    years = certification_years(prop, as_of=as_of)
    if year not in years:
        raise ValidationError(
            {
                "year": _("Choose a year from %(first)s to %(last)s; %(year)s cannot be certified.")
                % {"first": years[0], "last": years[-1], "year": year}
            }
        )


def training_reminders_send(*, prop: Property, as_of: date) -> int:
    """Email each manager one digest and each employee their open reminder; return how many.

    A `ReminderLog` row is claimed before each email: a digest once a day, an employee's
    reminder once per occasion (`training.reminders`), so a second run on the same day (or a
    redelivered task) sends nothing it already sent.
    """
    roster = roster_status(prop, as_of=as_of)
    sent = employee_reminders_send(roster, prop=prop, as_of=as_of)
    rows = due_rows(roster)
    if not rows:
        return sent
    lines = [_reminder_line(row) for row in rows]
    digest = {
        "property_name": prop.name,
        "as_of": as_of,
        "overdue": [line for line in lines if line["status"] == OVERDUE],
        "due_soon": [line for line in lines if line["status"] == DUE_SOON],
        "url": absolute_url(reverse("training_roster")),
    }
    for address in Membership.objects.managers_of(prop).emails():
        if _reminder_claim(prop, address, ReminderLog.Kind.MANAGER_DIGEST, as_of):
            make_message(to=address, template="training/emails/digest", context=digest).send()
            sent += 1
    return sent


def _reminder_line(row: RosterRow) -> dict[str, Any]:
    employee, status = row.employee, row.status
    return {
        "name": employee.name,
        "employee_number": employee.employee_number,
        "email": employee.email,
        "status": status.status,
        "due_date": status.due_date,
        "reason": status.reason,
    }


def _reminder_claim(prop: Property, address: str, kind: str, day: date) -> bool:
    """Record the reminder as sent; False if it already was today."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(property=prop, recipient_email=address, kind=kind, day=day)
    except IntegrityError:
        return False
    return True
