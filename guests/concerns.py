"""Concern reports: filing one (validated, chained, the managers notified through the outbox)
and reading them, each read logged.

The model, `ConcernReport` (with `ConcernAction` and `ConcernFormToken`), stays in
`guests.models`, where Django and the migrations expect it.
"""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guests import indicators as taxonomy
from guests.models import (
    NARRATIVE_MAX_LENGTH,
    ConcernAction,
    ConcernFormToken,
    ConcernReport,
    Registration,
)
from guests.types import ConcernData
from hotelcompliance.access_log import AccessKind, access_list_record, access_view_record
from hotelcompliance.chain import chain_append, content_digest, instant
from hotelcompliance.outbox import outbox_enqueue
from hotelcompliance.scoping import get_object_for_property
from hotelcompliance.tenancy import Property
from hotelcompliance.validators import no_control_characters

# --- Filing ----------------------------------------------------------------------------

CONCERN_FIELDS = frozenset(
    {"indicators", "narrative", "action_taken", "hotline_reference", "registration"}
)
NOTIFY_MANAGERS_TASK = "guests.tasks.notify_managers_of_concern"
_NO_SUCH_REGISTRATION = "No such registration at this property."


def concern_report_create(*, prop: Property, actor, data: ConcernData) -> ConcernReport:
    """File a concern report, chain it and queue the managers' notification, in one transaction.

    `data`: `indicators` (codes of `guests.indicators`), `narrative`, `action_taken` (a list of
    `ConcernAction` values), `hotline_reference` (required when the hotline was called) and an
    optional `registration` (its id, of this property). Raises `ValidationError({field:
    [message]})` and saves nothing on any problem.
    """
    report = _validated_concern(prop=prop, actor=actor, data=data)
    with transaction.atomic():
        report.created_at = timezone.now()
        entry = chain_append(
            prop=prop,
            kind="concern",
            object_ref=f"concern:{report.pk}",
            # The stay's UUID outlives the purge's unlinking; the digest covers the rest.
            payload={
                "digest": concern_report_digest(report),
                "registration": str(report.registration_id) if report.registration_id else None,
            },
        )
        report.entry_hash = entry.entry_hash
        report.save(force_insert=True)
        # Written with the report; the relay hands it to Celery, never this request.
        outbox_enqueue(NOTIFY_MANAGERS_TASK, concern_id=str(report.pk))
    return report


def concern_report_create_once(
    *, prop: Property, actor, data: ConcernData, token: uuid.UUID
) -> tuple[ConcernReport, bool]:
    """File a concern once per form `token`; return (report, created).

    The same form sent twice (a double click, a reload) returns the first report: the token
    is saved in the report's own transaction, and its primary key settles a race.
    """
    earlier = _concern_of_token(prop, token)
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            report = concern_report_create(prop=prop, actor=actor, data=data)
            ConcernFormToken.objects.create(token=token, property=prop, concern=report)
    except IntegrityError:
        earlier = _concern_of_token(prop, token)
        if earlier is None:
            raise
        return earlier, False
    return report, True


def _concern_of_token(prop: Property, token: uuid.UUID) -> ConcernReport | None:
    row = (
        ConcernFormToken.objects.filter(property=prop, token=token)
        .select_related("concern")
        .first()
    )
    return row.concern if row is not None else None


def concern_report_digest(report: ConcernReport) -> str:
    """SHA-256 of a concern as stored, registration link aside (the purge may clear it)."""
    return content_digest(
        {
            "id": str(report.pk),
            "property": report.property_id,
            "indicators": report.indicators,
            "narrative": report.narrative,
            "action_taken": report.action_taken,
            "hotline_reference": report.hotline_reference,
            "reported_by": report.reported_by_id,
            "created_at": instant(report.created_at),
        }
    )


