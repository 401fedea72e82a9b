"""The shared cast of every test.

Hotel A (Connecticut) has maria (manager), sam (front desk) and ivan (inspector); gina
administers Hotel A's whole group. Hotel B, in another group, has olga (manager).
"""

import contextlib
import os

import pytest
from django.conf import settings
from django.utils import translation
from rest_framework.test import APIClient

from hotelcompliance.roles import Role
from tests import clock
from tests.db_tools import empty_append_only_tables_on_sqlite
from tests.factories import MembershipFactory, OrganisationFactory, PropertyFactory, UserFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def pytest_configure(config):
    # The CI workers share one Redis database: each keeps its cache keys under its own prefix
    # and clears only those (Django's RedisCache.clear() is a FLUSHDB of the whole database,
    # which wiped the other worker's throttle counters and the broker list a relay test reads).
    from django.conf import settings

    settings.CACHES["default"]["KEY_PREFIX"] = cache_prefix()
    # Values computed while test modules are imported (parametrize arguments, module
    # constants) see the tests' clock too, not the day the suite happens to run.
    config._collection_clock = clock.travel()
    config._collection_clock.start()


def pytest_collection_finish(session):
    session.config._collection_clock.stop()


@pytest.fixture(autouse=True)
def frozen_clock(request):
    """Every test starts at `tests.clock.FROZEN_AT` (or its `clock` marker) and ticks from there.

    `@pytest.mark.real_clock` is only for tests that drive other processes (the fault
    stacks), whose servers run on the machine's clock.
    """
    if request.node.get_closest_marker("real_clock"):
        yield None
        return
    marker = request.node.get_closest_marker("clock")
    tick = marker.kwargs.get("tick", True) if marker else True
    with clock.travel(marker.args[0] if marker else None, tick=tick) as traveller:
        yield traveller


def cache_prefix() -> str:
    return f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def clear_own_cache() -> None:
    """Empty this test process's cache, and nothing another process keeps in the same Redis."""
    from django.core.cache import caches

    cache = caches["default"]
    if "redis" not in type(cache).__module__:
        cache.clear()
        return
    client = cache._cache.get_client(None, write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counters live in the cache; each test starts with none."""
    with contextlib.suppress(Exception):  # a test without a reachable cache needs no clearing
        clear_own_cache()


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language: a request in Spanish (LocaleMiddleware) leaves
    its language active in the thread, and the next test would read Spanish messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _two_factor_off_unless_asked(settings):
    """Log-in helpers stay one step; tests/security turns TWO_FACTOR_REQUIRED back on."""
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture(autouse=True)
def _transactional_tests_can_flush(request):
    """After a test that commits, empty the append-only tables the flush cannot (SQLite)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    empty_append_only_tables_on_sqlite()


@pytest.fixture
def group_a(db):
    return OrganisationFactory(name="Group A")


@pytest.fixture
def hotel_a(group_a):
    return PropertyFactory(organisation=group_a, name="Hotel A", jurisdiction="US-CT")


@pytest.fixture
def hotel_b(db):
    return PropertyFactory(name="Hotel B", jurisdiction="US-CT")


@pytest.fixture
def maria(hotel_a):
    user = UserFactory(username="maria")
    MembershipFactory(user=user, property=hotel_a, role=Role.MANAGER)
    return user


@pytest.fixture
def sam(hotel_a):
    user = UserFactory(username="sam")
    MembershipFactory(user=user, property=hotel_a, role=Role.FRONT_DESK)
    return user


@pytest.fixture
def ivan(hotel_a):
    return MembershipFactory(
        user=UserFactory(username="ivan"),
        property=hotel_a,
        role=Role.INSPECTOR,
        agency="CT Department of Consumer Protection",
        badge_number="DCP-1",
    ).user


@pytest.fixture
def gina(group_a, hotel_a):
    return MembershipFactory(
        user=UserFactory(username="gina"), property=None, organisation=group_a, role=Role.ORG_ADMIN
    ).user


@pytest.fixture
def olga(hotel_b):
    user = UserFactory(username="olga")
    MembershipFactory(user=user, property=hotel_b, role=Role.MANAGER)
    return user


@pytest.fixture
def client():
    """pytest-django's client, posting forms with the signed property a page renders."""
    from tests.pages import PageClient

    return PageClient()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    """An API client logged in as the given user."""

    def login(user) -> APIClient:
        api.force_authenticate(user)
        return api

    return login
