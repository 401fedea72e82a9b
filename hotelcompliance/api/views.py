"""Core API endpoints: the caller's properties, token login and logout."""

from typing import Any, cast

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hotelcompliance.api.authentication import ExpiringTokenAuthentication
from hotelcompliance.api.serializers import PropertySerializer, TokenRequestSerializer
from hotelcompliance.api.throttling import FailOpenScopedRateThrottle
from hotelcompliance.api_tokens import ApiToken, TokenKind, issue_token, revoke, token_login_user
from hotelcompliance.lockout import lockout_response
from hotelcompliance.scoping import roles_at
from hotelcompliance.tenancy import Property
from hotelcompliance.two_factor import (
    CODE_REFUSED,
    code_check,
    confirmed_device,
    is_locked_out,
    two_factor_required,
)
from hotelcompliance.validators import single_line


class PropertyViewSet(viewsets.ReadOnlyModelViewSet):
    """The properties the caller holds a role at, with the caller's roles there."""

    serializer_class = PropertySerializer

    def get_queryset(self) -> "QuerySet[Property]":
        return Property.objects.for_user(self.request.user).select_related("organisation")


class TokenOtpRequestSerializer(TokenRequestSerializer):
    otp = serializers.RegexField(
        r"^\d{6}$",
        required=False,
        help_text=_(
            "The current 6-digit authenticator code; required for managers, group "
            "administrators and inspectors when two-factor login is on."
        ),
        error_messages={"invalid": _("Enter the 6 digits shown by your authenticator app.")},
    )
    kind = serializers.ChoiceField(
        choices=TokenKind.choices,
        default=TokenKind.PERSON,
        help_text=_(
            "`person` (default: lasts API_TOKEN_PERSON_HOURS) or `integration` (named, "
            "bound to one property, lasts API_TOKEN_INTEGRATION_DAYS, revocable by its managers)."
        ),
    )
    name = serializers.CharField(
        max_length=100,
        required=False,
        validators=[single_line],
        help_text=_("Integrations: what the token is for (shown to the property's managers)."),
    )
    property = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Integrations: the one property it reaches.")
    )

    def validate(self, attrs: dict) -> dict:
        if attrs["kind"] == TokenKind.INTEGRATION:
            errors = {}
            if not attrs.get("name", "").strip():
                errors["name"] = [_("Name the integration this token is for.")]
            if not attrs.get("property"):
                errors["property"] = [_("Give the property this integration works for.")]
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token (throttled; locks out after 5 failures).

    `DELETE` with `Authorization: Token <key>` revokes that token (logout).
    """

    permission_classes = [AllowAny]
    throttle_classes = [FailOpenScopedRateThrottle]
    throttle_scope = "token"

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        # Only logout reads a token: a login carrying a stale header still logs in.
        self._reads_token = request.method == "DELETE"
        return super().initialize_request(request, *args, **kwargs)

    def get_authenticators(self) -> list[BaseAuthentication]:
        return [ExpiringTokenAuthentication()] if getattr(self, "_reads_token", False) else []

    @extend_schema(
        request=TokenOtpRequestSerializer,
        responses={
            200: inline_serializer(
                "TokenResponse",
                {
                    "token": serializers.CharField(),
                    "kind": serializers.CharField(),
                    "expires_at": serializers.DateTimeField(),
                },
            )
        },
    )
    def post(self, request: Request) -> HttpResponse:
        data = TokenOtpRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The project's user model is Django's `User`.
        user = cast(
            "User | None",
            token_login_user(
                request,
                username=data.validated_data["username"],
                password=data.validated_data["password"],
            ),
        )
        if getattr(request._request, "axes_locked_out", False):
            return lockout_response(request._request)
        if user is None:
            return Response(
                {
                    "detail": _("Unable to log in with these credentials."),
                    "code": "authentication_failed",
                    "fields": {},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        if two_factor_required(user):
            refusal = self._second_factor_refusal(request, user, data.validated_data.get("otp"))
            if refusal is not None:
                return refusal
        prop = None
        if data.validated_data["kind"] == TokenKind.INTEGRATION:
            prop = (
                Property.objects.for_user(user).filter(pk=data.validated_data["property"]).first()
            )
            if prop is None or not roles_at(user, prop):
                raise exceptions.ValidationError(
                    {"property": [_("Choose one of the properties you hold a role at.")]}
                )
        token, key = issue_token(
            user,
            kind=data.validated_data["kind"],
            name=data.validated_data.get("name", "").strip(),
            prop=prop,
        )
        return Response({"token": key, "kind": token.kind, "expires_at": token.expires_at})

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Token revoked.")})
    def delete(self, request: Request) -> Response:
        """Log out: the presented token stops working at once."""
        if not isinstance(request.auth, ApiToken):
            raise exceptions.NotAuthenticated()
        revoke(ApiToken.objects.filter(pk=request.auth.pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _second_factor_refusal(
        self, request: Request, user: User, code: str | None
    ) -> HttpResponse | None:
        """None when the code is right; otherwise the 400 (or lockout) to answer."""
        device = confirmed_device(user)
        if device is None:
            message = _("Set up two-factor login on the web first (log in there once).")
        elif not code:
            message = _("Enter the current 6-digit code from your authenticator app.")
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
