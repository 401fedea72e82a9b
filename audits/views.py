"""Pages of records requests (inspectors file, managers answer) and of poster evidence.

Thin callers of `audits.services`. Every page goes through `property_page` (403 for a role
that may not take the action); requests, documents and photos are fetched within the current
property (another property's is a 404), and an inspector reaches only the requests they filed
(anyone else's is a 404 too). Step out of order: a clear message on the request's page, not an
error page. URLs carry only UUIDs.
"""

from typing import cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from audits import poster_evidence as posters
from audits import selectors, services
from audits.forms import (
    AnswerForm,
    DecideForm,
    DocumentForm,
    ExigentReviewForm,
    PaperRequestForm,
    PosterEvidenceForm,
    RecordsRequestForm,
)
from audits.models import (
    DocumentKind,
    PosterEvidence,
    RecordsRequest,
    RequestStatus,
)
from audits.paper_requests import records_request_log_paper
from audits.reports import access
from audits.request_steps import Step, TransitionNotAllowed, allowed_steps
from audits.scope import request_scope_size
from hotelcompliance.form_errors import form_errors_place
from hotelcompliance.form_once import once_claim, once_new, once_release, once_renew
from hotelcompliance.roles import Action
from hotelcompliance.scoping import can, get_object_for_property
from hotelcompliance.tenancy import Property
from hotelcompliance.uploads import safe_file_response
from hotelcompliance.views import property_local_page

ANSWER_VERBS = ("review", "produce", "object", "clarify")
LIST_LIMIT = 200
POSTER_TOKEN_SECONDS = 24 * 3600
POSTER_ONCE = "audits:poster-form"


# Inspector: filing ----------------------------------------------------------------------------


@property_local_page(Action.REQUEST_FILE)
def request_new(request: HttpRequest, prop: Property) -> HttpResponse:
    today = prop.today()
    pack = prop.rule_pack()
    if request.method != "POST":
        initial = {"token": once_new(), "register_fields": ["guest_name", "room", "arrival"]}
        form = RecordsRequestForm(initial=initial, pack=pack, today=today)
        return _new_page(request, prop, form)
    form = RecordsRequestForm(request.POST, request.FILES, pack=pack, today=today)
    if not form.is_valid():
        once_renew(form)
        return _new_page(request, prop, form)
    token = form.cleaned_data["token"]
    earlier = _filed_with(prop, request.user, token)
    if earlier is not None:
        return _already_filed(request, earlier)
    try:
        filed = services.records_request_file(
            prop=prop,
            inspector=request.user,
            data=form.filing_data(),
            documents=form.document_uploads(),
            submission=token,
        )
    except IntegrityError:
        # Two submits racing: the second met the first one's token.
        earlier = _filed_with(prop, request.user, token)
        if earlier is None:
            raise
        return _already_filed(request, earlier)
    except ValidationError as error:
        renames = {"document": "documents", "kind": "document_kind", "fields": "register_fields"}
        form_errors_place(form, error, renames=renames)
        return _new_page(request, prop, form)
    if filed.status == RequestStatus.PRODUCED:
        messages.warning(
            request,
            _(
                "Filed under exigent circumstances: the records in scope are produced now "
                "and every manager has been told."
            ),
        )
    else:
        messages.success(request, _("Request filed. The property's managers have been told."))
    return redirect("records_request_detail", pk=filed.pk)


@property_local_page(Action.REQUEST_RESPOND)
def request_paper(request: HttpRequest, prop: Property) -> HttpResponse:
    """A manager logs a request served on paper, with its scan, into the same workflow."""
    today = prop.today()
    pack = prop.rule_pack()
    if request.method != "POST":
        initial = {
            "token": once_new(),
            "register_fields": ["guest_name", "room", "arrival"],
            "document_kind": DocumentKind.SUBPOENA,
        }
        form = PaperRequestForm(initial=initial, pack=pack, today=today)
        return _paper_page(request, prop, form)
    form = PaperRequestForm(request.POST, request.FILES, pack=pack, today=today)
    if not form.is_valid():
        once_renew(form)
        return _paper_page(request, prop, form)
    if not once_claim("paper_request", form.cleaned_data["token"], seconds=24 * 3600):
        messages.info(request, _("Already logged: this form was sent twice."))
        return redirect("records_request_list")
    try:
        logged = records_request_log_paper(
            prop=prop,
            actor=cast(User, request.user),
            officer=form.officer(),
            data=form.filing_data(),
            documents=form.document_uploads(),
        )
    except ValidationError as error:
        once_release("paper_request", form.cleaned_data["token"])
        renames = {"document": "documents", "kind": "document_kind", "fields": "register_fields"}
        form_errors_place(form, error, renames=renames)
        once_renew(form)
        return _paper_page(request, prop, form)
    messages.success(
        request,
        _("Paper request logged as %(reference)s; the legal hold is in place.")
        % {"reference": logged.reference},
    )
    return redirect("records_request_detail", pk=logged.pk)


