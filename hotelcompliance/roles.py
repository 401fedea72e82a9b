"""Roles and the actions each may take.

One table decides every permission in the product, so a reviewer can read who may do what
in one place. Views and API endpoints name an action; `hotelcompliance.scoping` checks it.
"""

from django.db import models


class Role(models.TextChoices):
    FRONT_DESK = "front_desk", "Front desk"
    MANAGER = "manager", "Manager"
    ORG_ADMIN = "org_admin", "Group administrator"
    INSPECTOR = "inspector", "Inspector"


class Action(models.TextChoices):
    PROPERTY_VIEW = "property.view", "See the property"
    REGISTRATION_VIEW = "registration.view", "See registrations"
    REGISTRATION_CREATE = "registration.create", "Check guests in"
    REGISTRATION_CHECKOUT = "registration.checkout", "Check guests out"
    REGISTRATION_AMEND = "registration.amend", "Correct registrations"
    REGISTRATION_SEARCH = "registration.search", "Search the register"
    REGISTRATION_REVEAL_ID = "registration.reveal_id", "Reveal ID numbers"
    REGISTRATION_IMPORT = "registration.import", "Import registrations"
    CONCERN_CREATE = "concern.create", "Report a concern"
    CONCERN_VIEW = "concern.view", "Read concern reports"
    TRAINING_VIEW = "training.view", "See the training roster"
    TRAINING_MANAGE = "training.manage", "Manage employees and training"
    REPORT_VIEW = "report.view", "See and download reports"
    REPORT_CREATE = "report.create", "Generate reports"
    REQUEST_FILE = "records_request.file", "File records requests"
    REQUEST_VIEW = "records_request.view", "See records requests"
    REQUEST_RESPOND = "records_request.respond", "Answer records requests"
    MEMBERS_MANAGE = "members.manage", "Manage users and roles"
    API_TOKENS_MANAGE = "api_tokens.manage", "See and revoke integration API tokens"


_DESK = {
    Action.PROPERTY_VIEW,
    Action.REGISTRATION_VIEW,
    Action.REGISTRATION_CREATE,
    Action.REGISTRATION_CHECKOUT,
    Action.CONCERN_CREATE,
}
_MANAGER = _DESK | {
    Action.REGISTRATION_AMEND,
    Action.REGISTRATION_SEARCH,
    Action.REGISTRATION_REVEAL_ID,
    Action.REGISTRATION_IMPORT,
    Action.CONCERN_VIEW,
    Action.TRAINING_VIEW,
    Action.TRAINING_MANAGE,
    Action.REPORT_VIEW,
    Action.REPORT_CREATE,
    Action.REQUEST_VIEW,
    Action.REQUEST_RESPOND,
    Action.API_TOKENS_MANAGE,
}
# Inspectors never browse guest data (City of Los Angeles v. Patel): they file requests and
# receive what the hotel produced for them.
_INSPECTOR = {Action.PROPERTY_VIEW, Action.REQUEST_FILE, Action.REQUEST_VIEW}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.FRONT_DESK: frozenset(_DESK),
    Role.MANAGER: frozenset(_MANAGER),
    Role.ORG_ADMIN: frozenset(_MANAGER | {Action.MEMBERS_MANAGE}),
    Role.INSPECTOR: frozenset(_INSPECTOR),
}

# Where each role lands after logging in.
ROLE_HOME: dict[str, str] = {
    Role.FRONT_DESK: "desk",
    Role.MANAGER: "dashboard",
    Role.ORG_ADMIN: "dashboard",
    Role.INSPECTOR: "inspector_home",
}


def role_allows(roles: set[str], action: str) -> bool:
    """Tell whether any of the roles may take the action."""
    return any(action in ROLE_ACTIONS.get(role, ()) for role in roles)
