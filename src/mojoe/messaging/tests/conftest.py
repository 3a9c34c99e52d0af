"""What the messaging tests share."""

import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture
def fresh_rate_limits():
    """The per-minute limits count in the cache, which outlives a test (and which a live server shares):
    the test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def visitor():
    """A browser on a practice's website: CSRF checks on, and no token to give, as the chat needs none."""
    return Client(enforce_csrf_checks=True)
