"""Every page, as each role reaches it, checked by axe-core at 1280 and 390 px (issues 14, 15).

No serious or critical violation on any page; a screenshot per page and width goes to
var/screens/axe/ (not committed) to be looked at. `test_every_html_route_is_checked` fails
when a route renders a page that no role visits here, so a new page comes with its check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse
from django.utils import timezone

from guests.pre_arrivals import link_url as pre_arrival_link
from hotelcompliance.people import invitation_path
from tests.browser.axe import axe_violations, describe
from tests.factories import PASSWORD, UserFactory
from tests.security.test_tenant_matrix import MAKERS, World, _routes
from tests.training.factories import EmployeeFactory
from tests.training.test_employee_course_pages import finish_everything
from training.course_content import get_course
from training.employee_links import employee_link_issue, link_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = Path(settings.BASE_DIR) / "var" / "screens" / "axe"
WIDTHS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}


@dataclass(frozen=True)
class Visit:
    """One page: the route it checks, how to reach its URL, and what to do there first."""

    route: str
    name: str
    url: Callable[[Stage], str]
    then: Callable[[object], None] | None = None  # e.g. submit the empty form to show errors


class Stage:
    """The world of the tenant matrix plus one object of every kind at Hotel A."""

    def __init__(self) -> None:
        self.world = World()
        self.objects = {kind: make(self.world, self.world.a) for kind, make in MAKERS.items()}
        self.year = timezone.localdate().year
        self.content = get_course()
        self.trainee = EmployeeFactory(property=self.world.a, name="Ana Reyes", job_role="other")
        manager = self.world.users["manager"]
        self.base = urlsplit(link_url(employee_link_issue(employee=self.trainee, actor=manager)))
        self.base_path = self.base.path
        self.nobody = UserFactory(username="nobody")  # a login with no property yet
        self.objects["texted_employee"] = EmployeeFactory(
            property=self.world.a, name="Tex Ted", phone="+18605550123"
        )
        employee_link_issue(employee=self.objects["texted_employee"], actor=manager)
        self.pre_arrival_path = urlsplit(pre_arrival_link(self.objects["pre_arrival"])).path
        invited = UserFactory(username="invited@example.test")
        invited.set_unusable_password()
        invited.save()
        self.invitation_path = invitation_path(invited)

    def pk(self, kind: str) -> int:
        return self.objects[kind].pk

    def lesson(self):
        return self.content.path(self.trainee.job_role)[0]

    def employee(self, suffix: str) -> str:
        return self.base_path + suffix


def submit(page) -> None:
    """Send the page's main form as it is (empty), to see its errors."""
    page.locator("main form[method='post'] [type=submit]").last.click()
    page.wait_for_load_state()


def make_link(page) -> None:
    """A success message after a redirect (the messages list is a live region)."""
    page.locator("form[action$='/link/'] button[type=submit]").first.click()
    page.wait_for_selector(".messages")


def route(name: str, **kwargs) -> Callable[[Stage], str]:
    return lambda stage: reverse(name, kwargs=kwargs)


def with_pk(name: str, kind: str) -> Callable[[Stage], str]:
    return lambda stage: reverse(name, kwargs={"pk": stage.pk(kind)})


