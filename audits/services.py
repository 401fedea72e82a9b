"""Writes of the records-request workflow: filing, the hotel's answers, withdrawal.

Each service validates, runs in one transaction, records a chained timeline event (who, when,
why; no personal data in the chain) and returns the request. Filing places a legal hold over
the request's scope and queues a notice to the property's managers through the outbox.

Legal hold lifetime (see `hotelcompliance.holds`):
- open (received, under review, clarification requested): held;
- objected: held until a neutral decision-maker decides (the request is withdrawn or, after
  a decision to comply, produced);
- produced: held for `PRODUCED_HOLD_DAYS` more days, so the register extract can still be
  built (and rebuilt) from the very rows in scope, then the ordinary retention applies;
- withdrawn, or closed because a neutral decision-maker upheld the objection: released at once.

Who may take which step, and from which state, is `audits.request_steps`: the services
refuse through it what the pages and the API do not offer.

A produced request grants its inspector access to what was produced for
`settings.INSPECTOR_GRANT_DAYS` days (default 30): `RecordsRequest.grant_active()`.

Documents (subpoenas, warrants, consent forms, decisions) are checked by content
(`hotelcompliance.uploads`) and stored under generated names. Poster evidence has its own
module, `audits.poster_evidence`.
"""

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import (
    DecisionOutcome,
    DocumentKind,
    EventStep,
    ExigentReview,
    LegalBasis,
    ObjectionDecision,
    RecordsRequest,
    RecordsRequestDocument,
    RecordsRequestEvent,
    RequestStatus,
    RequestSubject,
)
from audits.references import reference_next
from audits.request_steps import (
    Step,
    step_check_open,
    step_check_permitted,
)
from audits.scope import exigent_max_percent, exigent_too_broad, scope_size
from audits.types import RecordsRequestFiling
from hotelcompliance.chain import chain_append, content_digest
from hotelcompliance.emails import absolute_url, make_message
from hotelcompliance.holds import hold_place, hold_release
from hotelcompliance.names import normalise_name
from hotelcompliance.outbox import outbox_enqueue
from hotelcompliance.roles import Action, Role
from hotelcompliance.rooms import unknown_rooms as rooms_not_listed
from hotelcompliance.rules import GUEST_FIELDS
from hotelcompliance.scoping import can
from hotelcompliance.tenancy import Membership, Property
from hotelcompliance.uploads import KINDS, CheckedUpload, check_upload, sha256_of
from hotelcompliance.validators import no_control_characters, single_line

NOTIFY_MANAGERS_TASK = "audits.tasks.notify_managers_of_request"
REMIND_EXIGENT_REVIEW_TASK = "audits.tasks.remind_managers_of_exigent_review"
DEFAULT_EXIGENT_REVIEW_HOURS = 72
PRODUCED_HOLD_DAYS = 30
DEFAULT_INSPECTOR_GRANT_DAYS = 30
MAX_DOCUMENTS = 20
SHORT_TEXT_MAX_LENGTH = 200
# Break-glass requests are narrow by rule: a few days, and named rooms or guests.
EXIGENT_MAX_PERIOD_DAYS = 3
EXIGENT_REASON_MIN_LENGTH = 20
MAX_ROOMS = 200
ROOM_MAX_LENGTH = 16
MAX_NAMES = 50
NAME_MAX_LENGTH = 200
REASON_MAX_LENGTH = 2000
AGENCY_REFERENCE_MAX = RecordsRequest._meta.get_field("agency_reference").max_length or 100
FILE_FIELDS = {
    "legal_basis",
    "period_start",
    "period_end",
    "rooms",
    "names",
    "fields",
    "deadline",
    "exigent_reason",
    "agency_reference",
    "subject",
}