def _validated_concern(*, prop: Property, actor, data: ConcernData) -> ConcernReport:
    """Build the unsaved report, or raise every problem found at once."""
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - CONCERN_FIELDS):
        errors[name] = [_("Unknown field.")]

    indicators = _concern_indicators(data.get("indicators"), errors)
    narrative = _concern_narrative(data.get("narrative"), errors)
    actions = _concern_actions(data.get("action_taken"), errors)
    reference = _concern_text(data.get("hotline_reference"), "hotline_reference", errors)
    hotline_called = ConcernAction.HOTLINE_CALLED in actions
    if hotline_called and not reference and "hotline_reference" not in errors:
        errors["hotline_reference"] = [_("Give the reference the hotline gave you.")]
    if not indicators and not narrative and not {"indicators", "narrative"} & set(errors):
        errors["indicators"] = [_("Choose at least one sign, or describe what you saw.")]
    registration = _concern_registration(prop, data.get("registration"), errors)

    report = ConcernReport(
        property=prop,
        registration=registration,
        indicators=indicators,
        narrative=narrative,
        action_taken=actions,
        hotline_reference=reference,
        reported_by=actor,
    )
    if "hotline_reference" not in errors:
        try:
            report.clean_fields(exclude=["property", "registration", "reported_by", "entry_hash"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return report


def _concern_indicators(value: Any, errors: dict[str, list[str]]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)) or len(value) > len(taxonomy.INDICATORS):
        errors["indicators"] = [_("Give the signs as a list of indicator codes.")]
        return []
    unknown = [code for code in value if not taxonomy.is_indicator(code)]
    if unknown:
        errors["indicators"] = [_("Unknown indicator.")]
        return []
    return taxonomy.in_taxonomy_order(list(value))


def _concern_narrative(value: Any, errors: dict[str, list[str]]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors["narrative"] = [_("Give text.")]
        return ""
    # Browsers send CRLF; line breaks are the only control characters a narrative may hold.
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    problem = ""
    if len(value) > NARRATIVE_MAX_LENGTH:
        problem = f"Use at most {NARRATIVE_MAX_LENGTH} characters."
    elif "\t" in value:
        problem = "Contains control characters."
    else:
        try:
            no_control_characters(value)
        except ValidationError as error:
            problem = error.messages[0]
    if problem:
        errors["narrative"] = [problem]
        return ""
    return value


def _concern_actions(value: Any, errors: dict[str, list[str]]) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not value:
        errors["action_taken"] = [_("Say what has been done so far (or “Nothing yet”).")]
        return []
    known = set(ConcernAction.values)
    if any(not isinstance(code, str) or code not in known for code in value):
        errors["action_taken"] = [_("Unknown action.")]
        return []
    chosen = set(value)
    if ConcernAction.NONE_YET in chosen and len(chosen) > 1:
        errors["action_taken"] = [_("“Nothing yet” cannot go with another action.")]
        return []
    return [code for code in ConcernAction.values if code in chosen]


def _concern_text(value: Any, name: str, errors: dict[str, list[str]]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[name] = [_("Give text.")]
        return ""
    return value.strip()


def _concern_registration(
    prop: Property, value: Any, errors: dict[str, list[str]]
) -> Registration | None:
    """The property's registration with this id; any other id is the same field error."""
    if value in (None, ""):
        return None
    if isinstance(value, Registration):
        value = value.pk
    try:
        found = Registration.objects.for_property(prop).filter(pk=value).first()
    except (ValidationError, ValueError, TypeError):
        found = None
    if found is None:
        errors["registration"] = [_NO_SUCH_REGISTRATION]
    return found


# --- Reads (each writes its access event) --------------------------------------------------------


def concern_list_read(
    *, prop: Property, limit: int, request, case_status: str = ""
) -> list[ConcernReport]:
    """The newest concerns, each with its `case_status` (None: new), only those at a status."""
    from guests.concern_cases import filter_by_case_status, with_case_status

    scoped = ConcernReport.objects.for_property(prop).select_related("reported_by", "registration")
    rows = filter_by_case_status(scoped, case_status) if case_status else with_case_status(scoped)
    concerns = list(rows[:limit])
    access_list_record(
        request, prop, AccessKind.VIEW, "concern_list", counts={"rows": len(concerns)}
    )
    return concerns


def concern_read(*, prop: Property, pk, request) -> ConcernReport:
    queryset = ConcernReport.objects.select_related("reported_by", "registration")
    concern = get_object_for_property(queryset, prop, pk=pk)
    concern_view_record(concern=concern, request=request, page="detail")
    return concern


def concern_view_record(*, concern: ConcernReport, request, page: str) -> None:
    access_view_record(request, concern, "concern_report", page)


def concern_api_list_record(*, prop: Property, rows: int, request) -> None:
    access_list_record(
        request,
        prop,
        AccessKind.VIEW,
        "concern_list",
        counts={"rows": rows},
        reason_prefix="API list page",
    )
