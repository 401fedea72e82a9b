"""A property's import profiles: copied from a built-in, edited, checked, previewed.

The rules of a mapping are `guests.import_profiles` (pure); this module stores them
(`ImportProfile`) and answers with Django field errors. The caller checks the actor's
permission (`registration.import`, managers).
"""

from typing import IO, Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guests import import_profiles, pms_import
from guests.import_profiles import Profile, ProfileInvalid
from guests.models import ImportProfile
from hotelcompliance.tenancy import Property
from hotelcompliance.validators import single_line

PREVIEW_ROWS = 5
LAYOUT_FIELDS = ("delimiter", "encoding", "header_row")


def profile_checked(data: dict[str, Any]) -> Profile:
    """A profile's layout and mapping checked, or `ValidationError` with a message per path."""
    try:
        return import_profiles.profile_from_json(data)
    except ProfileInvalid as invalid:
        raise ValidationError(invalid.errors) from None


def profile_of(profile: ImportProfile) -> Profile:
    """The stored profile ready for `pms_import.registrations_import(profile=...)`."""
    return profile_checked(profile.as_json())


def profile_save(
    *, prop: Property, data: dict[str, Any], instance: ImportProfile | None = None
) -> ImportProfile:
    """Create (or update `instance`) from `name`, the layout and `mapping`; all or nothing."""
    errors: dict[str, list[str]] = {}
    name = data.get("name", instance.name if instance else "")
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > 100:
        errors["name"] = [_("Give the profile a name (at most 100 characters).")]
    else:
        name = name.strip()
        try:
            single_line(name)
        except ValidationError as error:
            errors["name"] = list(error.messages)
    layout = instance.as_json() if instance else {"delimiter": ",", "encoding": "utf-8"}
    layout = {**layout, "header_row": layout.get("header_row", 1)}
    for key in (*LAYOUT_FIELDS, "mapping"):
        if key in data:
            layout[key] = data[key]
    try:
        profile_checked(layout)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    profile = instance or ImportProfile(property=prop)
    profile.name = name
    profile.delimiter = layout["delimiter"]
    profile.encoding = layout["encoding"]
    profile.header_row = layout["header_row"]
    profile.mapping = layout["mapping"]
    profile.builtin = str(data.get("builtin", profile.builtin or ""))[:40]
    profile.updated_at = timezone.now()
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:
        raise ValidationError(
            {"name": [_("Another profile of this property has this name.")]}
        ) from None
    return profile


def profile_copy_builtin(*, prop: Property, key: str, name: str = "") -> ImportProfile:
    """A property's own copy of a built-in profile, to adjust; a free name is chosen."""
    builtin = import_profiles.builtins().get(key)
    if builtin is None:
        raise ValidationError({"builtin": [_("No built-in profile has this name.")]})
    taken = set(ImportProfile.objects.for_property(prop).values_list("name", flat=True))
    base = name.strip() or builtin.name
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base} ({n})"
    return profile_save(
        prop=prop, data={"name": candidate, "builtin": key, **builtin.data}, instance=None
    )


def profile_preview(
    *, prop: Property, actor: User, data: dict[str, Any], file: IO[bytes]
) -> pms_import.RegistrationImportResult:
    """The first rows of `file` as `data`'s profile would store them (a dry run, nothing kept).

    Raises `ValidationError` for a profile that does not check, `ImportFileError` for a file
    that cannot be read.
    """
    profile = profile_checked(data)
    return pms_import.registrations_import(
        prop=prop,
        actor=actor,
        file=file,
        dry_run=True,
        profile=profile,
        keep_rows=PREVIEW_ROWS,
    )


def profile_for_request(*, prop: Property, profile_id: object) -> Profile | None:
    """The profile a request names (an id of this property's), None when it names none.

    Another property's id, or no id at all that parses, is a field error on `profile`.
    """
    if profile_id in (None, ""):
        return None
    stored = None
    try:
        stored = ImportProfile.objects.for_property(prop).filter(pk=str(profile_id)).first()
    except (ValueError, ValidationError):
        stored = None
    if stored is None:
        raise ValidationError({"profile": [_("No import profile of this property has this id.")]})
    return profile_of(stored)


def profile_for_token(
    *, prop: Property, profile_id: object, bound: ImportProfile | None
) -> Profile | None:
    """The profile of a file import: a token's own profile when it names one, else the request's.

    An integration token bound to a profile (`ApiToken.import_profile`) imports through it
    and may not choose another: a different id is a field error on `profile`.
    """
    if bound is None:
        return profile_for_request(prop=prop, profile_id=profile_id)
    if profile_id not in (None, "") and str(profile_id) != str(bound.pk):
        raise ValidationError(
            {
                "profile": [
                    _("This integration token imports through its own profile, “%(name)s”.")
                    % {"name": bound.name}
                ]
            }
        )
    return profile_of(bound)
