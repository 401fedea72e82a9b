"""desk_page: the front desk's home at a property with 1,000,000 stays and 300 in house.

In-process Django test client (a front-desk clerk), against the same page at a small property
in the same tables; queries captured with `CaptureQueriesContext`. The time is the server's
(view, queries and template), median of the runs; the note splits it into SQL and the rest and
names any sequential scan in the plans of the page's registration queries. A room search
(`desk_find`, kept in the session) is measured at the large property too.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hotelcompliance.form_property import form_property_data
from tests.bench.bench_training import verified_client
from tests.bench.common import QUICK, RUNS, Figure, log, median
from tests.bench.data import ID_NUMBER, load_registrations
from tests.bench.fixtures import actor, property_named

ROWS = 50_000 if QUICK else 1_000_000
IN_HOUSE = 300
SMALL_ROWS, SMALL_IN_HOUSE = 40, 10
PATH = "/desk/"
TARGET_MS = 100.0

IN_HOUSE_SQL = """
INSERT INTO guests_registration (
    id, property_id, number, guest_name, address, phone, email, id_type, id_number,
    id_number_lookup, id_issuer, vehicle_plate, vehicle_state, room, adults, minors, occupants,
    arrival, expected_departure, checked_out_at, rate, rate_type, amount_charged,
    payment_method, receipt_number, registered_by_id, channel, external_ref, created_at,
    entry_hash
)
SELECT
    gen_random_uuid(), %(prop)s, %(first)s + gs, 'Guest in house ' || gs, '1 Main Street', '',
    '', 'passport', %(token)s, %(lookup)s, 'CT', '', '', (100 + gs)::text, 1, 0, '[]'::jsonb,
    %(now)s::timestamptz - (gs %% 72) * interval '1 hour',
    (%(now)s::timestamptz + (gs %% 4) * interval '1 day')::date, NULL, 149.00, 'nightly',
    298.00, 'card', 'H-' || gs, %(user)s, 'desk', '', %(now)s::timestamptz, repeat('0', 64)
FROM generate_series(1, %(rows)s) AS gs
"""


def populate(name: str, rows: int, in_house: int):
    """`rows` departed stays, one every 10 minutes up to 26 h ago, then `in_house` guests."""
    from hotelcompliance import crypto

    prop = property_named(name)
    clerk = actor(f"bench_desk_{rows}", prop)
    now = timezone.now().replace(microsecond=0)
    newest = now - timedelta(hours=26)  # every bulk check-out is in the past
    load_registrations(
        prop, clerk.user.pk, rows, newest=newest.isoformat(), step="10 minutes", checked_out=True
    )
    aad = "guests.registration.id_number"
    with connection.cursor() as cursor:
        cursor.execute(
            IN_HOUSE_SQL,
            {
                "prop": prop.pk,
                "first": rows,
                "rows": in_house,
                "token": crypto.encrypt(ID_NUMBER, aad=aad),
                "lookup": crypto.lookup_hash(ID_NUMBER),
                "now": now.isoformat(),
                "user": clerk.user.pk,
            },
        )
        cursor.execute(
            "UPDATE guests_registrationcounter SET last_number = %s WHERE property_id = %s",
            [rows + in_house, prop.pk],
        )
        cursor.execute("ANALYZE guests_registration")
    return clerk.user, prop


def measure(clerk, *, term: str = "") -> tuple[int, list[float], list[float], object]:
    """Query count, server times and SQL times of GET /desk/ (after a search, if given)."""
    user, prop = clerk
    client = verified_client(user)
    if term:
        response = client.post("/desk/find/", {"term": term, **form_property_data(prop)})
        if response.status_code != 302:
            raise RuntimeError(f"POST /desk/find/ answered {response.status_code}")
    for _ in range(2):
        client.get(PATH)
    times, sql_times, counts = [], [], set()
    captured = CaptureQueriesContext(connection)
    for _ in range(max(RUNS * 5, 15)):  # cheap requests: many, for a steadier median
        with captured:
            began = time.perf_counter()
            response = client.get(PATH)
            times.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"GET {PATH} answered {response.status_code}")
        counts.add(len(captured.captured_queries))
        sql_times.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    if len(counts) != 1:
        raise RuntimeError(f"query count varies between identical requests: {sorted(counts)}")
    return counts.pop(), times, sql_times, captured


def _plans(captured) -> tuple[list[str], str]:
    """EXPLAIN of each registration query of one request: any sequential scan, and a summary."""
    problems, lines = [], []
    for query in captured.captured_queries:
        sql = query["sql"]
        if 'FROM "guests_registration"' not in sql or not sql.startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql)
            plan = [row[0].strip() for row in cursor.fetchall()]
        if any("Seq Scan on guests_registration" in line for line in plan):
            problems.append("sequential scan")
        scans = [line.removeprefix("->").split("  (")[0].strip() for line in plan if "Scan" in line]
        lines.append(", ".join(scans) if scans else plan[0])
    return problems, "; ".join(lines)


def run() -> list[Figure]:
    began = time.monotonic()
    log(f"desk_page: loading {ROWS:,} stays and {IN_HOUSE} in house")
    big = populate("Bench Desk Large", ROWS, IN_HOUSE)
    log(f"desk_page: loaded in {time.monotonic() - began:.1f} s")
    small = populate("Bench Desk Small", SMALL_ROWS, SMALL_IN_HOUSE)

    small_queries, small_times, _, _ = measure(small)
    big_queries, big_times, big_sql, captured = measure(big)
    problems, plans = _plans(captured)
    search_queries, search_times, search_sql, _ = measure(big, term="12")
    big_ms, sql_ms = median(big_times), median(big_sql)
    log(
        f"desk_page: small {small_queries} queries {median(small_times):.1f} ms; "
        f"large {big_queries} queries {big_ms:.1f} ms (SQL {sql_ms:.1f} ms); "
        f"room search {search_queries} queries {median(search_times):.1f} ms"
    )
    return [
        Figure(
            "desk_page.queries_1m",
            big_queries,
            "queries",
            baseline=small_queries,
            ratio=big_queries / small_queries,
            target=f"value == queries at {SMALL_ROWS + SMALL_IN_HOUSE} stays",
            met=big_queries == small_queries,
        ),
        Figure(
            "desk_page.server_ms_1m",
            big_ms,
            "ms",
            baseline=median(small_times),
            ratio=big_ms / median(small_times),
            target=f"value < {TARGET_MS:.0f} ms",
            met=big_ms < TARGET_MS and not problems,
            runs=big_times,
            note=(
                f"{ROWS:,} stays, {IN_HOUSE} in house (a page of 50 shown); baseline: the same "
                f"page at {SMALL_ROWS + SMALL_IN_HOUSE} stays; SQL {sql_ms:.1f} ms of it, the "
                f"rest view and template; plans: {plans}"
                + (f"; {', '.join(problems)}" if problems else "")
            ),
        ),
        Figure(
            "desk_page.room_search_ms_1m",
            median(search_times),
            "ms",
            target=f"value < {TARGET_MS:.0f} ms",
            met=median(search_times) < TARGET_MS and search_queries == big_queries,
            runs=search_times,
            note=(
                f"the desk after a room search ('12', prefix), {search_queries} queries, "
                f"SQL {median(search_sql):.1f} ms"
            ),
        ),
    ]
