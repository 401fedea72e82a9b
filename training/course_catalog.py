"""The courses a property keeps: add, edit and retire its own; read which ones count where.

Global (seeded) courses are shared by every property and are edited only through a reviewed
migration; a property's own course is the manager's to keep. Retiring never deletes: the
completions already recorded against a retired course stay valid evidence, and the status
engine goes on counting them; only new completions must name a current course.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotelcompliance.tenancy import Property
from training.models import Course, Employee

COURSE_FIELDS = ("title", "provider", "version", "minutes", "url", "jurisdictions", "evidence")

Actor = AbstractBaseUser | AnonymousUser | None


def course_create(*, prop: Property, actor: Actor, data: dict[str, Any]) -> Course:
    """Add a course of the property's own; ValidationError names each bad field."""
    course = Course(property=prop)
    _apply(course, data)
    course.full_clean()
    with transaction.atomic():
        course.save()
    return course


def course_update(*, course: Course, actor: Actor, data: dict[str, Any]) -> Course:
    """Change a property's own course. Completions already recorded keep pointing at it."""
    if course.property_id is None:
        raise ValidationError(_("A shared course cannot be edited here."))
    changed = Course.objects.get(pk=course.pk)
    _apply(changed, data)
    changed.full_clean()
    with transaction.atomic():
        changed.save()
    return changed


def course_retire(*, course: Course, actor: Actor) -> Course:
    """Take a property's own course off the list for new completions (idempotent)."""
    if course.property_id is None:
        raise ValidationError(_("A shared course cannot be retired here."))
    with transaction.atomic():
        locked = Course.objects.select_for_update().get(pk=course.pk)
        if locked.retired_at is None:
            locked.retired_at = timezone.now()
            locked.retired_by = actor if isinstance(actor, AbstractBaseUser) else None
            locked.save(update_fields=["retired_at", "retired_by"])
    return locked


def _apply(course: Course, data: dict[str, Any]) -> None:
    unknown = sorted(set(data) - set(COURSE_FIELDS))
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    for name, value in data.items():
        setattr(course, name, value)


@dataclass(frozen=True)
class ApprovedCourse:
    """A course that counts where the pack demands an approved one, with its link."""

    course: Course
    url: str


def approval_required(prop: Property) -> bool:
    """Whether the property's pack accepts only regulator-approved courses (TX, FL, NY...)."""
    return bool(prop.rule_pack().rule("course_approval").get("required"))


def approved_courses_for(employee: Employee) -> list[ApprovedCourse]:
    """Current courses approved in the employee's jurisdiction; empty where none is demanded.

    For the employee's page: where a pack demands an approved external course, these are
    the links to take one (the built-in course is then extra awareness only).
    """
    prop = employee.property
    if not approval_required(prop):
        return []
    code = prop.rule_pack().code
    courses = Course.objects.available_to(prop).active().order_by("title", "pk")
    return [
        ApprovedCourse(course=course, url=course.url)
        for course in courses
        if code in (course.jurisdictions or [])
    ]
