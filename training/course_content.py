"""The built-in course as versioned data: load, validate and measure it.

Content lives in `training/builtin_courses/<course id>/<version>/` (format: the README
there): `course.toml` (languages, pass mark, lesson order, which job roles take which
lesson, the estimated minutes per role path), `requirements.toml` (each jurisdiction's
content list with its citations) and one file per lesson per language,
`<language>/<lesson id>.toml`. A new version is a new directory; old ones stay loadable,
because every completion names the version it was.

Loading checks everything a learner or an inspector would trip over, and a problem stops
the load with the file and the path of the item: missing or empty text in any language,
languages whose structures differ (ids, kinds, correct answers), unknown topics or job roles,
recorded minutes that are not what the content measures.
"""

import functools
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from hotelcompliance.rules.vocab import JOB_ROLES

CONTENT_DIR = Path(__file__).resolve().parent / "builtin_courses"
BUILTIN_COURSE_ID = "hc-awareness"

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "true_false"
QUESTION_KINDS = (SINGLE, MULTIPLE, TRUE_FALSE)
QUESTIONS_PER_CHECK = (3, 5)

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_VERSION = re.compile(r"^\d{4}\.\d+$")
_WORD = re.compile(r"\w+")


class CourseContentError(ValueError):
    """Course files that do not follow the format; the message names the file and the item."""


@dataclass(frozen=True)
class Localized:
    """One text in every language of the course."""

    texts: Mapping[str, str] = field(hash=False)

    def __getitem__(self, language: str) -> str:
        return self.texts[language]


@dataclass(frozen=True)
class Option:
    id: str
    text: Localized
    feedback: Localized
    # For a question: a right answer. For a scenario: the best thing to do.
    correct: bool


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: Localized
    options: tuple[Option, ...]

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options if option.correct)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Scenario:
    """A "what would you do?" situation: not scored, every option explained."""

    id: str
    title: Localized
    situation: Localized
    prompt: Localized
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Section:
    """A short page of reading; `body` is plain text (blank line: paragraph, "- ": item)."""

    id: str
    title: Localized
    body: Localized
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Lesson:
    id: str
    title: Localized
    # Job roles taking this lesson besides the core; empty for a core lesson.
    roles: tuple[str, ...]
    sections: tuple[Section, ...]
    scenarios: tuple[Scenario, ...]
    questions: tuple[Question, ...]

    @property
    def core(self) -> bool:
        return not self.roles

    @property
    def topics(self) -> frozenset[str]:
        return frozenset(topic for section in self.sections for topic in section.topics)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def scenario(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)


@dataclass(frozen=True)
class Timing:
    """How reading time is estimated: words at a reading speed, plus time to decide."""

    words_per_minute: int
    seconds_per_question: int
    seconds_per_scenario: int

    def reading_seconds(self, *texts: str) -> float:
        return sum(len(_WORD.findall(text)) for text in texts) * 60 / self.words_per_minute


@dataclass(frozen=True)
class Requirement:
    """One item of a jurisdiction's content list, and the topics that meet it."""

    text: str
    citation: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class JurisdictionContent:
    """What a jurisdiction asks the course to cover, and whether it accepts the course."""

    code: str
    accepted: bool
    summary: str
    requirements: tuple[Requirement, ...]
    not_covered: tuple[str, ...]


