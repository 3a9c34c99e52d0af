"""A large practice for the benchmarks: providers with full weekday hours and years of appointments."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from mojoe.core import testing
from mojoe.core.roles import Role
from mojoe.scheduling.engine import local_to_utc
from mojoe.scheduling.models import Appointment, AppointmentStatus

OPEN, CLOSE = time(8, 0), time(18, 0)
VISIT_MINUTES = 30


def build_practice(*, providers: int, patients: int):
    practice = testing.make_practice(name="Benchmark Health", slug=f"bench-{random.randrange(10**9)}")
    location = testing.make_location(practice)
    staff = [testing.make_provider(practice, locations=[location]) for _ in range(providers)]
    for provider in staff:
        testing.make_hours(provider, location, weekdays=range(5), start=OPEN, end=CLOSE)
    visit = testing.make_type(
        practice, providers=staff, name="Office visit", duration=VISIT_MINUTES, horizon_days=365
    )
    people = [testing.make_patient(practice) for _ in range(patients)]
    user = testing.make_user(practice=practice, role=Role.FRONT_DESK)
    return practice, location, staff, visit, people, user


def fill_appointments(
    practice,
    location,
    provider,
    visit,
    patients,
    *,
    first_day: date,
    last_day: date,
    count: int,
    seed: int = 7,
) -> int:
    """`count` non-overlapping appointments for `provider`, spread over weekdays between two dates."""
    rng = random.Random(seed)
    grid = []
    day = first_day
    while day <= last_day:
        if day.weekday() < 5:
            start = local_to_utc(day, OPEN, practice.tz)
            end_of_day = local_to_utc(day, CLOSE, practice.tz)
            while start < end_of_day:
                grid.append(start)
                start += timedelta(minutes=VISIT_MINUTES)
        day += timedelta(days=1)
    chosen = sorted(rng.sample(grid, min(count, len(grid))))
    now = timezone.now()
    rows = []
    for index, start in enumerate(chosen):
        end = start + timedelta(minutes=VISIT_MINUTES)
        status = AppointmentStatus.BOOKED if start > now else AppointmentStatus.FULFILLED
        if index % 11 == 0:
            status = AppointmentStatus.CANCELLED
        rows.append(
            Appointment(
                practice=practice,
                patient=patients[index % len(patients)],
                provider=provider,
                location=location,
                appointment_type=visit,
                start=start,
                end=end,
                busy_start=start,
                busy_end=end,
                status=status,
            )
        )
    Appointment.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def window_start(days_ahead: int = 1) -> tuple[date, datetime]:
    first = timezone.localdate() + timedelta(days=days_ahead)
    return first, datetime.combine(first, time.min, tzinfo=timezone.get_current_timezone())
