"""The one way any view or endpoint reaches a property's data.

Fail closed: a property the user holds no role at looks exactly like one that does not exist
(404); a property they belong to but an action their role may not take is a 403.
"""

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404

from hotelcompliance.roles import role_allows
from hotelcompliance.tenancy import Membership, Property, token_property_id

if TYPE_CHECKING:
    from hotelcompliance.tenancy import AnyUser

_M = TypeVar("_M", bound=models.Model)


def roles_at(user: "AnyUser", prop: Property) -> set[str]:
    """Every role the user holds at the property, directly or through its organisation."""
    if not user.is_authenticated or not user.is_active:
        return set()
    bound = token_property_id(user)
    if bound is not None and prop.pk != bound:
        return set()  # an integration token reaches its own property only
    cache = getattr(user, "_roles_cache", None)
    if cache is None:
        cache = user._roles_cache = {}  # type: ignore[attr-defined]  # per-request cache
    if prop.pk not in cache:
        cache[prop.pk] = set(
            Membership.objects.for_property(prop).filter(user=user).values_list("role", flat=True)
        )
    return cache[prop.pk]


def can(user: "AnyUser", prop: Property, action: str) -> bool:
    return role_allows(roles_at(user, prop), action)


def get_property_for_user(user: "AnyUser", property_id: str | int | None, action: str) -> Property:
    """Return the property if the user may take the action there; 404 or 403 otherwise."""
    if property_id is None:  # no property in the URL
        raise Http404("No such property.")
    try:
        prop = Property.objects.for_user(user).get(pk=int(property_id))
    except (Property.DoesNotExist, ValueError):
        raise Http404("No such property.") from None
    if not can(user, prop, action):
        raise PermissionDenied("Your role does not allow this here.")
    return prop


def get_object_for_property(queryset: "models.QuerySet[_M]", prop: Property, **lookup: Any) -> _M:
    """Fetch one object of the property; another property's object is a 404."""
    try:
        return queryset.filter(property=prop).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        # A malformed id (a bad UUID, say) is a missing object too.
        raise Http404("Not found.") from None


class PropertyScopedQuerySet(models.QuerySet):
    """Base for every model that belongs to a property."""

    def for_property(self, prop: Property) -> Self:
        return self.filter(property=prop)

    def for_user(self, user: "AnyUser") -> Self:
        return self.filter(property__in=Property.objects.for_user(user))
