"""A records request served on paper (a subpoena handed over at the desk), logged into the workflow.

Officers who serve paper rarely have an account here. The manager logs the request for them:
the officer gets an inspector account at the property that cannot log in (no password), named
by agency and badge and reused for their next paper request, so the request has the same
filer, scope, deadline, legal hold, steps and timeline as one filed online, and the scan of the
paper is kept as its document. The answer goes back on paper: the manager downloads what is
produced and hands it over. Exigent circumstances are not logged this way: a manager facing
an emergency produces at once through the officer's own filing, or answers the paper directly.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from audits.models import LegalBasis, RecordsRequest
from audits.services import records_request_file
from audits.types import RecordsRequestFiling
from hotelcompliance.roles import Action, Role
from hotelcompliance.scoping import can
from hotelcompliance.tenancy import Membership, Property
from hotelcompliance.validators import single_line

OFFICER_NAME_MAX = 150
AGENCY_MAX = Membership._meta.get_field("agency").max_length or 200
BADGE_MAX = Membership._meta.get_field("badge_number").max_length or 64
USERNAME_PREFIX = "paper."


@dataclass(frozen=True)
class PaperOfficer:
    """Who served the paper, as printed on it."""

    name: str
    agency: str
    badge_number: str


def records_request_log_paper(
    *,
    prop: Property,
    actor: User,
    officer: PaperOfficer,
    data: RecordsRequestFiling,
    documents: list[tuple[str, Any]],
) -> RecordsRequest:
    """File the paper request for its officer and keep its scan; all of it, or nothing."""
    if not can(actor, prop, Action.REQUEST_RESPOND):
        raise PermissionDenied(_("Only the property's managers log paper requests."))
    errors = _officer_errors(officer)
    if data.get("legal_basis") == LegalBasis.EXIGENT_CIRCUMSTANCES:
        errors["legal_basis"] = _(
            "Exigent circumstances are not logged from paper: answer the officer directly."
        )
    if not documents:
        errors["documents"] = _("Attach the scan or photo of the paper request.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        inspector = paper_officer_account(prop, officer)
        request = records_request_file(
            prop=prop, inspector=inspector, data=data, documents=documents
        )
        request.logged_by = actor
        request.save(update_fields=["logged_by"])
    return request


def paper_officer_account(prop: Property, officer: PaperOfficer) -> User:
    """The officer's inspector account here: found by agency and badge, else made (no password)."""
    membership = (
        Membership.objects.filter(
            property=prop,
            role=Role.INSPECTOR,
            agency__iexact=officer.agency,
            badge_number__iexact=officer.badge_number,
            user__username__startswith=USERNAME_PREFIX,
        )
        .select_related("user")
        .first()
    )
    if membership is not None:
        return membership.user
    first, _space, last = officer.name.partition(" ")
    user = User(
        username=f"{USERNAME_PREFIX}{get_random_string(12).lower()}",
        first_name=first[:150],
        last_name=last[:150],
    )
    user.set_unusable_password()
    user.save()
    Membership.objects.create(
        user=user,
        property=prop,
        role=Role.INSPECTOR,
        agency=officer.agency,
        badge_number=officer.badge_number,
    )
    return user


def is_paper_officer(user: User) -> bool:
    return user.username.startswith(USERNAME_PREFIX)


def _officer_errors(officer: PaperOfficer) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field, value, limit in (
        ("officer_name", officer.name, OFFICER_NAME_MAX),
        ("officer_agency", officer.agency, AGENCY_MAX),
        ("officer_badge", officer.badge_number, BADGE_MAX),
    ):
        if not value.strip():
            errors[field] = _("This field is required.")
        elif len(value) > limit:
            errors[field] = _("At most %(n)d characters.") % {"n": limit}
        else:
            try:
                single_line(value)
            except ValidationError as error:
                errors[field] = error.messages[0]
    return errors