MANAGER = [
    Visit("dashboard", "dashboard", route("dashboard")),
    Visit("rules", "rules", route("rules")),
    Visit("api_tokens", "api-tokens", route("api_tokens")),
    Visit("password_change", "password", route("password_change")),
    Visit("password_change", "password-errors", route("password_change"), submit),
    Visit("password_change_done", "password-done", route("password_change_done")),
    Visit("otp_enrol", "two-factor-setup", route("otp_enrol")),
    Visit("desk", "desk", route("desk")),
    Visit("check_in", "check-in", route("check_in")),
    Visit("check_in", "check-in-errors", route("check_in"), submit),
    Visit("registration_detail", "registration", with_pk("registration_detail", "registration")),
    Visit("registration_correct", "correct", with_pk("registration_correct", "registration")),
    Visit(
        "registration_correct",
        "correct-errors",
        with_pk("registration_correct", "registration"),
        submit,
    ),
    Visit("registration_search", "search", lambda s: reverse("registration_search") + "?q=Doe"),
    Visit("registration_import", "registration-import", route("registration_import")),
    Visit(
        "registration_import_preview",
        "registration-import-preview",
        with_pk("registration_import_preview", "registration_import"),
    ),
    Visit("concern_list", "concerns", route("concern_list")),
    Visit("concern_new", "concern-new", route("concern_new")),
    Visit("concern_new", "concern-new-errors", route("concern_new"), submit),
    Visit("concern_detail", "concern", with_pk("concern_detail", "concern")),
    Visit("training_roster", "roster", route("training_roster")),
    Visit("training_group", "group", route("training_group")),
    Visit("training_import", "training-import", route("training_import")),
    Visit(
        "training_import_preview",
        "training-import-preview",
        with_pk("training_import_preview", "training_import"),
    ),
    Visit("training_awareness", "awareness", route("training_awareness")),
    Visit("training_courses", "courses", route("training_courses")),
    Visit("training_course_new", "course-new", route("training_course_new")),
    Visit("training_course_new", "course-new-errors", route("training_course_new"), submit),
    Visit("training_course_edit", "course-edit", with_pk("training_course_edit", "own_course")),
    Visit("training_submissions", "submissions", route("training_submissions")),
    Visit(
        "training_submission",
        "submission",
        with_pk("training_submission", "certificate_submission"),
    ),
    Visit("training_employee_new", "employee-new", route("training_employee_new")),
    Visit("training_employee_new", "employee-new-errors", route("training_employee_new"), submit),
    Visit("training_employee", "employee", with_pk("training_employee", "linked_employee")),
    Visit(
        "training_employee",
        "employee-link-made",
        with_pk("training_employee", "employee"),
        make_link,
    ),
    Visit("training_record_new", "record-new", with_pk("training_record_new", "employee")),
    Visit(
        "training_record_new",
        "record-new-errors",
        with_pk("training_record_new", "employee"),
        submit,
    ),
    Visit(
        "training_employee_link_sheet",
        "link-sheet",
        with_pk("training_employee_link_sheet", "linked_employee"),
    ),
    Visit(
        "training_certifications",
        "certifications",
        lambda s: reverse("training_certifications", kwargs={"year": s.year}),
    ),
    Visit("records_request_list", "records-requests", route("records_request_list")),
    Visit(
        "records_request_detail",
        "records-request",
        with_pk("records_request_detail", "records_request"),
    ),
    Visit("records_request_paper", "records-request-paper", route("records_request_paper")),
    Visit(
        "records_request_paper",
        "records-request-paper-errors",
        route("records_request_paper"),
        submit,
    ),
    Visit("people", "people", route("people")),
    Visit("people_invite", "people-invite", route("people_invite")),
    Visit("people_invite", "people-invite-errors", route("people_invite"), submit),
    Visit("property_settings", "settings", route("property_settings")),
    Visit("change_log", "change-log", route("change_log")),
    Visit("training_employee_edit", "employee-edit", with_pk("training_employee_edit", "employee")),
    Visit(
        "training_employee_link_text",
        "link-text",
        with_pk("training_employee", "texted_employee"),
        lambda page: page.locator("form[action$='/link/text/'] button").click(),
    ),
    Visit("room_list", "rooms", route("room_list")),
    Visit("room_edit", "room", with_pk("room_edit", "room")),
    Visit("import_profile_list", "import-profiles", route("import_profile_list")),
    Visit("drop_folder", "drop-folder", route("drop_folder")),
    Visit(
        "import_profile_edit", "import-profile", with_pk("import_profile_edit", "import_profile")
    ),
    Visit("pre_arrival_new", "pre-arrival-new", route("pre_arrival_new")),
    Visit("pre_arrival_new", "pre-arrival-new-errors", route("pre_arrival_new"), submit),
    Visit("pre_arrival_detail", "pre-arrival", with_pk("pre_arrival_detail", "pre_arrival")),
    Visit(
        "pre_arrival_check_in",
        "pre-arrival-check-in",
        with_pk("pre_arrival_check_in", "pre_arrival"),
    ),
    Visit("poster_evidence", "poster-evidence", route("poster_evidence")),
    Visit("report_list", "reports", route("report_list")),
    Visit("report_detail", "report", with_pk("report_detail", "audit_report")),
    Visit("verify", "verify", route("verify")),
]

