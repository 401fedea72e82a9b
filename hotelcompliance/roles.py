"""Roles and the actions each may take.

One table decides every permission in the product, so a reviewer can read who may do what
in one place. Views and API endpoints name an action; `hotelcompliance.scoping` checks it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FRONT_DESK = "front_desk", _("Front desk")
    MANAGER = "manager", _("Manager")
    ORG_ADMIN = "org_admin", _("Group administrator")
    INSPECTOR = "inspector", _("Inspector")


class Action(models.TextChoices):
    PROPERTY_VIEW = "property.view", _("See the property")
    REGISTRATION_VIEW = "registration.view", _("See registrations")
    REGISTRATION_CREATE = "registration.create", _("Check guests in")
    REGISTRATION_CHECKOUT = "registration.checkout", _("Check guests out")
    REGISTRATION_AMEND = "registration.amend", _("Correct registrations")
    REGISTRATION_SEARCH = "registration.search", _("Search the register")
    REGISTRATION_REVEAL_ID = "registration.reveal_id", _("Reveal ID numbers")
    REGISTRATION_IMPORT = "registration.import", _("Import registrations")
    CONCERN_CREATE = "concern.create", _("Report a concern")
    CONCERN_VIEW = "concern.view", _("Read concern reports")
    TRAINING_VIEW = "training.view", _("See the training roster")
    TRAINING_MANAGE = "training.manage", _("Manage employees and training")
    REPORT_VIEW = "report.view", _("See and download reports")
    REPORT_CREATE = "report.create", _("Generate reports")
    REQUEST_FILE = "records_request.file", _("File records requests")
    REQUEST_VIEW = "records_request.view", _("See records requests")
    REQUEST_RESPOND = "records_request.respond", _("Answer records requests")
    MEMBERS_MANAGE = "members.manage", _("Manage users and roles")
    MEMBERS_INVITE = "members.invite", _("Invite front-desk staff and managers")
    PROPERTY_MANAGE = "property.manage", _("Change the property's settings")
    API_TOKENS_MANAGE = "api_tokens.manage", _("See and revoke integration API tokens")


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
    Action.MEMBERS_INVITE,
    Action.PROPERTY_MANAGE,
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
