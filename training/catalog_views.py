"""Pages for the courses a property keeps and the certificates its employees upload.

Thin: each page validates with a form, calls `course_catalog` or `submissions`, and draws.
`employee_certificate_upload` takes an employee object, not a request's user, so the
employee's own link view can serve it behind its own authentication.
"""

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotelcompliance.form_errors import form_errors_place
from hotelcompliance.roles import Action
from hotelcompliance.scoping import get_object_for_property
from hotelcompliance.tenancy import Property
from hotelcompliance.views import property_page
from hotelcompliance.web import AuthenticatedHttpRequest
from training.course_catalog import (
    approval_required,
    approved_courses_for,
    course_create,
    course_retire,
    course_update,
)
from training.forms import CertificateUploadForm, CourseForm, RetireForm, SubmissionDecisionForm
from training.models import CertificateSubmission, Course, Employee
from training.submissions import (
    certificate_submit,
    pending_submissions,
    submission_approve,
    submission_certificate_download,
    submission_reject,
    submissions_of,
)


@property_page(Action.TRAINING_MANAGE)
def course_list(request: HttpRequest, prop: Property) -> HttpResponse:
    courses = Course.objects.available_to(prop).order_by("retired_at", "title", "pk")
    return render(
        request,
        "training/course_list.html",
        {
            "prop": prop,
            "own": [c for c in courses if c.property_id == prop.pk],
            "shared": [c for c in courses if c.property_id is None],
            "code": prop.rule_pack().code,
            "approval_required": approval_required(prop),
            "pending": pending_submissions(prop).count(),
        },
    )


@property_page(Action.TRAINING_MANAGE)
def course_new(request: HttpRequest, prop: Property) -> HttpResponse:
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = course_create(prop=prop, actor=request.user, data=_course_data(form))
        except ValidationError as error:
            form_errors_place(form, error)
        else:
            messages.success(request, _("Course %(title)s added.") % {"title": course.title})
            return redirect("training_courses")
    return render(request, "training/course_form.html", {"prop": prop, "form": form})


@property_page(Action.TRAINING_MANAGE)
def course_edit(request: HttpRequest, prop: Property, pk: int) -> HttpResponse:
    course = _own_course(prop, pk)
    initial = {name: getattr(course, name) for name in CourseForm.base_fields}
    form = CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            course_update(course=course, actor=request.user, data=_course_data(form))
        except ValidationError as error:
            form_errors_place(form, error)
        else:
            messages.success(request, _("Course %(title)s saved.") % {"title": course.title})
            return redirect("training_courses")
    return render(
        request,
        "training/course_form.html",
        {"prop": prop, "form": form, "course": course, "retire_form": RetireForm()},
    )


@require_POST
@property_page(Action.TRAINING_MANAGE)
def course_retire_view(request: HttpRequest, prop: Property, pk: int) -> HttpResponse:
    course = _own_course(prop, pk)
    course_retire(course=course, actor=request.user)
    messages.success(
        request,
        _("Course %(title)s retired; completions already recorded still count.")
        % {"title": course.title},
    )
    return redirect("training_courses")


def _own_course(prop: Property, pk: int) -> Course:
    """The property's own current course; a shared, retired or other property's one is a 404."""
    return get_object_for_property(Course.objects.active(), prop, pk=pk)


def _course_data(form: CourseForm) -> dict:
    data = dict(form.cleaned_data)
    data["minutes"] = data.get("minutes") or None
    return data


@property_page(Action.TRAINING_MANAGE)
def submission_list(request: HttpRequest, prop: Property) -> HttpResponse:
    return render(
        request,
        "training/submission_list.html",
        {"prop": prop, "submissions": list(pending_submissions(prop))},
    )


@property_page(Action.TRAINING_MANAGE)
def submission_decide(request: AuthenticatedHttpRequest, prop: Property, pk: int) -> HttpResponse:
    submission = _submission(prop, pk)
    form = SubmissionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                submission_approve(submission=submission, actor=request.user)
                messages.success(request, _("Certificate approved; the completion counts."))
            else:
                submission_reject(
                    submission=submission, actor=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Certificate rejected."))
        except ValidationError as error:
            form_errors_place(form, error)
        else:
            return redirect("training_submissions")
    return render(
        request,
        "training/submission_decide.html",
        {"prop": prop, "submission": submission, "form": form},
    )


@property_page(Action.TRAINING_MANAGE)
def submission_certificate(request: HttpRequest, prop: Property, pk: int) -> FileResponse:
    submission = _submission(prop, pk)
    return submission_certificate_download(submission=submission, prop=prop, request=request)


def _submission(prop: Property, pk: int) -> CertificateSubmission:
    found = (
        CertificateSubmission.objects.for_property(prop)
        .select_related("employee", "course")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    return found


def employee_certificate_upload(
    request: HttpRequest,
    employee: Employee,
    *,
    done_url: str,
    page: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """The employee's own upload form, for the approved external courses of their property.

    The caller has authenticated the employee (their signed link) and gives where to go
    once uploaded, and `page`, the context its own pages' frame needs (`base_template`...).
    Where no approved course is demanded there is nothing to upload: 404.
    """
    approved = approved_courses_for(employee)
    if not approval_required(employee.property):
        raise Http404("No approved course is required here.")
    courses = Course.objects.filter(pk__in=[a.course.pk for a in approved])
    form = CertificateUploadForm(request.POST or None, request.FILES or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_submit(employee=employee, **form.cleaned_data)
        except ValidationError as error:
            form_errors_place(form, error)
        else:
            messages.success(request, _("Certificate sent; your manager will check it."))
            return redirect(done_url)
    return render(
        request,
        "training/certificate_upload.html",
        {
            **(page or {}),
            "employee": employee,
            "form": form,
            "approved": approved,
            "submissions": list(submissions_of(employee)[:10]),
        },
    )
