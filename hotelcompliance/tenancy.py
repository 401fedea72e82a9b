"""Tenancy: organisations own properties; memberships give users a role at one of them.

A membership names either one property or a whole organisation (every property in it).
"""

import datetime
import zoneinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone as django_timezone
from django.utils.translation import gettext_lazy as _

from hotelcompliance.roles import Role
from hotelcompliance.validators import single_line

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from hotelcompliance.rules import PropertyOverrides, RulePack

    # Whoever a request carries: a logged-in user, or the anonymous one before the login check.
    AnyUser = User | AnonymousUser


def jurisdiction_choices() -> list[tuple[str, str]]:
    from hotelcompliance.rules import available_jurisdictions

    return available_jurisdictions()


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class Organisation(models.Model):
    """A hotel group or operator: the legal entity that registers with regulators."""

    name = models.CharField(max_length=200)
    legal_name = models.CharField(max_length=200, blank=True)
    business_address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def token_property_id(user: object) -> int | None:
    """The one property an integration token limits this request's user to, if any."""
    return getattr(user, "api_token_property_id", None)


def token_property_bind(user: object, property_id: int) -> None:
    """Limit this request's user to its token's property (read by `token_property_id`)."""
    setattr(user, "api_token_property_id", property_id)  # noqa: B010 - not a model field


class PropertyQuerySet(models.QuerySet):
    def for_user(self, user: "AnyUser") -> "PropertyQuerySet":
        """Properties the user holds any role at, directly or through the organisation."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        memberships = Membership.objects.filter(user=user)
        mine = self.filter(
            Q(pk__in=memberships.values("property"))
            | Q(organisation__in=memberships.values("organisation"))
        ).distinct()
        bound = token_property_id(user)
        return mine if bound is None else mine.filter(pk=bound)


class Property(models.Model):
    """A hotel, motel or inn: the unit every record, rule and permission hangs on."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="properties"
    )
    name = models.CharField(max_length=200)
    street = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    region = models.CharField("state or region", max_length=100)
    postal_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2, default="US")
    timezone = models.CharField(max_length=64, choices=timezone_choices, default="America/New_York")
    jurisdiction = models.CharField(max_length=16, choices=jurisdiction_choices)
    licence_number = models.CharField(max_length=64, blank=True)
    registration_number = models.CharField(
        max_length=64, blank=True, help_text=_("Regulator registration, e.g. CT DCP from 2027.")
    )
    rooms = models.PositiveIntegerField(default=1)
    # A property may be stricter than its jurisdiction's rule pack, never laxer.
    retention_days = models.PositiveIntegerField(null=True, blank=True)
    refresher_months = models.PositiveIntegerField(null=True, blank=True)
    minimum_training_minutes = models.PositiveIntegerField(null=True, blank=True)
    extra_required_guest_fields = models.JSONField(default=list, blank=True)
    # The local times a date-only arrival / check-out in an import takes (guests.import_profiles).
    check_in_time = models.TimeField(
        default=datetime.time(15, 0),
        help_text=_("Local time an imported arrival without a time takes."),
    )
    check_out_time = models.TimeField(
        default=datetime.time(11, 0),
        help_text=_("Local time an imported check-out without a time takes."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PropertyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("properties")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="property_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        """The property's zone: its dates and the times it shows are local to it.

        Cached by `zoneinfo` itself (one instance a key), so it never outlives an edited
        `timezone` the way a `cached_property` would.
        """
        return zoneinfo.ZoneInfo(self.timezone)

    def today(self) -> datetime.date:
        """The property's local date now (a night audit at 23:00 in Honolulu is not tomorrow)."""
        return django_timezone.localdate(timezone=self.tz)

    @property
    def address(self) -> str:
        return f"{self.street}, {self.city}, {self.region} {self.postal_code}"

    def overrides(self) -> "PropertyOverrides":
        from hotelcompliance.rules import PropertyOverrides

        return PropertyOverrides(
            retention_days=self.retention_days,
            refresher_months=self.refresher_months,
            minimum_minutes=self.minimum_training_minutes,
            extra_required_guest_fields=tuple(self.extra_required_guest_fields or ()),
        )

    def rule_pack(self) -> "RulePack":
        """The jurisdiction's rules with this property's stricter settings applied."""
        from hotelcompliance.rules import effective_pack, get_pack

        return effective_pack(get_pack(self.jurisdiction), self.overrides())

    def clean(self) -> None:
        from hotelcompliance.rules import UnknownJurisdiction, get_pack, validate_overrides

        try:
            pack = get_pack(self.jurisdiction)
        except UnknownJurisdiction:
            return  # the field's own choices validation reports it
        validate_overrides(
            pack, self.overrides(), field_names={"minimum_minutes": "minimum_training_minutes"}
        )


class MembershipQuerySet(models.QuerySet):
    def for_property(self, prop: Property) -> "MembershipQuerySet":
        return self.filter(Q(property=prop) | Q(organisation_id=prop.organisation_id))

    def managers_of(self, prop: Property) -> "MembershipQuerySet":
        """Active users' manager and group-administrator memberships that reach `prop`.

        Both roles count whether held at the property or across its organisation. A user may
        appear more than once (two roles); `emails()` gives each address once.
        """
        return self.for_property(prop).filter(
            role__in=[Role.MANAGER, Role.ORG_ADMIN], user__is_active=True
        )

    def emails(self) -> list[str]:
        """The members' non-blank email addresses, each once, sorted."""
        return sorted(set(self.exclude(user__email="").values_list("user__email", flat=True)))


class Membership(models.Model):
    """A user's role at one property, or across a whole organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    property = models.ForeignKey(
        Property, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    agency = models.CharField(
        max_length=200, blank=True, validators=[single_line], help_text=_("Inspectors only.")
    )
    badge_number = models.CharField(
        max_length=64, blank=True, validators=[single_line], help_text=_("Inspectors only.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(property__isnull=True) & Q(organisation__isnull=False))
                | (Q(property__isnull=False) & Q(organisation__isnull=True)),
                name="membership_one_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "property", "role"], name="membership_unique_property_role"
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_org_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.property or self.organisation}"

    def clean(self) -> None:
        errors = {}
        if bool(self.property_id) == bool(self.organisation_id):
            errors["property"] = "Choose either one property or a whole organisation."
        if self.role == Role.ORG_ADMIN and not self.organisation_id:
            errors["role"] = "A group administrator belongs to a whole organisation."
        if self.role == Role.INSPECTOR and not (self.agency and self.badge_number):
            errors["agency"] = "An inspector needs an agency and a badge number."
        if errors:
            raise ValidationError(errors)