FRONT_DESK = [
    Visit("desk", "desk", route("desk")),
    Visit("check_in", "check-in", route("check_in")),
    Visit("registration_detail", "registration", with_pk("registration_detail", "registration")),
    Visit("concern_new", "concern-new", route("concern_new")),
    Visit("concern_filed", "concern-filed", route("concern_filed")),
    Visit("rules", "rules", route("rules")),
    Visit("dashboard", "forbidden-403", route("dashboard")),
]

INSPECTOR = [
    Visit("inspector_home", "inspector-home", route("inspector_home")),
    Visit("records_request_new", "records-request-new", route("records_request_new")),
    Visit(
        "records_request_new", "records-request-new-errors", route("records_request_new"), submit
    ),
    Visit(
        "records_request_detail",
        "records-request",
        with_pk("records_request_detail", "records_request"),
    ),
    Visit("report_list", "reports", route("report_list")),
]

NO_PROPERTY = [Visit("no_access", "no-access", route("no_access"))]

ORG_ADMIN = [Visit("group_dashboard", "group", route("group_dashboard"))]


def lesson_url(kind: str) -> Callable[[Stage], str]:
    def url(stage: Stage) -> str:
        lesson = stage.lesson()
        item = {"section": lesson.sections, "scenario": lesson.scenarios}.get(kind)
        tail = f"{kind}/{item[0].id}/" if item else "check/"
        return stage.employee(f"course/{lesson.id}/{tail}")

    return url


EMPLOYEE = [
    Visit("employee_home", "employee-home", lambda s: s.employee("")),
    Visit("employee_course", "employee-course", lambda s: s.employee("course/")),
    Visit("employee_course_section", "employee-section", lesson_url("section")),
    Visit("employee_course_scenario", "employee-scenario", lesson_url("scenario")),
    Visit("employee_course_scenario", "employee-scenario-errors", lesson_url("scenario"), submit),
    Visit("employee_course_check", "employee-check", lesson_url("check")),
    Visit("employee_course_check", "employee-check-errors", lesson_url("check"), submit),
    Visit("employee_course_finish", "employee-finish", lambda s: s.employee("course/finish/")),
    Visit(
        "employee_course_finish",
        "employee-finish-errors",
        lambda s: s.employee("course/finish/"),
        submit,
    ),
    Visit("employee_awareness", "employee-awareness", lambda s: s.employee("awareness/")),
    Visit(
        "employee_certificate_upload",
        "employee-upload",
        lambda s: s.employee("certificate-upload/"),
    ),
]

ANONYMOUS = [
    Visit("login", "login", route("login")),
    Visit("login", "login-errors", route("login"), submit),
    Visit("verify", "verify-public", route("verify")),
    Visit("otp_verify", "two-factor-login", route("otp_verify")),
    Visit("pre_arrival_guest", "pre-arrival-guest", lambda s: s.pre_arrival_path),
    Visit("pre_arrival_guest", "pre-arrival-guest-errors", lambda s: s.pre_arrival_path, submit),
    Visit("invite_accept", "invite-accept", lambda s: s.invitation_path),
    Visit("invite_done", "invite-done", route("invite_done")),
]

ROLES = {
    "manager": MANAGER,
    "front_desk": FRONT_DESK,
    "inspector": INSPECTOR,
    "no_property": NO_PROPERTY,
    "org_admin": ORG_ADMIN,
    "employee": EMPLOYEE,
    "anonymous": ANONYMOUS,
}

