"""The employee's own pages, opened through their personal link (no login, no password).

Each view resolves the link first (`employee_link_open`: a bad, revoked or expired token is
a 404 that says nothing more) and renders in the employee's preferred language. The token is
a credential, so the pages are never cached and send it as a referrer to no other site.
"""

import uuid
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.reports.access import download_name
from training.acknowledgments import acknowledgment_statement, course_finish_signed
from training.awareness import awareness_notes_for
from training.awareness_views import employee_awareness_note
from training.catalog_views import employee_certificate_upload
from training.course_catalog import approved_courses_for
from training.course_content import BUILTIN_COURSE_ID, MULTIPLE, Question, Scenario, get_course
from training.course_services import (
    course_attempt_progress,
    course_attempt_start,
    course_check_answer,
    course_check_view,
    course_scenario_answer,
    course_scenario_view,
    course_section_view,
)
from training.course_steps import (
    CHECK,
    SCENARIO,
    SECTION,
    Step,
    first_undone,
    path_steps,
    step_after,
    text_blocks,
)
from training.employee_links import employee_link_open
from training.models import LANGUAGE_CHOICES, CourseAttempt, Employee, EmployeeLink
from training.reminders import reminders_for
from training.self_service import employee_certificate_read, employee_overview
from training.services import employee_update
from training.submissions import submissions_of

LANGUAGES = tuple(code for code, _name in LANGUAGE_CHOICES)
EmployeeView = Callable[..., HttpResponseBase]


SELF_BASE = "training/self/base.html"  # the frame of every employee page


def employee_page(page: str) -> Callable[[EmployeeView], Callable[..., HttpResponseBase]]:
    """Give the view the link named by the URL's token, in the employee's language; else 404."""

    def decorator(view: EmployeeView) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, token: str, **kwargs: Any) -> HttpResponseBase:
            link = employee_link_open(token=token, request=request, page=page)
            if link is None:
                raise Http404("Not found.")
            language = link.employee.preferred_language
            with translation.override(language):
                response = view(request, link, token, **kwargs)
            response["Content-Language"] = language
            response["Cache-Control"] = "no-store, private"
            # Same origin only: the token never leaves as a referrer; POSTs keep their Origin.
            response["Referrer-Policy"] = "same-origin"
            response["X-Robots-Tag"] = "noindex"
            return response

        return wrapper

    return decorator


def page_context(link: EmployeeLink, token: str, **extra: Any) -> dict[str, Any]:
    """What every employee page needs: who, where, the token for its links, the languages."""
    employee = link.employee
    return {
        "employee": employee,
        "prop": employee.property,
        "token": token,
        "languages": LANGUAGE_CHOICES,
        **extra,
    }


@employee_page("home")
def employee_home(request: HttpRequest, link: EmployeeLink, token: str) -> HttpResponse:
    employee = link.employee
    context = page_context(
        link,
        token,
        overview=employee_overview(employee),
        approved=approved_courses_for(employee),
        submissions=list(submissions_of(employee)[:10]),
        reminders=list(reminders_for(employee)[:10]),
        awareness=awareness_notes_for(employee, language=employee.preferred_language),
    )
    return render(request, "training/self/home.html", context)


@require_POST
@employee_page("language")
def employee_language(request: HttpRequest, link: EmployeeLink, token: str) -> HttpResponse:
    """Switch the employee's language (their record keeps it), then go back to the page."""
    language = request.POST.get("language", "")
    if language in LANGUAGES:
        employee = employee_update(
            employee=link.employee, actor=None, data={"preferred_language": language}
        )
        if _open_attempt(employee) is not None:
            course_attempt_start(employee=employee, language=language)  # resumes in it
    back = request.POST.get("next", "")
    home = reverse("employee_home", kwargs={"token": token})
    if not back.startswith(home) or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        back = home
    return redirect(back)


