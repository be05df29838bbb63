import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_counters():
    """Rate-limit counters live in the cache: each test starts and ends without any."""
    cache.clear()
    yield
    cache.clear()
