"""The audit report: one PDF, who asked for it, how far its build has got, and its fingerprint."""

import secrets
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hotelcompliance.scoping import PropertyScopedQuerySet
from hotelcompliance.tenancy import Property

if TYPE_CHECKING:
    from hotelcompliance.tenancy import AnyUser

# Unambiguous capitals and digits: codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_verification_code() -> str:
    """A random code like `HC-7QK2-M9XA-4TPE` (60 bits: not guessable, short enough to type)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "HC-" + "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


class ReportKind(models.TextChoices):
    COMPLIANCE_PACK = "compliance_pack", _("Compliance pack")
    REGISTER_EXTRACT = "register_extract", _("Register extract")
    TRAINING_ROSTER = "training_roster", _("Training roster")
    ANNUAL_CERTIFICATION = "annual_certification", _("Annual certification")
    CT_DCP_REGISTRATION = "ct_dcp_registration", _("CT DCP registration pack")
    PERSONNEL_CERTIFICATION = "personnel_certification", _("Personnel file certification")
    TRAINING_CERTIFICATE = "training_certificate", _("Training certificate")


# Kinds about one row rather than a period (an employee's personnel file, a course completion's
# certificate): issued from that row's page or by the product itself, never asked for by period.
SUBJECT_KINDS = frozenset({ReportKind.PERSONNEL_CERTIFICATION, ReportKind.TRAINING_CERTIFICATE})

# The kinds a manager asks for by period: the report form's and the API's choices.
PERIOD_KIND_CHOICES = [(k, label) for k, label in ReportKind.choices if k not in SUBJECT_KINDS]


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class AuditReportQuerySet(PropertyScopedQuerySet):
    def issued(self) -> "AuditReportQuerySet":
        return self.filter(status=ReportStatus.DONE)

    def produced_for(self, inspector: "AnyUser") -> "AuditReportQuerySet":
        """Reports attached to the inspector's own requests (the grant is checked per request)."""
        return self.filter(records_request__inspector=inspector)


class AuditReport(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="audit_reports")
    kind = models.CharField(max_length=32, choices=ReportKind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    records_request = models.ForeignKey(
        "audits.RecordsRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text=_("The request it answers (required for a register extract)."),
    )
    annual_certification = models.ForeignKey(
        "training.AnnualCertification",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text="The certification a personnel-file report prints.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="reports/", max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    verification_code = models.CharField(
        max_length=20, unique=True, default=new_verification_code, editable=False
    )
    # The build lease: whoever holds `build_token` may write; a stale heartbeat means the
    # builder died and the next attempt may take over (see services.report_build).
    build_token = models.CharField(max_length=32, blank=True)
    build_owner = models.CharField(
        max_length=200, blank=True, help_text=_("host:pid of the process building it.")
    )
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)

    objects = AuditReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["property", "-created_at"], name="audit_report_prop_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="audit_report_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(kind="register_extract") | Q(records_request__isnull=False),
                name="audit_report_extract_has_request",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="audit_report_progress_percent"
            ),
            models.CheckConstraint(
                condition=~Q(kind="personnel_certification")
                | Q(annual_certification__isnull=False),
                name="audit_report_personnel_has_certification",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} ({self.status})"

    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)
