"""Records requests (City of Los Angeles v. Patel): an inspector asks, the hotel answers.

Inspectors never browse the register: they file a request with its legal basis and scope, and
the hotel reviews it, produces what is in scope, objects (for review by a neutral
decision-maker) or asks for clarification. Every change of state is a `RecordsRequestEvent`,
append-only and chained. Writes go through `audits.services`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from hotelcompliance.chain import AppendOnlyModel
from hotelcompliance.holds import LegalHold
from hotelcompliance.scoping import PropertyScopedQuerySet
from hotelcompliance.tenancy import Property


class LegalBasis(models.TextChoices):
    CONSENT = "consent", "Consent"
    ADMINISTRATIVE_SUBPOENA = "administrative_subpoena", "Administrative subpoena"
    WARRANT_OR_COURT_ORDER = "warrant_or_court_order", "Warrant or court order"
    EXIGENT_CIRCUMSTANCES = "exigent_circumstances", "Exigent circumstances"
    STATUTORY_DEMAND = "statutory_demand", "Statutory demand"


class RequestStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    UNDER_REVIEW = "under_review", "Under review"
    PRODUCED = "produced", "Produced"
    OBJECTED = "objected", "Objected"
    CLARIFICATION_REQUESTED = "clarification_requested", "Clarification requested"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Requests the hotel still has to act on (or that await a neutral decision): they stay held.
OPEN_STATUSES = (
    RequestStatus.RECEIVED,
    RequestStatus.UNDER_REVIEW,
    RequestStatus.CLARIFICATION_REQUESTED,
    RequestStatus.OBJECTED,
)


class RecordsRequestQuerySet(PropertyScopedQuerySet):
    def filed_by(self, user) -> "RecordsRequestQuerySet":
        return self.filter(inspector=user)

    def open(self) -> "RecordsRequestQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


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
    legal_basis = models.CharField(max_length=32, choices=LegalBasis.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    rooms = models.JSONField(default=list, blank=True, help_text="Empty: every room.")
    names = models.JSONField(default=list, blank=True, help_text="Guest names (personal data).")
    fields = models.JSONField(default=list, help_text="Registration fields asked for.")
    deadline = models.DateField()
    exigent_reason = models.TextField(
        blank=True, help_text="The written justification of an exigent-circumstances request."
    )
    status = models.CharField(
        max_length=32, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    legal_hold = models.OneToOneField(
        LegalHold,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records_request",
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    objects = RecordsRequestQuerySet.as_manager()

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
            )
        ]

    def __str__(self) -> str:
        # No names: this string reaches logs and the admin.
        return f"Records request {self.pk} at {self.property}"

    def is_exigent(self) -> bool:
        return self.legal_basis == LegalBasis.EXIGENT_CIRCUMSTANCES


class RecordsRequestEvent(AppendOnlyModel):
    """One step on a request's timeline: from which state to which, who, when and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(RecordsRequest, on_delete=models.PROTECT, related_name="events")
    # Denormalised so scoping needs no join.
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=32, blank=True, help_text="Empty when filed.")
    to_status = models.CharField(max_length=32, choices=RequestStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField()
    entry_hash = models.CharField(max_length=64)

    objects = PropertyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["request", "at"]
        indexes = [models.Index(fields=["request", "at"], name="records_request_event_time")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status or 'filed'} -> {self.to_status}"


from audits.reports.models import AuditReport  # noqa: E402,F401  (report models live in their package)
