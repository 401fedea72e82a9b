"""Stays still waiting for what a PMS knows only later (the charge, the payment, the receipt).

An integration may check a guest in without the fields its rule pack lists as `later`
(`GuestFields.later`, US-CT: amount_charged, payment_method, receipt_number) and send them in a
later update. Until they arrive the stay is "incomplete": the desk and the dashboard say so,
rather than the PMS inventing placeholder values at check-in.
"""

import operator
from collections.abc import Iterable
from functools import reduce

from django.db import models
from django.db.models import Q

from guests.models import Registration, RegistrationQuerySet
from hotelcompliance.rules import RulePack
from hotelcompliance.tenancy import Property


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def stay_missing_fields(
    registration: Registration, pack: RulePack | None = None
) -> tuple[str, ...]:
    """The `later` fields this stay still lacks, in name order; () when it is complete."""
    pack = pack or registration.property.rule_pack()
    return tuple(
        name for name in sorted(pack.guest_fields().later) if _blank(getattr(registration, name))
    )


def _missing_q(name: str) -> Q:
    if isinstance(Registration._meta.get_field(name), models.CharField | models.TextField):
        return Q(**{name: ""})
    return Q(**{f"{name}__isnull": True})


def missing_later(later: Iterable[str]) -> Q:
    """Stays lacking any of these `later` fields (the dashboard counts many properties at once)."""
    return reduce(operator.or_, map(_missing_q, later), Q(pk__isnull=True))


def incomplete(registrations: RegistrationQuerySet, pack: RulePack) -> RegistrationQuerySet:
    """The stays of `registrations` lacking any of the pack's `later` fields."""
    later = sorted(pack.guest_fields().later)
    if not later:
        return registrations.none()
    return registrations.filter(reduce(operator.or_, map(_missing_q, later)))


def incomplete_count(prop: Property) -> int:
    """How many of the property's stays still wait for their PMS's details (the dashboard)."""
    return incomplete(Registration.objects.for_property(prop), prop.rule_pack()).count()
