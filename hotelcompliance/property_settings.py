"""A manager changes their property's settings in the app; each change is in the change log."""

from typing import TYPE_CHECKING, Any

from django.db import transaction

from hotelcompliance.change_log import ChangeKind, change_record, field_changes
from hotelcompliance.tenancy import Property

if TYPE_CHECKING:
    from hotelcompliance.tenancy import AnyUser


def property_settings_update(*, actor: "AnyUser", prop: Property, data: dict[str, Any]) -> Property:
    """Save the changed settings (validated like admin) and record old and new values.

    Validates a fresh copy, so a refused change leaves the caller's instance as it was.
    """
    changed = Property.objects.select_related("organisation").get(pk=prop.pk)
    before = {name: getattr(changed, name) for name in data}
    for name, value in data.items():
        setattr(changed, name, value)
    changed.full_clean()
    changes = field_changes(before, data)
    if not changes:
        return changed
    with transaction.atomic():
        changed.save(update_fields=sorted(changes))
        change_record(
            actor=actor,
            organisation=changed.organisation,
            prop=changed,
            kind=ChangeKind.PROPERTY_CHANGED,
            subject=changed.name,
            changes=changes,
        )
    return changed