# Routes that answer with no page of their own: a redirect, a file, JSON, or a POST whose
# answer is one of the pages above.
NOT_PAGES = {
    "home": "redirects to the role's home page",
    "logout": "POST, redirects to the login page",
    "switch_property": "POST, redirects",
    "set_language": "POST, redirects",
    "api_token_create": "POST, redirects to the token list",
    "api_token_revoke": "POST, redirects",
    "check_in_scan": "POST, answers with the check-in form (visited)",
    "registration_reveal_id": "POST, answers with the registration page (visited)",
    "registration_checkout": "POST, redirects",
    "training_roster_csv": "a CSV file",
    "training_certificate": "a PDF file",
    "training_course_retire": "POST, redirects",
    "training_submission_certificate": "the uploaded certificate file",
    "training_employee_remind": "POST, redirects",
    "training_employee_link_new": "POST, redirects",
    "training_employee_link_email": "POST, redirects",
    "training_employee_link_revoke": "POST, redirects",
    "training_certifications_roster_pdf": "POST, queues a report and redirects",
    "training_certification_pdf": "POST, queues a report and redirects",
    "employee_language": "POST, redirects",
    "employee_course_start": "POST, redirects to the first section",
    "employee_certificate": "a PDF file",
    "records_request_answer": "POST, redirects (or the request page with errors)",
    "records_request_decide": "POST, redirects (or the request page with errors)",
    "records_request_exigent_review": "POST, redirects (or the request page with errors)",
    "records_request_withdraw": "POST, redirects (or the request page with errors)",
    "records_request_document_add": "POST, redirects (or the request page with errors)",
    "records_request_document": "the uploaded file",
    "poster_evidence_photo": "the uploaded photo",
    "report_create": "POST, redirects to the report page",
    "report_status": "JSON for the progress bar",
    "report_download": "a PDF file",
    "healthz": "plain text for the load balancer",
    "concern_case_step": "POST, redirects to the concern's page",
    "desk_find": "POST, redirects to the desk",
    "import_profile_copy": "POST, redirects to the copy's editor",
    "people_role": "POST, redirects to the people page",
    "people_remove": "POST, redirects to the people page",
    "people_deactivate": "POST, redirects to the people page",
    "pre_arrival_email": "POST, redirects to the pre-arrival's page",
    "pre_arrival_revoke": "POST, redirects to the pre-arrival's page",
    "registration_card": "a PDF file",
    "training_employee_leaver": "POST, redirects to the employee's page",
}


def screen_name(role: str, visit: Visit, width: str) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    return SCREENS / f"{role}-{visit.name}-{width}.png"


def check(page, role: str, visit: Visit, width: str, url: str) -> list[str]:
    page.goto(url)
    if visit.then is not None:
        visit.then(page)
    page.screenshot(path=screen_name(role, visit, width), full_page=True)
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append(f"{role} {visit.name} at {width} px ({url}):\n{describe(violations)}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"{role} {visit.name} at {width} px: {overflow} px wider than the window")
    return problems


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()


@pytest.fixture
def stage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Stage()


def visit_all(browser, live_server, role: str, username: str | None, stage: Stage) -> list[str]:
    problems: list[str] = []
    for width, viewport in WIDTHS.items():
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username:
            log_in(page, username)
        for visit in ROLES[role]:
            problems += check(page, role, visit, width, visit.url(stage))
        context.close()
    return problems


@pytest.mark.parametrize(
    "role,username",
    [
        ("manager", "maria"),
        ("front_desk", "sam"),
        ("inspector", "ivan"),
        ("no_property", "nobody"),
        ("org_admin", "gina"),
    ],
)
def test_staff_pages_have_no_serious_axe_violation(browser, live_server, stage, role, username):
    problems = visit_all(browser, live_server, role, username, stage)
    assert not problems, "\n".join(problems)


def test_the_employee_pages_and_the_course_have_no_serious_axe_violation(
    browser, live_server, stage, frozen_clock
):
    from django.test import Client

    # Every lesson done, so the acknowledgment page shows its form.
    lessons = [lesson.id for lesson in stage.content.path(stage.trainee.job_role)]
    finish_everything(Client(), stage.base_path, frozen_clock, stage.content, lessons)
    problems = visit_all(browser, live_server, "employee", None, stage)
    assert not problems, "\n".join(problems)


def test_public_and_error_pages_have_no_serious_axe_violation(
    browser, live_server, stage, settings
):
    settings.ROOT_URLCONF = "tests.browser.urls_boom"
    problems = visit_all(browser, live_server, "anonymous", None, stage)
    for width, viewport in WIDTHS.items():
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        page = context.new_page()
        for name, url in [("not-found-404", "/no-such-page/"), ("server-error-500", "/boom/")]:
            visit = Visit(name, name, lambda s, url=url: url)
            problems += check(page, "anonymous", visit, width, url)
        context.close()
    assert not problems, "\n".join(problems)


def test_every_html_route_is_checked():
    visited = {visit.route for visits in ROLES.values() for visit in visits}
    unchecked = sorted(
        name
        for name, pattern, _ in _routes(get_resolver().url_patterns)
        if not pattern.startswith("api/") and name not in visited and name not in NOT_PAGES
    )
    assert not unchecked, (
        "These routes render a page no role visits in tests/browser/test_accessibility.py: "
        f"add a Visit to a role's list (or a NOT_PAGES reason): {unchecked}"
    )
