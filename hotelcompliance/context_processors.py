from hotelcompliance.web import current_property, my_properties, navigation_for


def navigation(request) -> dict:
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
