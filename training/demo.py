"""Demo employees and completions: every property's roster shows every status today.

Called by `manage.py seed_demo`. A property that already has employees is left alone, so the
command can run any number of times.
"""

import random
from datetime import date, timedelta
from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import User
from django.db import transaction

from hotelcompliance.demo import DemoContext
from hotelcompliance.rules import RulePack, add_months
from hotelcompliance.tenancy import Property
from training.models import Course, Employee
from training.services import employee_create, training_record_create

FIRST_NAMES = [
    "Aaliyah", "Ahmed", "Ana", "Andre", "Beatriz", "Bogdan", "Carlos", "Chen", "Chloe", "Darnell",
    "Deepa", "Diego", "Elena", "Emeka", "Fatima", "Grace", "Hannah", "Hector", "Imani", "Jamal",
    "Jasmine", "Kenji", "Kwame", "Lakshmi", "Liam", "Lucia", "Malik", "Marisol", "Mei", "Nadia",
    "Noah", "Olivia", "Omar", "Patrick", "Rosa", "Samira", "Sean", "Sofia", "Tatiana", "Thu",
    "Tyrone", "Valentina", "Wei", "Yusuf", "Zoe",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Alvarez", "Brennan", "Castillo", "Chowdhury", "Costa", "Delgado", "Dubois",
    "Esposito", "Fitzgerald", "Garcia", "Haddad", "Hernandez", "Ivanova", "Jackson", "Kim",
    "Kowalski", "Le", "Mahmoud", "Martinez", "McCarthy", "Mendes", "Nguyen", "Novak", "Okafor",
    "O'Brien", "Patel", "Petrov", "Quinn", "Ramirez", "Rossi", "Santos", "Singh", "Sullivan",
    "Tanaka", "Torres", "Walsh", "Washington", "Williams", "Zhang",
]  # fmt: skip
# Job roles weighted roughly as a mid-size hotel staffs them.
ROLES = [
    ("housekeeping", True), ("housekeeping", True), ("housekeeping", True),
    ("front_desk", True), ("front_desk", True), ("management", True), ("maintenance", False),
    ("food_beverage", True), ("security", True), ("bell", True), ("janitorial", False),
    ("driver", True),
]  # fmt: skip

# Each roster has these situations; the rest of the staff are up to date.
SCENARIOS = ["new_hire_due", "new_hire", "left", "due_soon", "due_soon", "lapsed", "lapsed"]

TEXAS_COURSE = {
    # Fictional, for the demo only: Texas counts only courses on the Attorney General's list,
    # and no real course is known to be on it (jurisdictions.md), so the demo manager has
    # recorded their own provider's approval.
    "title": "Human Trafficking Prevention for Texas Hotel Employees",
    "provider": "Lone Star Hospitality Training (demo)",
    "version": "2026.1",
    "minutes": 45,
    "jurisdictions": ["US-TX"],
}


def seed(context: DemoContext) -> None:
    rng = random.Random(2026)  # noqa: S311 - repeatable demo data, not a secret
    actor = context.users["manager"]
    names = rng.sample([(f, la) for f in FIRST_NAMES for la in LAST_NAMES], 80)
    for index, prop in enumerate(context.properties):
        if Employee.objects.for_property(prop).exists():
            continue
        _seed_property(prop, rng=rng, actor=actor, names=names[index * 25 :], index=index)