@dataclass(frozen=True)
class CourseContent:
    id: str
    version: str
    title: Localized
    provider: str
    languages: tuple[str, ...]
    pass_mark: int
    timing: Timing
    lessons: tuple[Lesson, ...]
    core_only_roles: tuple[str, ...]
    topics: Mapping[str, str] = field(hash=False)
    jurisdictions: Mapping[str, JurisdictionContent] = field(hash=False)
    # (job role, language) -> minutes, as recorded in course.toml and checked on load.
    recorded_minutes: Mapping[tuple[str, str], int] = field(hash=False)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def known_lesson(self, lesson_id: str) -> Lesson:
        """A lesson an attempt's path names: the attempt pinned this version, so it is here."""
        lesson = self.lesson(lesson_id)
        if lesson is None:
            raise LookupError(f"Lesson {lesson_id!r} is not in {self.id} {self.version}.")
        return lesson

    def path(self, job_role: str) -> tuple[Lesson, ...]:
        """The lessons an employee in this job role takes: the core, then their own."""
        return tuple(lesson for lesson in self.lessons if lesson.core or job_role in lesson.roles)

    @property
    def accepted_in(self) -> tuple[str, ...]:
        return tuple(sorted(code for code, j in self.jurisdictions.items() if j.accepted))

    # Time estimates

    def section_seconds(self, section: Section, language: str) -> float:
        return self.timing.reading_seconds(section.title[language], section.body[language])

    def scenario_seconds(self, scenario: Scenario, language: str) -> float:
        best = [o.feedback[language] for o in scenario.options if o.correct]
        texts = [scenario.title[language], scenario.situation[language], scenario.prompt[language]]
        texts += [o.text[language] for o in scenario.options]
        return self.timing.reading_seconds(*texts, *best) + self.timing.seconds_per_scenario

    def check_seconds(self, lesson: Lesson, language: str) -> float:
        """Reading each question, its options and the feedback of its right answers."""
        total = 0.0
        for question in lesson.questions:
            texts = [question.prompt[language]] + [o.text[language] for o in question.options]
            texts += [o.feedback[language] for o in question.options if o.correct]
            total += self.timing.reading_seconds(*texts) + self.timing.seconds_per_question
        return total

    def lesson_seconds(self, lesson: Lesson, language: str) -> float:
        return (
            self.timing.reading_seconds(lesson.title[language])
            + sum(self.section_seconds(s, language) for s in lesson.sections)
            + sum(self.scenario_seconds(s, language) for s in lesson.scenarios)
            + self.check_seconds(lesson, language)
        )

    def estimated_minutes(self, job_role: str, language: str) -> int:
        """Whole minutes of material on the role's path, rounded down (never flattering)."""
        seconds = sum(self.lesson_seconds(lesson, language) for lesson in self.path(job_role))
        return math.floor(seconds / 60)

    @property
    def shortest_path_minutes(self) -> int:
        return min(self.recorded_minutes.values())


# Loading


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def available_versions(course_id: str = BUILTIN_COURSE_ID) -> tuple[str, ...]:
    """The versions on disk, oldest first."""
    folder = CONTENT_DIR / course_id
    if not folder.is_dir():
        raise CourseContentError(f"No built-in course {course_id!r} in {CONTENT_DIR}")
    versions = [p.name for p in folder.iterdir() if p.is_dir() and _VERSION.match(p.name)]
    return tuple(sorted(versions, key=version_key))


def current_version(course_id: str = BUILTIN_COURSE_ID) -> str:
    versions = available_versions(course_id)
    if not versions:
        raise CourseContentError(f"Built-in course {course_id!r} has no version.")
    return versions[-1]


@functools.cache
def get_course(course_id: str = BUILTIN_COURSE_ID, version: str | None = None) -> CourseContent:
    """One version of a built-in course, loaded and validated once per process."""
    version = version or current_version(course_id)
    if version not in available_versions(course_id):
        raise CourseContentError(f"Built-in course {course_id!r} has no version {version!r}.")
    return load_course_dir(CONTENT_DIR / course_id / version)


def load_course_dir(folder: Path) -> CourseContent:
    """Read and validate one version's directory (no cache: tests and the check command)."""
    reader = _Reader(folder)
    return reader.course()


