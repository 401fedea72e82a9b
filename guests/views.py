"""Front-desk pages: the desk home, check-in, a registration, its ID reveal and check-out.

Every page goes through `property_page` (403 for a role that may not take the action) and
reaches registrations through `get_object_for_property` (another property's stay is a 404).
Pages run in the property's time zone, so "today" and every time shown are the desk's own.
URLs carry only UUIDs: no name, room or ID number ever appears in one.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from guests import (
    concern_cases,
    desk_paging,
    desk_scan,
    indicators,
    pms_import,
    room_checks,
    selectors,
    services,
)
from guests import concerns as concern_reports
from guests.forms import (
    TYPED_DATETIME,
    CheckInForm,
    ConcernCaseForm,
    ConcernReportForm,
    ConcernStatusFilterForm,
    CorrectionForm,
    DeskSearchForm,
    ImportUploadForm,
    RevealForm,
    ScanForm,
    SearchForm,
)
from guests.id_documents import UnreadableScan
from guests.models import (
    Amendment,
    Channel,
    ConcernReport,
    ConcernStatus,
    ImportProfile,
    RateType,
    Registration,
    RegistrationImport,
)
from hotelcompliance.form_errors import form_errors_place
from hotelcompliance.form_once import once_new, once_renew
from hotelcompliance.imports.errors import ImportFileError
from hotelcompliance.imports.preview import PreviewRefused
from hotelcompliance.roles import Action
from hotelcompliance.rooms import override_reason_problem
from hotelcompliance.scoping import can, get_object_for_property
from hotelcompliance.tenancy import Property
from hotelcompliance.views import property_local_page
from hotelcompliance.web import AuthenticatedHttpRequest

# Who may check a guest in despite a room or folio warning: managers (as for far arrivals).
ROOM_OVERRIDE_ACTION = Action.REGISTRATION_AMEND


@property_local_page(Action.REGISTRATION_CREATE)
def desk(request: HttpRequest, prop: Property) -> HttpResponse:
    page = desk_paging.page_number(request.GET.get("page", 1))
    lists = selectors.desk_lists_read(prop=prop, request=request, page=page)
    search = lists.search
    context = {
        "prop": prop,
        "pack": prop.rule_pack(),
        "today": prop.today(),
        "arrivals": lists.arrivals,
        "in_house": lists.in_house,
        "in_house_page": lists.in_house_page,
        "in_house_rows": lists.in_house_rows,
        "search": search,
        "search_form": DeskSearchForm(initial={"term": search.term if search else ""}),
        "search_minutes": settings.DESK_SEARCH_MINUTES,
        "recently_departed": lists.recently_departed,
        "more_departed": lists.more_departed,
        "incomplete": lists.incomplete,
        # Pre-arrivals due today, apart from the in-house (guests/_expected_arrivals.html).
        "expected_arrivals": lists.expected_arrivals,
        "recent_hours": settings.DESK_RECENT_DEPARTURES_HOURS,
        "can_check_out": can(request.user, prop, Action.REGISTRATION_CHECKOUT),
        "can_report_concern": can(request.user, prop, Action.CONCERN_CREATE),
        "can_view_concerns": can(request.user, prop, Action.CONCERN_VIEW),
        "can_search": can(request.user, prop, Action.REGISTRATION_SEARCH),
        "can_import": can(request.user, prop, Action.REGISTRATION_IMPORT),
    }
    return render(request, "guests/desk.html", context)


@require_POST
@property_local_page(Action.REGISTRATION_CREATE)
def desk_find(request: HttpRequest, prop: Property) -> HttpResponse:
    """Remember the desk's search (room or name) in the session: the term never enters a URL.

    "Show everyone" (or an empty box) forgets it. The search itself is logged when the desk
    shows its matches (`selectors.desk_lists_read`).
    """
    form = DeskSearchForm(request.POST)
    term = form.cleaned_data["term"] if form.is_valid() and "clear" not in request.POST else ""
    if not form.is_valid() and "clear" not in request.POST:
        messages.error(request, " ".join(str(e) for e in form.errors.get("term", [])))
    desk_paging.search_remember(request.session, prop.pk, term)
    return redirect(desk_paging.return_url(1, "in-house"))


@property_local_page(Action.REGISTRATION_CREATE)
def check_in(request: HttpRequest, prop: Property) -> HttpResponse:
    pack = prop.rule_pack()
    now = timezone.localtime().replace(second=0, microsecond=0)
    if request.method != "POST":
        form = CheckInForm(
            initial=_check_in_initial(now, prop), pack=pack, today=now.date(), prop=prop
        )
        return _check_in_page(request, prop, form)

    form = CheckInForm(request.POST, pack=pack, today=now.date(), prop=prop)
    if not form.is_valid():
        # Every problem at once: the register's rules run on what the form could read.
        _add_service_errors(request, prop, form)
        once_renew(form)
        return _check_in_page(request, prop, form, warnings=_warnings(prop, form))
    # The same form sent twice (a double click, a reload, a retry after a timeout): the first
    # check-in stands and the clerk is shown it.
    earlier = _desk_registration(prop, form.external_ref())
    if earlier is not None:
        return _already_registered(request, earlier)
    data = form.registration_data()
    warnings = room_checks.stay_warnings(prop, data)
    if warnings and not _override_given(request, prop, form):
        _add_service_errors(request, prop, form)
        return _check_in_page(request, prop, form, warnings=warnings)
    try:
        with transaction.atomic():
            registration = services.registration_create(
                prop=prop, actor=request.user, channel=Channel.DESK, data=data
            )
            if warnings:
                room_checks.override_record(
                    prop=prop,
                    registration=registration,
                    actor=request.user,
                    warnings=warnings,
                    reason=form.cleaned_data["override_reason"],
                )
    except ValidationError as error:
        # Two submits racing: the service refused the second on its external_ref.
        earlier = _desk_registration(prop, form.external_ref())
        if earlier is not None:
            return _already_registered(request, earlier)
        form_errors_place(form, error)
        return _check_in_page(request, prop, form, warnings=warnings)
    messages.success(
        request, _("Registration %(number)s recorded.") % {"number": registration.number}
    )
    return redirect("registration_detail", pk=registration.pk)


def _add_service_errors(request: HttpRequest, prop: Property, form: CheckInForm) -> None:
    """Add the register's own refusals for the fields the form could read (not twice)."""
    try:
        services.registration_validate(
            prop=prop, actor=request.user, channel=Channel.DESK, data=form.registration_data()
        )
    except ValidationError as error:
        fresh = {
            name: messages_
            for name, messages_ in error.message_dict.items()
            if name not in form.errors and name not in ("external_ref",)
        }
        if fresh:
            form_errors_place(form, ValidationError(fresh))


