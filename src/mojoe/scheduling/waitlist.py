"""Reading the waitlist: the active entries, and which of them fit a free slot.

`waitlist_matches_for_slot` is the one statement of "who on the waitlist could take this time". The staff
pages use it now; offering freed times to waiting patients will use it too, so it writes nothing (not even
read audits: callers audit what they show) and depends only on its arguments and the database.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import Q, QuerySet

from mojoe.practices.models import Practice, Provider
from mojoe.scheduling import engine
from mojoe.scheduling.models import AppointmentType, WaitlistEntry, WaitlistStatus


def _active(practice: Practice) -> QuerySet[WaitlistEntry]:
    return (
        WaitlistEntry.objects.filter(practice=practice, status=WaitlistStatus.ACTIVE)
        .select_related("patient", "appointment_type", "provider")
        # First come, first served; the id only breaks ties between entries made in the same instant.
        .order_by("created_at", "id")
    )


def waitlist_active(
    *,
    practice: Practice,
    appointment_type: AppointmentType | None = None,
    provider: Provider | None = None,
    limit: int | None = None,
) -> list[WaitlistEntry]:
    """Active entries, oldest first. With `provider`: the entries that asked for them or for anyone."""
    entries = _active(practice)
    if appointment_type is not None:
        entries = entries.filter(appointment_type=appointment_type)
    if provider is not None:
        entries = entries.filter(Q(provider__isnull=True) | Q(provider=provider))
    return list(entries[:limit] if limit is not None else entries)


def waitlist_matches_for_slot(
    *,
    practice: Practice,
    provider: Provider,
    start: datetime,
    end: datetime | None = None,
    appointment_type: AppointmentType | None = None,
) -> list[WaitlistEntry]:
    """The active entries that could take a free time with `provider` starting at `start`, oldest first.

    An entry fits when, with the start read in the practice's time zone:
    - the start's local date lies within the entry's earliest and latest dates (both inclusive);
    - the entry asked for no provider, or for this one;
    - the entry asked for no part of the day, or for the one the start falls in (`engine.part_of_day`);
    - its appointment type is active and performed by this provider;
    - when the free time's `end` is given, the type's duration fits between `start` and `end`.
    `appointment_type` narrows the answer to one type.

    Buffers, minimum notice and the booking horizon are not judged here: they depend on the neighbouring
    appointments and on the moment of booking, and the booking service checks the exact slot anyway.
    """
    if start.tzinfo is None or (end is not None and end.tzinfo is None):
        raise ValueError("start and end must be timezone-aware")
    if provider.practice_id != practice.pk or not provider.active:
        return []
    # Aware datetimes sharing a tzinfo compare and subtract by wall clock; in UTC they measure elapsed time.
    start_utc = start.astimezone(UTC)
    end_utc = end.astimezone(UTC) if end is not None else None
    if end_utc is not None and end_utc <= start_utc:
        return []
    local = start.astimezone(practice.tz)
    day = local.date()
    entries = _active(practice).filter(
        Q(provider__isnull=True) | Q(provider=provider),
        earliest_date__lte=day,
        latest_date__gte=day,
        part_of_day__in=("", engine.part_of_day(local.time())),
        appointment_type__active=True,
        appointment_type__providers=provider,
    )
    if appointment_type is not None:
        entries = entries.filter(appointment_type=appointment_type)
    if end_utc is not None:
        free_minutes = (end_utc - start_utc).total_seconds() // 60
        entries = entries.filter(appointment_type__duration_minutes__lte=free_minutes)
    return list(entries)