class _Reader:
    """Builds a CourseContent, naming `<course>/<version>/<file>: <path>` in every error."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.label = f"{folder.parent.name}/{folder.name}"

    def fail(self, file: str, where: str, message: str) -> CourseContentError:
        location = f"{self.label}/{file}" + (f": {where}" if where else "")
        return CourseContentError(f"{location}: {message}")

    def read(self, relative: str) -> dict[str, Any]:
        path = self.folder / relative
        if not path.is_file():
            raise self.fail(relative, "", "file missing")
        try:
            return tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise self.fail(relative, "", f"not valid TOML: {error}") from None

    def course(self) -> CourseContent:
        file = "course.toml"
        data = self.read(file)
        get = _Getter(self, file, data)
        course_id, version = get.ident("id"), get.text("version")
        if course_id != self.folder.parent.name or version != self.folder.name:
            raise self.fail(
                file, "id", f"{course_id} {version} does not match the directory {self.label}"
            )
        languages = get.strings("languages")
        if not languages or len(set(languages)) != len(languages):
            raise self.fail(file, "languages", "list each language once")
        pass_mark = get.whole("pass_mark", 1, 100)
        timing_get = get.table("timing")
        timing = Timing(
            words_per_minute=timing_get.whole("words_per_minute", 60, 400),
            seconds_per_question=timing_get.whole("seconds_per_question", 0, 600),
            seconds_per_scenario=timing_get.whole("seconds_per_scenario", 0, 600),
        )
        title = get.localized("title", languages)
        provider = get.text("provider")
        topics, jurisdictions = self.requirements()
        lessons = tuple(
            self.lesson(entry, languages, topics) for entry in get.tables("lessons", at_least=1)
        )
        _unique(self, file, "lessons", [lesson.id for lesson in lessons])
        core_only = get.strings("core_only_roles")
        self.check_roles(file, lessons, core_only)
        course = CourseContent(
            id=course_id,
            version=version,
            title=title,
            provider=provider,
            languages=tuple(languages),
            pass_mark=pass_mark,
            timing=timing,
            lessons=lessons,
            core_only_roles=tuple(core_only),
            topics=MappingProxyType(topics),
            jurisdictions=MappingProxyType(jurisdictions),
            recorded_minutes=MappingProxyType({}),
        )
        recorded = self.recorded_minutes(get.table("estimated_minutes"), course)
        return replace(course, recorded_minutes=MappingProxyType(recorded))

    def check_roles(self, file: str, lessons: Iterable[Lesson], core_only: list[str]) -> None:
        unknown = sorted(set(core_only) - set(JOB_ROLES))
        if unknown:
            raise self.fail(file, "core_only_roles", f"unknown job role {', '.join(unknown)}")
        covered: dict[str, str] = {}
        for lesson in lessons:
            for role in lesson.roles:
                if role in core_only:
                    raise self.fail(file, "core_only_roles", f"{role} also has {lesson.id}")
                covered.setdefault(role, lesson.id)
        missing = [role for role in JOB_ROLES if role not in covered and role not in core_only]
        if missing:
            raise self.fail(
                file,
                "lessons",
                f"no path for job role {', '.join(missing)}: give it a lesson's roles "
                "or list it in core_only_roles",
            )

    def recorded_minutes(self, get: "_Getter", course: CourseContent) -> dict:
        recorded = {}
        for language in course.languages:
            per_role = get.table(language)
            for role in JOB_ROLES:
                minutes = per_role.whole(role, 1, 600)
                measured = course.estimated_minutes(role, language)
                if minutes != measured:
                    raise self.fail(
                        "course.toml",
                        f"estimated_minutes.{language}.{role}",
                        f"records {minutes} minutes but the content measures {measured}; "
                        "record what it measures",
                    )
                recorded[(role, language)] = minutes
        return recorded

    def lesson(self, entry: "_Getter", languages: list[str], topics: Mapping) -> Lesson:
        lesson_id = entry.ident("id")
        roles = entry.strings("roles", required=False)
        unknown = sorted(set(roles) - set(JOB_ROLES))
        if unknown:
            raise entry.error(f"{lesson_id}: unknown job role {', '.join(unknown)}")
        parts = {}
        for language in languages:
            file = f"{language}/{lesson_id}.toml"
            get = _Getter(self, file, self.read(file))
            if get.ident("id") != lesson_id:
                raise get.error(f"expected id {lesson_id!r}", "id")
            parts[language] = get
        return _LessonBuilder(self, lesson_id, roles, parts, topics).build()

    def requirements(self) -> tuple[dict[str, str], dict[str, JurisdictionContent]]:
        file = "requirements.toml"
        get = _Getter(self, file, self.read(file))
        topic_table = get.table("topics")
        topics = {name: topic_table.text(name) for name in topic_table.data}
        for name in topics:
            if not _ID.match(name.replace("_", "-")):
                raise self.fail(file, f"topics.{name}", "use lower-case words joined by _")
        jurisdictions = {}
        table = get.table("jurisdictions")
        for code in table.data:
            one = table.table(code)
            requirements = []
            for item in one.tables("requirements", at_least=0):
                wanted = item.strings("topics")
                unknown = sorted(set(wanted) - set(topics))
                if not wanted or unknown:
                    raise item.error(f"unknown or no topics: {', '.join(unknown) or '[]'}")
                requirements.append(
                    Requirement(item.text("text"), item.text("citation"), tuple(wanted))
                )
            accepted = one.flag("accepted")
            if accepted and not requirements:
                raise one.error("an accepting jurisdiction lists its content requirements")
            jurisdictions[code] = JurisdictionContent(
                code=code,
                accepted=accepted,
                summary=one.text("summary"),
                requirements=tuple(requirements),
                not_covered=tuple(one.strings("not_covered", required=False)),
            )
        return topics, jurisdictions


class _LessonBuilder:
    """Merges one lesson's language files, refusing any difference in structure."""

    def __init__(
        self,
        reader: _Reader,
        lesson_id: str,
        roles: Iterable[str],
        parts: dict[str, "_Getter"],
        topics: Mapping[str, str],
    ) -> None:
        self.reader, self.lesson_id, self.roles = reader, lesson_id, tuple(roles)
        self.parts, self.topics = parts, topics
        self.first = next(iter(parts))

    def build(self) -> Lesson:
        sections = tuple(self.section(i, g) for i, g in self.items("sections", at_least=1))
        scenarios = tuple(self.scenario(i, g) for i, g in self.items("scenarios", at_least=1))
        questions = self.items("questions", at_least=QUESTIONS_PER_CHECK[0])
        if len(questions) > QUESTIONS_PER_CHECK[1]:
            most = QUESTIONS_PER_CHECK[1]
            raise self.parts[self.first].error(f"at most {most} questions", "questions")
        ids = [s.id for s in sections] + [s.id for s in scenarios]
        _unique(self.reader, f"{self.first}/{self.lesson_id}.toml", "sections, scenarios", ids)
        return Lesson(
            id=self.lesson_id,
            title=self.localized({lang: g for lang, g in self.parts.items()}, "title"),
            roles=self.roles,
            sections=sections,
            scenarios=scenarios,
            questions=tuple(self.question(i, g) for i, g in questions),
        )

    def items(self, key: str, *, at_least: int) -> list[tuple[int, dict]]:
        """The `[[key]]` tables of every language, side by side; same count everywhere."""
        lists = {lang: g.tables(key, at_least=at_least) for lang, g in self.parts.items()}
        counts = {lang: len(items) for lang, items in lists.items()}
        if len(set(counts.values())) != 1:
            raise self.parts[self.first].error(f"languages differ in number of {key}: {counts}")
        return [
            (i, {lang: items[i] for lang, items in lists.items()})
            for i in range(counts[self.first])
        ]

    def same(
        self, getters: dict[str, "_Getter"], key: str, value_of: Callable[["_Getter", str], Any]
    ) -> Any:
        """A structural value (id, kind, flag) that must be identical in every language."""
        values = {lang: value_of(g, key) for lang, g in getters.items()}
        first = values[self.first]
        for lang, value in values.items():
            if value != first:
                raise getters[lang].error(
                    f"{value!r} here but {first!r} in {self.first}: "
                    "the languages must have the same structure",
                    key,
                )
        return first

    def localized(self, getters: dict, key: str) -> Localized:
        return Localized(MappingProxyType({lang: g.text(key) for lang, g in getters.items()}))

    def ident(self, getters: dict) -> str:
        return self.same(getters, "id", lambda g, k: g.ident(k))

    def section(self, _i: int, getters: dict) -> Section:
        topics = self.same(getters, "topics", lambda g, k: tuple(g.strings(k)))
        unknown = sorted(set(topics) - set(self.topics))
        if unknown:
            raise getters[self.first].error(f"unknown topic {', '.join(unknown)}", "topics")
        return Section(
            id=self.ident(getters),
            title=self.localized(getters, "title"),
            body=self.localized(getters, "body"),
            topics=topics,
        )

    def options(self, getters: dict, flag: str) -> tuple[Option, ...]:
        lists = {lang: g.tables("options", at_least=2) for lang, g in getters.items()}
        counts = {lang: len(items) for lang, items in lists.items()}
        if len(set(counts.values())) != 1:
            raise getters[self.first].error(f"languages differ in number of options: {counts}")
        options = []
        for i in range(counts[self.first]):
            each = {lang: items[i] for lang, items in lists.items()}
            options.append(
                Option(
                    id=self.ident(each),
                    text=self.localized(each, "text"),
                    feedback=self.localized(each, "feedback"),
                    correct=self.same(each, flag, lambda g, k: g.flag(k, default=False)),
                )
            )
        _unique(self.reader, getters[self.first].file, "options", [o.id for o in options])
        return tuple(options)

    def scenario(self, _i: int, getters: dict) -> Scenario:
        options = self.options(getters, "best")
        if sum(o.correct for o in options) != 1:
            raise getters[self.first].error("mark exactly one option best = true", "options")
        return Scenario(
            id=self.ident(getters),
            title=self.localized(getters, "title"),
            situation=self.localized(getters, "situation"),
            prompt=self.localized(getters, "prompt"),
            options=options,
        )

    def question(self, _i: int, getters: dict) -> Question:
        kind = self.same(getters, "kind", lambda g, k: g.text(k))
        first = getters[self.first]
        if kind not in QUESTION_KINDS:
            raise first.error(f"kind {kind!r}; expected one of {', '.join(QUESTION_KINDS)}")
        options = self.options(getters, "correct")
        right = sum(o.correct for o in options)
        if kind == TRUE_FALSE and sorted(o.id for o in options) != ["false", "true"]:
            raise first.error("a true_false question has the options true and false", "options")
        if kind in (SINGLE, TRUE_FALSE) and right != 1:
            raise first.error(f"a {kind} question has exactly one correct option", "options")
        if kind == MULTIPLE and not 1 <= right < len(options):
            raise first.error("a multiple question has some, not all, options correct")
        return Question(
            id=self.ident(getters),
            kind=kind,
            prompt=self.localized(getters, "prompt"),
            options=options,
        )


