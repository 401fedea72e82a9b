"""API of a property's import profiles: list, create, copy a built-in, read, update.

Thin: the checks are `import_profile_services`' (400 with a field error per mapping path,
e.g. `mapping.fields.arrival.format`). Managers only (`registration.import`).
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from guests import import_profile_services, import_profiles
from guests.models import ImportProfile
from hotelcompliance.api.scoped import PropertyScopedMixin
from hotelcompliance.roles import Action


class ImportProfileSerializer(serializers.ModelSerializer[ImportProfile]):
    mapping = serializers.JSONField(
        help_text="{fields: {<register field>: {column|columns|rule|format|money|values|"
        "constant|separator|optional}}, group_by?: <column>}; see guests/README.md."
    )

    class Meta:
        model = ImportProfile
        fields = [
            "id",
            "name",
            "delimiter",
            "encoding",
            "header_row",
            "mapping",
            "builtin",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "builtin", "created_at", "updated_at"]
        extra_kwargs = {"header_row": {"min_value": 1, "max_value": 50}}


class BuiltinProfileSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    name = serializers.CharField()
    citation = serializers.CharField(help_text="Where the field list comes from.")
    delimiter = serializers.CharField()
    encoding = serializers.CharField()
    header_row = serializers.IntegerField()
    mapping = serializers.JSONField()


class CopyBuiltinSerializer(serializers.Serializer[Any]):
    builtin = serializers.CharField(help_text="A built-in profile's key (see builtins/).")
    name = serializers.CharField(required=False, allow_blank=True, max_length=100)


def _field_errors(error: DjangoValidationError) -> exceptions.ValidationError:
    return exceptions.ValidationError(error.message_dict)


@extend_schema_view(
    list=extend_schema(summary="The property's import profiles"),
    create=extend_schema(summary="Create an import profile (checked: 400 with field errors)"),
    retrieve=extend_schema(summary="One import profile"),
    update=extend_schema(summary="Replace an import profile"),
    partial_update=extend_schema(summary="Change an import profile"),
    builtins=extend_schema(
        summary="The built-in profiles (OPERA, Cloudbeds, Mews, ...), each citing its source",
        responses={200: BuiltinProfileSerializer(many=True)},
    ),
    copy=extend_schema(
        summary="Copy a built-in profile into this property, to adjust",
        request=CopyBuiltinSerializer,
        responses={201: ImportProfileSerializer},
    ),
)
class ImportProfileViewSet(
    PropertyScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[ImportProfile],
):
    queryset = ImportProfile.objects.all()
    serializer_class = ImportProfileSerializer
    pagination_class = None
    http_method_names = ["get", "post", "put", "patch", "head"]
    required_actions = {
        "list": Action.REGISTRATION_IMPORT,
        "retrieve": Action.REGISTRATION_IMPORT,
        "create": Action.REGISTRATION_IMPORT,
        "update": Action.REGISTRATION_IMPORT,
        "partial_update": Action.REGISTRATION_IMPORT,
        "builtins": Action.REGISTRATION_IMPORT,
        "copy": Action.REGISTRATION_IMPORT,
    }

    def _save(self, request: Request, instance: ImportProfile | None, partial: bool) -> Response:
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            profile = import_profile_services.profile_save(
                prop=self.property, data=dict(serializer.validated_data), instance=instance
            )
        except DjangoValidationError as error:
            raise _field_errors(error) from None
        code = status.HTTP_200_OK if instance else status.HTTP_201_CREATED
        return Response(self.get_serializer(profile).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, None, partial=False)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, self.get_object(), partial=False)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, self.get_object(), partial=True)

    @action(detail=False, methods=["get"])
    def builtins(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        items = [
            {"key": b.key, "name": b.name, "citation": b.source, **b.data}
            for b in import_profiles.builtins().values()
        ]
        return Response(BuiltinProfileSerializer(items, many=True).data)

    @action(detail=False, methods=["post"])
    def copy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = CopyBuiltinSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            profile = import_profile_services.profile_copy_builtin(
                prop=self.property,
                key=serializer.validated_data["builtin"],
                name=serializer.validated_data.get("name", ""),
            )
        except DjangoValidationError as error:
            raise _field_errors(error) from None
        return Response(self.get_serializer(profile).data, status=status.HTTP_201_CREATED)
