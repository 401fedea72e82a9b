"""A pre-arrival: a stay the desk or the PMS prepared, which the guest fills before arriving.

It is not a registration: nothing here is numbered or chained. At arrival the clerk checks the
ID and confirms, and `guests.pre_arrivals.pre_arrival_check_in` creates the registration
through the normal check-in service. The guest's own details are personal data kept like the
register's (the ID number encrypted), only until check-in copies them into the register, and
at the latest until the retention purge after the stay (`PRE_ARRIVAL_RETENTION_DAYS`).
"""

import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guests.models import (
    MAX_ADULTS,
    MAX_MINORS,
    NAME_MAX_LENGTH,
    IdType,
    PaymentMethod,
    RateType,
    validate_occupants,
)
from hotelcompliance.fields import EncryptedTextField
from hotelcompliance.scoping import PropertyScopedQuerySet
from hotelcompliance.tenancy import Property
from hotelcompliance.validators import single_line


class PreArrivalStatus(models.TextChoices):
    SENT = "sent", _("Link sent")
    FILLED = "filled", _("Filled in by the guest")
    CHECKED_IN = "checked_in", _("Checked in")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


# A link works, and the stay is expected, only in these states.
OPEN_STATUSES = (PreArrivalStatus.SENT, PreArrivalStatus.FILLED)
# What the guest's page may ask (never the room, the rate or the payment: the desk's).
GUEST_FILLED_FIELDS = (
    "guest_name",
    "address",
    "phone",
    "email",
    "id_type",
    "id_number",
    "id_issuer",
    "vehicle_plate",
    "vehicle_state",
    "adults",
    "minors",
    "occupants",
)
# The personal data the purge empties (the lead guest's name included).
PERSONAL_FIELDS = (*GUEST_FILLED_FIELDS, "room")


class PreArrivalQuerySet(PropertyScopedQuerySet):
    def open(self) -> "PreArrivalQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class PreArrival(models.Model):
    """One expected stay and what its guest filled in through their link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="pre_arrivals")
    status = models.CharField(
        max_length=12, choices=PreArrivalStatus.choices, default=PreArrivalStatus.SENT
    )
    expected_arrival = models.DateField()
    expected_departure = models.DateField()
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    external_ref = models.CharField(
        max_length=100,
        blank=True,
        validators=[single_line],
        help_text=_("The PMS's reservation id; the registration made at check-in keeps it."),
    )
    # What the desk or the PMS knows of the stay, for the check-in form.
    room = models.CharField(max_length=16, blank=True, validators=[single_line])
    rate = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    rate_type = models.CharField(max_length=10, choices=RateType.choices, blank=True)
    payment_method = models.CharField(max_length=10, choices=PaymentMethod.choices, blank=True)
    receipt_number = models.CharField(max_length=64, blank=True, validators=[single_line])
    # The guest's details: the lead guest's name and contact as booked, the rest as filled.
    guest_name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True, validators=[single_line])
    email = models.EmailField(max_length=254, blank=True, validators=[single_line])
    phone = models.CharField(max_length=40, blank=True, validators=[single_line])
    address = models.CharField(max_length=300, blank=True, validators=[single_line])
    id_type = models.CharField(max_length=20, choices=IdType.choices, blank=True)
    # Encrypted like the register's; no lookup hash: a pre-arrival is never searched by it.
    id_number = EncryptedTextField(max_length=64, blank=True, validators=[single_line])
    id_issuer = models.CharField(max_length=100, blank=True, validators=[single_line])
    vehicle_plate = models.CharField(max_length=16, blank=True, validators=[single_line])
    vehicle_state = models.CharField(max_length=32, blank=True, validators=[single_line])
    adults = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(MAX_ADULTS)]
    )
    minors = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(MAX_MINORS)]
    )
    occupants = models.JSONField(default=list, blank=True, validators=[validate_occupants])

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    filled_at = models.DateTimeField(null=True, blank=True)
    # When it was checked in, revoked or expired: the retention period counts from here.
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registration = models.ForeignKey(
        "guests.Registration", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purged_at = models.DateTimeField(null=True, blank=True)

    objects = PreArrivalQuerySet.as_manager()

    class Meta:
        ordering = ["expected_arrival", "guest_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["property", "external_ref"],
                condition=~Q(external_ref=""),
                name="pre_arrival_external_ref_unique",
            ),
            models.CheckConstraint(
                condition=Q(expected_departure__gte=models.F("expected_arrival")),
                name="pre_arrival_departure_after_arrival",
            ),
        ]
        indexes = [
            models.Index(
                fields=["property", "status", "expected_arrival"], name="pre_arrival_open_day"
            )
        ]

    def __str__(self) -> str:
        # No personal data: this string reaches logs and admin breadcrumbs.
        return f"Pre-arrival {self.pk} at {self.property_id}"

    def link_ends_at(self) -> datetime:
        """The link works until the end of the departure day, on the property's clock."""
        day_after = self.expected_departure + timedelta(days=1)
        return datetime.combine(day_after, time.min, tzinfo=self.property.tz)

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES and timezone.now() < self.link_ends_at()
