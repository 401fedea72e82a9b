"""The guest register: one Registration per stay, numbered without gaps per property.

Writes go through `guests.services` (validation, numbering, encryption, the hash chain);
nothing here has side effects on save.
"""

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotelcompliance.chain import AppendOnlyModel
from hotelcompliance.crypto import mask
from hotelcompliance.fields import EncryptedTextField, LookupHashField
from hotelcompliance.imports.stored import StoredImport
from hotelcompliance.names import digests_of
from hotelcompliance.rules import GUEST_FIELDS
from hotelcompliance.scoping import PropertyScopedQuerySet
from hotelcompliance.tenancy import Property
from hotelcompliance.validators import single_line

# Party-size limits, checked in Python so SQLite and PostgreSQL refuse exactly the same input;
# the check constraints below are the database's backstop.
MAX_ADULTS = 20
MAX_MINORS = 20
MAX_OCCUPANTS = 40
NAME_MAX_LENGTH = 200


class IdType(models.TextChoices):
    DRIVERS_LICENCE = "drivers_licence", _("Driver's licence")
    PASSPORT = "passport", _("Passport")
    STATE_ID = "state_id", _("State ID card")
    OTHER = "other", _("Other")


class RateType(models.TextChoices):
    NIGHTLY = "nightly", _("Nightly")
    WEEKLY = "weekly", _("Weekly")
    HOURLY = "hourly", _("Hourly")
    OTHER = "other", _("Other")


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Card")
    CASH = "cash", _("Cash")
    CHECK = "check", _("Check")
    VOUCHER = "voucher", _("Voucher")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    DESK = "desk", _("Front desk")
    API = "api", _("API")
    IMPORT = "import", _("Import")


def validate_occupants(value: object) -> None:
    """Occupants are a short list of `{name, minor}` (the lead guest is not repeated).

    A plain name (API contract v1, rows chained before minors were marked) is an adult.
    """
    if not isinstance(value, list):
        raise ValidationError(_("Give the other occupants as a list of names."), code="invalid")
    if len(value) > MAX_OCCUPANTS:
        raise ValidationError(
            _("List at most %(count)s occupants.") % {"count": MAX_OCCUPANTS}, code="max_length"
        )
    for item in value:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(item, dict) and (
            set(item) - {"name", "minor"} or not isinstance(item.get("minor", False), bool)
        ):
            raise ValidationError(_("Each occupant must be a name."), code="invalid")
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(_("Each occupant must be a name."), code="invalid")
        if len(name) > NAME_MAX_LENGTH:
            raise ValidationError(
                f"Each occupant name has at most {NAME_MAX_LENGTH} characters.", code="max_length"
            )
        single_line(name)


class RegistrationQuerySet(PropertyScopedQuerySet):
    def in_house(self) -> "RegistrationQuerySet":
        """Guests who have arrived and not checked out (overstays included)."""
        return self.filter(checked_out_at__isnull=True, arrival__lte=timezone.now())

    def arriving_on(self, day: date, tz: tzinfo) -> "RegistrationQuerySet":
        """Arrivals on a calendar day in the given time zone (the property's, usually).

        A range on `arrival` rather than a `__date` lookup, so the (property, -arrival) index
        serves it and the day boundaries follow the property's clock, DST included.
        """
        start = datetime.combine(day, time.min, tzinfo=tz)
        end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
        return self.filter(arrival__gte=start, arrival__lt=end)

    def named(self, names: Iterable[str]) -> "RegistrationQuerySet":
        """Stays whose lead guest or an occupant bears one of `names`, as a whole name.

        Matched on the blind index (`hotelcompliance.names`: case, accents, spacing and
        invisible characters do not count). Names that normalise to nothing match nothing.
        """
        digests = digests_of(names)
        hashed = RegistrationName.objects.filter(digest__in=sorted(digests))
        return self.filter(pk__in=hashed.values("registration_id"))


