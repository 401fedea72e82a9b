"""Training API: employees, completions and derived status, nested under a property."""

import django_filters
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from hotelcompliance.api.scoped import PropertyScopedMixin
from hotelcompliance.roles import Action
from hotelcompliance.scoping import can, get_property_for_user
from hotelcompliance.tenancy import Property
from training.models import Course, Employee, TrainingRecord
from training.selectors import employee_view_record, roster_select, training_api_list_record
from training.serializers import (
    CourseSerializer,
    EmployeeSerializer,
    TrainingRecordSerializer,
    TrainingStatusQuerySerializer,
    TrainingStatusSerializer,
)
from training.services import employee_create, employee_update, training_record_create
from training.status import RosterRow
from training.uploads import certificate_download

READ_WRITE = {
    "list": Action.TRAINING_VIEW,
    "retrieve": Action.TRAINING_VIEW,
    "create": Action.TRAINING_MANAGE,
    "partial_update": Action.TRAINING_MANAGE,
}


@extend_schema_view(
    list=extend_schema(summary="List the property's employees"),
    retrieve=extend_schema(summary="Show one employee"),
    create=extend_schema(summary="Add an employee to the roster"),
    partial_update=extend_schema(summary="Change an employee (the end date, say)"),
)
class EmployeeViewSet(
    PropertyScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The property's employees; no DELETE: an employee who leaves gets an end date."""

    queryset = Employee.objects.all()
    serializer_class = EmployeeSerializer
    required_actions = READ_WRITE
    filterset_fields = ["job_role"]

    def list(self, request: Request, *args, **kwargs) -> Response:
        response = super().list(request, *args, **kwargs)
        _list_logged(request, self.property, "employee_list", response, ["job_role"])
        return response

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        employee = self.get_object()
        employee.property = self.property
        employee_view_record(employee=employee, request=request, page="api")
        return Response(self.get_serializer(employee).data)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        employee = employee_create(
            prop=self.property, actor=request.user, data=serializer.validated_data
        )
        return Response(self.get_serializer(employee).data, status=201)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        employee = self.get_object()
        serializer = self.get_serializer(employee, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        employee = employee_update(
            employee=employee, actor=request.user, data=serializer.validated_data
        )
        return Response(self.get_serializer(employee).data)


MAX_ID = 2**63 - 1  # a bigger number cannot be an id, and SQLite cannot even compare it


class TrainingRecordFilter(django_filters.FilterSet):
    # Plain numbers, not model choices: another property's id must look like an unknown one.
    employee = django_filters.NumberFilter(
        field_name="employee_id",
        min_value=1,
        max_value=MAX_ID,
        decimal_places=0,
        help_text=_("An employee id."),
    )
    course = django_filters.NumberFilter(
        field_name="course_id",
        min_value=1,
        max_value=MAX_ID,
        decimal_places=0,
        help_text=_("A course id."),
    )

    class Meta:
        model = TrainingRecord
        fields = ["employee", "course"]


@extend_schema_view(
    list=extend_schema(summary="List the property's training records, newest first"),
    create=extend_schema(
        summary="Record a completed course",
        description="JSON, or multipart with a `certificate` file (PDF, PNG or JPEG, at most "
        "10 MB, checked by its content, not its name).",
    ),
)
class TrainingRecordViewSet(PropertyScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Completed courses of the property's employees."""

    serializer_class = TrainingRecordSerializer
    required_actions = {"list": Action.TRAINING_VIEW, "create": Action.TRAINING_MANAGE}
    filterset_class = TrainingRecordFilter

    queryset = TrainingRecord.objects.none()  # the model, for the schema; see get_queryset

    def get_queryset(self):
        # A record belongs to the property through its employee (no property column).
        return TrainingRecord.objects.for_property(self.property)

    def list(self, request: Request, *args, **kwargs) -> Response:
        response = super().list(request, *args, **kwargs)
        _list_logged(
            request, self.property, "training_record_list", response, ["employee", "course"]
        )
        return response

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = training_record_create(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(record).data, status=201)


class TrainingRecordCertificateView(PropertyScopedMixin, generics.GenericAPIView):
    """A training record's certificate, as an attachment; every download is access-logged."""

    required_actions = {"get": Action.TRAINING_VIEW}
    filter_backends: list = []
    queryset = TrainingRecord.objects.none()

    @extend_schema(
        summary="Download a training record's certificate",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, *args, **kwargs) -> FileResponse:
        if self.kwargs["pk"] > MAX_ID:
            raise Http404("Not found.")
        record = get_object_or_404(
            TrainingRecord.objects.for_property(self.property), pk=self.kwargs["pk"]
        )
        return certificate_download(record=record, prop=self.property, request=request)


class TrainingStatusView(PropertyScopedMixin, generics.GenericAPIView):
    """Each employee's training status, derived from the records and the rule pack."""

    serializer_class = TrainingStatusSerializer
    required_actions = {"get": Action.TRAINING_VIEW}
    filter_backends: list = []

    @extend_schema(
        summary="Training status of every employee",
        parameters=[TrainingStatusQuerySerializer],
        responses=TrainingStatusSerializer(many=True),
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        query = TrainingStatusQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        as_of = query.validated_data.get("as_of") or self.property.today()
        rows = roster_select(
            self.property,
            as_of=as_of,
            status=query.validated_data.get("status", ""),
            job_role=query.validated_data.get("job_role", ""),
        ).shown
        # DRF pages any sequence; its stubs accept only a QuerySet.
        page: list[RosterRow] | None = self.paginate_queryset(rows)  # type: ignore[arg-type]
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        filters = ["as_of", "status", "job_role"]
        _list_logged(request, self.property, "training_status_list", response, filters)
        return response


def _list_logged(request: Request, prop: Property, object_type: str, response, filters) -> None:
    """One event for the page of rows this answer carries, naming the filters used."""
    data = response.data
    rows = len(data.get("results", [])) if isinstance(data, dict) else len(data)
    training_api_list_record(
        prop=prop,
        object_type=object_type,
        rows=rows,
        filters=sorted(name for name in filters if request.query_params.get(name)),
        request=request,
    )


@extend_schema_view(
    list=extend_schema(
        summary="Courses a property's staff may take",
        parameters=[
            OpenApiParameter(
                "property",
                OpenApiTypes.INT,
                description="A property of yours: its own courses are listed with the global "
                "ones. Without it, only the global courses.",
            )
        ],
    )
)
class CourseViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The seeded global courses, plus a property's own when `property` is given."""

    serializer_class = CourseSerializer
    filter_backends: list = []

    def get_queryset(self):
        property_id = self.request.query_params.get("property")
        if property_id is not None:
            # Another tenant's (or a malformed) property id is a 404; front desk a 403.
            prop = get_property_for_user(self.request.user, property_id, Action.TRAINING_VIEW)
            return Course.objects.available_to(prop)
        if not any(
            can(self.request.user, p, Action.TRAINING_VIEW)
            for p in Property.objects.for_user(self.request.user)
        ):
            raise PermissionDenied("Your role does not allow this.")
        return Course.objects.filter(property__isnull=True)
