"""Fixtures for the self-booking tests: fresh rate limits, Jordan Lee, and a patient's browser."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # The limits count in the cache, which outlives a test; every test starts with none used.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def jordan(clinic):
    """Jordan Lee, a patient of the clinic: born 1980-01-01, mobile +1 617 555 0123."""
    return clinic.patient


@pytest.fixture
def visitor():
    # CSRF checks on, as in a real browser: the forms must carry their token.
    return Client(enforce_csrf_checks=True)
