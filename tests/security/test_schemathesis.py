"""schemathesis against /api/schema/, in process (WSGI), as a manager with a token.

Every operation gets valid (positive) and invalid (negative) generated requests from a fixed
seed: none may answer 5xx, and valid answers must match the documented response schema and
content type (known gaps listed below with their cause). Path ids point at the manager's own
property and real objects for valid cases, so the endpoints run past the 404. Bounded:
MAX_EXAMPLES per operation and mode, and a hard time limit.
"""

import re
import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from hotelcompliance.api_tokens import issue_token
from hotelcompliance.wsgi import application
from tests.audits.factories import file_request
from tests.guests.concern_data import make_concern
from tests.guests.factories import make_registration
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db

# Response parts known not to match the published schema, each with its cause (reported).
KNOWN_SCHEMA_GAPS: dict[str, str] = {
    "/components/schemas/Registration/properties/email": (
        'a registration without an email answers "", documented as format email (guests)'
    ),
    "/components/schemas/IdTypeEnum": (
        'a registration without an ID answers id_type "", not in the enum (guests serializers)'
    ),
}
MAX_EXAMPLES = 16  # per operation and mode: ~38 operations x 2 modes
MIN_CASES = 1000
TIME_BUDGET_S = 150  # a hard bound for a loaded machine; far less on an idle one
SEED = 20261128


def not_a_server_error(response, case) -> None:
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} answered {response.status_code}: "
        f"{response.text[:500]}\nreproduce: {case.as_curl_command()}"
    )


@pytest.fixture
def world(hotel_a, maria, sam, ivan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The token operation checks generated passwords: a fast hasher keeps the bound.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    record = TrainingRecordFactory(
        employee=EmployeeFactory(property=hotel_a), course=CourseFactory()
    )
    objects = {
        "registrations": str(make_registration(hotel_a, sam).pk),
        "concerns": str(make_concern(hotel_a, sam).pk),
        "employees": record.employee.pk,
        "training-records": record.pk,
        "records-requests": str(file_request(hotel_a, ivan).pk),
        "properties": hotel_a.pk,
        "pre-arrivals": str(_pre_arrival(hotel_a, sam).pk),
    }
    return {
        "property": hotel_a.pk,
        "objects": objects,
        "user": maria,
        "token": issue_token(maria)[1],
    }


def _pre_arrival(prop, actor):
    from guests.pre_arrivals import pre_arrival_create

    today = prop.today()
    data = {"guest_name": "Pat Early", "expected_arrival": today, "expected_departure": today}
    return pre_arrival_create(prop=prop, actor=actor, data=data)[0]


@pytest.fixture
def keep_the_test_connection():
    """Requests go through the real WSGI handler, whose end-of-request hook would close the
    test's database connection (and its transaction); Django's test client unhooks it too."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def aim_at_real_objects(case, world) -> None:
    """Valid cases name the manager's property and an existing object of the right kind."""
    params = case.path_parameters or {}
    if "property_pk" in params:
        params["property_pk"] = world["property"]
    if "id" in params:
        parts = [p for p in case.operation.path.split("/") if p and not p.startswith("{")]
        kind = parts[-1] if case.operation.path.endswith("{id}/") else parts[-2]
        if kind in world["objects"]:
            params["id"] = world["objects"][kind]


def runner(operation, mode, world, headers, counts, mismatches):
    """A Hypothesis test over one operation's generated cases in one mode."""

    @seed(SEED)
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        counts["cases"] += 1
        if mode == GenerationMode.POSITIVE:
            aim_at_real_objects(case, world)
        call_headers = headers
        if case.method == "DELETE" and case.operation.path.endswith("/auth/token/"):
            # Logging out revokes the token it presents: give it its own, keep the shared one.
            call_headers = {**headers, "Authorization": f"Token {issue_token(world['user'])[1]}"}
        response = case.call(headers=call_headers)
        not_a_server_error(response, case)
        if mode == GenerationMode.POSITIVE and response.status_code < 300:
            try:
                case.validate_response(
                    response,
                    checks=[response_schema_conformance, content_type_conformance],
                    headers=headers,
                )
            except (Exception, BaseExceptionGroup) as error:  # judged after the run
                where = set(re.findall(r"Schema at (\S+):", str(error))) or {str(error)[:300]}
                mismatches.setdefault(operation.label, set()).update(where)

    return run


def test_generated_requests_never_get_a_server_error(world, keep_the_test_connection):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    headers = {"Authorization": f"Token {world['token']}"}
    started = time.monotonic()
    counts = {"cases": 0, "operations": 0}
    failures: list[str] = []
    mismatches: dict[str, set[str]] = {}

    for result in schema.get_all_operations():
        operation = result.ok()
        counts["operations"] += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if time.monotonic() - started > TIME_BUDGET_S:
                break
            run = runner(operation, mode, world, headers, counts, mismatches)
            try:
                run()
            except Unsatisfiable:
                continue  # no invalid value exists for this operation's inputs (only ids)
            except (Exception, BaseExceptionGroup) as error:  # report every operation
                failures.append(f"{operation.label} ({mode.value}): {str(error)[:1500]}")

    elapsed = time.monotonic() - started
    print(f"schemathesis: {counts['cases']} cases, {counts['operations']} ops, {elapsed:.1f} s")
    assert failures == [], "\n\n".join(failures)
    unexplained = {
        op: sorted(where - set(KNOWN_SCHEMA_GAPS))
        for op, where in mismatches.items()
        if where - set(KNOWN_SCHEMA_GAPS)
    }
    assert unexplained == {}, f"responses that do not match the schema: {unexplained}"
    assert counts["cases"] >= MIN_CASES, counts
