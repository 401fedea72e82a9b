"""Records requests (City of Los Angeles v. Patel): an inspector asks, the hotel answers.

Inspectors never browse the register: they file a request with its legal basis and scope, and
the hotel reviews it, produces what is in scope, objects (for review by a neutral
decision-maker) or asks for clarification. Every change of state is a `RecordsRequestEvent`,
append-only and chained. Writes go through `audits.services`.
"""

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotelcompliance.chain import AppendOnlyModel
from hotelcompliance.holds import LegalHold
from hotelcompliance.scoping import PropertyScopedQuerySet
from hotelcompliance.tenancy import Property
from hotelcompliance.validators import single_line

if TYPE_CHECKING:
    from hotelcompliance.tenancy import AnyUser


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent")
    ADMINISTRATIVE_SUBPOENA = "administrative_subpoena", _("Administrative subpoena")
    WARRANT_OR_COURT_ORDER = "warrant_or_court_order", _("Warrant or court order")
    EXIGENT_CIRCUMSTANCES = "exigent_circumstances", _("Exigent circumstances")
    STATUTORY_DEMAND = "statutory_demand", _("Statutory demand")


class RequestSubject(models.TextChoices):
    """What a request asks for: stays of the guest register, or the staff's training records
    (Texas Bus. & Com. Code §114.0052: the Attorney General's request, answered within 72 hours
    with each current and former employee's training)."""

    REGISTER = "register", _("The guest register")
    TRAINING = "training", _("Training records")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    PRODUCED = "produced", _("Produced")
    OBJECTED = "objected", _("Objected")
    CLARIFICATION_REQUESTED = "clarification_requested", _("Clarification requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # A neutral decision-maker upheld the hotel's objection: nothing is produced.
    CLOSED = "closed", _("Closed without production")


# Requests the hotel still has to act on (or that await a neutral decision): they stay held.
OPEN_STATUSES = (
    RequestStatus.RECEIVED,
    RequestStatus.UNDER_REVIEW,
    RequestStatus.CLARIFICATION_REQUESTED,
    RequestStatus.OBJECTED,
)


class ExigentReview(models.TextChoices):
    """The managers' after-the-fact answer to an exigent production."""

    CONFIRMED = "confirmed", _("Confirmed")
    CONTESTED = "contested", _("Contested")


class ReviewState(models.TextChoices):
    """Where an exigent production's after-the-fact review stands (derived, not stored)."""

    AWAITING = "awaiting", _("Awaiting the managers' review")
    OVERDUE = "overdue", _("Review overdue")
    CONFIRMED = "confirmed", _("Confirmed by a manager")
    CONTESTED = "contested", _("Contested by a manager")


class EventStep(models.TextChoices):
    """A timeline step that records something besides a change of state."""

    EXIGENT_CONFIRMED = "exigent_confirmed", _("Exigent production confirmed")
    EXIGENT_CONTESTED = "exigent_contested", _("Exigent production contested")


class RecordsRequestQuerySet(PropertyScopedQuerySet):
    def filed_by(self, user: "AnyUser") -> "RecordsRequestQuerySet":
        return self.filter(inspector=user)

    def open(self) -> "RecordsRequestQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def exigent_review_overdue(self, at: datetime | None = None) -> "RecordsRequestQuerySet":
        """Exigent productions nobody confirmed or contested by their review deadline."""
        return self.filter(
            legal_basis=LegalBasis.EXIGENT_CIRCUMSTANCES,
            exigent_review="",
            exigent_review_due_at__lt=at or timezone.now(),
        )


class RecordsRequest(models.Model):
    """One inspector's demand for guest records of one property.

    `names` are personal data: they are stored here and shown on the request's own page, and
    never go into a URL, a log line, the chain or an outbox payload.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="records_requests"
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="records_requests"
    )
    # Copied from the inspector's membership at filing, so the request keeps saying who asked.
    agency = models.CharField(max_length=200)
    badge_number = models.CharField(max_length=64)
    reference = models.CharField(
        max_length=20,
        blank=True,
        help_text=_("The hotel's reference, RR-<year>-<number>, given when the request is filed."),
    )
    subject = models.CharField(
        max_length=16, choices=RequestSubject.choices, default=RequestSubject.REGISTER
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The manager who logged a request served on paper."),
    )
    agency_reference = models.CharField(
        max_length=100,
        blank=True,
        validators=[single_line],
        help_text=_("The agency's own case or file number, if it gave one."),
    )
    legal_basis = models.CharField(max_length=32, choices=LegalBasis.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    rooms = models.JSONField(default=list, blank=True, help_text=_("Empty: every room."))
    names = models.JSONField(default=list, blank=True, help_text=_("Guest names (personal data)."))
    fields = models.JSONField(
        default=list, blank=True, help_text=_("Registration fields asked for (none: training).")
    )
    deadline = models.DateField()
    exigent_reason = models.TextField(
        blank=True, help_text=_("The written justification of an exigent-circumstances request.")
    )
    status = models.CharField(
        max_length=32, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    produced_at = models.DateTimeField(null=True, blank=True)
    access_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "The inspector's access to what was produced ends here (INSPECTOR_GRANT_DAYS)."
        ),
    )
    # Exigent productions only: the managers confirm or contest them after the fact.
    exigent_review_due_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Managers confirm or contest by then (exigent only).")
    )
    exigent_review = models.CharField(max_length=16, choices=ExigentReview.choices, blank=True)
    exigent_reviewed_at = models.DateTimeField(null=True, blank=True)
    exigent_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    exigent_review_reminded_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the overdue review was reminded (once).")
    )
    legal_hold = models.OneToOneField(
        LegalHold,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records_request",
    )
    # The filing form's one-time token: the same form sent twice files one request.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    objects = RecordsRequestQuerySet.as_manager()

    # Set by `with_countdown` for the pages (not stored).
    days_left: int = 0
    days_overdue: int = 0

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["property", "-created_at"], name="records_request_prop_time"),
            models.Index(fields=["inspector", "-created_at"], name="records_request_insp_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="records_request_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["property", "reference"],
                condition=~Q(reference=""),
                name="records_request_reference_unique",
            ),
        ]

    def __str__(self) -> str:
        # No names: this string reaches logs and the admin.
        return f"Records request {self.pk} at {self.property}"

    def is_training(self) -> bool:
        """A request for training records: no guest data in scope, answered by a training report."""
        return self.subject == RequestSubject.TRAINING

    def is_exigent(self) -> bool:
        return self.legal_basis == LegalBasis.EXIGENT_CIRCUMSTANCES

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def days_to_deadline(self, today: date) -> int:
        """Days left until the deadline (0: due today, negative: overdue by that many)."""
        return (self.deadline - today).days

    def with_countdown(self, today: date) -> "RecordsRequest":
        """Set `days_left` and `days_overdue` for the pages' deadline countdown."""
        self.days_left = self.days_to_deadline(today)
        self.days_overdue = max(0, -self.days_left)
        return self

    def status_tone(self) -> str:
        """The badge class a page shows the status with."""
        if self.status == RequestStatus.PRODUCED:
            return "ok"
        if self.status in OPEN_STATUSES:
            return "warn"
        return ""

    def exigent_review_state(self, at: datetime | None = None) -> str:
        """A `ReviewState` value for an exigent production, "" for any other request."""
        if self.exigent_review_due_at is None:
            return ""
        if self.exigent_review:
            return self.exigent_review
        if (at or timezone.now()) > self.exigent_review_due_at:
            return ReviewState.OVERDUE
        return ReviewState.AWAITING

    def exigent_review_label(self) -> str:
        return str(dict(ReviewState.choices).get(self.exigent_review_state(), ""))

    def grant_active(self, at: datetime | None = None) -> bool:
        """Whether the inspector may still receive what was produced for this request."""
        if self.status != RequestStatus.PRODUCED or self.access_expires_at is None:
            return False
        return (at or timezone.now()) < self.access_expires_at


class RecordsRequestEvent(AppendOnlyModel):
    """One step on a request's timeline: from which state to which, who, when and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(RecordsRequest, on_delete=models.PROTECT, related_name="events")
    # Denormalised so scoping needs no join.
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=32, blank=True, help_text=_("Empty when filed."))
    to_status = models.CharField(max_length=32, choices=RequestStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    # Empty for a change of state; else what the step recorded (an exigent review).
    step = models.CharField(max_length=32, choices=EventStep.choices, blank=True)
    at = models.DateTimeField()
    entry_hash = models.CharField(max_length=64)

    objects = PropertyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["request", "at"]
        indexes = [models.Index(fields=["request", "at"], name="records_request_event_time")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status or 'filed'} -> {self.to_status}"

    def step_label(self) -> str:
        """What the timeline shows in its step column."""
        if self.step:
            return self.get_step_display()
        return f"{self.from_status_label()} \u2192 {self.get_to_status_display()}"

    def from_status_label(self) -> str:
        return str(
            dict(RequestStatus.choices).get(self.from_status, _("Filed"))
            if self.from_status
            else _("Filed")
        )


class DocumentKind(models.TextChoices):
    SUBPOENA = "subpoena", _("Subpoena")
    WARRANT = "warrant", _("Warrant or court order")
    CONSENT_FORM = "consent_form", _("Consent form")
    DECISION = "decision", _("Decision on an objection")
    OTHER = "other", _("Other supporting document")


def records_request_document_upload_to(instance: "RecordsRequestDocument", filename: str) -> str:
    from hotelcompliance.uploads import generated_name

    return generated_name("records-requests", instance.property_id, filename)


class RecordsRequestDocument(models.Model):
    """A subpoena, warrant, consent form or decision attached to a request.

    Stored under a generated name in private media; served only through a tenant-checked,
    access-logged view. `original_name` is sanitised and for display only.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(RecordsRequest, on_delete=models.PROTECT, related_name="documents")
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    original_name = models.CharField(max_length=100)
    file = models.FileField(upload_to=records_request_document_upload_to, max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    objects = PropertyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["request", "uploaded_at"]
        indexes = [models.Index(fields=["request", "uploaded_at"], name="records_request_doc_time")]

    def __str__(self) -> str:
        return f"Document {self.pk} of records request {self.request_id}"


class DecisionOutcome(models.TextChoices):
    OBJECTION_UPHELD = "objection_upheld", _("Objection upheld (nothing is produced)")
    OBJECTION_OVERRULED = "objection_overruled", _("Objection overruled (the hotel must produce)")


class ObjectionDecision(models.Model):
    """What the neutral decision-maker (a judge, court or reviewing body) decided."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(RecordsRequest, on_delete=models.PROTECT, related_name="decisions")
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=24, choices=DecisionOutcome.choices)
    decided_by = models.CharField(
        max_length=200, help_text=_("The judge, court or reviewing body that decided.")
    )
    decided_on = models.DateField()
    reference = models.CharField(max_length=200, help_text=_("Docket or case reference."))
    document = models.ForeignKey(
        RecordsRequestDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    objects = PropertyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["request", "recorded_at"]

    def __str__(self) -> str:
        return f"Decision {self.pk} on records request {self.request_id}: {self.outcome}"


class PosterNotice(models.TextChoices):
    TRAFFICKING_HOTLINE = (
        "trafficking_hotline",
        _("Human trafficking hotline notice (CT: CGS §54-234a)"),
    )
    NATIONAL_HOTLINE = "national_hotline", _("National Human Trafficking Hotline poster")
    OTHER = "other", _("Other notice")


def poster_photo_upload_to(instance: "PosterEvidence", filename: str) -> str:
    from hotelcompliance.uploads import generated_name

    return generated_name("posters", instance.property_id, filename)


class PosterEvidenceQuerySet(PropertyScopedQuerySet):
    def newest_first(self) -> "PosterEvidenceQuerySet":
        return self.order_by("-posted_on", "-uploaded_at")


class PosterEvidence(models.Model):
    """A photo showing a required notice posted at the property, with where and since when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="poster_evidence")
    notice = models.CharField(max_length=32, choices=PosterNotice.choices)
    notice_other = models.CharField(
        max_length=200, blank=True, help_text=_("The notice's name when it is not listed.")
    )
    photo = models.FileField(upload_to=poster_photo_upload_to, max_length=200)
    photo_name = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    location = models.CharField(max_length=200, help_text=_("Where in the building it is posted."))
    posted_on = models.DateField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    objects = PosterEvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_on", "-uploaded_at"]
        verbose_name_plural = _("poster evidence")
        indexes = [
            models.Index(fields=["property", "notice", "-posted_on"], name="poster_prop_notice")
        ]

    def __str__(self) -> str:
        return f"Poster evidence {self.pk} at {self.property}"

    def notice_label(self) -> str:
        if self.notice == PosterNotice.OTHER and self.notice_other:
            return self.notice_other
        return self.get_notice_display()


class DutySnapshot(models.Model):
    """A property's duties and training counts on one of its days (`audits.duty_snapshots`).

    The dashboard's history (training compliance over twelve months) and the group page read
    these rows instead of recomputing every property's duties on each view. A row is a cache
    of `audits.duties.duties`' verdicts, not evidence: taking it again the same day replaces it.
    """

    property = models.ForeignKey(Property, on_delete=models.CASCADE, related_name="+")
    taken_on = models.DateField(help_text=_("The property's local date the duties were judged on."))
    taken_at = models.DateTimeField(default=timezone.now)
    # [{"key", "name", "status", "reason"}] in the scorecard's order; empty for a day rebuilt
    # from training history alone (`snapshot_backfill`).
    duties = models.JSONField(default=list, blank=True)
    # Employees the training duty covers on that day, and how they stood.
    required = models.PositiveIntegerField(default=0)
    compliant = models.PositiveIntegerField(default=0)
    due = models.PositiveIntegerField(default=0)
    due_soon = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["property", "taken_on"], name="duty_snapshot_day")
        ]
        indexes = [models.Index(fields=["property", "-taken_on"], name="duty_snapshot_latest")]

    def __str__(self) -> str:
        return f"Duties at {self.property_id} on {self.taken_on}"

    def current_percent(self) -> int | None:
        """Share of covered employees trained and current (due soon counts: still trained)."""
        if not self.required:
            return None
        return round(100 * (self.compliant + self.due_soon) / self.required)


from audits.reports.models import AuditReport  # noqa: E402,F401  (report models live in their package)
