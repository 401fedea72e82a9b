"""The property-scoping base every nested API endpoint inherits.

`initial()` runs after authentication and the global `IsAuthenticated`: it resolves the
property in the URL through `scoping.get_property_for_user`, so an endpoint cannot forget
the check. Another tenant's property (and so every object under it) is a 404; an action the
role may not take is a 403.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from rest_framework.request import Request

from hotelcompliance.scoping import get_property_for_user
from hotelcompliance.tenancy import Property

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView

    _ViewBase = GenericAPIView
else:
    _ViewBase = object


class PropertyScopedMixin(_ViewBase):
    property_url_kwarg = "property_pk"
    # DRF action name (list, create, retrieve, partial_update, a custom @action) → Action.
    required_actions: Mapping[str, str] = {}
    property: Property

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.property = get_property_for_user(
            request.user, kwargs.get(self.property_url_kwarg), self.required_action(request)
        )

    def required_action(self, request: Request) -> str:
        action = getattr(self, "action", None) or (request.method or "").lower()
        try:
            return self.required_actions[action]
        except KeyError:
            # Fail closed: an endpoint that names no action for this verb is refused.
            from rest_framework.exceptions import MethodNotAllowed

            raise MethodNotAllowed(request.method or "") from None

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().filter(property=self.property)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "property": self.property}
