"""REST endpoints of audit reports (nested under the property) and of verification (public)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from audits.models import RecordsRequest
from audits.reports import access, services, verify, verify_upload
from audits.reports.models import AuditReport
from audits.reports.serializers import (
    AuditReportRequestSerializer,
    AuditReportSerializer,
    VerifyAnswerSerializer,
    VerifyRequestSerializer,
)
from hotelcompliance.api.parsers import BoundedJSONParser
from hotelcompliance.api.scoped import PropertyScopedMixin
from hotelcompliance.api.throttling import ClientIpMixin
from hotelcompliance.roles import Action


@extend_schema_view(
    list=extend_schema(summary="List reports (an inspector: those produced for them)"),
    retrieve=extend_schema(summary="A report's status and progress (poll until done)"),
    create=extend_schema(
        summary="Ask for a report; it is built in the background (202)",
        request=AuditReportRequestSerializer,
        responses={202: AuditReportSerializer},
    ),
    download=extend_schema(
        summary="Download the signed PDF (access-logged)",
        responses={(200, "application/pdf"): OpenApiResponse(description="The signed PDF.")},
    ),
)
class AuditReportViewSet(
    PropertyScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = AuditReport.objects.none()  # for the schema; requests use get_queryset
    serializer_class = AuditReportSerializer
    http_method_names = ["get", "post", "head"]
    required_actions = {
        "list": Action.REQUEST_VIEW,
        "retrieve": Action.REQUEST_VIEW,
        "download": Action.REQUEST_VIEW,
        "create": Action.REPORT_CREATE,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditReport.objects.none()
        return access.reports_visible_to(self.request.user, self.property)

    def retrieve(self, request, *args, **kwargs) -> Response:
        report = self.get_object()
        access.record_inspector_view(report=report, prop=self.property, request=request)
        return Response(self.get_serializer(report).data)

    def create(self, request, *args, **kwargs) -> Response:
        serializer = AuditReportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        records_request = None
        if data.get("records_request"):
            records_request = RecordsRequest.objects.filter(
                property=self.property, pk=data["records_request"]
            ).first()
            if records_request is None:
                raise exceptions.ValidationError(
                    {"records_request": [_("No such records request at this property.")]}
                )
        try:
            report = services.report_request(
                prop=self.property,
                actor=request.user,
                kind=data["kind"],
                period_start=data.get("period_start"),
                period_end=data.get("period_end"),
                records_request=records_request,
            )
        except ValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from error
        body = AuditReportSerializer(report).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        report = self.get_object()
        try:
            return access.report_download(report=report, prop=self.property, request=request)
        except access.DownloadRefused as refused:
            if refused.status == 409:
                from hotelcompliance.api.errors import Conflict

                raise Conflict(refused.message) from None
            raise exceptions.PermissionDenied(refused.message) from None


class VerifyThrottle(ClientIpMixin, AnonRateThrottle):
    scope = "verify"
    rate = "30/minute"

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache is down: verification stays available
            return True


class VerifyView(APIView):
    """Anyone may check a report: upload the PDF (`file`) or give its code (`code`)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [VerifyThrottle]
    parser_classes = [MultiPartParser, FormParser, BoundedJSONParser]

    def initialize_request(self, request, *args, **kwargs):
        # Before DRF wraps it: the upload is read by the digesting handler, never kept.
        self.upload_handler = verify_upload.install(request)
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(
        summary="Is this PDF (or code) an authentic report? No guest data is revealed.",
        request={
            "multipart/form-data": VerifyRequestSerializer,
            "application/json": VerifyRequestSerializer,
        },
        responses={200: VerifyAnswerSerializer},
    )
    def post(self, request) -> Response:
        data = request.data
        if self.upload_handler.too_large:
            return _too_large()
        serializer = VerifyRequestSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data.get("file")
        if upload is not None:
            verdict = verify.verify_upload(upload)
        else:
            verdict = verify.verify_code(serializer.validated_data["code"])
        if verdict.malformed:
            field = "file" if upload is not None else "code"
            raise exceptions.ValidationError({field: [verdict.reason]})
        return Response(verdict.public())


def _too_large() -> Response:
    limit = verify_upload.verify_max_bytes() // (1024 * 1024)
    return Response(
        {
            "detail": verify_upload.too_large_message(),
            "code": "too_large",
            "fields": {"file": [gettext("At most %(limit)s MB.") % {"limit": limit}]},
        },
        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    )
