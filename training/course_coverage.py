"""Whether a built-in course version meets each jurisdiction's content list, per the packs.

The content files say where the course is accepted (`requirements.toml`); this module holds
that claim to the rule packs and to the lessons themselves, so a course cannot be marked
accepted where the law wants an approved course, or where a role's path misses a topic.
"""

from pathlib import Path

from hotelcompliance.rules import UnknownJurisdiction, available_jurisdictions, get_pack
from hotelcompliance.rules.vocab import JOB_ROLES
from training import course_content
from training.course_content import CourseContent, CourseContentError


def missing_topics(course: CourseContent, code: str, job_role: str) -> list[str]:
    """Required topics of `code` that the job role's path does not cover, in file order."""
    covered = frozenset().union(*(lesson.topics for lesson in course.path(job_role)))
    wanted = [t for r in course.jurisdictions[code].requirements for t in r.topics]
    return list(dict.fromkeys(topic for topic in wanted if topic not in covered))


def coverage_problems(course: CourseContent) -> list[str]:
    """Every reason the course's acceptance claims do not hold; empty when they all do."""
    problems = []
    label = f"{course.id} {course.version}"
    known = {code for code, _ in available_jurisdictions()}
    for code in sorted(set(course.jurisdictions) - known):
        problems.append(f"{label}: requirements.toml names {code}, which has no rule pack")
    for code in course.accepted_in:
        if code not in known:
            continue
        pack = get_pack(code)
        approval = pack.rule("course_approval")
        if approval.get("required") is not False:
            problems.append(
                f"{label}: accepted in {code}, but {pack.name} "
                + (
                    f"requires an approved course ({approval.citation})"
                    if approval.get("required")
                    else f"may require an approved course (unknown, {approval.citation})"
                )
            )
        least = pack.minimum_minutes
        for (role, language), minutes in sorted(course.recorded_minutes.items()):
            if least is not None and minutes < least:
                problems.append(
                    f"{label}: the {role} path in {language} has {minutes} minutes; "
                    f"{pack.name} requires at least {least}"
                )
        for role in JOB_ROLES:
            gaps = missing_topics(course, code, role)
            if gaps:
                problems.append(
                    f"{label}: the {role} path misses {pack.name}'s topics {', '.join(gaps)}"
                )
    return problems


def accepted_jurisdictions(course: CourseContent) -> list[str]:
    """Where completing the course counts: claimed in the files and no approval required now.

    Checked against the packs at call time, so a law that starts to require approved courses
    withdraws the claim even from an old version that still loads.
    """
    accepted = []
    for code in course.accepted_in:
        try:
            pack = get_pack(code)
        except UnknownJurisdiction:
            continue
        if pack.rule("course_approval").get("required") is False:
            accepted.append(code)
    return accepted


def check_all_versions(content_dir: Path | None = None) -> tuple[list[str], list[str]]:
    """Load every version of every built-in course afresh: (one line each, problems).

    A version that does not load is one problem (its error names the file and the item);
    one that loads is also held to the packs by `coverage_problems`.
    """
    content_dir = content_dir or course_content.CONTENT_DIR
    lines, problems = [], []
    folders = sorted(p for p in content_dir.iterdir() if p.is_dir()) if content_dir.is_dir() else []
    for course_dir in folders:
        versions = [p for p in course_dir.iterdir() if p.is_dir()]
        for folder in sorted(versions, key=lambda p: _sortable(p.name)):
            try:
                course = course_content.load_course_dir(folder)
            except CourseContentError as error:
                problems.append(str(error))
                continue
            problems += coverage_problems(course)
            minutes = sorted(set(course.recorded_minutes.values()))
            accepted = ", ".join(course.accepted_in) or "none"
            lines.append(
                f"{course.id} {course.version}: {', '.join(course.languages)}; "
                f"{len(course.lessons)} lessons; paths of {minutes[0]} to {minutes[-1]} minutes; "
                f"pass mark {course.pass_mark}%; accepted in {accepted}"
            )
    if not lines and not problems:
        problems.append(f"No built-in course version found in {content_dir}")
    return lines, problems


def _sortable(name: str) -> tuple:
    try:
        return (0, course_content.version_key(name))
    except ValueError:
        return (1, name)
