"""Employees, the courses they take and the completions that prove it.

Status (compliant, due, overdue...) is never stored: `training.status` derives it from these
rows and the property's rule pack, so a change in the law changes every answer at once.
"""

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hotelcompliance.imports.stored import StoredImport
from hotelcompliance.rules import available_jurisdictions
from hotelcompliance.rules.vocab import JOB_ROLES
from hotelcompliance.scoping import PropertyScopedQuerySet
from hotelcompliance.tenancy import Property
from hotelcompliance.validators import single_line
from training.phones import validate_phone
from training.uploads import certificate_upload_to, signature_upload_to

if TYPE_CHECKING:
    from hotelcompliance.tenancy import AnyUser

# No real course runs longer than a working day; a bigger number is a typo (hours for minutes).
MAX_COURSE_MINUTES = 600

# One label per role of `vocab.JOB_ROLES` (a role added there without a label here fails here).
_ROLE_LABELS = {
    "front_desk": _("Front desk"),
    "housekeeping": _("Housekeeping"),
    "janitorial": _("Janitorial"),
    "bell": _("Bell staff"),
    "driver": _("Driver"),
    "management": _("Management"),
    "security": _("Security"),
    "maintenance": _("Maintenance"),
    "food_beverage": _("Food and beverage"),
    "other": _("Other"),
}
JOB_ROLE_CHOICES = [(role, _ROLE_LABELS[role]) for role in JOB_ROLES]


# The languages of the employee's pages and of the built-in course.
LANGUAGE_CHOICES = [("en", "English"), ("es", "Español")]


def _minutes_validators() -> list:
    return [MinValueValidator(1), MaxValueValidator(MAX_COURSE_MINUTES)]


class EmployeeQuerySet(PropertyScopedQuerySet):
    def current(self, as_of: date) -> "EmployeeQuerySet":
        """Employees still employed on that day (the last day of employment counts)."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of))


class Employee(models.Model):
    """Someone on a property's staff; not necessarily a user of this product."""

    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="employees")
    name = models.CharField(max_length=200, validators=[single_line])
    employee_number = models.CharField(max_length=40, validators=[single_line])
    email = models.EmailField(max_length=254, blank=True, validators=[single_line])
    phone = models.CharField(
        max_length=16,
        blank=True,
        validators=[validate_phone],
        help_text=_("Mobile number in international form (+15550104477), to text the link."),
    )
    job_role = models.CharField(max_length=20, choices=JOB_ROLE_CHOICES)
    customer_facing = models.BooleanField(default=True)
    hire_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text=_("Last day of employment."))
    preferred_language = models.CharField(
        max_length=8,
        choices=LANGUAGE_CHOICES,
        default="en",
        help_text=_("The language of their own pages and of the built-in course."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employments",
        help_text=_("The employee's own login, if they have one."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["property", "employee_number"],
                name="training_employee_number_unique_per_property",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("hire_date")),
                name="training_employee_ends_after_hire",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.employee_number})"

    def clean(self) -> None:
        errors = {}
        hired, ended = self.hire_date, self.end_date
        if isinstance(hired, date) and isinstance(ended, date) and ended < hired:
            errors["end_date"] = (
                f"The end date ({self.end_date}) is before the hire date ({self.hire_date})."
            )
        if self.property_id and self.employee_number:
            taken = Employee.objects.filter(
                property_id=self.property_id, employee_number=self.employee_number
            ).exclude(pk=self.pk)
            if taken.exists():
                errors["employee_number"] = (
                    f"Employee number {self.employee_number} is already used at this property."
                )
        if errors:
            raise ValidationError(errors)


class CourseQuerySet(models.QuerySet):
    def available_to(self, prop: Property) -> "CourseQuerySet":
        """The seeded global courses plus the property's own."""
        return self.filter(Q(property__isnull=True) | Q(property=prop))

    def active(self) -> "CourseQuerySet":
        """Courses a new completion may name: not retired."""
        return self.filter(retired_at__isnull=True)