S = RequestStatus
# step → the state it leads to; which states it starts from, and who may take it, is
# `audits.request_steps` (the same answer the pages and the API give).
TARGETS: dict[str, str] = {
    Step.REVIEW: S.UNDER_REVIEW,
    Step.PRODUCE: S.PRODUCED,
    Step.OBJECT: S.OBJECTED,
    Step.CLARIFY: S.CLARIFICATION_REQUESTED,
    Step.WITHDRAW: S.WITHDRAWN,
    # The neutral decision: upheld closes the request, overruled sends it back for production.
    Step.DECIDE: S.UNDER_REVIEW,
}
DECISION_TARGETS = {
    DecisionOutcome.OBJECTION_UPHELD: S.CLOSED,
    DecisionOutcome.OBJECTION_OVERRULED: S.UNDER_REVIEW,
}


def inspector_grant_days() -> int:
    return int(getattr(settings, "INSPECTOR_GRANT_DAYS", DEFAULT_INSPECTOR_GRANT_DAYS))


def exigent_review_hours() -> int:
    return int(getattr(settings, "EXIGENT_REVIEW_HOURS", DEFAULT_EXIGENT_REVIEW_HOURS))


# Filing ----------------------------------------------------------------------------------


def records_request_file(
    *,
    prop: Property,
    inspector,
    data: RecordsRequestFiling,
    documents: list[tuple[str, Any]] | tuple = (),
    submission=None,
) -> RecordsRequest:
    """File an inspector's request, hold what it covers and tell the managers.

    An exigent-circumstances request is produced at once (break-glass): it needs a written
    reason and a narrow scope, and every manager is told immediately. `documents` are
    `(kind, upload)` pairs, all checked before anything is saved.
    """
    membership = _inspector_membership(prop, inspector)
    errors: dict[str, str] = {}
    try:
        clean = _clean_filing(prop, data)
    except ValidationError as error:
        errors.update({name: messages[0] for name, messages in error.message_dict.items()})
    documents = list(documents)
    checked = _check_documents(documents, errors, existing=0)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        request = RecordsRequest(
            property=prop,
            inspector=inspector,
            agency=membership.agency,
            badge_number=membership.badge_number,
            created_at=now,
            updated_at=now,
            submission=submission,
            reference=reference_next(prop, prop.today(), RecordsRequest.objects.all()),
            **clean,
        )
        if request.is_exigent():
            # Produced without review: the managers confirm or contest it after the fact.
            request.exigent_review_due_at = now + timedelta(hours=exigent_review_hours())
        request.full_clean(exclude=["legal_hold", "submission"])
        request.save(force_insert=True)
        if not request.is_training():
            _hold_scope(request, inspector)
        _record_event(request, actor=inspector, from_status="", reason="")
        if request.is_exigent():
            _mark_produced(request)
            _move(request, to_status=S.PRODUCED, actor=inspector, reason=request.exigent_reason)
            _after_production(request, actor=inspector)
        for kind, upload, upload_check in checked:
            _store_document(
                request, actor=inspector, kind=kind, upload=upload, checked=upload_check
            )
        outbox_enqueue(NOTIFY_MANAGERS_TASK, request_id=str(request.pk))
    return request


def _hold_scope(request: RecordsRequest, inspector: Any) -> None:
    """Hold the stays the request covers while it is open (guest-register requests only)."""
    request.legal_hold = hold_place(
        prop=request.property,
        actor=inspector,
        source=f"records_request:{request.pk}",
        period_start=request.period_start,
        period_end=request.period_end,
        rooms=request.rooms,
        reason=f"Records request {request.pk} ({request.get_legal_basis_display()})",
        # A scope that selects by name reads the stays' names: the hold freezes them too.
        names_in_scope=bool(request.names),
    )
    request.save(update_fields=["legal_hold"])


def _inspector_membership(prop: Property, inspector) -> Membership:
    membership = (
        Membership.objects.for_property(prop)
        .filter(user=inspector, role=Role.INSPECTOR)
        .order_by("pk")
        .first()
    )
    if membership is None or not can(inspector, prop, Action.REQUEST_FILE):
        raise PermissionDenied("Only an inspector at this property may file a records request.")
    return membership