@employee_page("awareness")
def employee_awareness(request: HttpRequest, link: EmployeeLink, token: str) -> HttpResponse:
    """This month's awareness note through the link; opening it is the property's evidence."""
    return employee_awareness_note(
        request,
        link.employee,
        language=link.employee.preferred_language,
        page=page_context(link, token, base_template=SELF_BASE),
    )


@employee_page("certificate_upload")
def employee_upload(request: HttpRequest, link: EmployeeLink, token: str) -> HttpResponse:
    """The employee's own certificate of an approved external course, for a manager to check."""
    return employee_certificate_upload(
        request,
        link.employee,
        done_url=reverse("employee_home", kwargs={"token": token}),
        page=page_context(link, token, base_template=SELF_BASE),
    )


# The built-in course


def _open_attempt(employee: Employee) -> CourseAttempt | None:
    return (
        CourseAttempt.objects.filter(employee=employee, course__content_key=BUILTIN_COURSE_ID)
        .open()
        .first()
    )


def _step_url(token: str, step: Step | None) -> str:
    if step is None:
        return reverse("employee_course", kwargs={"token": token})
    if step.kind == CHECK:
        return reverse(
            "employee_course_check", kwargs={"token": token, "lesson_id": step.lesson_id}
        )
    return reverse(
        f"employee_course_{step.kind}",
        kwargs={"token": token, "lesson_id": step.lesson_id, "item_id": step.item_id},
    )


