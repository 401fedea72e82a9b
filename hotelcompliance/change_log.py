"""The change log of people and places: who changed a membership, an employee or a property, when.

Managers run their property from the app (invitations, roles, leavers, settings) rather than from
Django admin, so the record of those changes has to live in the app too. Rows are append-only
(the model refuses updates; migration 0015 adds database triggers) and name what changed with
the old and new values of staff and property fields: never a guest's data.
"""

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotelcompliance.chain import AppendOnlyModel
from hotelcompliance.tenancy import Organisation, Property

if TYPE_CHECKING:
    from hotelcompliance.tenancy import AnyUser


class ChangeKind(models.TextChoices):
    MEMBER_INVITED = "member_invited", _("Invited a user")
    MEMBER_ROLE_CHANGED = "member_role_changed", _("Changed a role")
    MEMBER_REMOVED = "member_removed", _("Removed a role")
    USER_DEACTIVATED = "user_deactivated", _("Deactivated a user")
    EMPLOYEE_CHANGED = "employee_changed", _("Edited an employee")
    EMPLOYEE_LEFT = "employee_left", _("Marked an employee as a leaver")
    PROPERTY_CHANGED = "property_changed", _("Changed the property's settings")


class ChangeQuerySet(models.QuerySet["ChangeRecord"]):
    def for_property(self, prop: Property) -> "ChangeQuerySet":
        """Changes at the property, and group-wide ones of its organisation."""
        return self.filter(
            models.Q(property=prop)
            | models.Q(property__isnull=True, organisation_id=prop.organisation_id)
        )


class ChangeRecord(AppendOnlyModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    property = models.ForeignKey(
        Property, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, help_text=_("Username at the time."))
    kind = models.CharField(max_length=32, choices=ChangeKind.choices)
    subject = models.CharField(max_length=200, help_text=_("Whom or what the change was about."))
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["property", "-created_at"], name="change_property_time")]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.kind} {self.subject}"

    def readable_changes(self) -> list[tuple[str, str, str]]:
        """(field label, old, new) in words for people: no field names or role codes."""
        return [
            (str(FIELD_LABELS.get(name, name)), _shown(old), _shown(new))
            for name, (old, new) in self.changes.items()
        ]


FIELD_LABELS = {
    "role": _("Role"),
    "group_wide": _("Whole group"),
    "active": _("Can log in"),
    "name": _("Name"),
    "street": _("Street address"),
    "city": _("City"),
    "region": _("State or region"),
    "postal_code": _("Postal code"),
    "timezone": _("Time zone"),
    "licence_number": _("Licence number"),
    "registration_number": _("Registration number"),
    "rooms": _("Number of rooms"),
    "employee_number": _("Employee number"),
    "email": _("Email"),
    "job_role": _("Job role"),
    "customer_facing": _("Customer-facing"),
    "hire_date": _("Hire date"),
    "end_date": _("End date"),
    "preferred_language": _("Preferred language"),
}


def _shown(value: Any) -> str:
    from hotelcompliance.roles import Role

    if value is None or value == "":
        return "—"
    if value is True:
        return str(_("yes"))
    if value is False:
        return str(_("no"))
    roles = dict(Role.choices)
    return str(roles.get(value, value))


def change_record(
    *,
    actor: "AnyUser | None",
    organisation: Organisation,
    prop: Property | None,
    kind: str,
    subject: str,
    changes: dict[str, Any] | None = None,
) -> ChangeRecord:
    """Record one change, in the caller's transaction. `changes`: field -> [old, new]."""
    return ChangeRecord.objects.create(
        organisation=organisation,
        property=prop,
        actor=actor if isinstance(actor, User) and actor.pk else None,
        actor_label=getattr(actor, "username", "") or "system",
        kind=kind,
        subject=subject[:200],
        changes={name: [_plain(old), _plain(new)] for name, (old, new) in (changes or {}).items()},
    )


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose value differs, as (old, new) pairs, for `change_record`."""
    return {
        name: (before.get(name), value)
        for name, value in after.items()
        if before.get(name) != value
    }


def _plain(value: Any) -> Any:
    """JSON-safe: dates and times as ISO strings, other objects as their text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
