"""The practice's configuration that the assistant reads on every message, kept per process while unchanged.

Understanding a message needs the providers' and visit types' names; answering an office question needs the
office facts, the FAQ, the locations, the weekly hours and the holidays. They change a few times a year and
are read several times a second, so each process keeps one `PracticeSnapshot` per practice and checks it on
every use with one query: each of those tables' row count and latest change for the practice. Any edit
(settings pages, admin, services, bulk writes) changes one of the two, so a staff member's edit is seen on
the very next message, in every process, with nothing to invalidate by hand. A write that keeps both (a
clock set back between two edits, or a QuerySet.update() that leaves updated_at alone: none in Mojoe) is
still seen after MAX_AGE, the snapshot being reloaded then whatever its fingerprint says.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.db import connection

from mojoe.practices.models import FaqEntry, Location, OfficeFacts, Practice, Provider
from mojoe.scheduling.models import AppointmentType, AvailabilityRule, Holiday

MAX_AGE = 60.0  # seconds
# Every table whose rows a snapshot holds: a change to any of them makes a new snapshot.
_TABLES = (OfficeFacts, FaqEntry, Location, Provider, AppointmentType, AvailabilityRule, Holiday)


@dataclass(frozen=True)
class WeeklyBlock:
    """One weekly-hours block of an active provider at an active location (see office_hours)."""

    location_id: uuid.UUID
    location_name: str
    weekday: int
    start: object
    end: object
    valid_from: date | None
    valid_until: date | None

    def in_effect(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )


@dataclass(frozen=True)
class PracticeSnapshot:
    """What the assistant reads of a practice's configuration. Shared between requests: read it, never
    change it (the model instances in it included)."""

    facts: OfficeFacts
    faq: tuple[FaqEntry, ...]  # active, in the practice's order
    locations: tuple[Location, ...]  # active, by name
    weekly_blocks: tuple[WeeklyBlock, ...]
    holidays: tuple[tuple[date, str], ...]  # all of them, by date
    providers: tuple[tuple[uuid.UUID, str], ...]  # active: (id, display name)
    appointment_types: tuple[tuple[uuid.UUID, str], ...]  # active: (id, name)


# practice id -> (fingerprint, loaded at (time.monotonic()), PracticeSnapshot). Threads may race to reload
# the same practice: each stores a complete snapshot, and the last one stored wins.
_snapshots: dict = {}


def practice_snapshot(practice: Practice) -> PracticeSnapshot:
    """The practice's snapshot as the database has it now: one query when nothing changed since the last."""
    fingerprint = _fingerprint(practice.pk)
    cached = _snapshots.get(practice.pk)
    if cached is not None and cached[0] == fingerprint and time.monotonic() - cached[1] < MAX_AGE:
        return cached[2]
    # Loaded after the fingerprint was read: at least as new as what it describes, never older.
    snapshot = _load(practice.pk)
    _snapshots[practice.pk] = (fingerprint, time.monotonic(), snapshot)
    return snapshot


def _fingerprint(practice_id) -> tuple:
    value = Practice._meta.pk.get_db_prep_value(practice_id, connection)
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(connection.vendor), [value] * len(_TABLES))
        return tuple(sorted(cursor.fetchall()))


@cache
def _fingerprint_sql(vendor: str) -> str:
    # Raw SQL, written once per database: it runs on every message, and the ORM would spend longer writing it
    # than the database running it. Only the models' own table and column names go into the text; the
    # practice id is a parameter.
    quote = connection.ops.quote_name
    selects = []
    for index, model in enumerate(_TABLES):
        table = quote(model._meta.db_table)
        changed = quote(model._meta.get_field("updated_at").column)
        practice = quote(model._meta.get_field("practice").column)
        selects.append(f"SELECT {index}, COUNT(*), MAX({changed}) FROM {table} WHERE {practice} = %s")  # noqa: S608
    return " UNION ALL ".join(selects)


def _load(practice_id) -> PracticeSnapshot:
    facts = OfficeFacts.objects.filter(practice_id=practice_id).first() or OfficeFacts(
        practice_id=practice_id
    )
    faq = FaqEntry.objects.filter(practice_id=practice_id, active=True).order_by("position", "created_at")
    locations = Location.objects.filter(practice_id=practice_id, active=True).order_by("name")
    blocks = AvailabilityRule.objects.filter(
        practice_id=practice_id, provider__active=True, location__active=True
    ).values_list(
        "location_id", "location__name", "weekday", "start_time", "end_time", "valid_from", "valid_until"
    )
    holidays = Holiday.objects.filter(practice_id=practice_id).order_by("date").values_list("date", "name")
    providers = Provider.objects.filter(practice_id=practice_id, active=True)
    types = AppointmentType.objects.filter(practice_id=practice_id, active=True).values_list("pk", "name")
    return PracticeSnapshot(
        facts=facts,
        faq=tuple(faq),
        locations=tuple(locations),
        weekly_blocks=tuple(WeeklyBlock(*row) for row in blocks),
        holidays=tuple(holidays),
        providers=tuple((p.pk, p.display_name) for p in providers),
        appointment_types=tuple(types),
    )
