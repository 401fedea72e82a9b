"""API tokens: hashed, expiring, revocable; a person's lasts a day's work, an integration's a month.

A person's token (`kind=person`) carries the user's roles wherever they hold them and lasts
`API_TOKEN_PERSON_HOURS`. An integration's token (a property-management system, say) is named,
bound to one property (it reaches no other, whatever its user's roles) and lasts
`API_TOKEN_INTEGRATION_DAYS`; the property's managers see and revoke it on /api-tokens/.
Only the SHA-256 of a key is stored, so a copy of the database logs nobody in. Every token of a
user is revoked when their password changes, when they are deactivated, and an integration
token when its user loses their role at its property.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotelcompliance.fields import EncryptedTextField
from hotelcompliance.tenancy import Property

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from rest_framework.request import Request


class TokenKind(models.TextChoices):
    PERSON = "person", _("Person")
    INTEGRATION = "integration", _("Integration")


class ApiTokenQuerySet(models.QuerySet):
    def live(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)

    def integrations_of(self, prop: Property) -> ApiTokenQuerySet:
        return self.filter(kind=TokenKind.INTEGRATION, property=prop)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    kind = models.CharField(max_length=12, choices=TokenKind.choices, default=TokenKind.PERSON)
    name = models.CharField(max_length=100, blank=True, help_text=_("Integrations only."))
    property = models.ForeignKey(
        Property,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("Integrations only: the one property the token reaches."),
    )
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Integrations only: the import profile its file imports must use (it may choose no other).
    import_profile = models.ForeignKey(
        "guests.ImportProfile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Integrations only: the import profile its file imports use."),
    )
    signing_secret = EncryptedTextField(
        blank=True,
        default="",
        help_text="Integrations only: the HMAC secret of signed intake.",
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="person") & models.Q(property__isnull=True))
                | (models.Q(kind="integration") & models.Q(property__isnull=False)),
                name="api_token_integration_has_property",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} token {self.pk}"

    def is_expired(self, now: datetime | None = None) -> bool:
        """Expired from the very instant of `expires_at` on."""
        return (now or timezone.now()) >= self.expires_at


def key_digest(key: str) -> str:
    """The stored form of a key: keys are 256 random bits, so a plain SHA-256 is enough."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def token_lifetime(kind: str) -> timedelta:
    if kind == TokenKind.INTEGRATION:
        return timedelta(days=settings.API_TOKEN_INTEGRATION_DAYS)
    return timedelta(hours=settings.API_TOKEN_PERSON_HOURS)


def issue_token(
    user, *, kind: str = TokenKind.PERSON, name: str = "", prop: Property | None = None
) -> tuple[ApiToken, str]:
    """Create a token; the key is returned once, here, and never stored."""
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        kind=kind,
        name=name if kind == TokenKind.INTEGRATION else "",
        property=prop if kind == TokenKind.INTEGRATION else None,
        key_digest=key_digest(key),
        created_at=now,
        expires_at=now + token_lifetime(kind),
    )
    return token, key


def token_note_use(token: ApiToken, *, at: datetime, precision: timedelta) -> None:
    """Remember when the token was last used, at most once per `precision` (a write a minute)."""
    if token.last_used_at is None or at - token.last_used_at >= precision:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
        token.last_used_at = at


def token_login_user(request: Request, *, username: str, password: str) -> AbstractBaseUser | None:
    """The active user these credentials name, or None; a refused login is an access event.

    A login axes locks out is not recorded here (axes records it): the caller answers it with
    the lockout response (`request._request.axes_locked_out`).
    """
    from hotelcompliance.access_log import token_refusal_record

    user = authenticate(request._request, username=username, password=password)
    if getattr(request._request, "axes_locked_out", False):
        return None
    if user is None or not user.is_active:
        token_refusal_record(request)
        return None
    return user


def issue_integration_token(
    *, actor, prop: Property, name: str, import_profile=None
) -> tuple[ApiToken, str, str]:
    """A manager creates an integration's token and its signing secret, both shown only once.

    The key is stored as its digest; the secret encrypted (signed intake must recompute the
    HMAC). The token is the manager's, bound to `prop`, and, when `import_profile` (one of
    `prop`'s `guests.ImportProfile`) is given, to that profile for its file imports.
    """
    if import_profile is not None and import_profile.property_id != prop.pk:
        raise ValueError("the import profile belongs to another property")
    token, key = issue_token(actor, kind=TokenKind.INTEGRATION, name=name, prop=prop)
    secret = secrets.token_urlsafe(32)
    ApiToken.objects.filter(pk=token.pk).update(
        signing_secret=secret, import_profile=import_profile
    )
    token.signing_secret = secret
    token.import_profile = import_profile
    return token, key, secret


def revoke(tokens: ApiTokenQuerySet) -> int:
    """Revoke every live token of the queryset; how many were still live."""
    return tokens.live().update(revoked_at=timezone.now())


def revoke_all_of(user) -> int:
    return revoke(ApiToken.objects.filter(user=user))


def revoke_unreachable_integrations(user) -> int:
    """Revoke the user's integration tokens for properties they no longer hold a role at."""
    reachable = Property.objects.for_user(user).values("pk")
    return revoke(
        ApiToken.objects.filter(user=user, kind=TokenKind.INTEGRATION).exclude(
            property__in=reachable
        )
    )


def revoke_integration_token(*, token: ApiToken, actor, prop: Property, request=None) -> bool:
    """A manager revokes an integration token of their property, access-logged and chained.

    False (and nothing logged) when it was already revoked: a double submit does it once.
    """
    from hotelcompliance.access_log import AccessKind, access_event_record

    with transaction.atomic():
        if not revoke(ApiToken.objects.filter(pk=token.pk, property=prop)):
            return False
        access_event_record(
            actor=actor,
            prop=prop,
            kind=AccessKind.REVOKE,
            object_type="api_token",
            object_id=str(token.pk),
            reason="integration token revoked",
            request=request,
        )
    return True


# --- Signals: password change, deactivation, a role taken away --------------------------------


def _remember_credentials(sender, instance, update_fields=None, **kwargs) -> None:
    if instance.pk is None or (
        update_fields is not None and not {"password", "is_active"} & set(update_fields)
    ):
        instance._token_credentials_before = None
        return
    instance._token_credentials_before = (
        sender.objects.filter(pk=instance.pk).values_list("password", "is_active").first()
    )


def _revoke_on_credential_change(sender, instance, created=False, **kwargs) -> None:
    before = getattr(instance, "_token_credentials_before", None)
    instance._token_credentials_before = None
    if created or before is None:
        return
    password, was_active = before
    if password != instance.password or (was_active and not instance.is_active):
        revoke_all_of(instance)


def _revoke_on_membership_removed(sender, instance, **kwargs) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=instance.user_id).first()
    if user is not None:  # a deleted user's tokens go with it
        revoke_unreachable_integrations(user)


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save, pre_save

    from hotelcompliance.tenancy import Membership

    user_model = get_user_model()
    pre_save.connect(_remember_credentials, sender=user_model, dispatch_uid="api_tokens_pre")
    post_save.connect(
        _revoke_on_credential_change, sender=user_model, dispatch_uid="api_tokens_post"
    )
    post_delete.connect(
        _revoke_on_membership_removed, sender=Membership, dispatch_uid="api_tokens_membership"
    )