def _paper_page(request: HttpRequest, prop: Property, form: PaperRequestForm) -> HttpResponse:
    return render(request, "audits/request_paper.html", {"prop": prop, "form": form})


def _new_page(request: HttpRequest, prop: Property, form: RecordsRequestForm) -> HttpResponse:
    return render(request, "audits/request_new.html", {"prop": prop, "form": form})


def _filed_with(prop: Property, user, token) -> RecordsRequest | None:
    return (
        RecordsRequest.objects.for_property(prop).filter(inspector=user, submission=token).first()
    )


def _already_filed(request: HttpRequest, filed: RecordsRequest) -> HttpResponse:
    messages.info(request, _("Already filed: this form was sent twice."))
    return redirect("records_request_detail", pk=filed.pk)


# Both: the request's page ---------------------------------------------------------------------


@property_local_page(Action.REQUEST_VIEW)
def request_detail(request: HttpRequest, prop: Property, pk) -> HttpResponse:
    records_request = _visible_request(request, prop, pk)
    return _detail_page(request, prop, records_request)


def _visible_request(request: HttpRequest, prop: Property, pk) -> RecordsRequest:
    """The property's request, if this user may see it: managers all, an inspector their own."""
    queryset = RecordsRequest.objects.select_related("inspector", "legal_hold", "property")
    if not services.viewer_sees_all(request.user, prop):
        queryset = queryset.filed_by(request.user)
    return get_object_for_property(queryset, prop, pk=pk)


