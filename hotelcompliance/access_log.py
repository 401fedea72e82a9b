"""Access events: who saw, searched, exported, imported or downloaded what, and why.

Written explicitly by services (never by signals), append-only, and chained per property so
a deleted or edited event is detectable. Events name objects and fields, never their values.
"""

import ipaddress
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotelcompliance.chain import AppendOnlyModel, chain_append, content_digest, instant
from hotelcompliance.client_ip import client_ip
from hotelcompliance.tenancy import Property

if TYPE_CHECKING:
    from django.http import HttpRequest
    from rest_framework.request import Request

    from hotelcompliance.tenancy import AnyUser

    # A page's request, or the API's wrapping of one.
    AnyRequest: TypeAlias = HttpRequest | Request


class PropertyRow(Protocol):
    """A row of one property (a registration, a concern, an employee): what a view names."""

    pk: Any
    property: Property


class AccessKind(models.TextChoices):
    VIEW = "view", _("Viewed")  # an inspector reading what was produced for them
    VIEW_UNMASKED = "view_unmasked", _("Viewed unmasked data")
    SEARCH = "search", _("Searched")
    EXPORT = "export", _("Exported")
    IMPORT = "import", _("Imported")
    DOWNLOAD = "download", _("Downloaded")
    DENIED = "denied", _("Was refused")
    REVOKE = "revoke", _("Revoked")  # a manager revoking an integration's API token


class AccessEvent(AppendOnlyModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(
        Property, null=True, blank=True, on_delete=models.PROTECT, related_name="access_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, help_text=_("Username at the time."))
    kind = models.CharField(max_length=20, choices=AccessKind.choices)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    fields = models.JSONField(default=list, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    roles = models.JSONField(default=list, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["property", "-created_at"], name="access_property_time")]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.kind} {self.object_type}:{self.object_id}"


def access_event_record(
    *,
    actor: "AnyUser | None",
    prop: Property | None,
    kind: str,
    object_type: str,
    object_id: str = "",
    fields: list[str] | tuple[str, ...] = (),
    reason: str = "",
    request: "AnyRequest | None" = None,
) -> AccessEvent:
    """Record one access, and chain it to the property's log, in the caller's transaction."""
    from hotelcompliance.scoping import roles_at

    with transaction.atomic():
        event = AccessEvent.objects.create(
            property=prop,
            actor=actor if isinstance(actor, User) and actor.pk else None,
            actor_label=getattr(actor, "username", "") or "system",
            kind=kind,
            object_type=object_type,
            object_id=str(object_id),
            fields=sorted(fields),
            reason=reason[:500],
            roles=sorted(roles_at(actor, prop)) if prop is not None and actor else [],
            ip_address=client_ip(request),
        )
        if prop is not None:
            chain_append(
                prop=prop,
                kind="access",
                object_ref=f"access:{event.pk}",
                payload={
                    "kind": kind,
                    "actor": event.actor_id,
                    "object": f"{object_type}:{object_id}",
                    "fields": event.fields,
                    "at": event.created_at.isoformat(),
                    # Everything stored, reason, IP and roles included, without holding them.
                    "digest": access_event_digest(event),
                },
            )
        return event


def token_refusal_record(request: "AnyRequest") -> AccessEvent:
    """A refused API token login: who tried is unknown, so only the address is kept."""
    return access_event_record(
        actor=None,
        prop=None,
        kind=AccessKind.DENIED,
        object_type="api_token",
        reason="invalid credentials",
        request=request,
    )


def access_view_record(
    request: "AnyRequest", obj: PropertyRow, object_type: str, page: str
) -> AccessEvent:
    """One property-scoped object shown (masked) on a page or from the API: its id, no content."""
    return access_event_record(
        actor=request.user,
        prop=obj.property,
        kind=AccessKind.VIEW,
        object_type=object_type,
        object_id=str(obj.pk),
        reason=page,
        request=request,
    )


def access_download_record(
    request: "AnyRequest", prop: Property, object_type: str, object_pk: object, *, reason: str = ""
) -> AccessEvent:
    """A stored file handed to someone: which object, never its name or content."""
    return access_event_record(
        actor=request.user,
        prop=prop,
        kind=AccessKind.DOWNLOAD,
        object_type=object_type,
        object_id=str(object_pk),
        reason=reason,
        request=request,
    )


def access_list_record(
    request: "AnyRequest",
    prop: Property,
    kind: str,
    object_type: str,
    *,
    counts: dict[str, int],
    fields: list[str] | tuple[str, ...] = (),
    reason_prefix: str = "",
) -> AccessEvent:
    """One event for a list read: how many rows of each kind, and the filters' names only."""
    shown = ", ".join(f"{name} {count}" for name, count in counts.items())
    return access_event_record(
        actor=request.user,
        prop=prop,
        kind=kind,
        object_type=object_type,
        fields=fields,
        reason=f"{reason_prefix}: {shown}" if reason_prefix else shown,
        request=request,
    )


def access_event_digest(event: AccessEvent) -> str:
    """SHA-256 of every stored field of an access event, as the database gives it back."""
    return content_digest(
        {
            "id": str(event.pk),
            "property": event.property_id,
            "actor": event.actor_id,
            "actor_label": event.actor_label,
            "kind": event.kind,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "fields": event.fields,
            "reason": event.reason,
            "roles": event.roles,
            "ip_address": _stored_ip(event.ip_address),
            "created_at": instant(event.created_at),
        }
    )


def access_event_old_payload_differs(event: AccessEvent, payload: dict[str, Any]) -> bool:
    """For an entry chained before the digest: compare what it holds (not reason, IP, roles)."""
    try:
        at = datetime.fromisoformat(payload.get("at", ""))
    except (TypeError, ValueError):
        return True
    return (
        payload.get("kind") != event.kind
        or payload.get("actor") != event.actor_id
        or payload.get("object") != f"{event.object_type}:{event.object_id}"
        or payload.get("fields") != event.fields
        or at != event.created_at
    )


def _stored_ip(value: str | None) -> str | None:
    """The address as PostgreSQL's inet gives it back (SQLite keeps the text as written)."""
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return value
