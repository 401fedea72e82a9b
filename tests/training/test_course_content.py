"""The built-in course's content files: complete in both languages, honest about their length,
covering what each accepting jurisdiction's law lists, and refused clearly when malformed."""

import io
import re
import shutil
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest
from django.core.management import CommandError, call_command

from hotelcompliance.rules import get_pack
from hotelcompliance.rules.vocab import JOB_ROLES
from training import course_content
from training.course_content import (
    CONTENT_DIR,
    CourseContentError,
    get_course,
    load_course_dir,
)
from training.course_coverage import accepted_jurisdictions, coverage_problems, missing_topics

VERSION_DIR = CONTENT_DIR / "hc-awareness" / "2026.1"
ALL_PACKS = [
    "US-CA",
    "US-CT",
    "US-FL",
    "US-IL",
    "US-MD",
    "US-MN",
    "US-NJ",
    "US-NY",
    "US-TX",
    "US-WA",
]
APPROVAL_REQUIRED = ["US-FL", "US-MD", "US-MN", "US-NJ", "US-NY", "US-TX"]


def localized_texts(course):
    """Every (where, Localized) of the course, for completeness checks."""
    yield "title", course.title
    for lesson in course.lessons:
        yield lesson.id, lesson.title
        for section in lesson.sections:
            yield f"{lesson.id}/{section.id}.title", section.title
            yield f"{lesson.id}/{section.id}.body", section.body
        for scenario in lesson.scenarios:
            for name in ("title", "situation", "prompt"):
                yield f"{lesson.id}/{scenario.id}.{name}", getattr(scenario, name)
            for option in scenario.options:
                yield f"{lesson.id}/{scenario.id}/{option.id}.text", option.text
                yield f"{lesson.id}/{scenario.id}/{option.id}.feedback", option.feedback
        for question in lesson.questions:
            yield f"{lesson.id}/{question.id}.prompt", question.prompt
            for option in question.options:
                yield f"{lesson.id}/{question.id}/{option.id}.text", option.text
                yield f"{lesson.id}/{question.id}/{option.id}.feedback", option.feedback


@pytest.fixture
def course_copy(tmp_path):
    """A writable copy of the current version, loaded with `load_course_dir`."""
    folder = tmp_path / "hc-awareness" / "2026.1"
    shutil.copytree(VERSION_DIR, folder)
    return folder


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def load_error(folder: Path) -> str:
    with pytest.raises(CourseContentError) as error:
        load_course_dir(folder)
    return str(error.value)


# The content as shipped


def test_the_current_version_loads_in_english_and_spanish():
    course = get_course()

    assert (course.id, course.version) == ("hc-awareness", "2026.1")
    assert course.languages == ("en", "es")
    assert course.pass_mark == 80
    assert course.timing.words_per_minute == 180


def test_every_text_is_there_in_both_languages_and_the_spanish_is_a_translation():
    untranslated = []
    for where, text in localized_texts(get_course()):
        assert set(text.texts) == {"en", "es"}, where
        assert text["en"].strip() and text["es"].strip(), where
        words = len(text["en"].split())
        if words >= 4 and text["en"] == text["es"]:
            untranslated.append(where)

    assert untranslated == []


def test_each_lesson_has_sections_a_scenario_and_a_check_of_three_to_five_questions():
    for lesson in get_course().lessons:
        assert lesson.sections, lesson.id
        assert lesson.scenarios, lesson.id
        assert 3 <= len(lesson.questions) <= 5, lesson.id
        for scenario in lesson.scenarios:
            assert sum(o.correct for o in scenario.options) == 1, scenario.id


def test_a_lesson_an_attempt_names_is_found_and_a_missing_one_is_an_error_saying_so():
    course = get_course()
    first = course.lessons[0]
    assert course.known_lesson(first.id) is first
    assert course.lesson("no-such-lesson") is None
    with pytest.raises(LookupError, match="no-such-lesson"):
        course.known_lesson("no-such-lesson")


def test_the_checks_mix_single_multiple_and_true_false_questions():
    kinds = {q.kind for lesson in get_course().lessons for q in lesson.questions}

    assert kinds == {"single", "multiple", "true_false"}


def test_every_job_role_has_a_path_of_the_core_and_its_own_lesson():
    course = get_course()
    core = [lesson.id for lesson in course.lessons if lesson.core]
    expected = {
        "front_desk": "role-front-desk",
        "housekeeping": "role-housekeeping",
        "janitorial": "role-housekeeping",
        "food_beverage": "role-food-beverage",
        "maintenance": "role-maintenance",
        "security": "role-maintenance",
        "driver": "role-transport",
        "bell": "role-transport",
        "management": "role-managers",
    }

    assert len(core) == 4
    for role in JOB_ROLES:
        path = [lesson.id for lesson in course.path(role)]
        assert path == core + ([expected[role]] if role in expected else []), role
    assert course.core_only_roles == ("other",)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("role", JOB_ROLES)