def _detail_page(
    request: HttpRequest,
    prop: Property,
    records_request: RecordsRequest,
    *,
    forms: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    manager = services.viewer_sees_all(request.user, prop)
    steps = allowed_steps(records_request, request.user)
    forms = _step_forms(prop, records_request, steps, forms or {})
    services.records_request_record_read(records_request=records_request, request=request)
    records_request.with_countdown(prop.today())
    context = {
        "prop": prop,
        "rr": records_request,
        "extracts": list(
            access.reports_visible_to(request.user, prop).filter(records_request=records_request)
        ),
        "manager": manager,
        "own": request.user.pk == records_request.inspector_id,
        "events": records_request.events.select_related("actor").order_by("at"),
        "documents": records_request.documents.select_related("uploaded_by").order_by(
            "uploaded_at"
        ),
        "decisions": records_request.decisions.select_related("recorded_by", "document").order_by(
            "recorded_at"
        ),
        "answers": [forms[verb] for verb in ANSWER_VERBS if verb in forms],
        "decide_form": forms.get("decide"),
        "withdraw_form": forms.get("withdraw"),
        "document_form": forms.get("document"),
        "grant_active": records_request.grant_active(),
        "grant_days": services.inspector_grant_days(),
        "review_form": forms.get("exigent_review"),
        "review_state": records_request.exigent_review_state(),
        # Counts only, and for managers only: an inspector learns nothing before production.
        "scope_size": (
            request_scope_size(records_request)
            if manager and not records_request.is_training()
            else None
        ),
    }
    return render(request, "audits/request_detail.html", context, status=status)


# The forms' names on the page (and in `forms=`), where they differ from the step's.
FORM_NAMES = {Step.EXIGENT_REVIEW: "exigent_review", Step.ATTACH: "document"}


def _step_forms(
    prop: Property, records_request: RecordsRequest, steps: frozenset[Step], bound: dict
) -> dict:
    """A form for each step the user may take now (the bound one, with its errors, if sent)."""
    forms = {}
    for step in steps:
        name = FORM_NAMES.get(step, step.value)
        forms[name] = bound.get(name) or _blank_form(prop, step, records_request.status)
    return forms


def _blank_form(prop: Property, step: Step, current: str) -> Form:
    if step == Step.DECIDE:
        return DecideForm(today=prop.today(), initial={"from_status": current})
    if step == Step.EXIGENT_REVIEW:
        return ExigentReviewForm()
    if step == Step.ATTACH:
        return DocumentForm()
    return AnswerForm(verb=step.value, initial={"from_status": current})


# Manager: the list and the answers ------------------------------------------------------------


@property_local_page(Action.REQUEST_RESPOND)
def request_list(request: HttpRequest, prop: Property) -> HttpResponse:
    """Every request of the property: the open ones first, nearest deadline first."""
    requests = selectors.records_request_list_read(prop=prop, limit=LIST_LIMIT, request=request)
    today = prop.today()
    return render(
        request,
        "audits/request_list.html",
        {"prop": prop, "requests": [rr.with_countdown(today) for rr in requests], "today": today},
    )


@require_POST
@property_local_page(Action.REQUEST_RESPOND)
def request_answer(request: HttpRequest, prop: Property, pk, verb: str) -> HttpResponse:
    if verb not in ANSWER_VERBS:
        raise Http404("No such step.")
    records_request = _visible_request(request, prop, pk)
    form = AnswerForm(request.POST, verb=verb)
    if not form.is_valid():
        return _detail_page(request, prop, records_request, forms={verb: form}, status=400)
    service = {
        "review": lambda text: services.records_request_review(
            request=records_request, actor=request.user, reason=text
        ),
        "produce": lambda text: services.records_request_produce(
            request=records_request, actor=request.user, reason=text
        ),
        "object": lambda text: services.records_request_object(
            request=records_request, actor=request.user, grounds=text
        ),
        "clarify": lambda text: services.records_request_clarify(
            request=records_request, actor=request.user, question=text
        ),
    }[verb]
    return _run_step(
        request, prop, records_request, form, verb, lambda: service(form.cleaned_data["text"])
    )


@require_POST
@property_local_page(Action.REQUEST_RESPOND)
def request_decide(request: HttpRequest, prop: Property, pk) -> HttpResponse:
    records_request = _visible_request(request, prop, pk)
    form = DecideForm(request.POST, request.FILES, today=prop.today())
    if not form.is_valid():
        return _detail_page(request, prop, records_request, forms={"decide": form}, status=400)
    data = form.cleaned_data

    def decide():
        return services.records_request_decide(
            request=records_request,
            actor=request.user,
            outcome=data["outcome"],
            decided_by=data["decided_by"],
            decided_on=data["decided_on"],
            reference=data["reference"],
            document=data.get("document"),
        )

    return _run_step(request, prop, records_request, form, "decide", decide)


@require_POST
@property_local_page(Action.REQUEST_RESPOND)
def request_exigent_review(request: HttpRequest, prop: Property, pk) -> HttpResponse:
    """A manager confirms or contests an exigent production after the fact."""
    records_request = _visible_request(request, prop, pk)
    form = ExigentReviewForm(request.POST)
    if not form.is_valid():
        forms = {"exigent_review": form}
        return _detail_page(request, prop, records_request, forms=forms, status=400)
    try:
        services.records_request_exigent_review(
            request=records_request,
            actor=request.user,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
        )
    except TransitionNotAllowed as error:
        records_request.refresh_from_db()
        messages.error(request, _("Not allowed now: %(why)s") % {"why": error.message})
        return _detail_page(request, prop, records_request, status=409)
    except ValidationError as error:
        form_errors_place(form, error)
        forms = {"exigent_review": form}
        return _detail_page(request, prop, records_request, forms=forms, status=400)
    messages.success(request, _("Review recorded; a new register extract states it."))
    return redirect("records_request_detail", pk=records_request.pk)


@require_POST
@property_local_page(Action.REQUEST_FILE)
def request_withdraw(request: HttpRequest, prop: Property, pk) -> HttpResponse:
    records_request = _visible_request(request, prop, pk)
    if records_request.inspector_id != request.user.pk:
        raise Http404("Not found.")
    form = AnswerForm(request.POST, verb="withdraw")
    if not form.is_valid():
        return _detail_page(request, prop, records_request, forms={"withdraw": form}, status=400)

    def withdraw():
        return services.records_request_withdraw(
            request=records_request, actor=request.user, reason=form.cleaned_data["text"]
        )

    return _run_step(request, prop, records_request, form, "withdraw", withdraw)


def _run_step(request, prop, records_request, form, verb: str, step) -> HttpResponse:
    """Run one transition; out of order is a message on the page (409), bad text inline."""
    try:
        step()
    except TransitionNotAllowed as error:
        if _sent_twice(records_request, request.user, form.cleaned_data.get("from_status")):
            messages.info(request, _("Already recorded: this form was sent twice."))
            return redirect("records_request_detail", pk=records_request.pk)
        records_request.refresh_from_db()
        messages.error(request, _("Not allowed now: %(why)s") % {"why": error.message})
        return _detail_page(request, prop, records_request, status=409)
    except ValidationError as error:
        form_errors_place(
            form, error, renames={"grounds": "text", "question": "text", "reason": "text"}
        )
        return _detail_page(request, prop, records_request, forms={verb: form}, status=400)
    except PermissionDenied:
        raise
    messages.success(request, _DONE.get(verb, _("Recorded.")))
    return redirect("records_request_detail", pk=records_request.pk)


_DONE = {
    "review": _("Review started."),
    "produce": _("Produced: the inspector can now receive the records in scope."),
    "object": _("Objection recorded, for review by a neutral decision-maker."),
    "clarify": _("Question sent to the inspector."),
    "withdraw": _("Request withdrawn; its legal hold is released."),
    "decide": _("Decision recorded."),
}


def _sent_twice(records_request: RecordsRequest, user, from_status) -> bool:
    """The same step's form arriving again: the last step is this user's, from that state."""
    last = records_request.events.order_by("-at").first()
    return bool(
        from_status
        and last is not None
        and last.actor_id == user.pk
        and last.from_status == from_status
    )


# Documents ----------------------------------------------------------------------------------


@require_POST
@property_local_page(Action.REQUEST_FILE)
def document_add(request: HttpRequest, prop: Property, pk) -> HttpResponse:
    records_request = _visible_request(request, prop, pk)
    if records_request.inspector_id != request.user.pk:
        raise Http404("Not found.")
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail_page(request, prop, records_request, forms={"document": form}, status=400)
    try:
        services.records_request_document_add(
            request=records_request,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
    except TransitionNotAllowed as error:
        messages.error(request, _("Not allowed now: %(why)s") % {"why": error.message})
        return _detail_page(request, prop, records_request, status=409)
    except ValidationError as error:
        form_errors_place(form, error, renames={"document": "file"})
        return _detail_page(request, prop, records_request, forms={"document": form}, status=400)
    messages.success(request, _("Document attached."))
    return redirect("records_request_detail", pk=records_request.pk)


@property_local_page(Action.REQUEST_VIEW)
def document_download(request: HttpRequest, prop: Property, pk, document_pk) -> FileResponse:
    """Managers and the filing inspector download a request's document; each download logged."""
    records_request = _visible_request(request, prop, pk)
    document = selectors.records_request_document_read(
        records_request=records_request, document_pk=document_pk, request=request
    )
    return safe_file_response(
        document.file, display_name=document.original_name, default="document"
    )


# Poster evidence ----------------------------------------------------------------------------


@property_local_page(Action.REPORT_VIEW)
def poster_evidence(request: HttpRequest, prop: Property) -> HttpResponse:
    """The property's poster photos, and (for those who may) the form to add one."""
    today = prop.today()
    may_add = can(request.user, prop, Action.REPORT_CREATE)
    form = None
    if may_add and request.method == "POST":
        form = PosterEvidenceForm(request.POST, request.FILES, today=today)
        if form.is_valid():
            token = form.cleaned_data["token"]
            if not once_claim(POSTER_ONCE, token, seconds=POSTER_TOKEN_SECONDS):
                messages.info(request, _("Already recorded: this form was sent twice."))
                return redirect("poster_evidence")
            try:
                posters.poster_evidence_add(
                    prop=prop,
                    actor=request.user,
                    data=form.evidence_data(),
                    photo=form.cleaned_data["photo"],
                )
            except ValidationError as error:
                once_release(POSTER_ONCE, token)
                form_errors_place(form, error)
            else:
                messages.success(request, _("Poster evidence recorded."))
                return redirect("poster_evidence")
        else:
            once_renew(form)
    elif request.method == "POST":
        raise PermissionDenied("Your role does not allow adding poster evidence.")
    if may_add and form is None:
        form = PosterEvidenceForm(initial={"token": once_new(), "posted_on": today}, today=today)
    evidence = (
        PosterEvidence.objects.for_property(prop)
        .select_related("uploaded_by")
        .newest_first()[:LIST_LIMIT]
    )
    context = {
        "prop": prop,
        "form": form,
        "evidence": evidence,
        "latest": posters.poster_evidence_latest(prop),
    }
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, "audits/poster_evidence.html", context, status=status)


@property_local_page(Action.REPORT_VIEW)
def poster_evidence_photo(request: HttpRequest, prop: Property, pk) -> FileResponse:
    evidence = posters.poster_photo_read(prop=prop, pk=pk, request=request)
    return safe_file_response(evidence.photo, display_name=evidence.photo_name, default="photo")