class _Getter:
    """Typed reads of one TOML table, each error naming the file and the item's path."""

    def __init__(self, reader: _Reader, file: str, data: dict, where: str = ""):
        self.reader, self.file, self.data, self.where = reader, file, data, where

    def path(self, key: str | None = None) -> str:
        if key is None:
            return self.where
        return f"{self.where}.{key}" if self.where else key

    def error(self, message: str, key: str | None = None) -> CourseContentError:
        return self.reader.fail(self.file, self.path(key), message)

    def raw(self, key: str, required: bool = True) -> Any:
        if key not in self.data:
            if required:
                raise self.error("missing", key)
            return None
        return self.data[key]

    def text(self, key: str) -> str:
        value = self.raw(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error("missing text (every language needs its own)", key)
        if "<" in value:
            raise self.error("plain text only: no markup", key)
        return value.strip()

    def ident(self, key: str) -> str:
        value = self.text(key)
        if not _ID.match(value):
            raise self.error(f"{value!r} is not an id (lower-case words joined by -)", key)
        return value

    def whole(self, key: str, least: int, most: int) -> int:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
            raise self.error(f"expected a whole number from {least} to {most}, got {value!r}", key)
        return value

    def flag(self, key: str, default: bool | None = None) -> bool:
        value = self.raw(key, required=default is None)
        if value is None:
            return bool(default)
        if not isinstance(value, bool):
            raise self.error(f"expected true or false, got {value!r}", key)
        return value

    def strings(self, key: str, required: bool = True) -> list[str]:
        value = self.raw(key, required=required)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(f"expected a list of strings, got {value!r}", key)
        return value

    def localized(self, key: str, languages: list[str]) -> Localized:
        table = self.table(key)
        return Localized(MappingProxyType({lang: table.text(lang) for lang in languages}))

    def table(self, key: str) -> "_Getter":
        value = self.raw(key)
        if not isinstance(value, dict):
            raise self.error("expected a table", key)
        return _Getter(self.reader, self.file, value, self.path(key))

    def tables(self, key: str, *, at_least: int) -> list["_Getter"]:
        value = self.raw(key, required=at_least > 0)
        value = [] if value is None else value
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error("expected a list of tables ([[...]])", key)
        if len(value) < at_least:
            raise self.error(f"expected at least {at_least}, found {len(value)}", key)
        getters = []
        for i, item in enumerate(value):
            label = f"{key}[{i}]"
            if isinstance(item.get("id"), str):
                label += f" ({item['id']})"
            getters.append(_Getter(self.reader, self.file, item, self.path(label)))
        return getters


def _unique(reader: _Reader, file: str, what: str, ids: list[str]) -> None:
    twice = sorted({one for one in ids if ids.count(one) > 1})
    if twice:
        raise reader.fail(file, what, f"id used twice: {', '.join(twice)}")
