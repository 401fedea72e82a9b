"""Ongoing awareness (CT PA 16-71 §5): a short note a month, and who opened it.

The notes are versioned data (`awareness_notes/<version>.toml`, English and Spanish, our own
words); the newest version is used, and the month picks its note in turn, so every employee
at every property reads the same note in a month. Opening it through the employee's link is
kept as one `AwarenessOpening` per employee per month (the first opening), the property's
evidence of its campaign; `awareness_evidence` is what a report or the pack's check reads.
"""

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from hotelcompliance.access_log import AccessKind, access_list_record
from hotelcompliance.tenancy import Property
from training.models import AwarenessOpening, Employee

NOTES_DIR = Path(__file__).resolve().parent / "awareness_notes"
LANGUAGES = ("en", "es")


class AwarenessNoteError(ValueError):
    """A notes file that is incomplete: a language missing, an empty text, a repeated id."""


@dataclass(frozen=True)
class AwarenessNote:
    version: str
    id: str
    language: str
    title: str
    text: str
    indicators: tuple[str, ...]
    hotline: str


def load_notes_file(path: Path) -> dict[str, Any]:
    """Read and check one version's file (uncached); AwarenessNoteError says what is wrong."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    where = path.name
    if not data.get("version") or not data.get("notes"):
        raise AwarenessNoteError(f"{where}: needs a version and at least one note")
    for language in LANGUAGES:
        if not (data.get("hotline") or {}).get(language, "").strip():
            raise AwarenessNoteError(f"{where}: hotline.{language} missing")
    seen: set[str] = set()
    for index, note in enumerate(data["notes"]):
        note_id = note.get("id", "")
        if not note_id or note_id in seen:
            raise AwarenessNoteError(f"{where}: notes[{index}] needs a unique id")
        seen.add(note_id)
        for field in ("title", "text", "indicators"):
            for language in LANGUAGES:
                if not (note.get(field) or {}).get(language):
                    raise AwarenessNoteError(
                        f"{where}: notes[{index}] ({note_id}).{field}.{language} missing"
                    )
        counts = {len(note["indicators"][language]) for language in LANGUAGES}
        if len(counts) != 1:
            raise AwarenessNoteError(
                f"{where}: notes[{index}] ({note_id}): languages differ in indicators"
            )
    return data


@cache
def _newest() -> dict[str, Any]:
    files = sorted(NOTES_DIR.glob("*.toml"), key=lambda p: [int(x) for x in p.stem.split(".")])
    return load_notes_file(files[-1])


def note_for_month(month: date, language: str) -> AwarenessNote:
    """The month's note in the language (English when the language has no text)."""
    data = _newest()
    language = language if language in LANGUAGES else "en"
    notes = data["notes"]
    note = notes[(month.year * 12 + month.month - 1) % len(notes)]
    return AwarenessNote(
        version=data["version"],
        id=note["id"],
        language=language,
        title=note["title"][language],
        text=note["text"][language],
        indicators=tuple(note["indicators"][language]),
        hotline=data["hotline"][language],
    )


def current_month(prop: Property) -> date:
    """The first day of the property's current month (its own date, not the server's)."""
    return prop.today().replace(day=1)


def awareness_note_open(*, employee: Employee, language: str) -> AwarenessNote:
    """The employee opens this month's note: shown, and the first opening of the month kept."""
    month = current_month(employee.property)
    note = note_for_month(month, language)
    try:
        with transaction.atomic():
            AwarenessOpening.objects.get_or_create(
                employee=employee,
                month=month,
                defaults={
                    "note_version": f"{note.version}/{note.id}",
                    "language": note.language,
                    "opened_at": timezone.now(),
                },
            )
    except IntegrityError:
        pass  # opened twice at once: the first row stands
    return note


@dataclass(frozen=True)
class AwarenessNoteStatus:
    note: AwarenessNote
    opened: bool


def awareness_notes_for(employee: Employee, *, language: str) -> AwarenessNoteStatus:
    """This month's note for the employee's page, and whether they opened it (no write)."""
    month = current_month(employee.property)
    opened = AwarenessOpening.objects.filter(employee=employee, month=month).exists()
    return AwarenessNoteStatus(note=note_for_month(month, language), opened=opened)


@dataclass(frozen=True)
class AwarenessRow:
    employee: Employee
    opening: AwarenessOpening | None


@dataclass(frozen=True)
class AwarenessEvidence:
    """A month of the property's awareness campaign: who was employed, who opened the note."""

    month: date
    note: AwarenessNote
    rows: tuple[AwarenessRow, ...]

    @property
    def opened(self) -> int:
        return sum(1 for row in self.rows if row.opening is not None)


def awareness_evidence(prop: Property, *, month: date) -> AwarenessEvidence:
    """Every employee employed during `month` with their opening of its note, if any."""
    month = month.replace(day=1)
    next_month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    employees = (
        Employee.objects.for_property(prop)
        .current(month)
        .filter(hire_date__lt=next_month)
        .order_by("name", "pk")
    )
    openings = {
        o.employee_id: o for o in AwarenessOpening.objects.for_property(prop).filter(month=month)
    }
    rows = tuple(AwarenessRow(employee, openings.get(employee.pk)) for employee in employees)
    return AwarenessEvidence(month=month, note=note_for_month(month, "en"), rows=rows)


@dataclass(frozen=True)
class AwarenessDuty:
    """A month of the pack's ongoing-awareness duty and the evidence held for it.

    `required` is the pack's answer (CT, MN: True; None when unknown). Each employee
    employed during the month who opened its note counts; `met` is True when all did, and
    None when the pack asks for nothing (the notes are then extra awareness).
    """

    required: bool | None
    citation: str
    evidence: AwarenessEvidence

    @property
    def missing(self) -> tuple[Employee, ...]:
        return tuple(row.employee for row in self.evidence.rows if row.opening is None)

    @property
    def met(self) -> bool | None:
        if not self.required:
            return None
        return not self.missing


def awareness_duty(prop: Property, *, month: date) -> AwarenessDuty:
    """Whether the property's pack asks for ongoing awareness, and who counts for `month`."""
    pack = prop.rule_pack()
    rule = pack.rule("ongoing_awareness")
    return AwarenessDuty(
        required=pack.ongoing_awareness_required,
        citation=rule.citation,
        evidence=awareness_evidence(prop, month=month),
    )


def awareness_duty_read(*, prop: Property, month: date, request: HttpRequest) -> AwarenessDuty:
    """The duty and its evidence for the manager's page, with one access event (counts)."""
    duty = awareness_duty(prop, month=month)
    evidence = duty.evidence
    access_list_record(
        request,
        prop,
        AccessKind.VIEW,
        "awareness_openings",
        counts={"employees": len(evidence.rows), "opened": evidence.opened},
    )
    return duty