def test_every_role_path_has_at_least_twenty_minutes_of_material(role, language):
    course = get_course()
    seconds = sum(course.lesson_seconds(lesson, language) for lesson in course.path(role))

    assert course.estimated_minutes(role, language) == int(seconds // 60)
    assert course.estimated_minutes(role, language) >= 20
    assert course.recorded_minutes[(role, language)] == course.estimated_minutes(role, language)


def test_the_estimate_counts_reading_at_the_set_speed_plus_time_per_question_and_scenario():
    course = get_course()
    lesson = course.lesson("role-front-desk")
    words = 0
    texts = [lesson.title["en"]]
    for section in lesson.sections:
        texts += [section.title["en"], section.body["en"]]
    for scenario in lesson.scenarios:
        texts += [scenario.title["en"], scenario.situation["en"], scenario.prompt["en"]]
        texts += [o.text["en"] for o in scenario.options]
        texts += [o.feedback["en"] for o in scenario.options if o.correct]
    for question in lesson.questions:
        texts += [question.prompt["en"]] + [o.text["en"] for o in question.options]
        texts += [o.feedback["en"] for o in question.options if o.correct]
    words = sum(len(re.findall(r"\w+", text)) for text in texts)
    thinking = 45 * len(lesson.scenarios) + 20 * len(lesson.questions)

    assert course.lesson_seconds(lesson, "en") == pytest.approx(words / 180 * 60 + thinking)


def test_the_hotline_numbers_are_the_ones_the_research_gives_and_no_other():
    research = Path("/work/shared/jurisdictions.md")
    allowed = {"1-888-373-7888", "1-866-347-2423", "1-855-FLA-SAFE"}
    text = "\n".join(t[lang] for _, t in localized_texts(get_course()) for lang in ("en", "es"))
    numbers = set(re.findall(r"\b1-\d{3}-[0-9A-Z-]{3,}\d*[A-Z]*\b", text))

    assert numbers == allowed
    for short in ("233733", "911", "TTY 711"):
        assert short in text
    if research.exists():  # the shared research file; the numbers above are quoted from it
        notes = research.read_text(encoding="utf-8")
        assert all(number in notes for number in allowed | {"233733"})


# Jurisdictions


def test_every_rule_pack_is_decided_in_the_requirements_file():
    assert sorted(get_course().jurisdictions) == ALL_PACKS


def test_the_course_is_accepted_exactly_where_no_approved_course_is_required():
    course = get_course()

    assert course.accepted_in == ("US-CA", "US-CT", "US-IL")
    for code in course.accepted_in:
        assert get_pack(code).rule("course_approval").get("required") is False
    for code in APPROVAL_REQUIRED:
        assert get_pack(code).rule("course_approval").get("required") is True
        assert not course.jurisdictions[code].accepted
    assert accepted_jurisdictions(course) == ["US-CA", "US-CT", "US-IL"]


@pytest.mark.parametrize(
    ("code", "citations"),
    [
        ("US-CA", [f"Cal. Gov. Code §12950.3(c)({n})" for n in range(1, 6)]),
        ("US-IL", ["820 ILCS 95/10"] + [f"820 ILCS 95/15(a)({n})" for n in range(1, 5)]),
        ("US-CT", ["PA 16-71 §5", "PA 16-71 §5"]),
    ],
)
def test_each_accepting_jurisdiction_lists_its_statutory_content_with_citations(code, citations):
    requirements = get_course().jurisdictions[code].requirements

    assert [r.citation for r in requirements] == citations
    assert all(r.text and r.topics for r in requirements)


@pytest.mark.parametrize("role", JOB_ROLES)
@pytest.mark.parametrize("code", ["US-CA", "US-CT", "US-IL"])
def test_every_role_path_covers_every_required_topic(code, role):
    assert missing_topics(get_course(), code, role) == []


def test_connecticut_records_that_its_awareness_campaigns_are_not_the_courses_to_meet():
    (note,) = get_course().jurisdictions["US-CT"].not_covered

    assert "ongoing awareness" in note


def test_the_shipped_claims_hold_against_the_packs():
    assert coverage_problems(get_course()) == []


def test_a_path_missing_a_topic_is_a_coverage_problem():
    course = get_course()
    lessons = tuple(
        replace(
            lesson,
            sections=tuple(
                replace(s, topics=tuple(t for t in s.topics if t != "police_contacts"))
                for s in lesson.sections
            ),
        )
        for lesson in course.lessons
    )
    gutted = replace(course, lessons=lessons)

    assert missing_topics(gutted, "US-CA", "front_desk") == ["police_contacts"]
    assert "the front_desk path misses California's topics police_contacts" in " ".join(
        coverage_problems(gutted)
    )


def test_claiming_acceptance_where_approval_is_required_is_a_coverage_problem():
    course = get_course()
    texas = replace(course.jurisdictions["US-TX"], accepted=True)
    claims = replace(
        course, jurisdictions=MappingProxyType({**course.jurisdictions, "US-TX": texas})
    )

    problems = coverage_problems(claims)

    assert any(
        "accepted in US-TX, but Texas requires an approved course" in problem
        for problem in problems
    )
    assert "US-TX" not in accepted_jurisdictions(claims)


def test_a_path_shorter_than_a_states_minimum_is_a_coverage_problem():
    course = get_course()
    short = replace(
        course,
        recorded_minutes=MappingProxyType({**course.recorded_minutes, ("other", "en"): 19}),
    )

    assert (
        "hc-awareness 2026.1: the other path in en has 19 minutes; California requires at least 20"
        in coverage_problems(short)
    )


# Loader errors name the file and the item


def test_a_missing_spanish_feedback_names_the_file_and_the_option(course_copy):
    path = course_copy / "es" / "role-managers.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r'feedback = "Sí\. Las comisiones de reclutamiento[^"]*"', 'feedback = ""', text),
        encoding="utf-8",
    )

    assert load_error(course_copy) == (
        "hc-awareness/2026.1/es/role-managers.toml: questions[1] (agency-practices)"
        ".options[0] (ask-fees).feedback: missing text (every language needs its own)"
    )


def test_a_section_missing_in_spanish_is_refused(course_copy):
    path = course_copy / "es" / "core-your-role.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('[[sections]]\nid = "contacts"')
    end = text.index("[[sections]]", start + 5)
    path.write_text(text[:start] + text[end:], encoding="utf-8")

    assert "languages differ in number of sections: {'en': 5, 'es': 4}" in load_error(course_copy)


def test_a_different_id_in_spanish_is_refused(course_copy):
    edit(course_copy / "es" / "role-transport.toml", 'id = "at-the-door"', 'id = "at-the-gate"')

    assert load_error(course_copy) == (
        "hc-awareness/2026.1/es/role-transport.toml: sections[1] (at-the-gate).id: "
        "'at-the-gate' here but 'at-the-door' in en: the languages must have the same structure"
    )


def test_a_different_correct_answer_in_spanish_is_refused(course_copy):
    path = course_copy / "es" / "core-signs-in-hotels.toml"
    edit(path, 'id = "false"\ncorrect = true', 'id = "false"')
    edit(path, 'id = "true"\ntext = "Verdadero"', 'id = "true"\ncorrect = true\ntext = "Verdadero"')

    assert load_error(course_copy) == (
        "hc-awareness/2026.1/es/core-signs-in-hotels.toml: questions[0] (single-sign)"
        ".options[0] (true).correct: True here but False in en: the languages must have "
        "the same structure"
    )


def test_a_different_best_option_in_a_scenario_is_refused(course_copy):
    path = course_copy / "es" / "role-front-desk.toml"
    edit(path, 'id = "normal-check-in-report"\nbest = true', 'id = "normal-check-in-report"')
    edit(path, 'id = "refuse-room"', 'id = "refuse-room"\nbest = true')

    assert "scenarios[0] (late-check-in).options[1] (normal-check-in-report).best" in (
        load_error(course_copy)
    )


def test_recorded_minutes_must_be_what_the_content_measures(course_copy):
    edit(course_copy / "course.toml", "other = 30", "other = 45")

    assert load_error(course_copy) == (
        "hc-awareness/2026.1/course.toml: estimated_minutes.es.other: records 45 minutes "
        "but the content measures 30; record what it measures"
    )


def test_lengthening_a_lesson_changes_what_it_measures(course_copy):
    path = course_copy / "en" / "core-your-role.toml"
    edit(path, "Your role is simple and it matters:", "Your role is simple and it matters. " * 60)

    assert "estimated_minutes.en.front_desk: records 33 minutes but the content measures 36" in (
        load_error(course_copy)
    )


def test_an_unknown_topic_is_refused(course_copy):
    for language in ("en", "es"):
        edit(
            course_copy / language / "core-what-it-is.toml",
            'topics = ["myths"]',
            'topics = ["mythz"]',
        )

    assert load_error(course_copy).endswith("sections[4] (myths).topics: unknown topic mythz")


def test_a_job_role_without_a_path_is_refused(course_copy):
    edit(course_copy / "course.toml", 'core_only_roles = ["other"]', "core_only_roles = []")

    assert load_error(course_copy) == (
        "hc-awareness/2026.1/course.toml: lessons: no path for job role other: give it a "
        "lesson's roles or list it in core_only_roles"
    )


def test_a_true_false_question_needs_the_options_true_and_false(course_copy):
    path = course_copy / "en" / "role-housekeeping.toml"
    edit(path, 'id = "true"\ntext = "True"', 'id = "yes"\ntext = "True"')

    assert "questions[1] (search-belongings)" in load_error(course_copy)


def test_a_single_choice_question_needs_exactly_one_correct_option(course_copy):
    for language in ("en", "es"):
        edit(
            course_copy / language / "role-maintenance.toml",
            'id = "evict"\n',
            'id = "evict"\ncorrect = true\n',
        )

    assert load_error(course_copy) == (
        "hc-awareness/2026.1/en/role-maintenance.toml: questions[0] (security-role).options: "
        "a single question has exactly one correct option"
    )


def test_markup_in_a_text_is_refused(course_copy):
    edit(course_copy / "es" / "role-front-desk.toml", "Durante la estancia", "<b>Durante</b>")

    assert load_error(course_copy).endswith(
        "sections[1] (during-the-stay).title: plain text only: no markup"
    )


def test_a_missing_lesson_file_and_bad_toml_are_named(course_copy):
    (course_copy / "es" / "role-transport.toml").unlink()
    assert load_error(course_copy) == "hc-awareness/2026.1/es/role-transport.toml: file missing"

    (course_copy / "requirements.toml").write_text("topics = [", encoding="utf-8")
    assert load_error(course_copy).startswith(
        "hc-awareness/2026.1/requirements.toml: not valid TOML:"
    )


def test_a_directory_and_its_version_must_agree(course_copy):
    edit(course_copy / "course.toml", 'version = "2026.1"', 'version = "2026.2"')

    assert "does not match the directory hc-awareness/2026.1" in load_error(course_copy)


# Versions and the check command


@pytest.fixture
def two_versions(tmp_path, monkeypatch):
    """The shipped version plus a copy published as 2027.1, in a private content dir."""
    root = tmp_path / "content"
    shutil.copytree(VERSION_DIR, root / "hc-awareness" / "2026.1")
    newer = root / "hc-awareness" / "2027.1"
    shutil.copytree(VERSION_DIR, newer)
    edit(newer / "course.toml", 'version = "2026.1"', 'version = "2027.1"')
    monkeypatch.setattr(course_content, "CONTENT_DIR", root)
    get_course.cache_clear()
    yield root
    get_course.cache_clear()


def test_a_new_version_is_a_new_directory_and_the_old_one_stays_loadable(two_versions):
    assert course_content.available_versions() == ("2026.1", "2027.1")
    assert get_course().version == "2027.1"
    assert get_course(version="2026.1").version == "2026.1"
    with pytest.raises(CourseContentError, match=r"has no version '2025\.1'"):
        get_course(version="2025.1")


def test_check_course_content_reports_every_version():
    out = io.StringIO()

    call_command("check_course_content", stdout=out)

    assert out.getvalue().splitlines() == [
        "hc-awareness 2026.1: en, es; 10 lessons; paths of 28 to 36 minutes; pass mark 80%; "
        "accepted in US-CA, US-CT, US-IL",
        "All built-in course versions are valid.",
    ]


def test_check_course_content_fails_on_a_broken_version_and_names_it(two_versions):
    edit(
        two_versions / "hc-awareness" / "2027.1" / "es" / "core-your-role.toml",
        'id = "call"',
        'id = "llamar"',
    )
    out = io.StringIO()

    with pytest.raises(CommandError) as error:
        call_command("check_course_content", stdout=out)

    assert "hc-awareness 2026.1: en, es" in out.getvalue()
    assert "hc-awareness/2027.1/es/core-your-role.toml: questions[1] (hotline-ways)" in str(
        error.value
    )


def test_check_course_content_fails_on_a_claim_the_packs_refuse(two_versions):
    requirements = two_versions / "hc-awareness" / "2027.1" / "requirements.toml"
    text = requirements.read_text(encoding="utf-8")
    block = re.search(r"\[jurisdictions\.US-NY\]\n.*?\n\n", text, re.S).group(0)
    claim = (
        '[jurisdictions.US-NY]\naccepted = true\nsummary = "Claimed."\n\n'
        '[[jurisdictions.US-NY.requirements]]\ntext = "A definition"\ncitation = "GBL 205"\n'
        'topics = ["definition"]\n\n'
    )
    requirements.write_text(text.replace(block, claim), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("check_course_content", stdout=io.StringIO())

    assert "hc-awareness 2027.1: accepted in US-NY, but New York requires an approved course" in (
        str(error.value)
    )
