"""dashboard_group: the group page of 50 properties and 5,000 employees against 5 properties.

Each property has 100 employees (a spread of training statuses), a few stays, an open records
request and a year of duty snapshots (`snapshot_duties --backfill` as the beat and the seed
take them). In-process Django test client (a group administrator whose session passed its
second factor), queries captured with `CaptureQueriesContext`; the time is the server's,
median of the runs. Target (issue 15): the same query count at 5 and 50 properties, and
< 200 ms at 50.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.duty_snapshots import snapshot_backfill, snapshot_take
from audits.models import RecordsRequest
from hotelcompliance.roles import Role
from hotelcompliance.tenancy import Membership, Organisation, Property
from tests.bench.bench_training import verified_client
from tests.bench.common import QUICK, RUNS, Figure, log, median
from training.models import Course, Employee, TrainingRecord

SMALL, BIG = 5, (10 if QUICK else 50)
EMPLOYEES_PER_PROPERTY = 100
PATH = "/group/"
TARGET_MS = 200.0


def populate(size: int):
    org = Organisation.objects.create(name=f"Bench Dashboard Group {size}")
    admin = get_user_model().objects.create(username=f"bench_group_admin_{size}")
    Membership.objects.create(user=admin, organisation=org, role=Role.ORG_ADMIN)
    inspector = get_user_model().objects.create(username=f"bench_group_inspector_{size}")
    course, _ = Course.objects.get_or_create(
        title="Bench awareness", provider="Bench", defaults={"minutes": 60}
    )
    roles = ["front_desk", "housekeeping", "bell", "maintenance", "food_beverage"]
    today = date.today()
    props = []
    for index in range(size):
        prop = Property.objects.create(
            organisation=org,
            name=f"Bench Inn {size}-{index:02d}",
            street="1 Bench Street",
            city="Hartford",
            region="CT",
            postal_code="06103",
            timezone="America/New_York",
            jurisdiction="US-CT",
            rooms=120,
        )
        employees = Employee.objects.bulk_create(
            Employee(
                property=prop,
                name=f"Employee {index:02d}-{n:03d}",
                employee_number=f"G{index:02d}-{n:03d}",
                job_role=roles[n % len(roles)],
                customer_facing=n % 4 != 0,
                hire_date=date(2024, 1, 1) + timedelta(days=n % 300),
                end_date=date(2025, 6, 30) if n % 20 == 0 else None,
            )
            for n in range(EMPLOYEES_PER_PROPERTY)
        )
        TrainingRecord.objects.bulk_create(
            TrainingRecord(
                employee=employee,
                course=course,
                completed_on=max(employee.hire_date, today - timedelta(days=(n * 7) % 900)),
                minutes=60,
            )
            for n, employee in enumerate(employees)
            if n % 5 != 4
        )
        RecordsRequest.objects.create(
            property=prop,
            inspector=inspector,
            agency="CT DCP",
            badge_number="B-1",
            legal_basis="administrative_subpoena",
            period_start=today - timedelta(days=30),
            period_end=today,
            fields=["guest_name"],
            deadline=today + timedelta(days=index % 10),
            created_at=timezone.now(),
            updated_at=timezone.now(),
        )
        snapshot_backfill(prop)
        snapshot_take(prop)
        props.append(prop)
    return admin


def measure(user) -> tuple[int, list[float], list[float]]:
    """Query count, wall times and this process's CPU times (ms) of the page's requests.

    The CPU time leaves out waiting for a core on a loaded machine (and the database's work).
    """
    client = verified_client(user)
    for _ in range(2):
        client.get(PATH)
    times, cpu, counts = [], [], set()
    for _ in range(max(RUNS, 5)):
        with CaptureQueriesContext(connection) as captured:
            began, began_cpu = time.perf_counter(), time.process_time()
            response = client.get(PATH)
            times.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"GET {PATH} answered {response.status_code}")
        counts.add(len(captured.captured_queries))
    if len(counts) != 1:
        raise RuntimeError(f"query count varies between identical requests: {sorted(counts)}")
    return counts.pop(), times, cpu


def run() -> list[Figure]:
    users = {}
    for size in (SMALL, BIG):
        began = time.monotonic()
        users[size] = populate(size)
        log(
            f"dashboard_group: {size} properties, {size * EMPLOYEES_PER_PROPERTY:,} employees "
            f"and a year of snapshots made in {time.monotonic() - began:.1f} s"
        )
    small_queries, small_times, small_cpu = measure(users[SMALL])
    big_queries, big_times, big_cpu = measure(users[BIG])
    log(
        f"dashboard_group: {SMALL} properties {small_queries} queries "
        f"{median(small_times):.0f} ms (CPU {median(small_cpu):.0f} ms); {BIG} properties "
        f"{big_queries} queries {median(big_times):.0f} ms (CPU {median(big_cpu):.0f} ms)"
    )
    big_ms = median(big_times)
    return [
        Figure(
            f"dashboard_group.queries_{BIG}",
            big_queries,
            "queries",
            baseline=small_queries,
            ratio=big_queries / small_queries,
            target=f"value == queries at {SMALL} properties",
            met=big_queries == small_queries,
        ),
        Figure(
            f"dashboard_group.server_ms_{BIG}",
            big_ms,
            "ms",
            baseline=median(small_times),
            ratio=big_ms / median(small_times),
            target=f"value < {TARGET_MS:.0f} ms",
            met=big_ms < TARGET_MS,
            runs=big_times,
            note=(
                f"baseline: the same page at {SMALL} properties; "
                f"{BIG * EMPLOYEES_PER_PROPERTY:,} employees; the process's CPU time "
                f"{median(big_cpu):.0f} ms at {BIG}, {median(small_cpu):.0f} ms at {SMALL}"
            ),
        ),
    ]