class Registration(models.Model):
    """One stay in the register; corrections will be amendments, never overwrites."""

    # Destroyed only by the retention purge: `manage.py db_roles` grants DELETE to its role alone.
    purge_deletes: ClassVar[bool] = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="registrations")
    number = models.PositiveIntegerField(editable=False)

    guest_name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True, validators=[single_line])
    address = models.CharField(max_length=300, blank=True, validators=[single_line])
    phone = models.CharField(max_length=40, blank=True, validators=[single_line])
    email = models.EmailField(max_length=254, blank=True, validators=[single_line])
    id_type = models.CharField(
        "ID type", max_length=20, choices=IdType.choices, blank=True, validators=[single_line]
    )
    id_number = EncryptedTextField(
        "ID number",
        max_length=64,
        blank=True,
        lookup_field="id_number_lookup",
        validators=[single_line],
    )
    id_number_lookup = LookupHashField(blank=True)
    id_issuer = models.CharField("ID issuer", max_length=100, blank=True, validators=[single_line])
    vehicle_plate = models.CharField(max_length=16, blank=True, validators=[single_line])
    vehicle_state = models.CharField(max_length=32, blank=True, validators=[single_line])
    room = models.CharField(max_length=16, blank=True, validators=[single_line])
    adults = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_ADULTS)]
    )
    minors = models.PositiveSmallIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(MAX_MINORS)]
    )
    occupants = models.JSONField(default=list, blank=True, validators=[validate_occupants])
    arrival = models.DateTimeField()
    expected_departure = models.DateField()
    checked_out_at = models.DateTimeField(null=True, blank=True, editable=False)
    rate = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    rate_type = models.CharField(
        max_length=10, choices=RateType.choices, blank=True, validators=[single_line]
    )
    amount_charged = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    payment_method = models.CharField(
        max_length=10, choices=PaymentMethod.choices, blank=True, validators=[single_line]
    )
    receipt_number = models.CharField(
        "receipt or folio number", max_length=64, blank=True, validators=[single_line]
    )

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.DESK)
    external_ref = models.CharField(
        max_length=100,
        blank=True,
        validators=[single_line],
        help_text=_("The sending system's id; a retried push with it returns the first result."),
    )
    # An import gave only the arrival's date: the time is the property's check-in time.
    arrival_time_assumed = models.BooleanField(default=False, db_default=False, editable=False)
    # Set by the service (not auto_now_add) so the chained digest covers the stored value.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["-arrival", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["property", "number"], name="registration_number_unique"
            ),
            models.UniqueConstraint(
                fields=["property", "external_ref"],
                condition=~Q(external_ref=""),
                name="registration_external_ref_unique",
            ),
            models.CheckConstraint(
                condition=Q(adults__gte=1) & Q(adults__lte=MAX_ADULTS),
                name="registration_adults_range",
            ),
            models.CheckConstraint(
                condition=Q(minors__gte=0) & Q(minors__lte=MAX_MINORS),
                name="registration_minors_range",
            ),
            models.CheckConstraint(
                condition=Q(rate__isnull=True) | Q(rate__gte=0), name="registration_rate_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(amount_charged__isnull=True) | Q(amount_charged__gte=0),
                name="registration_amount_gte_0",
            ),
        ]
        indexes = [
            models.Index(fields=["property", "-arrival"], name="registration_property_arrival"),
            models.Index(fields=["property", "room"], name="registration_property_room"),
            # The desk's in-house list (`desk_paging`): its count and its page in room order
            # read only the few rows still in house, not the property's whole register.
            models.Index(
                fields=["property", "room", "number"],
                condition=Q(checked_out_at__isnull=True),
                name="registration_in_house",
            ),
            # The desk's recently departed: the latest check-outs of a property.
            models.Index(
                fields=["property", "-checked_out_at"],
                condition=Q(checked_out_at__isnull=False),
                name="registration_departed",
            ),
        ]

    def __str__(self) -> str:
        # No personal data: this string reaches logs, admin breadcrumbs and error reports.
        return f"Registration {self.number} at {self.property}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Corrections are amendments (`services.registration_amend`), never a re-save; the
        # purge may still delete a registration, so only updates are refused here.
        if not self._state.adding:
            raise RuntimeError("A registration is changed only through registration_amend.")
        super().save(*args, **kwargs)

    def id_number_masked(self) -> str:
        return mask(self.id_number or "")


