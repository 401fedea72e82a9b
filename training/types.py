"""The shapes of the data dicts the training services take, so mypy checks their keys.

The services still check every value at run time: the API hands them what a client sent.
"""

from datetime import date
from typing import TYPE_CHECKING, NotRequired, TypedDict

from django.contrib.auth.models import User

if TYPE_CHECKING:
    from django.core.files import File

    from training.models import Course, Employee


class EmployeeData(TypedDict, total=False):
    """An employee's fields for `services.employee_create` (all but the end date and the user
    required there) and `services.employee_update` (only those to change)."""

    name: str
    employee_number: str
    email: str
    phone: str
    job_role: str
    customer_facing: bool
    hire_date: date
    end_date: date | None
    preferred_language: str
    user: User | None


class CompletionData(TypedDict):
    """A completed course for `services.training_record_create` (the page's form, the API's
    serializer, a completions import row, a course taken in the product)."""

    employee: "Employee"
    course: "Course"
    completed_on: date
    minutes: NotRequired[int | None]  # None: the course's length
    certificate: NotRequired["File | None"]  # checked by its content before anything is kept
    score: NotRequired[int | None]  # the knowledge check's percentage, for a built-in course
