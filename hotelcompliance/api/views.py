"""Core API endpoints: the caller's properties and token login."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from hotelcompliance.access_log import AccessKind, access_event_record
from hotelcompliance.api.serializers import PropertySerializer, TokenRequestSerializer
from hotelcompliance.api.throttling import FailOpenScopedRateThrottle
from hotelcompliance.lockout import lockout_response
from hotelcompliance.tenancy import Property


class PropertyViewSet(viewsets.ReadOnlyModelViewSet):
    """The properties the caller holds a role at, with the caller's roles there."""

    serializer_class = PropertySerializer

    def get_queryset(self):
        return Property.objects.for_user(self.request.user).select_related("organisation")


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token (throttled; locks out after 5 failures)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [FailOpenScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(request._request, "axes_locked_out", False):
            return lockout_response(request._request)
        if user is None or not user.is_active:
            access_event_record(
                actor=None,
                prop=None,
                kind=AccessKind.DENIED,
                object_type="api_token",
                reason="invalid credentials",
                request=request,
            )
            return Response(
                {
                    "detail": "Unable to log in with these credentials.",
                    "code": "authentication_failed",
                    "fields": {},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
