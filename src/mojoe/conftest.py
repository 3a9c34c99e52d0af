"""Named people and a small clinic for every app's tests.

`owner` and `colleague` (front desk) work at the clinic; `outsider` owns another practice. Dates are
computed from today so that tests stay inside booking horizons; the clinic's hours run every day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mojoe.core import testing
from mojoe.core.roles import Role


@dataclass
class Clinic:
    practice: object
    location: object
    provider: object
    other_provider: object
    visit: object
    patient: object

    @property
    def tz(self):
        return self.practice.tz

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)


@pytest.fixture
def future_day() -> date:
    """A day a week ahead: always bookable, never in the past."""
    return timezone.localdate() + timedelta(days=7)


@pytest.fixture
def file_storage(settings, tmp_path):
    """Files patients send are kept in a folder of the test's own, not in the data directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


@pytest.fixture
def clinic(db) -> Clinic:
    practice = testing.make_practice(name="Maple Clinic", slug="maple")
    location = testing.make_location(practice)
    provider = testing.make_provider(practice, locations=[location], family_name="Rivera")
    other = testing.make_provider(practice, locations=[location], family_name="Okafor")
    testing.make_hours(provider, location)
    testing.make_hours(other, location)
    visit = testing.make_type(practice, providers=[provider, other], name="Office visit", duration=30)
    patient = testing.make_patient(
        practice, given_name="Jordan", family_name="Lee", phone_mobile="+16175550123"
    )
    return Clinic(practice, location, provider, other, visit, patient)


@pytest.fixture
def owner(clinic):
    return testing.make_user(username="owner", practice=clinic.practice, role=Role.OWNER)


@pytest.fixture
def colleague(clinic):
    return testing.make_user(username="frontdesk", practice=clinic.practice, role=Role.FRONT_DESK)


@pytest.fixture
def outsider_practice(db):
    practice = testing.make_practice(name="Elsewhere Health", slug="elsewhere")
    location = testing.make_location(practice)
    provider = testing.make_provider(practice, locations=[location])
    testing.make_hours(provider, location)
    testing.make_type(practice, providers=[provider], name="Office visit")
    return practice


@pytest.fixture
def outsider(outsider_practice):
    return testing.make_user(username="outsider", practice=outsider_practice, role=Role.OWNER)


class ApiClient:
    """A test client that sends the token and JSON."""

    def __init__(self, token: str):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path, params=None):
        return self.client.get(path, params or {}, headers=self.headers)

    def post(self, path, data=None):
        return self.client.post(
            path, data if data is not None else {}, content_type="application/json", headers=self.headers
        )

    def patch(self, path, data):
        return self.client.patch(path, data, content_type="application/json", headers=self.headers)

    def delete(self, path):
        return self.client.delete(path, headers=self.headers)


@pytest.fixture
def api(clinic, colleague) -> ApiClient:
    return ApiClient(testing.make_token(colleague, clinic.practice))


@pytest.fixture
def outsider_api(outsider, outsider_practice) -> ApiClient:
    return ApiClient(testing.make_token(outsider, outsider_practice))


@pytest.fixture
def actor(clinic, colleague):
    return testing.make_actor(colleague, clinic.practice)


from mojoe.ui.testing import browser, page, phone  # noqa: E402, F401  (browser-test fixtures for every app)
