"""Which steps of a records request a user may take now: one answer for pages, API and services.

A step is allowed when the user may take it (who: the property's managers answer, the filing
inspector withdraws and attaches) and the request's state lets it happen now (when). The page
shows a form only for an allowed step, the API lists them (`allowed_steps`), and the services
refuse any other with the same two checks: `step_check_permitted` (403) before anything is
read, `step_check_open` (409) on the locked row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import OPEN_STATUSES, RecordsRequest, RequestStatus
from hotelcompliance.roles import Action
from hotelcompliance.scoping import can

if TYPE_CHECKING:
    from hotelcompliance.tenancy import AnyUser as User

S = RequestStatus


class Step(models.TextChoices):
    REVIEW = "review", "Start the review"
    PRODUCE = "produce", "Produce the records"
    OBJECT = "object", "Object"
    CLARIFY = "clarify", "Ask for clarification"
    DECIDE = "decide", "Record the neutral decision"
    EXIGENT_REVIEW = "exigent_review", "Confirm or contest an exigent production"
    WITHDRAW = "withdraw", "Withdraw"
    ATTACH = "attach", "Attach a document"


# The hotel's answers; the other steps belong to the filing inspector.
MANAGER_STEPS = frozenset(
    {Step.REVIEW, Step.PRODUCE, Step.OBJECT, Step.CLARIFY, Step.DECIDE, Step.EXIGENT_REVIEW}
)
INSPECTOR_STEPS = frozenset({Step.WITHDRAW, Step.ATTACH})

# step → the states it may start from (the exigent review also needs an unreviewed exigent
# production, see `step_open`).
STEP_SOURCES: dict[str, frozenset[str]] = {
    Step.REVIEW: frozenset({S.RECEIVED, S.CLARIFICATION_REQUESTED}),
    Step.PRODUCE: frozenset({S.UNDER_REVIEW}),
    Step.OBJECT: frozenset({S.UNDER_REVIEW}),
    Step.CLARIFY: frozenset({S.RECEIVED, S.UNDER_REVIEW}),
    Step.DECIDE: frozenset({S.OBJECTED}),
    Step.EXIGENT_REVIEW: frozenset({S.PRODUCED}),
    Step.WITHDRAW: frozenset(OPEN_STATUSES),
    Step.ATTACH: frozenset(S.values) - {S.WITHDRAWN, S.CLOSED},
}

_PAST = {
    Step.REVIEW: "reviewed",
    Step.PRODUCE: "produced",
    Step.OBJECT: "objected to",
    Step.CLARIFY: "sent back for clarification",
    Step.WITHDRAW: "withdrawn",
    Step.DECIDE: "decided (only an objected request awaits a decision)",
}

_REFUSED = {
    Step.WITHDRAW: "Only the inspector who filed the request may withdraw it.",
    Step.ATTACH: "Only the inspector who filed the request attaches documents.",
    Step.DECIDE: "Only the property's managers record decisions.",
    Step.EXIGENT_REVIEW: "Only the property's managers review an exigent production.",
}


class TransitionNotAllowed(Exception):
    """The request's current state does not allow this step (the API answers 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def allowed_steps(records_request: RecordsRequest, user: User) -> frozenset[Step]:
    """Every step this user may take on the request now (what the page and the API offer)."""
    prop = records_request.property
    permitted: frozenset[Step] = frozenset()
    if can(user, prop, Action.REQUEST_RESPOND):
        permitted |= MANAGER_STEPS
    if _is_filing_inspector(records_request, user):
        permitted |= INSPECTOR_STEPS
    return frozenset(step for step in permitted if step_open(records_request, step))


def step_permitted(records_request: RecordsRequest, user: User, step: Step) -> bool:
    """Whether the user's role (or, for the inspector's steps, authorship) allows the step."""
    if step in INSPECTOR_STEPS:
        return _is_filing_inspector(records_request, user)
    return can(user, records_request.property, Action.REQUEST_RESPOND)


def step_open(records_request: RecordsRequest, step: Step) -> bool:
    """Whether the request's state lets the step happen now, whoever asks."""
    if records_request.status not in STEP_SOURCES[step]:
        return False
    if step == Step.EXIGENT_REVIEW:
        return records_request.exigent_review_due_at is not None and not (
            records_request.exigent_review
        )
    return True


def step_check_permitted(records_request: RecordsRequest, user: User, step: Step) -> None:
    """Refuse (PermissionDenied) a step the user may never take on this request."""
    if not step_permitted(records_request, user, step):
        raise PermissionDenied(
            _REFUSED.get(step, "Only the property's managers answer records requests.")
        )


def step_check_open(records_request: RecordsRequest, step: Step) -> None:
    """Refuse (TransitionNotAllowed, with why) a step the request's state does not allow now."""
    if step_open(records_request, step):
        return
    if step == Step.EXIGENT_REVIEW:
        raise TransitionNotAllowed(_exigent_refusal(records_request))
    status = records_request.get_status_display().lower()
    if step == Step.ATTACH:
        raise TransitionNotAllowed(f"This request is {status}; documents cannot be added now.")
    raise TransitionNotAllowed(f"This request is {status}; it cannot be {_PAST[step]} now.")


def _exigent_refusal(records_request: RecordsRequest) -> str:
    if records_request.exigent_review_due_at is None or records_request.status != S.PRODUCED:
        return _("Only a production under exigent circumstances is reviewed after the fact.")
    day = timezone.localtime(
        records_request.exigent_reviewed_at, records_request.property.tz
    ).date()
    return _("This exigent production was already %(outcome)s on %(day)s.") % {
        "outcome": records_request.get_exigent_review_display().lower(),
        "day": day,
    }


def _is_filing_inspector(records_request: RecordsRequest, user: User) -> bool:
    return user.pk == records_request.inspector_id and can(
        user, records_request.property, Action.REQUEST_FILE
    )