class Course(models.Model):
    """A trafficking-awareness course; global when seeded, or a property's own.

    A retired course is kept, never deleted: completions already recorded against it stay
    valid evidence, but no new completion may name it.
    """

    class Evidence(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate of completion")
        ATTENDANCE = "attendance", _("Signed attendance sheet")
        NONE = "none", _("None beyond the completion record")

    title = models.CharField(max_length=200, validators=[single_line])
    provider = models.CharField(max_length=200, validators=[single_line])
    version = models.CharField(max_length=40, blank=True, validators=[single_line])
    minutes = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=_minutes_validators(),
        help_text=_("Length of the course; empty when the provider does not state it."),
    )
    jurisdictions = models.JSONField(
        default=list,
        blank=True,
        help_text=_('Jurisdiction codes whose regulator approved the course, e.g. ["US-TX"].'),
    )
    property = models.ForeignKey(
        Property,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_courses",
        help_text=_("Empty for a course every property may use."),
    )
    url = models.URLField(max_length=500, blank=True, help_text="Where employees take the course.")
    evidence = models.CharField(
        max_length=20,
        choices=Evidence.choices,
        blank=True,
        help_text="What proves a completion; empty when not stated.",
    )
    retired_at = models.DateTimeField(null=True, blank=True, editable=False)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    content_key = models.CharField(
        max_length=40,
        blank=True,
        editable=False,
        help_text=_("The built-in course's id (hc-awareness) with `version`; empty for others."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_key", "version"],
                condition=~Q(content_key=""),
                name="training_one_builtin_course_per_version",
            )
        ]

    def __str__(self) -> str:
        version = f" ({self.version})" if self.version else ""
        return f"{self.title}{version}, {self.provider}"

    def clean(self) -> None:
        known = {code for code, _ in available_jurisdictions()}
        codes = self.jurisdictions
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise ValidationError({"jurisdictions": "Give a list of jurisdiction codes."})
        unknown = sorted(set(codes) - known)
        if unknown:
            raise ValidationError(
                {
                    "jurisdictions": f"Unknown jurisdiction: {', '.join(unknown)}. "
                    f"Choose from: {', '.join(sorted(known))}."
                }
            )


class ThroughEmployeeQuerySet(PropertyScopedQuerySet):
    """Rows that belong to a property through their employee (records, links, attempts...)."""

    def for_property(self, prop: Property) -> Self:
        return self.filter(employee__property=prop)

    def for_user(self, user: "AnyUser") -> Self:
        return self.filter(employee__property__in=Property.objects.for_user(user))


class TrainingRecordQuerySet(ThroughEmployeeQuerySet):
    pass


class TrainingRecord(models.Model):
    """One completed course: the evidence an inspector asks for."""

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="training_records"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField()
    minutes = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=_minutes_validators(),
        help_text=_("Minutes actually completed; the course's length when not given."),
    )
    score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Knowledge-check score in percent, for a course taken in this product."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who checked the evidence of completion."),
    )
    certificate = models.FileField(
        upload_to=certificate_upload_to,
        max_length=200,
        null=True,
        blank=True,
        help_text=_("Evidence of completion (PDF, PNG or JPEG); stored under a generated name."),
    )
    certificate_name = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The uploaded file's name, sanitised; for display only."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.employee} completed {self.course.title} on {self.completed_on}"

    def clean(self) -> None:
        if not self.employee_id or not isinstance(self.completed_on, date):
            return
        errors = {}
        employee = self.employee
        today = employee.property.today()
        if self.completed_on > today:
            errors["completed_on"] = (
                f"The completion date ({self.completed_on}) is in the future; today is {today}."
            )
        elif self.completed_on < employee.hire_date:
            errors["completed_on"] = (
                f"The completion date ({self.completed_on}) is before the employee's hire date "
                f"({employee.hire_date})."
            )
        course = self.course if self.course_id else None
        if course is not None and course.property_id not in (None, employee.property_id):
            errors["course"] = str(_("This course belongs to another property."))
        elif course is not None and course.retired_at is not None and self._state.adding:
            errors["course"] = str(_("This course is retired; choose a current one."))
        if errors:
            raise ValidationError(errors)


class CertificateSubmissionQuerySet(ThroughEmployeeQuerySet):
    def pending(self) -> "CertificateSubmissionQuerySet":
        return self.filter(state=CertificateSubmission.State.PENDING)