class RegistrationName(models.Model):
    """One whole name of a stay (its lead guest's or an occupant's), as a keyed hash.

    The register's blind index (`guests.name_index`): SQL matches a records request's names
    against these hashes (`Registration.objects.named(...)`), never against the JSON of
    `occupants` or a substring. Written with the registration by every path that writes one
    (check-in, import, an amendment of `guest_name` or `occupants`), deleted with it by the
    retention purge, and rehashed under the newest key by `rotate_encryption_key`.
    """

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="name_index"
    )
    # Denormalised so scoping and the lookup index need no join.
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    digest = LookupHashField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "digest"], name="registration_name_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Name hash of registration {self.registration_id}"


class RegistrationCounter(models.Model):
    """The last number issued per property; its row lock makes numbering gapless."""

    property = models.OneToOneField(
        Property, on_delete=models.PROTECT, primary_key=True, related_name="registration_counter"
    )
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.property}: {self.last_number}"


# The fields a correction may change: the guest data, never numbering, provenance or the chain.
AMENDABLE_FIELDS = GUEST_FIELDS
AMENDMENT_REASON_MAX_LENGTH = 500


class Amendment(AppendOnlyModel):
    """One corrected field of a registration: old and new value, why, who and when.

    For `id_number` the values are stored masked: the register keeps the encrypted number,
    and an append-only row could not be re-encrypted when the key rotates.
    """

    purge_deletes = True  # with their registration, by the retention purge only

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="amendments"
    )
    # Denormalised from the registration so scoping needs no join.
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(
        max_length=32,
        choices=[(name, name.replace("_", " ")) for name in AMENDABLE_FIELDS],
    )
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.CharField(max_length=AMENDMENT_REASON_MAX_LENGTH, validators=[single_line])
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    entry_hash = models.CharField(max_length=64)

    objects = PropertyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["registration", "created_at", "field"]
        indexes = [
            models.Index(fields=["registration", "created_at"], name="amendment_registration_time")
        ]

    def __str__(self) -> str:
        return f"Amendment of {self.field} on registration {self.registration_id}"


class IdempotencyKey(models.Model):
    """The first result of an API check-in, so a retried push returns it instead of a copy.

    Written in the registration's own transaction; the digest tells a true retry (same body)
    from a reused key (a different body, refused with 409).
    """

    purge_deletes: ClassVar[bool] = True  # only with their registration, by the purge

    class Source(models.TextChoices):
        HEADER = "header", _("Idempotency-Key header")
        EXTERNAL_REF = "external_ref", _("external_ref field")

    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20, choices=Source.choices)
    key = models.CharField(max_length=100)
    # The retention purge deletes a registration; its keys mean nothing after it.
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    request_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["property", "source", "key"], name="idempotency_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} key at {self.property_id}"


NARRATIVE_MAX_LENGTH = 5000
HOTLINE_REFERENCE_MAX_LENGTH = 100


class ConcernAction(models.TextChoices):
    MANAGER_TOLD = "manager_told", _("Told a manager")
    HOTLINE_CALLED = "hotline_called", _("Called the hotline")
    POLICE_911 = "police_911", _("Called 911")
    NONE_YET = "none_yet", _("Nothing yet")


