"""Helpers for the server-rendered pages: the current property and the role's menu."""

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hotelcompliance.roles import ROLE_HOME, Action, Role
from hotelcompliance.scoping import can, roles_at
from hotelcompliance.tenancy import Property

SESSION_PROPERTY_KEY = "current_property_id"
# Most specific first: a user with several roles lands on the broadest one's home.
ROLE_PRECEDENCE = [Role.ORG_ADMIN, Role.MANAGER, Role.FRONT_DESK, Role.INSPECTOR]


class AuthenticatedHttpRequest(HttpRequest):
    """For type hints only: a request past the login check, so its user is a User."""

    user: User


def my_properties(request: HttpRequest) -> list[Property]:
    """The user's properties, read once per request (the switcher and the pages share them)."""
    cached: list[Property] | None = getattr(request, "_my_properties", None)
    if cached is None:
        cached = list(Property.objects.for_user(request.user).select_related("organisation"))
        request._my_properties = cached  # type: ignore[attr-defined]  # per-request cache
    return cached


def current_property(request: HttpRequest) -> Property | None:
    """The property chosen in the switcher, or the user's first one."""
    properties = my_properties(request)
    chosen = request.session.get(SESSION_PROPERTY_KEY)
    for prop in properties:
        if prop.pk == chosen:
            return prop
    return properties[0] if properties else None


def primary_role(user: User | AnonymousUser, prop: Property | None) -> str | None:
    if prop is None:
        return None
    roles = roles_at(user, prop)
    return next((role for role in ROLE_PRECEDENCE if role in roles), None)


def home_url_for(user: User | AnonymousUser, prop: Property | None) -> str:
    role = primary_role(user, prop)
    return reverse(ROLE_HOME[role]) if role else reverse("no_access")


def navigation_for(user: User | AnonymousUser, prop: Property | None) -> list[dict[str, object]]:
    # Each item: a label (translated lazily, rendered in the request's language) and a URL.
    if prop is None:
        return []
    items = []
    if can(user, prop, Action.REGISTRATION_CREATE):
        items.append({"label": _("Front desk"), "url": reverse("desk")})
    if can(user, prop, Action.TRAINING_VIEW):
        items.append({"label": _("Dashboard"), "url": reverse("dashboard")})
        if Role.ORG_ADMIN in roles_at(user, prop):
            items.append({"label": _("Group"), "url": reverse("group_dashboard")})
        items.append({"label": _("Training"), "url": reverse("training_roster")})
    if can(user, prop, Action.REQUEST_FILE):
        items.append({"label": _("Records requests"), "url": reverse("inspector_home")})
    elif can(user, prop, Action.REQUEST_RESPOND):
        items.append({"label": _("Records requests"), "url": reverse("records_request_list")})
    if can(user, prop, Action.REQUEST_VIEW):
        items.append({"label": _("Reports"), "url": reverse("report_list")})
    if can(user, prop, Action.REPORT_VIEW):
        items.append({"label": _("Poster evidence"), "url": reverse("poster_evidence")})
    if can(user, prop, Action.MEMBERS_INVITE):
        items.append({"label": _("People"), "url": reverse("people")})
    if can(user, prop, Action.PROPERTY_MANAGE):
        items.append({"label": _("Settings"), "url": reverse("property_settings")})
    if can(user, prop, Action.API_TOKENS_MANAGE):
        items.append({"label": _("Integration tokens"), "url": reverse("api_tokens")})
    items.append({"label": _("Rules"), "url": reverse("rules")})
    return items
