"""The demo practice: realistic, free of double bookings, idempotent, and its login always printable."""

import io
import json
import stat
from collections import defaultdict
from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from mojoe.core import testing
from mojoe.core.models import User
from mojoe.core.roles import Role
from mojoe.core.validators import validate_e164, validate_npi
from mojoe.patients.models import Patient
from mojoe.practices.demo import CREDENTIALS_FILE, seed_demo
from mojoe.practices.models import ApiToken, Location, Membership, Practice, Provider
from mojoe.scheduling.models import (
    RELEASED_STATUSES,
    Appointment,
    AppointmentStatus,
    AppointmentType,
    AvailabilityException,
    AvailabilityRule,
    Holiday,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def demo(data_dir):
    return seed_demo()


def counts() -> dict[str, int]:
    models = (Practice, Location, Provider, AppointmentType, AvailabilityRule, AvailabilityException, Holiday)
    models += (Patient, Appointment, User, Membership)
    return {model.__name__: model.objects.count() for model in models}


def practice_api(token: str):
    return Client().get("/api/v1/practice", headers={"Authorization": f"Bearer {token}"})


def test_the_demo_is_a_realistic_practice(demo):
    practice = demo.practice
    assert demo.created
    assert (practice.slug, practice.time_zone) == ("riverside", "America/New_York")
    assert practice.locations.count() == 2
    providers = list(practice.providers.all())
    assert sorted(p.credentials for p in providers) == ["DO", "MD", "NP", "PA-C"]
    for provider in providers:
        validate_npi(provider.npi)
        assert provider.locations.exists()
    types = {t.name: t for t in practice.appointment_types.all()}
    assert len(types) == 6
    assert types["Follow-up visit"].new_patients_allowed is False
    assert types["Minor procedure"].buffer_after_minutes > 0
    rules = AvailabilityRule.objects.filter(practice=practice)
    assert not rules.filter(weekday=6).exists()
    assert rules.values("location").distinct().count() == 2
    assert Holiday.objects.filter(practice=practice, date__month=12, date__day=25).exists()
    assert AvailabilityException.objects.filter(practice=practice).count() == 1

    patients = list(Patient.objects.filter(practice=practice))
    assert len(patients) == 300
    assert sum(p.preferred_language == "es" for p in patients) >= 20
    for patient in patients:
        patient.full_clean(exclude=["practice"])  # phones in E.164, e-mails well formed
        assert patient.search_family  # kept up to date although bulk_create skips save()
        assert not patient.email or patient.email.endswith(("@example.com", "@example.org"))
    validate_e164(practice.phone)

    now = timezone.now()
    past = Appointment.objects.filter(practice=practice, end__lte=now)
    future = Appointment.objects.filter(practice=practice, start__gt=now)
    assert past.filter(status=AppointmentStatus.FULFILLED).count() > past.count() * 0.7
    assert past.filter(status=AppointmentStatus.NOSHOW).exists()
    assert not past.filter(status=AppointmentStatus.BOOKED).exists()
    cancelled = Appointment.objects.filter(practice=practice, status=AppointmentStatus.CANCELLED)
    assert past.filter(status=AppointmentStatus.CANCELLED).exists()
    assert future.filter(status=AppointmentStatus.CANCELLED).exists()
    assert not cancelled.filter(cancellation_reason="").exists()
    assert future.filter(status=AppointmentStatus.BOOKED).count() > 200
    assert past.earliest("start").start < now - timedelta(days=25)
    assert future.latest("start").start > now + timedelta(days=17)

    # Visits keep to the calendar: none on a Sunday or a holiday, none in the provider's time off.
    tz = practice.tz
    closed = set(Holiday.objects.filter(practice=practice).values_list("date", flat=True))
    for start in Appointment.objects.filter(practice=practice).values_list("start", flat=True):
        local_day = start.astimezone(tz).date()
        assert local_day.weekday() != 6 and local_day not in closed
    time_off = AvailabilityException.objects.get(practice=practice)
    assert not Appointment.objects.filter(
        provider=time_off.provider, start__lt=time_off.end, end__gt=time_off.start
    ).exists()


def test_no_provider_or_patient_is_double_booked(demo):
    appointments = list(
        Appointment.objects.filter(practice=demo.practice)
        .exclude(status__in=RELEASED_STATUSES)
        .select_related("appointment_type")
    )
    by_provider, by_patient = defaultdict(list), defaultdict(list)
    for a in appointments:
        assert a.busy_start == a.start - timedelta(minutes=a.appointment_type.buffer_before_minutes)
        assert a.busy_end == a.end + timedelta(minutes=a.appointment_type.buffer_after_minutes)
        assert a.end - a.start == timedelta(minutes=a.appointment_type.duration_minutes)
        by_provider[a.provider_id].append((a.busy_start, a.busy_end))
        by_patient[a.patient_id].append((a.start, a.end))
    for intervals in (*by_provider.values(), *by_patient.values()):
        intervals.sort()
        for (_, earlier_end), (later_start, _) in pairwise(intervals):
            assert earlier_end <= later_start


def test_visits_for_established_patients_follow_an_earlier_visit(demo):
    for visit in Appointment.objects.filter(appointment_type__new_patients_allowed=False):
        assert Appointment.objects.filter(
            patient=visit.patient_id, status=AppointmentStatus.FULFILLED, start__lt=visit.start
        ).exists()


def test_running_twice_changes_nothing_and_rotates_the_token(demo):
    before = counts()
    again = seed_demo()
    assert counts() == before
    assert not again.created
    assert again.password == demo.password
    response = practice_api(again.token)
    assert response.status_code == 200
    assert response.json()["slug"] == "riverside"
    assert practice_api(demo.token).status_code == 401
    assert Client().login(username="owner", password=again.password)


def test_the_password_is_random_kept_private_and_reused(demo, data_dir):
    path = data_dir / CREDENTIALS_FILE
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
    assert json.loads(path.read_text())["password"] == demo.password
    assert len(demo.password) >= 16

    path.chmod(0o644)  # as a careless restore from a backup would leave it
    assert seed_demo().password == demo.password
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0

    # A lost file means a new random password, which the staff accounts then use.
    path.unlink()
    fresh = seed_demo()
    assert fresh.password != demo.password
    for username in ("owner", "admin", "frontdesk", "nurse", "billing", "secretary"):
        assert Client().login(username=username, password=fresh.password)
    roles = dict(Membership.objects.filter(practice=demo.practice).values_list("user__username", "role"))
    assert roles["owner"] == Role.OWNER and roles["frontdesk"] == Role.FRONT_DESK


def test_the_command_prints_the_login_and_a_working_token(data_dir):
    out = io.StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    password = json.loads((data_dir / CREDENTIALS_FILE).read_text())["password"]
    assert "Sign in at http://127.0.0.1:8000/" in text
    assert "username: owner" in text and f"password: {password}" in text
    assert "frontdesk" in text and "secretary" in text
    token = next(word for word in text.split() if word.startswith("mj_"))
    assert practice_api(token).status_code == 200


def test_credentials_only_prints_the_login_and_leaves_tokens_alone(demo):
    before = counts()
    out = io.StringIO()
    call_command("demo", "--credentials-only", stdout=out)
    assert f"password: {demo.password}" in out.getvalue()
    assert "mj_" not in out.getvalue()
    assert counts() == before
    assert ApiToken.objects.filter(revoked_at=None).count() == 1
    assert practice_api(demo.token).status_code == 200


def test_credentials_only_never_creates_a_demo_in_an_install_without_one(data_dir):
    testing.make_practice(name="A real practice", slug="real")
    out = io.StringIO()
    call_command("demo", "--credentials-only", stdout=out)
    assert "`mojoe demo` creates one" in out.getvalue()
    assert not Practice.objects.filter(slug="riverside").exists()
    assert not (data_dir / CREDENTIALS_FILE).exists()


def test_an_existing_superuser_called_admin_is_left_alone(data_dir):
    User.objects.create_superuser(username="admin", password="the operator's own password")
    result = seed_demo()
    admin = User.objects.get(username="admin")
    assert admin.check_password("the operator's own password")
    assert not admin.memberships.exists()
    assert Client().login(username="owner", password=result.password)
