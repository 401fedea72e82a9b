"""Signed deliveries from an integration (a PMS or its middleware), without a bearer token.

The sender signs each POST with its integration token's secret (`ApiToken.signing_secret`,
shown once when a manager creates the token on /api-tokens/):

    X-Hc-Integration: <token id>
    X-Hc-Timestamp:   <Unix seconds>
    X-Hc-Delivery:    <a unique id per delivery, up to 100 characters>
    X-Hc-Signature:   sha256=<hex HMAC-SHA256(secret, "<timestamp>." + body)>

A delivery is refused when the signature does not match (compared in constant time), its
timestamp is more than `TIMESTAMP_TOLERANCE` from now, or its delivery id was already
accepted for that token (`SignedDelivery`, stored in the delivery's own transaction, so a
refused delivery may be sent again).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotelcompliance.api_tokens import ApiToken, TokenKind
from hotelcompliance.validators import single_line

TIMESTAMP_TOLERANCE = timedelta(minutes=5)
DELIVERY_ID_MAX_LENGTH = 100
SIGNATURE_PREFIX = "sha256="
# SignedRequest field -> the header that carries it.
HEADERS = {
    "token_id": "X-Hc-Integration",
    "timestamp": "X-Hc-Timestamp",
    "delivery_id": "X-Hc-Delivery",
    "signature": "X-Hc-Signature",
}


class SignedDelivery(models.Model):
    """A delivery id an integration already used: a second delivery with it is a replay."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="deliveries")
    delivery_id = models.CharField(max_length=DELIVERY_ID_MAX_LENGTH)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "delivery_id"], name="signed_delivery_once")
        ]

    def __str__(self) -> str:
        return f"Delivery of token {self.token_id}"


class DeliveryRefused(Exception):
    """Why a signed delivery is not accepted: `code` for machines, `message` for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class SignedRequest:
    token_id: str
    timestamp: str
    delivery_id: str
    signature: str
    body: bytes


def signed_request(headers: Mapping[str, str], body: bytes) -> SignedRequest:
    """What a request carries for `verified_token`: absent headers are empty."""
    return SignedRequest(
        **{name: headers.get(header, "") for name, header in HEADERS.items()}, body=body
    )


def signature_of(secret: str, timestamp: str, body: bytes) -> str:
    """The header value a sender computes: what `verified_token` recomputes."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return SIGNATURE_PREFIX + mac.hexdigest()


def verified_token(signed: SignedRequest, *, property_id: int) -> ApiToken:
    """The live integration token of `property_id` that signed this request, or refuse.

    An unknown token, another property's token and a wrong signature all get the same
    answer, so nobody learns which token ids exist.
    """
    _check_delivery_id(signed.delivery_id)
    moment = _moment(signed.timestamp)
    if abs(timezone.now() - moment) > TIMESTAMP_TOLERANCE:
        raise DeliveryRefused(
            "stale_timestamp",
            _("The timestamp is more than %(minutes)d minutes from now; sign the request again.")
            % {"minutes": TIMESTAMP_TOLERANCE.seconds // 60},
        )
    token = _signing_token(signed.token_id, property_id)
    expected = signature_of(token.signing_secret if token else "", signed.timestamp, signed.body)
    matches = hmac.compare_digest(expected.encode(), signed.signature.encode("utf-8", "replace"))
    if token is None or not token.signing_secret or not matches:
        raise DeliveryRefused("bad_signature", _("The signature does not match."))
    if token.revoked_at is not None or token.is_expired() or not token.user.is_active:
        raise DeliveryRefused("token_inactive", _("This integration's token no longer works."))
    return token


def delivery_record(token: ApiToken, delivery_id: str) -> None:
    """Store the delivery id in the caller's transaction; a used one is refused as a replay."""
    try:
        with transaction.atomic():
            SignedDelivery.objects.create(token=token, delivery_id=delivery_id)
    except IntegrityError:
        raise DeliveryRefused(
            "replayed", _("This delivery id was already received; nothing was changed.")
        ) from None


def _signing_token(token_id: str, property_id: int) -> ApiToken | None:
    if not _whole_number(token_id, 18):
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(pk=int(token_id), kind=TokenKind.INTEGRATION, property_id=property_id)
        .first()
    )


def _moment(timestamp: str) -> datetime:
    if not _whole_number(timestamp, 12):
        raise DeliveryRefused(
            "bad_timestamp", _("Give the timestamp as whole seconds since 1970 (UTC).")
        )
    return datetime.fromtimestamp(int(timestamp), tz=UTC)


def _whole_number(text: str, max_digits: int) -> bool:
    """ASCII digits only: `"²".isdigit()` is true, but int() refuses it."""
    return text.isascii() and text.isdigit() and len(text) <= max_digits


def _check_delivery_id(delivery_id: str) -> None:
    problem = ""
    if not delivery_id.strip():
        problem = _("Give a delivery id.")
    elif len(delivery_id) > DELIVERY_ID_MAX_LENGTH:
        problem = _("Use at most %(n)d characters for the delivery id.") % {
            "n": DELIVERY_ID_MAX_LENGTH
        }
    else:
        try:
            single_line(delivery_id)
        except ValidationError:
            problem = _("Give the delivery id on one line, without control characters.")
    if problem:
        raise DeliveryRefused("bad_delivery_id", problem)
