"""Small factory functions for tests and benchmarks: a practice with people, hours and patients."""

from __future__ import annotations

import itertools
from datetime import date, time

from mojoe.core.context import Actor, Channel
from mojoe.core.models import User
from mojoe.core.roles import Role
from mojoe.patients.models import Patient
from mojoe.practices.models import ApiToken, Location, Membership, Practice, Provider
from mojoe.scheduling.models import AppointmentType, AvailabilityRule

_counter = itertools.count(1)

# Files as patients send them: the smallest valid PNG (1×1 pixel) and a minimal PDF.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f6ab8b0000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_practice(*, name: str = "", slug: str = "", time_zone: str = "America/New_York") -> Practice:
    n = next(_counter)
    return Practice.objects.create(
        name=name or f"Practice {n}", slug=slug or f"practice-{n}", time_zone=time_zone
    )


def make_location(practice: Practice, name: str = "Main office") -> Location:
    return Location.objects.create(practice=practice, name=name)


def make_user(
    *, username: str = "", practice: Practice | None = None, role: str = Role.FRONT_DESK, **extra
) -> User:
    user = User.objects.create_user(
        username=username or f"user{next(_counter)}", password="correct horse battery", **extra
    )
    if practice is not None:
        Membership.objects.create(user=user, practice=practice, role=role)
    return user


def make_actor(user: User, practice: Practice, channel: str = Channel.API) -> Actor:
    membership = Membership.objects.get(user=user, practice=practice)
    return Actor(practice=practice, user=user, role=membership.role, channel=channel, client_ip="127.0.0.1")


def make_token(user: User, practice: Practice) -> str:
    return ApiToken.issue(user=user, practice=practice, name="test")[1]


def make_provider(practice: Practice, *, locations=(), family_name: str = "", **extra) -> Provider:
    provider = Provider.objects.create(
        practice=practice,
        given_name=extra.pop("given_name", "Alex"),
        family_name=family_name or f"Provider{next(_counter)}",
        credentials=extra.pop("credentials", "MD"),
        **extra,
    )
    provider.locations.set(locations)
    return provider


def make_type(
    practice: Practice, *, providers=(), name: str = "", duration: int = 30, **extra
) -> AppointmentType:
    appointment_type = AppointmentType.objects.create(
        practice=practice, name=name or f"Visit {next(_counter)}", duration_minutes=duration, **extra
    )
    appointment_type.providers.set(providers)
    return appointment_type


def make_hours(
    provider: Provider,
    location: Location,
    *,
    weekdays=range(7),
    start: time = time(9, 0),
    end: time = time(17, 0),
) -> list[AvailabilityRule]:
    return [
        AvailabilityRule.objects.create(
            practice=provider.practice,
            provider=provider,
            location=location,
            weekday=day,
            start_time=start,
            end_time=end,
        )
        for day in weekdays
    ]


def make_patient(practice: Practice, **fields) -> Patient:
    n = next(_counter)
    defaults = {
        "given_name": "Pat",
        "family_name": f"Patient{n}",
        "birth_date": date(1980, 1, 1),
        "mrn": f"T{n:06d}",
    }
    return Patient.objects.create(practice=practice, **{**defaults, **fields})
