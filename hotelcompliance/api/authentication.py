"""Token authentication against hashed, expiring, revocable keys (`hotelcompliance.api_tokens`).

DRF's `TokenAuthentication` reads the `Authorization: Token <key>` header; this one looks the
key up by its digest, refuses an expired or revoked token with a message saying so, notes when
the token was last used (at most once a minute) and bounds an integration token's user to its
property for the request.
"""

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from hotelcompliance.api_tokens import ApiToken, key_digest, token_note_use
from hotelcompliance.tenancy import token_property_bind

LAST_USED_PRECISION = timedelta(minutes=1)
MAX_KEY_LENGTH = 200


class TokenFailed(exceptions.AuthenticationFailed):
    def __init__(self, detail: str, code: str) -> None:
        super().__init__(detail, code)


class ExpiringTokenAuthentication(TokenAuthentication):
    model = ApiToken

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        try:
            return super().authenticate(request)
        except UnicodeError:  # a header no WSGI server would pass on; never a 500
            raise TokenFailed(_("Invalid token."), "invalid_token") from None

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        if len(key) > MAX_KEY_LENGTH:
            raise TokenFailed(_("Invalid token."), "invalid_token")
        token = ApiToken.objects.select_related("user").filter(key_digest=key_digest(key)).first()
        if token is None:
            raise TokenFailed(_("Invalid token."), "invalid_token")
        if token.revoked_at is not None:
            raise TokenFailed(
                _("This token was revoked; request a new one at auth/token/."), "token_revoked"
            )
        now = timezone.now()
        if token.is_expired(now):
            when = date_format(timezone.localtime(token.expires_at), "Y-m-d H:i T")
            raise TokenFailed(
                _("This token expired at %(when)s; request a new one at auth/token/.")
                % {"when": when},
                "token_expired",
            )
        if not token.user.is_active:
            raise TokenFailed(_("User inactive or deleted."), "invalid_token")
        token_note_use(token, at=now, precision=LAST_USED_PRECISION)
        user = token.user
        if token.property_id is not None:
            # Read back by `tenancy.token_property_id` for this request only.
            token_property_bind(user, token.property_id)
        return (user, token)
