"""Core API endpoints: the caller's properties and token login."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from hotelcompliance.access_log import token_refusal_record
from hotelcompliance.api.serializers import PropertySerializer, TokenRequestSerializer
from hotelcompliance.api.throttling import FailOpenScopedRateThrottle
from hotelcompliance.lockout import lockout_response
from hotelcompliance.tenancy import Property
from hotelcompliance.two_factor import (
    CODE_REFUSED,
    code_check,
    confirmed_device,
    is_locked_out,
    two_factor_required,
)


class PropertyViewSet(viewsets.ReadOnlyModelViewSet):
    """The properties the caller holds a role at, with the caller's roles there."""

    serializer_class = PropertySerializer

    def get_queryset(self):
        return Property.objects.for_user(self.request.user).select_related("organisation")


class TokenOtpRequestSerializer(TokenRequestSerializer):
    otp = serializers.RegexField(
        r"^\d{6}$",
        required=False,
        help_text="The current 6-digit authenticator code; required for managers, group "
        "administrators and inspectors when two-factor login is on.",
        error_messages={"invalid": "Enter the 6 digits shown by your authenticator app."},
    )


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token (throttled; locks out after 5 failures)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [FailOpenScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenOtpRequestSerializer,
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
    )
    def post(self, request):
        data = TokenOtpRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(request._request, "axes_locked_out", False):
            return lockout_response(request._request)
        if user is None or not user.is_active:
            token_refusal_record(request)
            return Response(
                {
                    "detail": "Unable to log in with these credentials.",
                    "code": "authentication_failed",
                    "fields": {},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        if two_factor_required(user):
            refusal = self._second_factor_refusal(request, user, data.validated_data.get("otp"))
            if refusal is not None:
                return refusal
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    def _second_factor_refusal(self, request, user, code: str | None) -> Response | None:
        """None when the code is right; otherwise the 400 (or lockout) to answer."""
        device = confirmed_device(user)
        if device is None:
            message = "Set up two-factor login on the web first (log in there once)."
        elif not code:
            message = "Enter the current 6-digit code from your authenticator app."
        elif code_check(request._request, user, device, code):
            return None
        elif is_locked_out(request._request, user):
            return lockout_response(request._request)
        else:
            message = CODE_REFUSED
        return Response(
            {
                "detail": "A second factor is required.",
                "code": "otp_required",
                "fields": {"otp": [message]},
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
