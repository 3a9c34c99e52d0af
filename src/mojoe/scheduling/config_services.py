"""Configuring the schedule: appointment types, providers' weekly hours, time off and holidays.

Like every service, each function checks the actor's role, keeps objects inside the actor's practice and
writes its audit event in the same transaction. Booking rules (scheduling/services.py) read what these
functions write; the limits here keep that engine's inputs sensible (no block that ends before it starts,
no provider in two blocks at once, no type that can never be booked).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction

from mojoe.audit.models import AuditAction
from mojoe.audit.services import audit_record
from mojoe.core.context import Actor
from mojoe.core.errors import InvalidInput, NotFound
from mojoe.practices.models import Location, Provider
from mojoe.practices.services import (
    InvalidFields,
    apply_changes,
    full_clean_or_invalid,
    record_save,
    replace_many,
    require_configure,
    same_practice,
)
from mojoe.scheduling.models import (
    RELEASED_STATUSES,
    Appointment,
    AppointmentType,
    AvailabilityException,
    AvailabilityRule,
    ExceptionKind,
    Holiday,
    Weekday,
)

APPOINTMENT_TYPE_FIELDS = frozenset(
    {
        "name",
        "description",
        "duration_minutes",
        "slot_interval_minutes",
        "buffer_before_minutes",
        "buffer_after_minutes",
        "min_notice_minutes",
        "horizon_days",
        "bookable_online",
        "new_patients_allowed",
        "color",
        "active",
    }
)
MAX_NOTICE_MINUTES = 60 * 24 * 60  # 60 days
MAX_HORIZON_DAYS = 730
MAX_TIME_OFF = timedelta(days=366)


def _in_practice(actor: Actor, obj, label: str):
    if obj is None or obj.practice_id != actor.practice.pk:
        raise NotFound(f"No such {label} in this practice.")
    return obj


# --- appointment types -------------------------------------------------------------------------------


def _type_limits(obj: AppointmentType) -> dict[str, list[str]]:
    """Limits beyond the model's own validators: values the slot engine would accept but nobody means."""
    errors: dict[str, list[str]] = {}
    if obj.min_notice_minutes is not None and obj.min_notice_minutes > MAX_NOTICE_MINUTES:
        errors["min_notice_minutes"] = ["The minimum notice can be at most 60 days (86,400 minutes)."]
    if obj.horizon_days is not None and obj.horizon_days > MAX_HORIZON_DAYS:
        errors["horizon_days"] = [f"The booking horizon can be at most {MAX_HORIZON_DAYS} days."]
    elif obj.horizon_days and obj.min_notice_minutes and obj.min_notice_minutes >= obj.horizon_days * 24 * 60:
        errors["min_notice_minutes"] = [
            "The minimum notice must be shorter than the booking horizon, or nothing could ever be booked."
        ]
    color = obj.color or ""
    if len(color) != 7 or color[0] != "#" or any(c not in "0123456789abcdefABCDEF" for c in color[1:]):
        errors["color"] = ["Enter a colour as #rrggbb, such as #4f7cac."]
    return errors


def appointment_type_save(
    *, actor: Actor, appointment_type: AppointmentType | None = None, data: dict, providers=None
) -> AppointmentType:
    """Create an appointment type (`appointment_type` None) or change one; `providers`, if given, replaces
    who may perform it."""
    require_configure(actor)
    chosen = (
        same_practice(actor, providers, field="providers", label="providers")
        if providers is not None
        else None
    )
    name = (data.get("name") or "").strip()
    with transaction.atomic():
        current = None
        if appointment_type is not None:
            current = (
                AppointmentType.objects.select_for_update()
                .filter(pk=appointment_type.pk, practice=actor.practice)
                .first()
            )
            _in_practice(actor, current, "appointment type")
        obj = current or AppointmentType(practice=actor.practice)
        duplicate = AppointmentType.objects.filter(practice=actor.practice, name__iexact=name).exclude(
            pk=obj.pk
        )
        if name and duplicate.exists():
            raise InvalidFields({"name": [f"There is already an appointment type named {name!r}."]})
        changes = apply_changes(obj, data, APPOINTMENT_TYPE_FIELDS)
        full_clean_or_invalid(obj)
        limits = _type_limits(obj)
        if limits:
            raise InvalidFields(limits, model=AppointmentType)
        if current is None or changes:
            obj.save()
        if chosen is not None:
            replace_many(obj, "providers", chosen, changes, created=current is None)
        record_save(actor, obj, changes, created=current is None)
    return obj


# --- weekly hours ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursBlock:
    """One block of a provider's regular week, in the practice's local time."""

    weekday: int
    start: time
    end: time
    location: Location

    def label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"

    def as_dict(self) -> dict:
        return {
            "weekday": self.weekday,
            "start": self.start.isoformat("minutes"),
            "end": self.end.isoformat("minutes"),
            "location": str(self.location.pk),
        }


