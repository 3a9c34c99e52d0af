"""Reading the schedule: free slots, appointments by day, provider or patient."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from mojoe.core.errors import InvalidInput
from mojoe.practices.models import Practice, Provider
from mojoe.scheduling import engine
from mojoe.scheduling.models import (
    RELEASED_STATUSES,
    Appointment,
    AppointmentType,
    AvailabilityException,
    AvailabilityRule,
    ExceptionKind,
    Holiday,
)

MAX_SEARCH_DAYS = 92


def _minutes(value: int) -> timedelta:
    return timedelta(minutes=value)


def _holidays(practice: Practice, start_date: date, end_date: date) -> frozenset[date]:
    if end_date < start_date:
        raise InvalidInput("The end date is before the start date.", code="invalid_date_range")
    if (end_date - start_date).days >= MAX_SEARCH_DAYS:
        raise InvalidInput(f"Search at most {MAX_SEARCH_DAYS} days at a time.", code="date_range_too_long")
    return frozenset(
        Holiday.objects.filter(practice=practice, date__range=(start_date, end_date))
        .order_by()
        .values_list("date", flat=True)
    )


def slot_query_for_range(
    *, practice: Practice, start_date: date, end_date: date, location_id=None, now: datetime | None = None
) -> engine.SlotQuery:
    """A query for working time only (no appointment type), as the calendar shows it."""
    return engine.SlotQuery(
        start_date=start_date,
        end_date=end_date,
        tz=practice.tz,
        now=now or timezone.now(),
        duration=timedelta(minutes=15),
        holidays=_holidays(practice, start_date, end_date),
        location_id=location_id,
    )


def slot_query_for(
    *,
    practice: Practice,
    appointment_type: AppointmentType,
    start_date: date,
    end_date: date,
    now: datetime | None = None,
    part_of_day: str | None = None,
    location_id=None,
) -> engine.SlotQuery:
    if end_date < start_date:
        raise InvalidInput("The end date is before the start date.", code="invalid_date_range")
    if (end_date - start_date).days >= MAX_SEARCH_DAYS:
        raise InvalidInput(f"Search at most {MAX_SEARCH_DAYS} days at a time.", code="date_range_too_long")
    holidays = frozenset(
        Holiday.objects.filter(practice=practice, date__range=(start_date, end_date)).values_list(
            "date", flat=True
        )
    )
    return engine.SlotQuery(
        start_date=start_date,
        end_date=end_date,
        tz=practice.tz,
        now=now or timezone.now(),
        duration=_minutes(appointment_type.duration_minutes),
        interval=_minutes(appointment_type.interval_minutes),
        buffer_before=_minutes(appointment_type.buffer_before_minutes),
        buffer_after=_minutes(appointment_type.buffer_after_minutes),
        min_notice=_minutes(appointment_type.min_notice_minutes),
        horizon=timedelta(days=appointment_type.horizon_days),
        holidays=holidays,
        part_of_day=part_of_day,
        location_id=location_id,
    )


def provider_calendars(
    *, practice: Practice, providers: Sequence[Provider], query: engine.SlotQuery, exclude_appointment_id=None
) -> list[engine.ProviderCalendar]:
    """Load hours, exceptions and busy time for `providers` over the query's dates: four queries in all."""
    provider_ids = [p.pk for p in providers]
    range_start = engine.local_to_utc(query.start_date, time.min, query.tz)
    range_end = engine.local_to_utc(query.end_date + timedelta(days=1), time.min, query.tz)
    # Buffers reach outside the days searched: widen the busy window so edge slots see their neighbours.
    reach = query.buffer_before + query.buffer_after + timedelta(hours=12)

    blocks = defaultdict(list)
    rules = AvailabilityRule.objects.filter(practice=practice, provider_id__in=provider_ids).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=query.end_date),
        Q(valid_until__isnull=True) | Q(valid_until__gte=query.start_date),
    )
    for rule in rules.order_by().values_list(
        "provider_id", "weekday", "start_time", "end_time", "location_id", "valid_from", "valid_until"
    ):
        blocks[rule[0]].append(engine.WeeklyBlock(*rule[1:]))

    extra, time_off = defaultdict(list), defaultdict(list)
    exceptions = (
        AvailabilityException.objects.filter(
            practice=practice, provider_id__in=provider_ids, start__lt=range_end, end__gt=range_start
        )
        .order_by()
        .values_list("provider_id", "kind", "start", "end", "location_id")
    )
    for provider_id, kind, start, end, location_id in exceptions:
        if kind == ExceptionKind.EXTRA_HOURS:
            extra[provider_id].append(engine.Window(start, end, location_id))
        else:
            time_off[provider_id].append(engine.Interval(start, end))

    busy = defaultdict(list)
    appointments = (
        Appointment.objects.filter(
            provider_id__in=provider_ids, busy_start__lt=range_end + reach, busy_end__gt=range_start - reach
        )
        .exclude(status__in=RELEASED_STATUSES)
        .order_by()
        .values_list("provider_id", "busy_start", "busy_end", "id")
    )
    for provider_id, start, end, appointment_id in appointments:
        if appointment_id != exclude_appointment_id:
            busy[provider_id].append(engine.Interval(start, end))

    return [
        engine.ProviderCalendar(
            provider_id=pid,
            blocks=blocks[pid],
            extra_hours=extra[pid],
            time_off=time_off[pid],
            busy=busy[pid],
        )
        for pid in provider_ids
    ]


def bookable_providers(
    *, practice: Practice, appointment_type: AppointmentType, provider_id=None
) -> list[Provider]:
    providers = appointment_type.providers.filter(practice=practice, active=True).order_by(
        "family_name", "given_name"
    )
    if provider_id is not None:
        providers = providers.filter(pk=provider_id)
    return list(providers)


def slot_search(
    *,
    practice: Practice,
    appointment_type: AppointmentType,
    start_date: date,
    end_date: date,
    provider_id=None,
    location_id=None,
    part_of_day: str | None = None,
    now: datetime | None = None,
    limit: int | None = None,
    exclude_appointment_id=None,
) -> list[engine.Slot]:
    """Free slots for `appointment_type` between two local dates (inclusive), earliest first."""
    query = slot_query_for(
        practice=practice,
        appointment_type=appointment_type,
        start_date=start_date,
        end_date=end_date,
        now=now,
        part_of_day=part_of_day,
        location_id=location_id,
    )
    if not appointment_type.active:
        return []
    providers = bookable_providers(
        practice=practice, appointment_type=appointment_type, provider_id=provider_id
    )
    if not providers:
        return []
    calendars = provider_calendars(
        practice=practice, providers=providers, query=query, exclude_appointment_id=exclude_appointment_id
    )
    return engine.find_slots(calendars, query, limit=limit)


def appointments_for(
    *, practice: Practice, day: date | None = None, provider_id=None, patient_id=None, statuses=None
):
    """Appointments of a practice by local day, provider or patient, with what a list shows preloaded."""
    qs = Appointment.objects.filter(practice=practice).select_related(
        "patient", "provider", "location", "appointment_type"
    )
    if day is not None:
        qs = qs.filter(
            start__gte=engine.local_to_utc(day, time.min, practice.tz),
            start__lt=engine.local_to_utc(day + timedelta(days=1), time.min, practice.tz),
        )
    if provider_id is not None:
        qs = qs.filter(provider_id=provider_id)
    if patient_id is not None:
        qs = qs.filter(patient_id=patient_id)
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs.order_by("start", "provider__family_name")
