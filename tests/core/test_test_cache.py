"""The test processes share one Redis in CI: clearing one's cache leaves the other's alone."""

import pytest
from django.core.cache import caches

from tests.conftest import REQUIRE_SERVICES, cache_prefix, clear_own_cache


@pytest.mark.services
def test_clearing_the_cache_spares_what_another_test_process_keeps_in_redis():
    cache = caches["default"]
    if "redis" not in type(cache).__module__:
        if REQUIRE_SERVICES:
            pytest.fail("REQUIRE_SERVICES=1 but the cache is not Redis")
        pytest.skip("the cache is not Redis (set REDIS_URL)")
    client = cache._cache.get_client(None, write=True)
    client.set("test-other-worker:1:throttle", "5")
    client.rpush("celery", "a message another worker's relay test waits for")
    cache.set("throttle", "3")

    clear_own_cache()

    assert cache.key_prefix == cache_prefix()
    assert cache.get("throttle") is None
    assert client.get("test-other-worker:1:throttle") == b"5"
    assert client.llen("celery") >= 1
    client.delete("test-other-worker:1:throttle")
    client.lrem("celery", 1, "a message another worker's relay test waits for")