def _warnings(prop: Property, form: CheckInForm) -> list[room_checks.StayWarning]:
    return room_checks.stay_warnings(prop, form.registration_data())


def _override_given(request: HttpRequest, prop: Property, form: CheckInForm) -> bool:
    """A manager's reason lets the warned check-in through; a clerk cannot override."""
    reason = form.cleaned_data.get("override_reason", "")
    if not can(request.user, prop, ROOM_OVERRIDE_ACTION):
        form.add_error(
            None,
            _("Ask a manager to confirm this check-in, or change the room or folio number."),
        )
        return False
    if not reason:
        return False  # the page shows the warnings and asks for the reason
    problem = override_reason_problem(reason)
    if problem:
        form.add_error("override_reason", problem)
        return False
    return True


@property_local_page(Action.REGISTRATION_VIEW)
def registration_detail(request: HttpRequest, prop: Property, pk) -> HttpResponse:
    registration = selectors.registration_read(prop=prop, pk=pk, request=request)
    return _registration_page(request, prop, registration, reveal_form=RevealForm())


@property_local_page(Action.REGISTRATION_VIEW)
def registration_card(request: HttpRequest, prop: Property, pk) -> HttpResponse:
    """The stay's one-page registration card (PDF) to print and have the guest sign."""
    registration, pdf = selectors.registration_card_read(prop=prop, pk=pk, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    # A number in the file name, never the guest's name.
    filename = f"registration-card-{registration.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@property_local_page(Action.REGISTRATION_REVEAL_ID)
def registration_reveal_id(request: HttpRequest, prop: Property, pk) -> HttpResponse:
    """Show the clear ID number on this response only, after logging who asked and why."""
    registration = _registration(prop, pk)
    form = RevealForm(request.POST)
    revealed = None
    if not registration.id_number:
        form = RevealForm()
        messages.info(request, _("This registration has no ID number."))
    elif form.is_valid():
        revealed = selectors.registration_id_reveal(
            registration=registration, reason=form.cleaned_data["reason"], request=request
        )
        form = RevealForm()
    if revealed is None:  # the page is shown again, masked: a read like any other
        selectors.registration_view_record(
            registration=registration, request=request, page="detail"
        )
    return _registration_page(request, prop, registration, reveal_form=form, revealed=revealed)


@require_POST
@property_local_page(Action.REGISTRATION_CHECKOUT)
def checkout(request: HttpRequest, prop: Property, pk) -> HttpResponse:
    registration = _registration(prop, pk)
    try:
        services.registration_checkout(registration=registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, f"#{registration.number}: {' '.join(error.messages)}")
    else:
        messages.success(
            request, _("Registration %(number)s checked out.") % {"number": registration.number}
        )
    if request.POST.get("return_to") == "desk":
        # Back to the page and row the clerk was at (the next guest's row), search kept.
        return redirect(
            desk_paging.return_url(request.POST.get("page"), request.POST.get("return_anchor"))
        )
    return redirect("registration_detail", pk=registration.pk)


@property_local_page(Action.REGISTRATION_AMEND)
def registration_correct(request: HttpRequest, prop: Property, pk) -> HttpResponse:
    """A manager corrects one field with a reason: an amendment, never an overwrite."""
    registration = _registration(prop, pk)
    tz = prop.tz
    if request.method != "POST":
        selectors.registration_view_record(
            registration=registration, request=request, page="correction"
        )
        return _correct_page(request, prop, registration, CorrectionForm(tz=tz))
    form = CorrectionForm(request.POST, tz=tz)
    if not form.is_valid():
        return _correct_page(request, prop, registration, form)
    try:
        amendments = services.registration_amend(
            registration=registration,
            actor=request.user,
            changes=form.changes(),
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        _add_correction_errors(form, error)
        return _correct_page(request, prop, registration, form)
    if amendments:
        messages.success(
            request, _("Registration %(number)s corrected.") % {"number": registration.number}
        )
    else:
        messages.info(request, _("That is already the recorded value: nothing changed."))
    return redirect("registration_detail", pk=registration.pk)


def _correct_page(
    request: HttpRequest, prop: Property, registration: Registration, form: CorrectionForm
) -> HttpResponse:
    context = {"prop": prop, "registration": registration, "form": form}
    return render(request, "guests/registration_correct.html", context)


def _add_correction_errors(form: CorrectionForm, error: ValidationError) -> None:
    """Put the corrected field's messages beside the value, the reason's by it, the rest on top."""
    form_errors_place(form, error, renames={form.cleaned_data["field"]: "new_value"})


SEARCH_LIMIT = 200
# The concern service's names placed on top: the stay is a hidden field, the signs a group.
CONCERN_LABELS = {"registration": "Stay", "indicators": ""}


@property_local_page(Action.REGISTRATION_SEARCH)
def registration_search(request: HttpRequest, prop: Property) -> HttpResponse:
    """Search the property's register by POST (no names in URLs); every search is logged."""
    form = SearchForm(request.POST if request.method == "POST" else None)
    results = None
    if form.is_valid():
        results = selectors.registration_search(
            prop=prop, criteria=form.criteria(), limit=SEARCH_LIMIT, request=request
        )
    context = {
        "prop": prop,
        "form": form,
        "results": results[:SEARCH_LIMIT] if results is not None else None,
        "truncated": results is not None and len(results) > SEARCH_LIMIT,
        "limit": SEARCH_LIMIT,
    }
    return render(request, "guests/registration_search.html", context)


def _registration(prop: Property, pk) -> Registration:
    """For writes (each records itself) and pages that log their own read."""
    return selectors.registration_get(prop, pk)


def _registration_page(
    request: HttpRequest,
    prop: Property,
    registration: Registration,
    *,
    reveal_form: RevealForm,
    revealed: str | None = None,
) -> HttpResponse:
    context = {
        "prop": prop,
        "registration": registration,
        "reveal_form": reveal_form,
        "revealed": revealed,
        "can_reveal": can(request.user, prop, Action.REGISTRATION_REVEAL_ID),
        "can_check_out": can(request.user, prop, Action.REGISTRATION_CHECKOUT),
        "can_report_concern": can(request.user, prop, Action.CONCERN_CREATE),
        "can_correct": can(request.user, prop, Action.REGISTRATION_AMEND),
        "amendments": Amendment.objects.filter(registration=registration)
        .select_related("amended_by")
        .order_by("created_at", "field"),
    }
    return render(request, "guests/registration_detail.html", context)


def _check_in_initial(now: datetime, prop: Property) -> dict[str, Any]:
    home_state = prop.region.strip()[:32]
    return {
        "adults": 1,
        "minors": 0,
        "arrival": now.strftime(TYPED_DATETIME),
        "expected_departure": (now.date() + timedelta(days=1)).isoformat(),
        "rate_type": RateType.NIGHTLY,
        "id_issuer": home_state,
        "vehicle_state": home_state,
        "token": once_new(),
    }


@require_POST
@sensitive_post_parameters("scan")
@property_local_page(Action.REGISTRATION_CREATE)
def check_in_scan(request: HttpRequest, prop: Property) -> HttpResponse:
    """A scanned (or typed) ID pre-fills the check-in form; the scan itself is not kept.

    The no-JS path and the wedge script's both: the page comes back with the document's
    fields filled, its warnings on top and, for a returning guest, their last stay's contact
    and vehicle offered. The scan box comes back empty.
    """
    now = timezone.localtime().replace(second=0, microsecond=0)
    scan_form = ScanForm(request.POST)
    initial = _check_in_initial(now, prop)
    warnings: list[str] = []
    returning = None
    if scan_form.is_valid():
        try:
            document, id_number = desk_scan.scan_read(
                scan_form.cleaned_data["scan"], today=now.date()
            )
        except UnreadableScan:
            warnings.append(desk_scan.unreadable_message())
        else:
            if document is not None:
                initial.update(desk_scan.form_initial(document))
                warnings += desk_scan.warnings_of(document)
            else:
                initial["id_number"] = id_number
            returning = selectors.returning_guest_read(
                prop=prop, id_number=id_number, request=request
            )
    else:
        warnings.append(desk_scan.unreadable_message())
    form = CheckInForm(initial=initial, pack=prop.rule_pack(), today=now.date(), prop=prop)
    return _check_in_page(
        request, prop, form, scan_warnings=warnings, returning=returning, scanned=True
    )


def _check_in_page(
    request: HttpRequest,
    prop: Property,
    form: CheckInForm,
    *,
    scan_warnings: list[str] | None = None,
    returning: Registration | None = None,
    scanned: bool = False,
    warnings: list[room_checks.StayWarning] | None = None,
) -> HttpResponse:
    can_override = can(request.user, prop, ROOM_OVERRIDE_ACTION)
    if warnings and can_override:
        # The keyboard goes to the reason, the one thing left to type.
        form.fields["override_reason"].widget.attrs["data-first-error"] = ""
    context = {
        "prop": prop,
        "form": form,
        "stay_warnings": warnings or [],
        "can_override": can_override,
        "vacant_rooms": room_checks.vacant_rooms(prop),
        "day_first": form.day_first,
        "scan_form": ScanForm(),
        "scan_warnings": scan_warnings or [],
        "returning": returning,
        "returning_fields": [
            (form[name], getattr(returning, name)) for name in selectors.RETURNING_GUEST_FIELDS
        ]
        if returning is not None
        else [],
        "scanned": scanned,
    }
    return render(request, "guests/check_in.html", context)


def _desk_registration(prop: Property, external_ref: str) -> Registration | None:
    return Registration.objects.for_property(prop).filter(external_ref=external_ref).first()


def _already_registered(request: HttpRequest, registration: Registration) -> HttpResponse:
    messages.info(
        request,
        _("Already registered #%(number)s: this form was sent twice.")
        % {"number": registration.number},
    )
    return redirect("registration_detail", pk=registration.pk)


@property_local_page(Action.CONCERN_CREATE)
def concern_new(request: HttpRequest, prop: Property) -> HttpResponse:
    """The discreet concern form; `?registration=<uuid>` names the stay it is about."""
    if request.method != "POST":
        registration = _concern_registration(prop, request.GET.get("registration"))
        initial = {"registration": registration.pk if registration else None}
        initial["token"] = once_new()
        return _concern_page(request, prop, ConcernReportForm(initial=initial), registration)

    form = ConcernReportForm(request.POST)
    registration = _concern_registration(prop, request.POST.get("registration"))
    if form.is_valid():
        try:
            # The same form sent twice files one report; both submits see the confirmation.
            concern_reports.concern_report_create_once(
                prop=prop,
                actor=request.user,
                data=form.concern_data(),
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            form_errors_place(form, error, labels=CONCERN_LABELS)
        else:
            messages.success(request, _("Concern report filed; the managers have been told."))
            return redirect("concern_filed")
    else:
        once_renew(form)
    return _concern_page(request, prop, form, registration)


@property_local_page(Action.CONCERN_CREATE)
def concern_filed(request: HttpRequest, prop: Property) -> HttpResponse:
    return render(request, "guests/concern_filed.html", {"prop": prop})


CONCERN_LIST_LIMIT = 200


@property_local_page(Action.CONCERN_VIEW)
def concern_list(request: HttpRequest, prop: Property) -> HttpResponse:
    filters = ConcernStatusFilterForm(request.GET)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    concerns = concern_reports.concern_list_read(
        prop=prop, limit=CONCERN_LIST_LIMIT, request=request, case_status=status
    )
    labels = dict(ConcernStatus.choices)
    rows = [
        (
            concern,
            indicators.groups_of(concern.indicators),
            labels.get(getattr(concern, "case_status", None) or ConcernStatus.NEW),
        )
        for concern in concerns
    ]
    context = {"prop": prop, "rows": rows, "filters": filters, "status": status}
    return render(request, "guests/concern_list.html", context)


@property_local_page(Action.CONCERN_VIEW)
def concern_detail(request: HttpRequest, prop: Property, pk) -> HttpResponse:
    concern = concern_reports.concern_read(prop=prop, pk=pk, request=request)
    return _concern_detail_page(request, prop, concern)


def _concern_detail_page(
    request: HttpRequest,
    prop: Property,
    concern: ConcernReport,
    form: ConcernCaseForm | None = None,
) -> HttpResponse:
    case = concern_cases.case_state(concern)
    owners = concern_cases.case_owners(prop)
    if form is None:
        form = ConcernCaseForm(
            owners=owners,
            initial={"status": case.status, "owner": str(case.owner.pk) if case.owner else ""},
        )
    context = {
        "prop": prop,
        "concern": concern,
        "signs": indicators.labels_by_group(concern.indicators),
        "case": case,
        "case_form": form,
    }
    return render(
        request, "guests/concern_detail.html", context, status=400 if form.is_bound else 200
    )


@require_POST
@property_local_page(Action.CONCERN_VIEW)
def concern_case_step(request: AuthenticatedHttpRequest, prop: Property, pk) -> HttpResponse:
    """Record a step of the concern's case (status, owner, note) from its page."""
    concern = concern_reports.concern_read(prop=prop, pk=pk, request=request)
    form = ConcernCaseForm(request.POST, owners=concern_cases.case_owners(prop))
    if not form.is_valid():
        return _concern_detail_page(request, prop, concern, form)
    try:
        entry = concern_cases.concern_case_step(
            concern=concern, actor=request.user, data=form.cleaned_data
        )
    except ValidationError as error:
        form_errors_place(form, error)
        return _concern_detail_page(request, prop, concern, form)
    messages.success(
        request,
        _("Case step recorded: %(status)s") % {"status": entry.get_status_display()},
    )
    return redirect("concern_detail", pk=concern.pk)


def _concern_registration(prop: Property, value) -> Registration | None:
    """The property's stay with this id, if it is one (anything else names no stay)."""
    if not value:
        return None
    try:
        return Registration.objects.for_property(prop).filter(pk=value).first()
    except (ValidationError, ValueError, TypeError):
        return None


def _concern_page(
    request: HttpRequest, prop: Property, form: ConcernReportForm, registration
) -> HttpResponse:
    context = {"prop": prop, "form": form, "registration": registration}
    return render(request, "guests/concern_new.html", context)


@property_local_page(Action.REGISTRATION_IMPORT)
def registration_import(request: AuthenticatedHttpRequest, prop: Property) -> HttpResponse:
    """Upload a PMS export: it is checked in full and previewed before anything is imported."""
    profiles = ImportProfile.objects.for_property(prop)
    form = ImportUploadForm(request.POST or None, request.FILES or None, profiles=profiles)
    if request.method == "POST" and form.is_valid():
        chosen_pk = form.cleaned_data["profile"]
        chosen = profiles.filter(pk=chosen_pk).first() if chosen_pk else None
        try:
            upload = pms_import.registration_import_upload(
                prop=prop,
                actor=request.user,
                file=form.cleaned_data["file"],
                file_name=form.file_name(),
                profile=chosen.as_json() if chosen else None,
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            return redirect("registration_import_preview", pk=upload.pk)
    context = {
        "prop": prop,
        "form": form,
        "columns": pms_import.COLUMNS,
        "required": pms_import.required_columns(prop),
        "max_mb": pms_import.MAX_IMPORT_BYTES // 1024 // 1024,
        "max_rows": pms_import.MAX_IMPORT_ROWS,
    }
    return render(request, "guests/import_form.html", context)


@property_local_page(Action.REGISTRATION_IMPORT)
def registration_import_preview(
    request: AuthenticatedHttpRequest, prop: Property, pk
) -> HttpResponse:
    """The preview (errors by line and field, the count of good rows) and its confirmation."""
    # Only the manager who uploaded a file sees or confirms it; anyone else gets a 404.
    mine = RegistrationImport.objects.filter(created_by=request.user)
    upload = get_object_for_property(mine, prop, pk=pk)
    if request.method == "POST":
        try:
            result = pms_import.registration_import_confirm(
                registration_import=upload, actor=request.user, request=request
            )
        except PreviewRefused as refused:
            if refused.code == "imported":
                messages.info(request, refused.message)
            else:
                messages.error(request, refused.message)
        else:
            if result.imported and (result.outcomes.updated or result.outcomes.unchanged):
                messages.success(
                    request,
                    _(
                        "Imported: %(created)d new registrations, %(updated)d updated, "
                        "%(unchanged)d unchanged."
                    )
                    % {
                        "created": result.outcomes.created,
                        "updated": result.outcomes.updated,
                        "unchanged": result.outcomes.unchanged,
                    },
                )
            elif result.imported:
                messages.success(
                    request,
                    ngettext(
                        "Imported %(count)d registration (#%(first)s–#%(last)s).",  # noqa: RUF001 (a range)
                        "Imported %(count)d registrations (#%(first)s–#%(last)s).",  # noqa: RUF001
                        result.imported,
                    )
                    % {
                        "count": result.imported,
                        "first": result.first_number,
                        "last": result.last_number,
                    },
                )
            else:
                messages.error(
                    request, _("Nothing was imported: the register changed since the preview.")
                )
        return redirect("registration_import_preview", pk=upload.pk)
    context = {
        "prop": prop,
        "upload": upload,
        "good_rows": upload.rows - upload.bad_rows,
        "more_errors": upload.error_count - len(upload.errors),
        "can_confirm": upload.can_confirm(),
    }
    return render(request, "guests/import_preview.html", context)
