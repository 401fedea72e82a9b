"""Every route is accounted for: a new URL fails here until its access rule is declared.

Each route is listed with who may reach it. Routes under a property are checked for scoping
by their own tests; this file guarantees none slips in unnoticed.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# route name → who may use it ("public", "login", "role:<action>", "admin", "api")
ROUTES = {
    "home": "login",
    "desk": "role:registration.create",
    "dashboard": "role:training.view",
    "group_dashboard": "group administrators only (their groups' properties; 403 otherwise)",
    "inspector_home": "role:records_request.file",
    "rules": "role:property.view",
    "no_access": "login",
    "switch_property": "login (404 for another tenant's property)",
    "set_language": "public (sets the language cookie; POST with CSRF, same-site next only)",
    "login": "public",
    "logout": "login",
    "password_change": "login",
    "password_change_done": "login",
    "healthz": "public (no secrets)",
    "api-token": "public (throttled, locks out)",
    "api-root": "api",
    "property-list": "api (scoped to the caller's properties)",
    "property-detail": "api (404 for another tenant's property)",
    "schema": "public in DEBUG, login in production",
    "api-docs": "public in DEBUG, login in production",
    "people": "role:members.invite",
    "people_invite": "role:members.invite",
    "people_role": "role:members.invite, POST (404 for another property's membership)",
    "people_remove": "role:members.invite, POST (404 for another property's membership)",
    "people_deactivate": "role:members.invite, POST (404 for another property's user)",
    "property_settings": "role:property.manage",
    "change_log": "role:members.invite",
    "invite_accept": "public (the invitation's one-time token)",
    "invite_done": "public (no data)",
}


def declared_routes() -> dict[str, str]:
    """The core's routes plus each app's, declared in tests/<app>/routes.py as ROUTES."""
    import importlib

    declared = dict(ROUTES)
    for module_name in (
        "guests.routes",
        "guests.routes_web",
        "training.routes",
        "audits.routes",
        "audits.routes_web",
        "audits.routes_reports",
        "core.routes_security",
    ):
        try:
            module = importlib.import_module(f"tests.{module_name}")
        except ModuleNotFoundError:
            continue
        declared.update(module.ROUTES)
    return declared


def route_names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from route_names(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield pattern.name or f"<unnamed {prefix}{pattern.pattern}>"


def test_every_route_is_declared():
    names = set(route_names(get_resolver().url_patterns))
    names = {n for n in names if not n.endswith("format-suffix")}

    declared = declared_routes()
    undeclared = sorted(names - set(declared))
    gone = sorted(set(declared) - names)

    assert undeclared == [], f"declare who may use these routes: {undeclared}"
    assert gone == [], f"these declared routes no longer exist: {gone}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["desk", "dashboard", "inspector_home", "rules", "home"])
def test_pages_need_a_login(client, name):
    from django.urls import reverse

    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