class CertificateSubmission(models.Model):
    """An employee's own certificate of an external course, waiting for a manager's decision.

    It is not a completion: the status engine reads only `TrainingRecord`s, and one is
    created (holding the same file) only when a manager approves. A rejection keeps the
    row and its reason, so the employee sees why and can upload again.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a manager")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="certificate_submissions"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="submissions")
    completed_on = models.DateField()
    certificate = models.FileField(upload_to=certificate_upload_to, max_length=200)
    certificate_name = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why it was rejected.")
    training_record = models.OneToOneField(
        TrainingRecord,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submission",
    )

    objects = CertificateSubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.employee} certificate for {self.course.title} ({self.state})"


class TrainingImport(StoredImport):
    """An uploaded roster or completions file between its preview and its confirmation.

    The file (`StoredImport.content`) holds staff names and emails: kept encrypted, emptied
    once imported, and gone a day after its upload (`training_imports_purge`).
    """

    class Kind(models.TextChoices):
        ROSTER = "roster", _("Roster (employees, from an HR system)")
        COMPLETIONS = "completions", _("Completions (from a course provider)")

    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta(StoredImport.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import {self.pk}"


class AnnualCertificationQuerySet(ThroughEmployeeQuerySet):
    pass


class AnnualCertification(models.Model):
    """A manager's yearly certification that the employee received the training (CT: Oct 1).

    The facts shown on the personnel-file PDF are copied here when it is signed, so the PDF
    printed next year still says what was certified, by whom and on what evidence.
    """

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="certifications")
    year = models.PositiveSmallIntegerField()
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_by_name = models.CharField(
        max_length=150, help_text=_("The signer's name at the time of signing.")
    )
    signed_at = models.DateTimeField()
    status_at_signing = models.CharField(max_length=20)
    last_completed_on = models.DateField(null=True, blank=True)
    attestation = models.TextField(
        blank=True, help_text=_("The words the signer confirmed (empty before attestations).")
    )
    signed_late = models.BooleanField(
        default=False, help_text=_("Signed after the year's certification deadline.")
    )

    objects = AnnualCertificationQuerySet.as_manager()

    class Meta:
        ordering = ["year", "employee__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"], name="training_one_certification_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} certified for {self.year}"


class ReminderLog(models.Model):
    """One reminder sent: kept, shown, and the guard against sending the same one twice.

    A manager's digest is once a day (`day`). An employee's reminder is for an occasion,
    named by `key` (`new_hire:<hire date>`, `due_soon:<due date>`, `before_deadline:<due
    date>`, `overdue:<due date>`, `manual:<day>`), unique per employee: each is sent once.
    """

    class Kind(models.TextChoices):
        MANAGER_DIGEST = "manager_digest", _("Manager digest")
        EMPLOYEE_REMINDER = "employee_reminder", _("Employee reminder")

    class Occasion(models.TextChoices):
        NEW_HIRE = "new_hire", _("First day")
        DUE_SOON = "due_soon", _("Refresher due soon")
        BEFORE_DEADLINE = "before_deadline", _("A week before the deadline")
        OVERDUE = "overdue", _("Overdue")
        MANUAL = "manual", _("Sent by a manager")

    property = models.ForeignKey(Property, on_delete=models.CASCADE, related_name="+")
    recipient_email = models.EmailField(max_length=254)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    employee = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    occasion = models.CharField(max_length=20, choices=Occasion.choices, blank=True)
    key = models.CharField(max_length=40, blank=True)
    due_date = models.DateField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The manager who pressed 'send reminder now'; empty when automatic.",
    )

    class Meta:
        ordering = ["-day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["property", "recipient_email", "kind", "day"],
                condition=Q(employee__isnull=True),
                name="training_one_reminder_a_day",
            ),
            models.UniqueConstraint(
                fields=["employee", "key"],
                condition=Q(employee__isnull=False),
                name="training_one_reminder_per_occasion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occasion} on {self.day}"


class CourseAttemptQuerySet(ThroughEmployeeQuerySet):
    def open(self) -> "CourseAttemptQuerySet":
        return self.filter(completed_at__isnull=True)


class CourseAttempt(models.Model):
    """An employee taking one version of the built-in course, possibly over several days.

    What was viewed and answered lives in `CourseActivity` rows, so the attempt can be picked
    up on any device; the fields here summarise them for lists. The path of lessons is fixed
    when the attempt starts, so a later change of job role does not move the goalposts.
    """

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="course_attempts")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="attempts")
    version = models.CharField(max_length=40, help_text=_("The content version taken."))
    language = models.CharField(max_length=8)
    job_role = models.CharField(
        max_length=20, choices=JOB_ROLE_CHOICES, help_text=_("The role whose path was set.")
    )
    lesson_ids = models.JSONField(help_text=_("The path of lessons, in order, set at the start."))
    current_lesson = models.CharField(max_length=60, blank=True)
    started_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    seconds_spent = models.PositiveIntegerField(
        default=0, help_text=_("Time counted from the activity, each item's share bounded.")
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    training_record = models.OneToOneField(
        TrainingRecord,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="course_attempt",
    )

    objects = CourseAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "course"],
                condition=Q(completed_at__isnull=True),
                name="training_one_open_attempt_per_course",
            )
        ]

    def __str__(self) -> str:
        state = "completed" if self.completed_at else "in progress"
        return f"{self.employee} taking {self.course.title} {self.version} ({state})"

    @property
    def minutes_spent(self) -> int:
        return self.seconds_spent // 60


class CourseActivity(models.Model):
    """One thing the employee did in an attempt: opened a page or answered something.

    Append-only. `credited_seconds` is the time counted for the item of the previous row:
    the gap up to this row, bounded by that item's cap, so an open tab stops counting.
    """

    class Kind(models.TextChoices):
        START = "start", _("Started")
        RESUME = "resume", _("Resumed")
        SECTION = "section", _("Opened a section")
        SCENARIO = "scenario", _("Opened a scenario")
        SCENARIO_ANSWER = "scenario_answer", _("Answered a scenario")
        CHECK = "check", _("Opened a knowledge check")
        CHECK_ANSWER = "check_answer", _("Answered a knowledge check")
        FINISH = "finish", _("Asked to finish")

    attempt = models.ForeignKey(CourseAttempt, on_delete=models.CASCADE, related_name="activity")
    at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    lesson_id = models.CharField(max_length=60, blank=True)
    item_id = models.CharField(max_length=60, blank=True)
    # Scenario: [option id]. Check: {question id: [option ids]}.
    answer = models.JSONField(null=True, blank=True)
    correct = models.PositiveSmallIntegerField(null=True, blank=True)
    questions = models.PositiveSmallIntegerField(null=True, blank=True)
    credited_seconds = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["attempt", "at"], name="training_activity_by_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.lesson_id} {self.item_id} at {self.at}"


class EmployeeLinkQuerySet(ThroughEmployeeQuerySet):
    def active(self, now: datetime) -> "EmployeeLinkQuerySet":
        """Links neither revoked nor expired at `now`."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class EmployeeLink(models.Model):
    """A personal link that opens an employee's own training pages without a password.

    The URL carries this row's id signed with the site's key (`training.employee_links`),
    never the employee's id, so a link cannot be guessed or forged, and revoking or expiring
    the row ends it. Issuing a new link revokes the employee's earlier ones.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = EmployeeLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Link for {self.employee} until {self.expires_at:%Y-%m-%d}"

    def is_active(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now


class EmployeeLinkText(models.Model):
    """One text message of an employee's link prepared by a manager: kept and shown.

    No provider sends it here: the manager's phone does (an `sms:` address with the text
    prefilled) and the configured `SMS_BACKEND` is handed it too (`training.sms`). Either way
    the row says who prepared which link's text for whom, and when.
    """

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="link_texts")
    link = models.ForeignKey(EmployeeLink, on_delete=models.PROTECT, related_name="texts")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField()
    backend = models.CharField(max_length=100, help_text=_("The SMS backend it was handed to."))
    delivered = models.BooleanField(
        default=False, help_text=_("Whether the backend itself sent it (a provider).")
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"Link text for employee {self.employee_id} at {self.sent_at:%Y-%m-%d %H:%M}"


class CourseAcknowledgment(models.Model):
    """The employee's signed and dated acknowledgment of the training they received.

    Florida §509.096 asks each trained employee to sign and date one, kept for the regulator;
    every completion of the built-in course carries one. The statement is stored as shown, in
    the language it was signed in, so what was acknowledged never changes afterwards.
    """

    attempt = models.OneToOneField(
        CourseAttempt, on_delete=models.PROTECT, related_name="acknowledgment"
    )
    training_record = models.OneToOneField(
        TrainingRecord, on_delete=models.PROTECT, related_name="acknowledgment"
    )
    typed_name = models.CharField(max_length=200, validators=[single_line])
    signed_on = models.DateField(help_text="The date written by the employee (local).")
    signed_at = models.DateTimeField()
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    statement = models.TextField(help_text="The text acknowledged, as shown to the employee.")
    signature = models.FileField(
        upload_to=signature_upload_to,
        max_length=200,
        null=True,
        blank=True,
        help_text="The drawn signature (PNG), where the device allowed one.",
    )
    certificate = models.OneToOneField(
        "audits.AuditReport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_certificate_of",
        help_text="The signed certificate PDF issued for the completion.",
    )

    class Meta:
        ordering = ["-signed_at", "-pk"]

    def __str__(self) -> str:
        return f"Acknowledgment by {self.typed_name} on {self.signed_on}"


class AwarenessOpeningQuerySet(ThroughEmployeeQuerySet):
    pass


class AwarenessOpening(models.Model):
    """An employee opened the month's awareness note: the property's evidence of its
    ongoing awareness campaign (CT PA 16-71 §5). One row per employee per month; the first
    opening is kept, with the note's version and the language read.
    """

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="awareness_openings"
    )
    month = models.DateField(help_text="The first day of the month, at the property.")
    note_version = models.CharField(max_length=40)
    language = models.CharField(max_length=8)
    opened_at = models.DateTimeField()

    objects = AwarenessOpeningQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "employee__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "month"], name="training_one_awareness_opening_a_month"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="training_awareness_month_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} opened the awareness note of {self.month:%Y-%m}"
