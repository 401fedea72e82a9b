"""training_dashboard: the roster page at 5,000 employees against the same page at 50.

In-process Django test client (a manager whose session passed its second factor), queries
captured with `CaptureQueriesContext`; the time is the server's, median of the runs.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.bench.common import QUICK, RUNS, Figure, log, median
from tests.bench.fixtures import actor, property_named
from training.models import Course, Employee, TrainingRecord

SMALL, BIG = 50, (1_000 if QUICK else 5_000)
PATH = "/training/"
TARGET_MS = 200.0


def populate(size: int):
    prop = property_named(f"Bench Training {size}")
    manager = actor(f"bench_training_{size}", prop, role="manager")
    course, _ = Course.objects.get_or_create(
        title="Bench awareness", provider="Bench", defaults={"minutes": 60}
    )
    roles = ["front_desk", "housekeeping", "bell", "maintenance", "food_beverage"]
    employees = Employee.objects.bulk_create(
        Employee(
            property=prop,
            name=f"Employee {n:05d}",
            employee_number=f"B-{n:05d}",
            job_role=roles[n % len(roles)],
            customer_facing=n % 4 != 0,
            hire_date=date(2024, 1, 1) + timedelta(days=n % 300),
            end_date=date(2025, 6, 30) if n % 20 == 0 else None,
        )
        for n in range(size)
    )
    today = date.today()
    TrainingRecord.objects.bulk_create(
        TrainingRecord(
            employee=employee,
            course=course,
            # A spread of ages, so every status (compliant, due soon, overdue) appears.
            completed_on=max(employee.hire_date, today - timedelta(days=(n * 7) % 900)),
            minutes=60,
        )
        for n, employee in enumerate(employees)
        if n % 5 != 4
    )
    return manager.user


def verified_client(user) -> Client:
    """Logged in, with the session marked as having passed a TOTP code."""
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure(user) -> tuple[int, list[float]]:
    client = verified_client(user)
    for _ in range(2):
        client.get(PATH)
    times, counts = [], set()
    for _ in range(max(RUNS, 5)):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(PATH)
            times.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"GET {PATH} answered {response.status_code}")
        counts.add(len(captured.captured_queries))
    if len(counts) != 1:
        raise RuntimeError(f"query count varies between identical requests: {sorted(counts)}")
    return counts.pop(), times


def run() -> list[Figure]:
    users = {}
    for size in (SMALL, BIG):
        began = time.monotonic()
        users[size] = populate(size)
        log(f"training_dashboard: {size:,} employees made in {time.monotonic() - began:.1f} s")
    small_queries, small_times = measure(users[SMALL])
    big_queries, big_times = measure(users[BIG])
    log(
        f"training_dashboard: {SMALL} employees {small_queries} queries "
        f"{median(small_times):.0f} ms; {BIG} employees {big_queries} queries "
        f"{median(big_times):.0f} ms"
    )
    big_ms = median(big_times)
    return [
        Figure(
            f"training_dashboard.queries_{BIG}",
            big_queries,
            "queries",
            baseline=small_queries,
            ratio=big_queries / small_queries,
            target=f"value == queries at {SMALL}",
            met=big_queries == small_queries,
        ),
        Figure(
            f"training_dashboard.server_ms_{BIG}",
            big_ms,
            "ms",
            baseline=median(small_times),
            ratio=big_ms / median(small_times),
            target=f"value < {TARGET_MS:.0f} ms",
            met=big_ms < TARGET_MS,
            runs=big_times,
            note=f"baseline: the same page at {SMALL} employees",
        ),
    ]