@transaction.atomic
def _seed_property(
    prop: Property,
    *,
    rng: random.Random,
    actor: User,
    names: list[tuple[str, str]],
    index: int,
) -> None:
    pack = prop.rule_pack()
    today = prop.today()
    courses = _courses_for(prop, pack)
    size = rng.randint(12, 18)
    scenarios = SCENARIOS + ["current"] * (size - len(SCENARIOS))
    if courses["refused"] and pack.rule("course_approval").get("required"):
        # Someone took a course the state does not accept: it shows, but does not count.
        scenarios[scenarios.index("lapsed")] = "wrong_course"
    rng.shuffle(scenarios)
    prefix = "".join(word[0] for word in prop.name.split()[:2]).upper()
    for number, (scenario, (first, last)) in enumerate(zip(scenarios, names, strict=False)):
        hire, end, completions = _plan(scenario, rng=rng, today=today, pack=pack)
        pool = courses["refused"] if scenario == "wrong_course" else courses["counts"]
        role, facing = ("front_desk", True) if scenario == "new_hire_due" else rng.choice(ROLES)
        email = "" if rng.random() < 0.2 else f"{first}.{last}@staff.example".lower()
        employee = employee_create(
            prop=prop,
            actor=actor,
            data={
                "name": f"{first} {last}",
                "employee_number": f"{prefix}-{1001 + number + index * 100}",
                "email": email.replace("'", ""),
                "job_role": role,
                "customer_facing": facing,
                "hire_date": hire,
                "end_date": end,
            },
        )
        for completed_on in completions:
            training_record_create(
                employee=employee,
                actor=actor,
                course=rng.choice(pool),
                completed_on=completed_on,
            )


def _courses_for(prop: Property, pack: RulePack) -> dict[str, list[Course]]:
    """Courses that count in the property's jurisdiction, and one that does not (if any)."""
    if not Course.objects.filter(property__isnull=True).exists():
        # A flushed database (transactional tests) lost the migration's catalogue; restore it.
        import_module("training.migrations.0002_seed_courses").seed_courses(apps, None)
    if pack.code == "US-TX":
        own, _ = Course.objects.get_or_create(
            property=prop, title=TEXAS_COURSE["title"], defaults=TEXAS_COURSE
        )
        counts = [own]
    else:
        counts = []
    refused = []
    for course in Course.objects.available_to(prop).filter(property__isnull=True):
        ok, _ = pack.course_counts(
            minutes=course.minutes, provider=course.provider, approved_for=course.jurisdictions
        )
        if ok:
            counts.append(course)
        elif not course.jurisdictions:  # a national course, as a real employee would bring
            refused.append(course)
    return {"counts": counts, "refused": refused}


def _plan(
    scenario: str, *, rng: random.Random, today: date, pack: RulePack
) -> tuple[date, date | None, list[date]]:
    """(hire date, end date, completion dates) for a scenario."""
    months = pack.refresher_interval_months or 12
    due = pack.new_hire_due_date(today)
    # A pack that does not know the deadline has none; ten days stands in (no cap below).
    deadline_days = (due - today).days if due is not None else 10
    one_cycle_ago = add_months(today, -months)
    if scenario == "new_hire_due":
        # Inside the new-hire deadline ("at hire" in Connecticut: hired today).
        hire = today - timedelta(days=min(deadline_days, rng.randint(2, 10)))
        return hire, None, []
    if scenario == "new_hire":
        # Hired this month: trained at hire where the law says so, otherwise not yet.
        hire = today - timedelta(days=rng.randint(3, 12))
        return hire, None, ([hire] if deadline_days == 0 else [])
    if scenario == "left":
        hire = today - timedelta(days=rng.randint(500, 1200))
        end = today - timedelta(days=rng.randint(20, 200))
        return hire, end, [hire + timedelta(days=rng.randint(0, 7))]
    if scenario == "wrong_course":
        hire = today - timedelta(days=rng.randint(150, 400))
        return hire, None, [hire + timedelta(days=rng.randint(5, 40))]
    if scenario == "due_soon":
        last = one_cycle_ago + timedelta(days=rng.randint(3, 25))
    elif scenario == "lapsed":
        last = one_cycle_ago - timedelta(days=rng.randint(10, 120))
    else:
        last = today - timedelta(days=rng.randint(5, 300))
    # Hired a year or more ago (up to four), and always before the last completion.
    hire = min(today - timedelta(days=rng.randint(400, 4 * 365)), last - timedelta(days=30))
    return hire, None, _history(hire, last, months)


def _history(hire: date, last: date, months: int) -> list[date]:
    """The last completion and up to two earlier ones a cycle apart, none before hire."""
    dates = [last]
    for cycles in (1, 2):
        earlier = add_months(last, -months * cycles)
        if earlier >= hire:
            dates.append(earlier)
    return dates