def _clean_filing(prop: Property, data: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    unknown = sorted(set(data) - FILE_FIELDS)
    if unknown:
        raise ValidationError(
            {name: "This field is not part of a records request." for name in unknown}
        )
    clean: dict[str, Any] = {}
    basis = data.get("legal_basis")
    if basis not in LegalBasis.values:
        errors["legal_basis"] = "Choose one of: " + ", ".join(LegalBasis.values) + "."
    clean["legal_basis"] = basis
    today = prop.today()
    for name in ("period_start", "period_end", "deadline"):
        value = data.get(name)
        if not isinstance(value, date):
            errors[name] = _("Give a date (YYYY-MM-DD).")
        clean[name] = value
    start, end, deadline = clean["period_start"], clean["period_end"], clean["deadline"]
    if isinstance(start, date) and start > today:
        errors["period_start"] = _("The period cannot start in the future.")
    if isinstance(end, date) and end > today:
        errors["period_end"] = _("The period cannot end in the future.")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        errors["period_end"] = _("The period must end on or after its start.")
    if isinstance(deadline, date) and deadline < today:
        errors["deadline"] = _("The deadline cannot be in the past.")
    subject = data.get("subject") or RequestSubject.REGISTER
    if subject not in RequestSubject.values:
        errors["subject"] = _("Choose the guest register or training records.")
    clean["subject"] = subject
    if subject == RequestSubject.TRAINING:
        _check_training_scope(data, basis, errors)
        clean.update(rooms=[], names=[], fields=[])
    else:
        for name, check in (
            ("rooms", _clean_rooms),
            ("names", _clean_names),
            ("fields", _clean_fields),
        ):
            try:
                clean[name] = check(data.get(name, []))
            except ValidationError as error:
                errors[name] = error.messages[0]
                clean[name] = []
    unknown_rooms = rooms_not_listed(prop, clean["rooms"])
    if unknown_rooms:
        # The rooms the inspector typed, never anything of the register's stays.
        errors["rooms"] = _(
            "This property has no room %(rooms)s: name rooms from its room list."
        ) % {"rooms": ", ".join(unknown_rooms[:20])}
    clean["exigent_reason"] = _clean_text(data.get("exigent_reason", ""), "exigent_reason", errors)
    clean["agency_reference"] = _clean_agency_reference(data.get("agency_reference", ""), errors)
    if basis == LegalBasis.EXIGENT_CIRCUMSTANCES:
        _check_exigent(clean, errors)
        if not errors:
            _check_exigent_breadth(prop, clean, errors)
    elif clean["exigent_reason"]:
        errors["exigent_reason"] = _(
            "Only an exigent-circumstances request takes an exigent reason."
        )
    if errors:
        raise ValidationError(errors)
    return clean


def _check_training_scope(data: Mapping[str, Any], basis: object, errors: dict[str, str]) -> None:
    """A training-records request covers every employee of the period: no guest scope."""
    for name in ("rooms", "names", "fields"):
        if data.get(name):
            errors[name] = _("A training-records request covers no guests: leave this empty.")
    if basis == LegalBasis.EXIGENT_CIRCUMSTANCES:
        errors["legal_basis"] = _("Training records are not asked for under exigent circumstances.")


def _clean_agency_reference(value: object, errors: dict[str, str]) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if value not in ("", None) and not isinstance(value, str):
        errors["agency_reference"] = _("Give the agency's reference as text.")
    elif len(text) > AGENCY_REFERENCE_MAX:
        errors["agency_reference"] = _("At most %(n)d characters.") % {"n": AGENCY_REFERENCE_MAX}
    else:
        try:
            single_line(text)
        except ValidationError as error:
            errors["agency_reference"] = error.messages[0]
    return text


def _check_exigent(clean: dict[str, Any], errors: dict[str, str]) -> None:
    if len(clean["exigent_reason"].strip()) < EXIGENT_REASON_MIN_LENGTH:
        errors.setdefault(
            "exigent_reason",
            f"An exigent request needs a written reason of at least "
            f"{EXIGENT_REASON_MIN_LENGTH} characters.",
        )
    start, end = clean["period_start"], clean["period_end"]
    too_long = (
        isinstance(start, date)
        and isinstance(end, date)
        and (end - start).days + 1 > EXIGENT_MAX_PERIOD_DAYS
    )
    if too_long:
        errors.setdefault(
            "period_end", f"An exigent request covers at most {EXIGENT_MAX_PERIOD_DAYS} days."
        )
    if not clean["rooms"] and not clean["names"]:
        errors.setdefault("rooms", "An exigent request names the rooms or guests it needs.")


def _check_exigent_breadth(prop: Property, clean: dict[str, Any], errors: dict[str, str]) -> None:
    """Refuse an exigent scope that still covers too large a share of the period's stays.

    The message gives no count: the inspector learns nothing of the register from a refusal
    beyond what producing the scope would have shown.
    """
    size = scope_size(
        prop,
        period_start=clean["period_start"],
        period_end=clean["period_end"],
        rooms=clean["rooms"],
        names=clean["names"],
    )
    if exigent_too_broad(size):
        errors["names" if clean["names"] else "rooms"] = _(
            "This scope covers more than %(percent)s%% of the stays in its period, too "
            "many for an exigent request produced without review. Name fewer rooms or "
            "guests, or file under another legal basis so the hotel can review it."
        ) % {"percent": exigent_max_percent()}


def _clean_list(value, *, limit: int, item_max: int, noun: str) -> list[str]:
    if not isinstance(value, list | tuple):
        raise ValidationError(f"Give the {noun}s as a list.")
    if len(value) > limit:
        raise ValidationError(f"List at most {limit} {noun}s.")
    cleaned: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip() or len(item) > item_max:
            raise ValidationError(f"Each {noun} has 1 to {item_max} characters.")
        single_line(item)
        if item.strip() not in cleaned:
            cleaned.append(item.strip())
    return cleaned


def _clean_rooms(value) -> list[str]:
    return sorted(_clean_list(value, limit=MAX_ROOMS, item_max=ROOM_MAX_LENGTH, noun="room"))


def _clean_names(value) -> list[str]:
    """Whole guest names; two spellings of one name (`normalise_name`) count once."""
    cleaned: list[str] = []
    seen: set[str] = set()
    for name in _clean_list(value, limit=MAX_NAMES, item_max=NAME_MAX_LENGTH, noun="name"):
        key = normalise_name(name)
        if not key:
            raise ValidationError(_("Each name must have letters, not only marks or spaces."))
        if key not in seen:
            seen.add(key)
            cleaned.append(name)
    return cleaned


def _clean_fields(value) -> list[str]:
    if not isinstance(value, list | tuple) or not value:
        raise ValidationError(_("Name at least one registration field."))
    unknown = [str(item)[:40] for item in value if item not in GUEST_FIELDS]
    if unknown:
        raise ValidationError(f"Not registration fields: {', '.join(unknown)}.")
    return [name for name in GUEST_FIELDS if name in value]


def _clean_text(value, name: str, errors: dict[str, str]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[name] = _("Give text.")
        return ""
    if len(value) > REASON_MAX_LENGTH:
        errors[name] = f"At most {REASON_MAX_LENGTH} characters."
        return ""
    try:
        no_control_characters(value)
    except ValidationError as error:
        errors[name] = error.messages[0]
        return ""
    return value.strip()


# The hotel's answers and withdrawal ---------------------------------------------------------


def records_request_review(*, request: RecordsRequest, actor, reason: str = "") -> RecordsRequest:
    """Start reviewing the request (or resume after a clarification)."""
    return _respond(request, verb="review", actor=actor, reason=reason)


def records_request_produce(*, request: RecordsRequest, actor, reason: str = "") -> RecordsRequest:
    """Agree to produce the records in scope; the hold stays for the grace period."""
    return _respond(request, verb="produce", actor=actor, reason=reason)


def records_request_object(*, request: RecordsRequest, actor, grounds: str) -> RecordsRequest:
    """Object, with grounds, for review by a neutral decision-maker; the hold stays."""
    return _respond(request, verb="object", actor=actor, reason=grounds, required="grounds")


def records_request_clarify(*, request: RecordsRequest, actor, question: str) -> RecordsRequest:
    """Ask the inspector to clarify the request (its scope or basis, say)."""
    return _respond(request, verb="clarify", actor=actor, reason=question, required="question")


def records_request_withdraw(*, request: RecordsRequest, actor, reason: str = "") -> RecordsRequest:
    """The inspector who filed the request withdraws it; its hold is released."""
    step_check_permitted(request, actor, Step.WITHDRAW)
    return _transition(request, verb="withdraw", actor=actor, reason=reason)


def _respond(
    request: RecordsRequest, *, verb: str, actor, reason: str, required: str = ""
) -> RecordsRequest:
    step_check_permitted(request, actor, Step(verb))
    return _transition(request, verb=verb, actor=actor, reason=reason, required=required)


def _transition(
    request: RecordsRequest,
    *,
    verb: str,
    actor,
    reason: str,
    required: str = "",
    target: str | None = None,
    then=None,
) -> RecordsRequest:
    field = required or "reason"
    errors: dict[str, str] = {}
    reason = _clean_text(reason, field, errors)
    if required and not reason and not errors:
        errors[field] = (
            "Give the grounds of the objection, for review by a neutral decision-maker."
            if verb == "object"
            else "Say what the inspector should clarify."
        )
    if errors:
        raise ValidationError(errors)
    target = target or TARGETS[verb]
    with transaction.atomic():
        locked = (
            RecordsRequest.objects.select_for_update(of=("self",))
            .select_related("property", "legal_hold")
            .get(pk=request.pk)
        )
        step_check_open(locked, Step(verb))
        if target == S.PRODUCED:
            _mark_produced(locked)
        _move(locked, to_status=target, actor=actor, reason=reason)
        released = target in (S.WITHDRAWN, S.CLOSED)
        if released and locked.legal_hold and locked.legal_hold.is_active():
            hold_release(hold=locked.legal_hold, actor=actor)
        elif target == S.PRODUCED:
            _after_production(locked, actor=actor)
        if then is not None:
            then(locked)
    for name in ("status", "updated_at", "produced_at", "access_expires_at"):
        setattr(request, name, getattr(locked, name))
    return request


def _mark_produced(request: RecordsRequest, at: datetime | None = None) -> None:
    """Start the inspector's grant: access to what was produced, for INSPECTOR_GRANT_DAYS."""
    request.produced_at = at or timezone.now()
    request.access_expires_at = request.produced_at + timedelta(days=inspector_grant_days())


def _after_production(request: RecordsRequest, *, actor) -> None:
    """Queue the register extract of what was produced; keep the hold a while longer."""
    from audits.reports.services import report_queue_extract, report_queue_training_records

    if request.is_training():
        report_queue_training_records(records_request=request, actor=actor)
    else:
        report_queue_extract(records_request=request, actor=actor)
    hold = request.legal_hold
    if hold is not None and hold.is_active():
        ends_at = timezone.now() + timedelta(days=PRODUCED_HOLD_DAYS)
        hold_release(hold=hold, actor=actor, at=ends_at)


def _move(request: RecordsRequest, *, to_status: str, actor, reason: str) -> None:
    from_status = request.status
    request.status = to_status
    request.updated_at = timezone.now()
    request.save(update_fields=["status", "updated_at", "produced_at", "access_expires_at"])
    _record_event(request, actor=actor, from_status=from_status, reason=reason)


def _record_event(
    request: RecordsRequest, *, actor, from_status: str, reason: str, step: str = ""
) -> RecordsRequestEvent:
    """Write one timeline step and chain it: ids, states and a digest of the reason only.

    `step` names a step that changes no state (an exigent review); the payload carries it
    then, and only then, so the entries of ordinary transitions keep their shape.
    """
    event = RecordsRequestEvent(
        request=request,
        property=request.property,
        from_status=from_status,
        to_status=request.status,
        actor=actor,
        reason=reason,
        step=step,
        at=timezone.now(),
    )
    payload = {
        "request": str(request.pk),
        "from": from_status,
        "to": event.to_status,
        "by": actor.pk,
        "at": event.at.isoformat(),
        "digest": records_request_event_digest(reason, request),
    }
    if step:
        payload["step"] = step
    entry = chain_append(
        prop=request.property,
        kind="records_request.event",
        object_ref=f"records_request_event:{event.pk}",
        payload=payload,
    )
    event.entry_hash = entry.entry_hash
    event.save(force_insert=True)
    return event


def records_request_event_digest(reason: str, request: RecordsRequest) -> str:
    """The digest an event's entry holds: its reason and the request's scope (personal data)."""
    return content_digest({"reason": reason, "scope": _scope_of(request)})


def _scope_of(request: RecordsRequest) -> dict[str, Any]:
    return {
        "basis": request.legal_basis,
        "period": [str(request.period_start), str(request.period_end)],
        "rooms": request.rooms,
        "names": request.names,
        "fields": request.fields,
        "deadline": str(request.deadline),
    }


# The after-the-fact review of an exigent production ---------------------------------------------

EXIGENT_STEPS = {
    ExigentReview.CONFIRMED: EventStep.EXIGENT_CONFIRMED,
    ExigentReview.CONTESTED: EventStep.EXIGENT_CONTESTED,
}


def records_request_exigent_review(
    *, request: RecordsRequest, actor, outcome: str, reason: str
) -> RecordsRequest:
    """A manager confirms or contests an exigent production, with a reason, once.

    Recorded as a chained timeline step (the state stays `produced`: the records are out).
    A new register extract is queued, so the copy in circulation says how it was reviewed;
    the earlier one is kept. A contest does not end the inspector's access by itself: it is
    the hotel's record for whoever reviews the emergency's justification.
    """
    step_check_permitted(request, actor, Step.EXIGENT_REVIEW)
    errors: dict[str, str] = {}
    if outcome not in ExigentReview.values:
        errors["outcome"] = "Choose one of: " + ", ".join(ExigentReview.values) + "."
    reason = _clean_text(reason, "reason", errors)
    if not reason and "reason" not in errors:
        errors["reason"] = _("Say why you confirm or contest this production.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        locked = (
            RecordsRequest.objects.select_for_update(of=("self",))
            .select_related("property")
            .get(pk=request.pk)
        )
        step_check_open(locked, Step.EXIGENT_REVIEW)
        locked.exigent_review = outcome
        locked.exigent_reviewed_at = now
        locked.exigent_reviewed_by = actor
        locked.updated_at = now
        locked.save(
            update_fields=[
                "exigent_review",
                "exigent_reviewed_at",
                "exigent_reviewed_by",
                "updated_at",
            ]
        )
        _record_event(
            locked,
            actor=actor,
            from_status=locked.status,
            reason=reason,
            step=EXIGENT_STEPS[ExigentReview(outcome)],
        )
        from audits.reports.services import report_queue_extract

        report_queue_extract(records_request=locked, actor=actor)
    for name in ("exigent_review", "exigent_reviewed_at", "exigent_reviewed_by", "updated_at"):
        setattr(request, name, getattr(locked, name))
    return request


def exigent_reviews_remind_overdue(*, at: datetime | None = None, limit: int = 200) -> int:
    """Queue one reminder per exigent production whose review is overdue; never a second.

    The request is marked reminded by a conditional UPDATE in the reminder's own transaction,
    so two sweeps (or a sweep run twice) queue it once. Returns how many were queued now.
    """
    at = at or timezone.now()
    due = (
        RecordsRequest.objects.exigent_review_overdue(at)
        .filter(exigent_review_reminded_at__isnull=True)
        .order_by("exigent_review_due_at")
        .values_list("pk", flat=True)[:limit]
    )
    queued = 0
    for pk in due:
        with transaction.atomic():
            marked = RecordsRequest.objects.filter(
                pk=pk, exigent_review="", exigent_review_reminded_at__isnull=True
            ).update(exigent_review_reminded_at=at)
            if marked:
                outbox_enqueue(REMIND_EXIGENT_REVIEW_TASK, request_id=str(pk))
                queued += 1
    return queued


# The neutral decision on an objection ----------------------------------------------------------


def records_request_decide(
    *,
    request: RecordsRequest,
    actor,
    outcome: str,
    decided_by: str,
    decided_on: date | None,
    reference: str,
    document=None,
) -> RecordsRequest:
    """Record the neutral decision-maker's decision on the hotel's objection.

    Upheld: the request is closed without production and its hold released. Overruled: it
    goes back under review, and the hotel must produce.
    """
    step_check_permitted(request, actor, Step.DECIDE)
    errors: dict[str, str] = {}
    if outcome not in DecisionOutcome.values:
        errors["outcome"] = "Choose one of: " + ", ".join(DecisionOutcome.values) + "."
    decided_by = clean_short(decided_by, "decided_by", errors, "Name the judge, court or body.")
    reference = clean_short(reference, "reference", errors, "Give the decision's reference.")
    if not isinstance(decided_on, date) or isinstance(decided_on, datetime):
        errors["decided_on"] = _("Give the date of the decision (YYYY-MM-DD).")
    elif decided_on > request.property.today():
        errors["decided_on"] = _("The decision cannot be dated in the future.")
    checked = None
    if document is not None:
        try:
            checked = check_upload(document, kinds=KINDS, noun="document")
        except ValidationError as error:
            errors["document"] = error.messages[0]
    if errors or decided_on is None:  # a missing date is already an error above
        raise ValidationError(errors)
    outcome_label = DecisionOutcome(outcome).label.split(" (")[0]
    reason = f"{outcome_label} by {decided_by} on {decided_on.isoformat()} (ref. {reference})."

    def record(locked: RecordsRequest) -> None:
        stored = None
        if checked is not None:
            stored = _store_document(
                locked, actor=actor, kind=DocumentKind.DECISION, upload=document, checked=checked
            )
        ObjectionDecision.objects.create(
            request=locked,
            property=locked.property,
            outcome=outcome,
            decided_by=decided_by,
            decided_on=decided_on,
            reference=reference,
            document=stored,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )

    return _transition(
        request,
        verb="decide",
        actor=actor,
        reason=reason,
        target=DECISION_TARGETS[DecisionOutcome(outcome)],
        then=record,
    )


def clean_short(value, name: str, errors: dict[str, str], missing: str) -> str:
    """A required one-line text of at most `SHORT_TEXT_MAX_LENGTH` characters, or an error."""
    if not isinstance(value, str) or not value.strip():
        errors[name] = missing
        return ""
    value = value.strip()
    if len(value) > SHORT_TEXT_MAX_LENGTH:
        errors[name] = f"At most {SHORT_TEXT_MAX_LENGTH} characters."
        return ""
    try:
        single_line(value)
    except ValidationError as error:
        errors[name] = error.messages[0]
        return ""
    return value


# Documents ----------------------------------------------------------------------------------

INSPECTOR_DOCUMENT_KINDS = tuple(k for k in DocumentKind.values if k != DocumentKind.DECISION)


def records_request_document_add(
    *, request: RecordsRequest, actor, kind: str, upload
) -> RecordsRequestDocument:
    """The filing inspector attaches a subpoena, warrant, consent form or other document."""
    step_check_permitted(request, actor, Step.ATTACH)
    errors: dict[str, str] = {}
    with transaction.atomic():
        locked = (
            RecordsRequest.objects.select_for_update(of=("self",))
            .select_related("property")
            .get(pk=request.pk)
        )
        existing = locked.documents.count()
        checked = _check_documents([(kind, upload)], errors, existing=existing)
        if errors:
            raise ValidationError(errors)
        step_check_open(locked, Step.ATTACH)
        _, _, upload_check = checked[0]
        return _store_document(locked, actor=actor, kind=kind, upload=upload, checked=upload_check)


def _check_documents(documents, errors: dict, *, existing: int) -> list:
    """Check every (kind, upload) pair; the first problem goes under `kind` or `document`.

    A file's message keeps its code (`too_large`, `content`...), so the API can answer 413.
    """
    checked: list[tuple[str, Any, CheckedUpload]] = []
    if existing + len(documents) > MAX_DOCUMENTS:
        errors["document"] = f"A request takes at most {MAX_DOCUMENTS} documents."
        return []
    for kind, upload in documents:
        if kind not in INSPECTOR_DOCUMENT_KINDS:
            errors["kind"] = "Choose one of: " + ", ".join(INSPECTOR_DOCUMENT_KINDS) + "."
            continue
        try:
            checked.append((kind, upload, check_upload(upload, kinds=KINDS, noun="document")))
        except ValidationError as error:
            if len(documents) > 1:
                name = (getattr(upload, "name", "") or "a file")[:60]
                error = ValidationError(f"{name}: {error.messages[0]}", code=error.code)
            errors.setdefault("document", error)
    return checked


def _store_document(
    request: RecordsRequest, *, actor, kind: str, upload, checked: CheckedUpload
) -> RecordsRequestDocument:
    document = RecordsRequestDocument(
        request=request,
        property=request.property,
        kind=kind,
        original_name=checked.display_name,
        size=upload.size,
        sha256=sha256_of(upload),
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    document.file.save(f"upload.{checked.kind.extension}", upload, save=False)
    document.save(force_insert=True)
    return document


def records_request_document_for(*, request: RecordsRequest, user, pk) -> RecordsRequestDocument:
    """One of the request's documents, if the user may download it (managers, its inspector)."""
    if not (viewer_sees_all(user, request.property) or user.pk == request.inspector_id):
        raise PermissionDenied("You may not read this request's documents.")
    return RecordsRequestDocument.objects.filter(request=request).get(pk=pk)


# Notices ------------------------------------------------------------------------------------


def records_request_notify_managers(*, request_id: str) -> int:
    """Email every manager and group administrator of the property about the request.

    The message names the request, its basis, state and deadline, never the guests in scope:
    the managers read those on the request itself. Returns how many were sent.
    """
    request = RecordsRequest.objects.select_related("property").filter(pk=request_id).first()
    if request is None:
        return 0
    prop = request.property
    ctx = {"request": request, "property_name": prop.name, "url": _request_url(request)}
    if request.exigent_review_due_at is not None:
        ctx["review_due"] = _local_stamp(request.exigent_review_due_at, prop)
    return _send_to_managers(prop, "audits/emails/request_filed", ctx)


def records_request_remind_exigent_review(*, request_id: str) -> int:
    """Remind the managers that an exigent production awaits their review past its deadline.

    Nothing is sent once someone has confirmed or contested it. Returns how many were sent.
    """
    request = RecordsRequest.objects.select_related("property").filter(pk=request_id).first()
    if request is None or request.exigent_review or request.exigent_review_due_at is None:
        return 0
    prop = request.property
    ctx = {
        "request": request,
        "property_name": prop.name,
        "review_due": _local_stamp(request.exigent_review_due_at, prop),
        "url": _request_url(request),
    }
    return _send_to_managers(prop, "audits/emails/review_overdue", ctx)


def _send_to_managers(prop: Property, template: str, ctx: dict[str, Any]) -> int:
    recipients = Membership.objects.managers_of(prop).emails()
    for address in recipients:
        make_message(to=address, template=template, context=ctx, html=False).send()
    return len(recipients)


def _local_stamp(moment: datetime, prop: Property) -> str:
    return timezone.localtime(moment, prop.tz).strftime("%Y-%m-%d %H:%M %Z")


def _request_url(request: RecordsRequest) -> str:
    return absolute_url(reverse("records_request_detail", kwargs={"pk": request.pk}))


def records_request_record_read(*, records_request: RecordsRequest, request) -> None:
    """Log a read of the request: its guest names by anyone, or the request by its inspector.

    Names are personal data (a view of unmasked data); an inspector reading what they asked
    for is an access like every other of theirs. A manager reading a request without names is
    not logged.
    """
    from hotelcompliance.access_log import AccessKind, access_event_record

    prop = records_request.property
    if records_request.names:
        kind, fields = AccessKind.VIEW_UNMASKED, ["names"]
    elif not viewer_sees_all(request.user, prop):
        kind, fields = AccessKind.VIEW, []
    else:
        return
    access_event_record(
        actor=request.user,
        prop=prop,
        kind=kind,
        object_type="records_request",
        object_id=str(records_request.pk),
        fields=fields,
        reason=f"records_request:{records_request.pk}",
        request=request,
    )


def viewer_sees_all(user, prop: Property) -> bool:
    """Managers see every request of the property; an inspector only their own."""
    return can(user, prop, Action.REQUEST_RESPOND)
