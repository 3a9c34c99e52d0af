"""Reading what a patient may book online: the visit types, the providers, the free times, a manage link."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef

from mojoe.booking.models import BookingLink
from mojoe.practices.models import Practice, Provider
from mojoe.scheduling import engine
from mojoe.scheduling.models import AppointmentStatus, AppointmentType
from mojoe.scheduling.selectors import bookable_providers, slot_search

DAYS_PER_PAGE = 3
# Each slot search covers this many days; a page keeps searching until it has its days or the horizon ends.
SEARCH_CHUNK_DAYS = 14
# A horizon of years would make a page with no free time search for long; nobody books that far online.
MAX_SEARCH_AHEAD_DAYS = 400
# Statuses in which the patient may still cancel or move the appointment through its link.
CHANGEABLE = (AppointmentStatus.PROPOSED, AppointmentStatus.PENDING, AppointmentStatus.BOOKED)


def online_types(*, practice: Practice) -> list[AppointmentType]:
    """Visit types patients may book themselves: active, bookable online, performed by an active provider."""
    performed = Provider.objects.filter(
        appointment_types=OuterRef("pk"), active=True, practice=practice
    ).order_by()
    return list(
        AppointmentType.objects.filter(practice=practice, active=True, bookable_online=True)
        .filter(Exists(performed))
        .order_by("name")
    )


def online_type_get(*, practice: Practice, type_id) -> AppointmentType | None:
    """One visit type by id if patients may book it online in this practice, else None."""
    if type_id is None:
        return None
    return next((t for t in online_types(practice=practice) if t.pk == type_id), None)


def online_providers(*, practice: Practice, appointment_type: AppointmentType) -> list[Provider]:
    return bookable_providers(practice=practice, appointment_type=appointment_type)


@dataclass(frozen=True)
class DayOfTimes:
    day: date
    slots: list[engine.Slot]


@dataclass(frozen=True)
class TimesPage:
    days: list[DayOfTimes]
    first_day: date
    next_day: date | None  # where the next page starts; None when nothing is free later

    @property
    def empty(self) -> bool:
        return not self.days


def times_page(
    *,
    practice: Practice,
    appointment_type: AppointmentType,
    provider_id,
    from_date: date | None,
    part_of_day: str | None,
    now: datetime,
    exclude_appointment_id=None,
    skip: tuple[datetime, object] | None = None,
) -> TimesPage:
    """The free times of the first `DAYS_PER_PAGE` days that have any, from `from_date`, earliest first.

    With `provider_id` None ("first available") each start time is offered once, with the first provider free
    then. `skip` (start, provider id) leaves out the appointment being moved; `exclude_appointment_id` makes
    its own time count as free so that it may move to an overlapping one.
    """
    tz = practice.tz
    today = now.astimezone(tz).date()
    first = max(from_date or today, today)
    last = min(
        (now + timedelta(days=appointment_type.horizon_days)).astimezone(tz).date(),
        today + timedelta(days=MAX_SEARCH_AHEAD_DAYS),
    )
    by_day: dict[date, list[engine.Slot]] = {}
    seen: set[tuple[date, datetime]] = set()
    cursor = first
    while cursor <= last and len(by_day) <= DAYS_PER_PAGE:
        end = min(cursor + timedelta(days=SEARCH_CHUNK_DAYS - 1), last)
        slots = slot_search(
            practice=practice,
            appointment_type=appointment_type,
            start_date=cursor,
            end_date=end,
            provider_id=provider_id,
            part_of_day=part_of_day or None,
            now=now,
            exclude_appointment_id=exclude_appointment_id,
        )
        for slot in slots:
            if skip and slot.start == skip[0] and slot.provider_id == skip[1]:
                continue
            day = slot.start.astimezone(tz).date()
            if (day, slot.start) in seen:
                continue
            if day not in by_day and len(by_day) > DAYS_PER_PAGE:
                break
            seen.add((day, slot.start))
            by_day.setdefault(day, []).append(slot)
        cursor = end + timedelta(days=1)
    ordered = sorted(by_day)
    days = [DayOfTimes(day, by_day[day]) for day in ordered[:DAYS_PER_PAGE]]
    next_day = ordered[DAYS_PER_PAGE] if len(ordered) > DAYS_PER_PAGE else None
    return TimesPage(days=days, first_day=first, next_day=next_day)


def slot_find(
    *,
    practice: Practice,
    appointment_type: AppointmentType,
    provider_id,
    location_id,
    start: datetime,
    now: datetime,
    exclude_appointment_id=None,
) -> engine.Slot | None:
    """The free slot at exactly `start` with that provider and location, or None (taken, past, not offered)."""
    day = start.astimezone(practice.tz).date()
    slots = slot_search(
        practice=practice,
        appointment_type=appointment_type,
        start_date=day,
        end_date=day,
        provider_id=provider_id,
        location_id=location_id,
        now=now,
        exclude_appointment_id=exclude_appointment_id,
    )
    return next((s for s in slots if s.start == start and s.provider_id == provider_id), None)


def link_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LinkLookup:
    link: BookingLink | None
    usable: bool


def booking_link_find(*, practice: Practice, token: str, now: datetime) -> LinkLookup:
    """The link behind a token in this practice, and whether it still works.

    It works until it has cancelled the appointment or been replaced by a move, while the appointment can
    still be changed (staff may have cancelled it), and until the appointment's start.
    """
    if not token or len(token) > 100:
        return LinkLookup(None, False)
    link = (
        BookingLink.objects.select_related(
            "appointment__provider",
            "appointment__location",
            "appointment__appointment_type",
            "appointment__patient",
        )
        .filter(practice=practice, token_hash=link_token_hash(token))
        .first()
    )
    if link is None:
        return LinkLookup(None, False)
    usable = (
        link.used_at is None
        and now < link.expires_at
        and now < link.appointment.start
        and link.appointment.status in CHANGEABLE
    )
    return LinkLookup(link, usable)