def _course_page(
    request: HttpRequest,
    link: EmployeeLink,
    token: str,
    template: str,
    step: Step,
    attempt: CourseAttempt,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """Render one page of the course with its lesson, position and the link to the next page."""
    content = get_course(BUILTIN_COURSE_ID, attempt.version)
    steps = path_steps(content, attempt.lesson_ids)
    lesson = content.lesson(step.lesson_id)
    if lesson is None:  # a lesson on the path is always in its version's content
        raise Http404("Not found.")
    language = attempt.language
    context = page_context(
        link,
        token,
        attempt=attempt,
        lesson_title=lesson.title[language],
        lesson_number=attempt.lesson_ids.index(step.lesson_id) + 1,
        lesson_count=len(attempt.lesson_ids),
        next_url=_step_url(token, step_after(steps, step)),
        course_url=reverse("employee_course", kwargs={"token": token}),
        **extra,
    )
    return render(request, template, context, status=status)


def _attempt_on_path(link: EmployeeLink, lesson_id: str) -> CourseAttempt:
    """The employee's open attempt, if the lesson is on its path; else 404."""
    attempt = _open_attempt(link.employee)
    if attempt is None or lesson_id not in attempt.lesson_ids:
        raise Http404("Not found.")
    return attempt


@require_POST
@employee_page("course_start")
def employee_course_start(request: HttpRequest, link: EmployeeLink, token: str) -> HttpResponse:
    """Start the course (or resume it) in the employee's language; go to the first page due."""
    employee = link.employee
    try:
        attempt = course_attempt_start(employee=employee, language=employee.preferred_language)
    except ValidationError:
        raise Http404("Not found.") from None  # employment ended: the link no longer opens it
    content = get_course(BUILTIN_COURSE_ID, attempt.version)
    progress = course_attempt_progress(attempt)
    steps = path_steps(content, attempt.lesson_ids)
    return redirect(_step_url(token, first_undone(steps, progress)))


@employee_page("course")
def employee_course(request: HttpRequest, link: EmployeeLink, token: str) -> HttpResponse:
    """The course's lessons with what is done, where to continue, and the way to finish."""
    attempt = _open_attempt(link.employee)
    if attempt is None:
        return redirect("employee_home", token=token)
    content = get_course(BUILTIN_COURSE_ID, attempt.version)
    progress = course_attempt_progress(attempt)
    steps = path_steps(content, attempt.lesson_ids)
    language = attempt.language
    lessons = []
    for lesson_id in attempt.lesson_ids:
        lesson = content.lesson(lesson_id)
        if lesson is None:
            raise Http404("Not found.")
        state = progress.lesson(lesson_id)
        first = next(step for step in steps if step.lesson_id == lesson_id)
        lessons.append(
            {"title": lesson.title[language], "state": state, "url": _step_url(token, first)}
        )
    upcoming = first_undone(steps, progress)
    return render(
        request,
        "training/self/course.html",
        page_context(
            link,
            token,
            attempt=attempt,
            title=content.title[language],
            lessons=lessons,
            progress=progress,
            pass_mark=content.pass_mark,
            continue_url=_step_url(token, upcoming) if upcoming else "",
        ),
    )


@employee_page("course_section")
def employee_course_section(
    request: HttpRequest, link: EmployeeLink, token: str, lesson_id: str, item_id: str
) -> HttpResponse:
    attempt = _attempt_on_path(link, lesson_id)
    try:
        section = course_section_view(attempt=attempt, lesson_id=lesson_id, section_id=item_id)
    except ValidationError:
        raise Http404("Not found.") from None
    language = attempt.language
    return _course_page(
        request,
        link,
        token,
        "training/self/section.html",
        Step(lesson_id, SECTION, item_id),
        attempt,
        title=section.title[language],
        blocks=text_blocks(section.body[language]),
    )


def _scenario_context(scenario: Scenario, language: str) -> dict[str, Any]:
    return {
        "title": scenario.title[language],
        "situation": text_blocks(scenario.situation[language]),
        "prompt": scenario.prompt[language],
        "options": [{"id": o.id, "text": o.text[language]} for o in scenario.options],
    }


@employee_page("course_scenario")
def employee_course_scenario(
    request: HttpRequest, link: EmployeeLink, token: str, lesson_id: str, item_id: str
) -> HttpResponse:
    """A "what would you do?": choose, then read why each option is or is not the best."""
    attempt = _attempt_on_path(link, lesson_id)
    content = get_course(BUILTIN_COURSE_ID, attempt.version)
    lesson = content.lesson(lesson_id)
    scenario = lesson.scenario(item_id) if lesson is not None else None
    if scenario is None:
        raise Http404("Not found.")
    step = Step(lesson_id, SCENARIO, item_id)
    context = _scenario_context(scenario, attempt.language)
    if request.method != "POST":
        course_scenario_view(attempt=attempt, lesson_id=lesson_id, scenario_id=item_id)
        return _course_page(
            request, link, token, "training/self/scenario.html", step, attempt, **context
        )
    try:
        feedback = course_scenario_answer(
            attempt=attempt,
            lesson_id=lesson_id,
            scenario_id=item_id,
            option_id=request.POST.get("option", ""),
        )
    except ValidationError as error:
        return _course_page(
            request,
            link,
            token,
            "training/self/scenario.html",
            step,
            attempt,
            status=400,
            error=_first_message(error),
            **context,
        )
    return _course_page(
        request,
        link,
        token,
        "training/self/scenario.html",
        step,
        attempt,
        feedback=feedback,
        **context,
    )


def _check_questions(
    questions: tuple[Question, ...],
    language: str,
    chosen: dict[str, list[str]] | None = None,
    errors: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The check's questions for the form, with what was ticked and each one's problem."""
    chosen, errors = chosen or {}, errors or {}
    return [
        {
            "id": q.id,
            "kind": q.kind,
            "prompt": q.prompt[language],
            "error": errors.get(q.id, ""),
            "options": [
                {"id": o.id, "text": o.text[language], "checked": o.id in chosen.get(q.id, ())}
                for o in q.options
            ],
        }
        for q in questions
    ]


@employee_page("course_check")
def employee_course_check(
    request: HttpRequest, link: EmployeeLink, token: str, lesson_id: str
) -> HttpResponse:
    """The lesson's knowledge check: answer every question, then see each one explained."""
    attempt = _attempt_on_path(link, lesson_id)
    content = get_course(BUILTIN_COURSE_ID, attempt.version)
    lesson = content.lesson(lesson_id)
    if lesson is None:
        raise Http404("Not found.")
    step = Step(lesson_id, CHECK)
    language = attempt.language
    template = "training/self/check.html"
    if request.method != "POST":
        course_check_view(attempt=attempt, lesson_id=lesson_id)
        questions = _check_questions(lesson.questions, language)
        return _course_page(request, link, token, template, step, attempt, questions=questions)
    chosen = {q.id: request.POST.getlist(q.id) for q in lesson.questions if request.POST.get(q.id)}
    errors = {q.id: _("Choose an answer.") for q in lesson.questions if q.id not in chosen}
    result = None
    if not errors:
        answers = {
            q.id: chosen[q.id] if q.kind == MULTIPLE else chosen[q.id][0] for q in lesson.questions
        }
        try:
            result = course_check_answer(attempt=attempt, lesson_id=lesson_id, answers=answers)
        except ValidationError as error:
            errors = _question_errors(error, lesson.questions)
    return _course_page(
        request,
        link,
        token,
        template,
        step,
        attempt,
        status=400 if errors else 200,
        questions=_check_questions(lesson.questions, language, chosen, errors),
        errors=errors,
        result=result,
    )


def _first_message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else ""


def _question_errors(error: ValidationError, questions: tuple[Question, ...]) -> dict[str, str]:
    """Each question's problem, from the service's refusal."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {}
    general = by_field.get("answers") or error.messages[:1]
    return {
        q.id: (by_field.get(q.id) or general)[0] for q in questions if q.id in by_field or general
    }


@employee_page("course_finish")
def employee_course_finish(request: HttpRequest, link: EmployeeLink, token: str) -> HttpResponse:
    """Sign the acknowledgment and finish: typed name, today's date, a drawn signature if any."""
    attempt = _open_attempt(link.employee)
    if attempt is None:
        return redirect("employee_home", token=token)
    progress = course_attempt_progress(attempt)
    if not progress.done:
        return redirect("employee_course", token=token)
    today = link.employee.property.today()
    context = page_context(
        link,
        token,
        attempt=attempt,
        progress=progress,
        statement=acknowledgment_statement(attempt, attempt.language),
        today=today,
        values={"typed_name": "", "signed_on": today.isoformat()},
        errors={},
        problems=(),
    )
    if request.method != "POST":
        return render(request, "training/self/finish.html", context)
    values = {
        "typed_name": request.POST.get("typed_name", "")[:200],
        "signed_on": request.POST.get("signed_on", "")[:10],
    }
    try:
        signed_on: date | None = date.fromisoformat(values["signed_on"])
    except ValueError:
        signed_on = None
    try:
        signed = course_finish_signed(
            attempt=attempt,
            typed_name=values["typed_name"],
            signed_on=signed_on,
            signature_data=request.POST.get("signature", ""),
            issuer=link.created_by,
        )
    except ValidationError as error:
        errors = {k: v[0] for k, v in error.message_dict.items()}
        context |= {"values": values, "errors": errors}  # the page's context, not a row
        return render(request, "training/self/finish.html", context, status=400)
    if not signed.outcome.passed:
        context |= {"values": values, "problems": signed.outcome.problems}
        return render(request, "training/self/finish.html", context, status=400)
    messages.success(request, _("Well done: you passed the course and signed it."))
    return redirect("employee_home", token=token)


@employee_page("certificate")
def employee_certificate(
    request: HttpRequest, link: EmployeeLink, token: str, pk: uuid.UUID
) -> HttpResponseBase:
    """The employee's own signed certificate PDF (another's, or one not issued yet, is a 404)."""
    report = employee_certificate_read(link=link, pk=pk, request=request)
    if report is None:
        raise Http404("Not found.")
    response = FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=download_name(report),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