class ConcernReport(AppendOnlyModel):
    """A staff member's report of possible trafficking: evidence, so written once.

    `registration` is SET_NULL, not PROTECT: the retention purge must be able to destroy an
    expired stay even when a concern names it. The purge's UPDATE that unlinks it is the only
    change the database trigger allows (migration 0004); the chain entry keeps the
    registration's UUID, so which stay it was about stays on record without personal data.
    """

    purge_updates = ("registration_id",)  # the purge's unlink, the one UPDATE allowed

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="concerns")
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
    )
    # Codes from `guests.indicators`, in taxonomy order; validated by the service.
    indicators = models.JSONField(default=list, blank=True)
    narrative = models.TextField(max_length=NARRATIVE_MAX_LENGTH, blank=True)
    # `ConcernAction` values; validated by the service.
    action_taken = models.JSONField(default=list)
    hotline_reference = models.CharField(
        max_length=HOTLINE_REFERENCE_MAX_LENGTH, blank=True, validators=[single_line]
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    entry_hash = models.CharField(max_length=64)

    objects = PropertyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["property", "-created_at"], name="concern_property_time")]

    def __str__(self) -> str:
        # No narrative, no guest: this string reaches logs and admin breadcrumbs.
        return f"Concern {self.pk} at {self.property_id}"

    def action_labels(self) -> list[str]:
        labels = dict(ConcernAction.choices)
        return [labels.get(code, code) for code in self.action_taken]


class ConcernStatus(models.TextChoices):
    NEW = "new", _("New")
    REVIEWED = "reviewed", _("Reviewed")
    REFERRED = "referred", _("Referred to police or the hotline")
    CLOSED = "closed", _("Closed")


class ConcernCaseEntry(AppendOnlyModel):
    """One step of a concern's case: its status, owner and a follow-up note after the step.

    Written once (database triggers refuse UPDATE and DELETE, migration 0017) and chained, so
    the case's history is as tamper-evident as the report itself. The case's state is its
    latest entry's; a report with no entry is `new`, owned by nobody.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    concern = models.ForeignKey(
        ConcernReport, on_delete=models.PROTECT, related_name="case_entries"
    )
    status = models.CharField(max_length=16, choices=ConcernStatus.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(max_length=NARRATIVE_MAX_LENGTH, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    entry_hash = models.CharField(max_length=64)

    objects = PropertyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["concern", "created_at", "pk"]
        indexes = [
            models.Index(fields=["concern", "-created_at"], name="concern_case_latest"),
        ]

    def __str__(self) -> str:
        return f"Case step {self.pk} of concern {self.concern_id}"


class PurgeRecord(AppendOnlyModel):
    """One run of the retention purge at a property: counts and dates, never personal data.

    `checkpoint_seq` is the chain checkpoint recorded before anything was deleted, so
    `verify_chain` and an inspector can tell when the register was shortened and by how much;
    `last_transaction` lets the compliance pack show that nothing went before its time.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    run_at = models.DateTimeField(default=timezone.now)
    today = models.DateField(help_text=_("The property's date the run judged expiry by."))
    dry_run = models.BooleanField(default=False)
    registrations = models.PositiveIntegerField(default=0)
    amendments = models.PositiveIntegerField(default=0)
    idempotency_keys = models.PositiveIntegerField(default=0)
    concerns_unlinked = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(default=0, help_text=_("Expired but kept by a legal hold."))
    batches = models.PositiveIntegerField(default=0)
    first_arrival = models.DateField(null=True, blank=True)
    last_arrival = models.DateField(null=True, blank=True)
    last_transaction = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "The latest last transaction (check-out) among the destroyed stays: "
            "retention counts from it. Empty for runs recorded before it was kept."
        ),
    )
    checkpoint_seq = models.PositiveBigIntegerField(null=True, blank=True)

    objects = PropertyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["property", "-run_at"]

    def __str__(self) -> str:
        kind = "dry run" if self.dry_run else "purge"
        return f"Retention {kind} at {self.property_id}: {self.registrations} registrations"


