"""Audit report fields as the API contract names them (DESIGN.md, "API contract v1")."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from audits.reports.models import PERIOD_KIND_CHOICES, AuditReport


class AuditReportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PERIOD_KIND_CHOICES)
    period_start = serializers.DateField(required=False)
    period_end = serializers.DateField(required=False)
    records_request = serializers.UUIDField(
        required=False, allow_null=True, help_text=_("A produced records request (extracts).")
    )


class AuditReportSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    records_request = serializers.UUIDField(
        source="records_request_id", read_only=True, allow_null=True
    )

    class Meta:
        model = AuditReport
        fields = [
            "id",
            "kind",
            "period_start",
            "period_end",
            "records_request",
            "status",
            "progress",
            "error",
            "sha256",
            "pages",
            "size_bytes",
            "verification_code",
            "created_at",
            "issued_at",
            "url",
            "download_url",
        ]
        read_only_fields = fields

    def _route_kwargs(self, report: AuditReport) -> dict:
        return {"property_pk": report.property_id, "pk": report.pk}

    def get_url(self, report: AuditReport) -> str:
        return reverse("audit-report-detail", kwargs=self._route_kwargs(report))

    def get_download_url(self, report: AuditReport) -> str | None:
        if report.status != "done":
            return None
        return reverse("audit-report-download", kwargs=self._route_kwargs(report))


class VerifyRequestSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, help_text=_("The PDF to check."))
    code = serializers.CharField(
        required=False, max_length=40, help_text=_("A verification code, HC-XXXX-XXXX-XXXX.")
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("file") and not attrs.get("code"):
            raise serializers.ValidationError(
                {"file": [_("Send the PDF as `file`, or its verification code as `code`.")]}
            )
        return attrs


class VerifyReportSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    property = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    issued_at = serializers.DateTimeField(allow_null=True)
    pages = serializers.IntegerField(allow_null=True)
    verification_code = serializers.CharField()
    sha256 = serializers.CharField()


class VerifySignatureSerializer(serializers.Serializer):
    present = serializers.BooleanField()
    valid = serializers.BooleanField()
    signer = serializers.CharField()


class VerifyAnswerSerializer(serializers.Serializer):
    authentic = serializers.BooleanField()
    reason = serializers.CharField()
    sha256 = serializers.CharField(required=False)
    signature = VerifySignatureSerializer(required=False)
    report = VerifyReportSerializer(required=False)
