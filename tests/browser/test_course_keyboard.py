"""The course by keyboard alone, on a phone-sized page (issue 14): one lesson, its knowledge
check (a wrong submit puts the focus on the first unanswered radio group) and the signed
acknowledgment, with Tab, Space, Enter, and the arrow keys inside a radio group."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser.axe import assert_no_serious_violations
from tests.training.factories import EmployeeFactory
from tests.training.test_employee_course_pages import take_lesson
from training.course_content import get_course
from training.employee_links import employee_link_issue, link_url
from training.models import CourseAcknowledgment, CourseAttempt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
STEP = re.compile(r"/course/(?P<lesson>[a-z0-9-]+)/(?P<kind>section|scenario|check)/")


def focused(page, locator) -> bool:
    return bool(locator.evaluate("(element) => element === document.activeElement"))


def tab_to(page, locator, most: int = 60) -> None:
    """Press Tab until the element has the focus, as a keyboard user would."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if focused(page, locator):
            return
    raise AssertionError(f"Tab never reached {locator}")


def choose(page, name: str, option_ids: list[str], all_ids: list[str], kind: str) -> None:
    """Answer one question from the keyboard: Tab into the group, arrows or Space to choose."""
    first = page.locator(f"input[name='{name}']").first
    if not focused(page, first):
        tab_to(page, first)
    if kind == "multiple":
        for index, option_id in enumerate(all_ids):
            if index:
                page.keyboard.press("Tab")
            if option_id in option_ids:
                page.keyboard.press("Space")
        return
    page.keyboard.press("Space")
    for _ in range(all_ids.index(option_ids[0])):
        page.keyboard.press("ArrowDown")  # moves and checks the next radio of the group
    expect(page.locator(f"input[name='{name}'][value='{option_ids[0]}']")).to_be_checked()


def press_link(page, text: str) -> None:
    link = page.locator(f"main a:has-text('{text}'), main button:has-text('{text}')").last
    tab_to(page, link)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_one_lesson_its_check_and_the_acknowledgment_by_keyboard_alone(
    browser, live_server, hotel_a, maria, frozen_clock
):
    content = get_course()
    ana = EmployeeFactory(property=hotel_a, name="Ana Reyes", job_role="other")
    base = urlsplit(link_url(employee_link_issue(employee=ana, actor=maria))).path

    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base)
    press_link(page, "Start the course")
    lessons = [content.lesson(i) for i in CourseAttempt.objects.get(employee=ana).lesson_ids]
    first = lessons[0]

    while (match := STEP.search(page.url)) and match["lesson"] == first.id:
        frozen_clock.shift(timedelta(seconds=45))
        kind = match["kind"]
        if kind == "scenario":
            scenario = first.scenario(page.url.rstrip("/").rsplit("/", 1)[-1])
            best = next(o.id for o in scenario.options if o.correct)
            choose(page, "option", [best], [o.id for o in scenario.options], "single")
            press_link(page, "Choose")
            expect(page.locator("#feedback")).to_be_focused()
        elif kind == "check":
            # Sent with nothing chosen: the focus lands on the first question's radio group.
            press_link(page, "Check my answers")
            first_question = first.questions[0]
            group = page.locator("fieldset.has-error").first
            expect(group.locator("input").first).to_be_focused()
            assert group.get_attribute("aria-describedby") == f"error-{first_question.id}"
            assert_no_serious_violations(page, "the check with errors")
            for question in first.questions:
                choose(
                    page,
                    question.id,
                    sorted(question.correct_ids),
                    [o.id for o in question.options],
                    question.kind,
                )
            press_link(page, "Check my answers")
            expect(page.locator("#feedback")).to_be_focused()
            expect(page.locator("#feedback")).to_contain_text("100%")
        press_link(page, "Next")

    # The other lessons are taken the same way (tests/training); here they are done for her.
    client = Client()
    for lesson in lessons[1:]:
        take_lesson(client, base, lesson, frozen_clock, content)

    page.goto(base + "course/")
    press_link(page, "Sign and finish the course")
    # Sent empty first: the error summary takes the focus; then the name is typed.
    press_link(page, "Sign and finish the course")
    expect(page.locator("#finish-errors")).to_be_focused()
    tab_to(page, page.locator("#typed-name"))
    page.keyboard.type("Ana Reyes")
    press_link(page, "Sign and finish the course")
    page.wait_for_url(re.compile(r"/e/[^/]+/$"))
    assert_no_serious_violations(page, "the employee's page after signing")
    acknowledgment = CourseAcknowledgment.objects.get(attempt__employee=ana)
    assert acknowledgment.typed_name == "Ana Reyes"
    context.close()