class RegistrationImport(StoredImport):
    """An uploaded PMS export between its preview and its confirmation (`StoredImport`).

    Beside the kept file: the counts and the errors of the preview (they name lines and
    columns, never a value), and the numbers the import gave.
    """

    rows = models.PositiveIntegerField(default=0)
    bad_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    first_number = models.PositiveIntegerField(null=True, blank=True)
    last_number = models.PositiveIntegerField(null=True, blank=True)
    # The profile as it was at upload (`ImportProfile.as_json`): the confirmation reads the file
    # exactly as the preview did, even if the profile is edited in between. Null: own columns.
    profile_snapshot = models.JSONField(null=True, blank=True)
    # What the file does to the register (`import_upsert.Outcomes.as_dict`): rows created,
    # updated (with each updated line's fields), unchanged.
    outcomes = models.JSONField(default=dict, blank=True)
    # Who sent it: the import page or API (`created_by` is the person), or the property's
    # drop folder (`created_by` is the manager who set the folder up, on whose behalf it runs).
    source = models.CharField(
        max_length=12,
        choices=[("upload", _("Upload")), ("drop_folder", _("Drop folder"))],
        default="upload",
    )

    class Meta(StoredImport.Meta):
        pass

    def __str__(self) -> str:
        return f"Registration import {self.pk}"


class ImportProfile(models.Model):
    """How one PMS's export maps onto this property's register (`guests.import_profiles`).

    `mapping` is the JSON `import_profiles.mapping_parse` checks; `builtin` names the built-in
    profile it was copied from, if any.
    """

    class Delimiter(models.TextChoices):
        COMMA = ",", _("Comma")
        SEMICOLON = ";", _("Semicolon")
        PIPE = "|", _("Pipe")
        TAB = "\t", _("Tab")

    class Encoding(models.TextChoices):
        UTF8 = "utf-8", _("UTF-8")
        UTF8_BOM = "utf-8-sig", _("UTF-8 with BOM")
        CP1252 = "cp1252", _("Windows-1252")
        LATIN1 = "latin-1", _("Latin-1")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(Property, on_delete=models.CASCADE, related_name="import_profiles")
    name = models.CharField(max_length=100, validators=[single_line])
    delimiter = models.CharField(max_length=2, choices=Delimiter.choices, default=Delimiter.COMMA)
    encoding = models.CharField(max_length=10, choices=Encoding.choices, default=Encoding.UTF8)
    header_row = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    mapping = models.JSONField(default=dict)
    builtin = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PropertyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["property", "name"], name="import_profile_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def as_json(self) -> dict:
        """The layout and mapping as `import_profiles.profile_from_json` reads them."""
        return {
            "delimiter": self.delimiter,
            "encoding": self.encoding,
            "header_row": self.header_row,
            "mapping": self.mapping,
        }


class DropFolder(models.Model):
    """A folder on this server where the property's PMS drops its nightly export.

    `guests.drop_folders` scans it (beat task `guests.tasks.scan_drop_folders`), imports each new
    file through `profile` (none: this product's columns) on behalf of `run_as`, the manager
    who set it up, and moves it to `done/` or `failed/`. `path` lies under the setting
    `IMPORT_DROP_ROOT`; nothing else is ever read.
    """

    property = models.OneToOneField(Property, on_delete=models.CASCADE, related_name="drop_folder")
    path = models.CharField(max_length=500)
    profile = models.ForeignKey(
        ImportProfile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    run_as = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_scan_at = models.DateTimeField(null=True, blank=True)
    # File name -> size at the last scan: a file is taken when its size held still a scan long.
    seen_sizes = models.JSONField(default=dict, blank=True)

    objects = PropertyScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Drop folder of {self.property_id}"


class ConcernFormToken(AppendOnlyModel):
    """The one-time token of a concern form that was filed: a second submit finds the first.

    Kept beside the report rather than on it, so the append-only evidence table is untouched.
    """

    token = models.UUIDField(primary_key=True)
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    concern = models.OneToOneField(
        ConcernReport, on_delete=models.PROTECT, related_name="form_token"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Concern form token {self.token}"


# --- Pre-arrivals (guests/pre_arrival_models.py): imported here so Django registers them.
from guests.pre_arrival_models import PreArrival, PreArrivalStatus  # noqa: E402, F401