def _block_errors(blocks: list[HoursBlock]) -> list[str]:
    errors: list[str] = []
    by_day: dict[int, list[HoursBlock]] = defaultdict(list)
    for block in blocks:
        if block.weekday not in Weekday.values:
            errors.append("A block has a day that is not Monday to Sunday.")
            continue
        day = Weekday(block.weekday).label
        if block.end <= block.start:
            errors.append(f"{day} {block.label()}: a block must end after it starts.")
            continue
        by_day[block.weekday].append(block)
    for weekday in sorted(by_day):
        day_blocks = sorted(by_day[weekday], key=lambda b: (b.start, b.end))
        reaching = day_blocks[0]  # the block seen so far that ends last
        for later in day_blocks[1:]:
            # Touching blocks (12:00–13:00 after 09:00–12:00) are fine; overlapping ones would put the
            # provider in two places, or count the same time twice.
            if later.start < reaching.end:
                errors.append(
                    f"{Weekday(weekday).label}: {reaching.label()} overlaps {later.label()}. "
                    "A provider cannot work two blocks at the same time."
                )
            if later.end > reaching.end:
                reaching = later
    return errors


def regular_hours(provider: Provider):
    """The blocks of the provider's regular week: rules without dates (dated ones are seasonal exceptions)."""
    return AvailabilityRule.objects.filter(
        provider=provider, valid_from__isnull=True, valid_until__isnull=True
    ).select_related("location")


def weekly_hours_replace(
    *, actor: Actor, provider: Provider, blocks: list[HoursBlock]
) -> list[AvailabilityRule]:
    """Replace the provider's regular week with `blocks` in one go: all saved, or none.

    Rules with a date range (set in the admin for a season) are left as they are.
    """
    require_configure(actor)
    _in_practice(actor, provider, "provider")
    same_practice(actor, [block.location for block in blocks], field="location", label="locations")
    errors = _block_errors(blocks)
    if errors:
        raise InvalidFields({"": errors}, code="invalid_hours")
    with transaction.atomic():
        # Locking the provider makes two editors of the same week take turns instead of mixing their blocks.
        Provider.objects.select_for_update().filter(pk=provider.pk).first()
        existing = list(regular_hours(provider).order_by("weekday", "start_time"))
        before = [
            HoursBlock(rule.weekday, rule.start_time, rule.end_time, rule.location).as_dict()
            for rule in existing
        ]
        after = [block.as_dict() for block in sorted(blocks, key=lambda b: (b.weekday, b.start))]
        if before == after:
            return existing
        regular_hours(provider).delete()
        rules = AvailabilityRule.objects.bulk_create(
            [
                AvailabilityRule(
                    practice=actor.practice,
                    provider=provider,
                    location=block.location,
                    weekday=block.weekday,
                    start_time=block.start,
                    end_time=block.end,
                )
                for block in sorted(blocks, key=lambda b: (b.weekday, b.start))
            ]
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=provider,
            detail={"weekly_hours": {"before": before, "after": after}},
        )
    return rules


# --- time off and holidays ---------------------------------------------------------------------------


def appointments_between(*, provider: Provider | None, practice, start: datetime, end: datetime) -> int:
    """How many appointments still hold time in [start, end): the people to call after closing that time."""
    appointments = Appointment.objects.filter(practice=practice, start__lt=end, end__gt=start).exclude(
        status__in=RELEASED_STATUSES
    )
    if provider is not None:
        appointments = appointments.filter(provider=provider)
    return appointments.count()


def time_off_add(
    *, actor: Actor, provider: Provider, start: datetime, end: datetime, reason: str = ""
) -> AvailabilityException:
    """Block [start, end) of a provider's time. Appointments already booked in it are kept (staff move them)."""
    require_configure(actor)
    _in_practice(actor, provider, "provider")
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidInput("Times off need a time zone.", code="naive_datetime")
    if end <= start:
        raise InvalidFields({"end": ["The time off must end after it starts."]}, code="invalid_range")
    if end - start > MAX_TIME_OFF:
        raise InvalidFields({"end": ["Enter at most a year of time off at once."]}, code="invalid_range")
    with transaction.atomic():
        exception = AvailabilityException(
            practice=actor.practice,
            provider=provider,
            kind=ExceptionKind.TIME_OFF,
            start=start,
            end=end,
            reason=(reason or "").strip(),
        )
        full_clean_or_invalid(exception)
        exception.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=exception,
            detail={"provider": str(provider.pk), "start": start.isoformat(), "end": end.isoformat()},
        )
    return exception


def time_off_remove(*, actor: Actor, exception: AvailabilityException) -> None:
    require_configure(actor)
    _in_practice(actor, exception, "time off")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=exception,
            detail={
                "provider": str(exception.provider_id),
                "kind": exception.kind,
                "start": exception.start.isoformat(),
                "end": exception.end.isoformat(),
            },
        )
        exception.delete()


def holiday_add(*, actor: Actor, day: date, name: str) -> Holiday:
    """Close the whole practice on `day`."""
    require_configure(actor)
    name = (name or "").strip()
    with transaction.atomic():
        if Holiday.objects.filter(practice=actor.practice, date=day).exists():
            raise InvalidFields({"date": [f"{day:%B %-d, %Y} is already a holiday."]}, code="duplicate")
        holiday = Holiday(practice=actor.practice, date=day, name=name)
        full_clean_or_invalid(holiday)
        holiday.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=holiday,
            detail={"date": day.isoformat(), "name": name},
        )
    return holiday


def holiday_remove(*, actor: Actor, holiday: Holiday) -> None:
    require_configure(actor)
    _in_practice(actor, holiday, "holiday")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=holiday,
            detail={"date": holiday.date.isoformat(), "name": holiday.name},
        )
        holiday.delete()
