"""People of the inbox tests, beside the shared ones (owner, colleague at the front desk, outsider):
a nurse and a billing clerk at the clinic, and Robin, a remote secretary who serves the clinic and Elsewhere
Health (as a nurse there) but not Faraway Family Medicine."""

import pytest
from django.core.cache import cache

from mojoe.core import testing
from mojoe.core.context import Actor, Channel
from mojoe.core.roles import Role
from mojoe.practices.models import Membership


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def assistant(clinic) -> Actor:
    return Actor.system(clinic.practice, channel=Channel.ASSISTANT)


@pytest.fixture
def nurse(clinic):
    return testing.make_user(username="nurse", practice=clinic.practice, role=Role.NURSE, first_name="Nia")


@pytest.fixture
def billing_clerk(clinic):
    return testing.make_user(username="billing", practice=clinic.practice, role=Role.BILLING)


@pytest.fixture
def robin(clinic, outsider_practice):
    user = testing.make_user(
        username="robin", practice=clinic.practice, role=Role.SECRETARY, first_name="Robin", last_name="Diaz"
    )
    Membership.objects.create(user=user, practice=outsider_practice, role=Role.NURSE)
    return user


@pytest.fixture
def faraway(db):
    """A practice nobody in these tests works for, with a patient, so that leaks would show."""
    practice = testing.make_practice(name="Faraway Family Medicine", slug="faraway")
    testing.make_patient(practice, given_name="Hidden", family_name="Person")
    return practice
