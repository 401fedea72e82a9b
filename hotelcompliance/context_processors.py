from typing import Any

from django.http import HttpRequest

from hotelcompliance.web import current_property, my_properties, navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The property switcher and the role's menu, on every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    prop = current_property(request)
    return {
        "current_property": prop,
        "my_properties": my_properties(request),
        "nav_items": navigation_for(user, prop),
    }
