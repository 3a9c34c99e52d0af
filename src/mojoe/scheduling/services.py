"""Changing the schedule: book, cancel, reschedule, check in, no-show, complete, and the waitlist.

Every function takes the acting party first, checks that it may act, keeps all objects inside the actor's
practice, and writes its audit event in the same transaction as the change.

Double bookings are refused twice over. The service checks that the requested start is a free slot inside
the write transaction, after locking the patient and the provider; on SQLite every transaction takes the
write lock when it begins (see settings), so the check cannot interleave with another booking. On
PostgreSQL the exclusion constraints added by migration `scheduling.0002` refuse any overlapping insert
whatever code path makes it; both kinds of refusal end as a 409 Conflict.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from mojoe.audit.models import AuditAction
from mojoe.audit.services import audit_record
from mojoe.core.context import Actor
from mojoe.core.errors import Conflict, InvalidInput, NotFound
from mojoe.core.roles import Capability
from mojoe.patients.models import Patient
from mojoe.patients.services import patient_create
from mojoe.practices.models import Location, Provider
from mojoe.scheduling import engine
from mojoe.scheduling.models import (
    RELEASED_STATUSES,
    Appointment,
    AppointmentStatus,
    AppointmentType,
    PartOfDay,
    SourceChannel,
    WaitlistEntry,
    WaitlistStatus,
)
from mojoe.scheduling.selectors import provider_calendars, slot_query_for

WAITLIST_NOTES_MAX = 500


def _same_practice(actor: Actor, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.practice_id != actor.practice.pk:
            raise NotFound(f"No such {obj._meta.verbose_name} in this practice.")


def _check_offered(
    *,
    actor: Actor,
    provider: Provider,
    appointment_type: AppointmentType,
    start: datetime,
    location: Location | None,
    now: datetime,
    exclude_appointment_id=None,
) -> engine.Slot:
    """The free slot that starts at `start`, or a Conflict that says why there is none."""
    local_day = start.astimezone(actor.practice.tz).date()
    query = slot_query_for(
        practice=actor.practice,
        appointment_type=appointment_type,
        start_date=local_day,
        end_date=local_day,
        now=now,
        location_id=location.pk if location else None,
    )
    [calendar] = provider_calendars(
        practice=actor.practice,
        providers=[provider],
        query=query,
        exclude_appointment_id=exclude_appointment_id,
    )
    for slot in engine.provider_slots(calendar, query):
        if slot.start == start:
            return slot
    if any(slot.start == start for slot in engine.provider_slots(replace(calendar, busy=()), query)):
        raise Conflict(
            "That time is already taken for this provider. Ask /slots for the free times.", code="slot_taken"
        )
    if start < now + query.min_notice:
        raise Conflict(
            f"{appointment_type.name} must be booked at least {appointment_type.min_notice_minutes} minutes ahead.",
            code="too_short_notice",
        )
    if query.horizon is not None and start > now + query.horizon:
        raise Conflict(
            f"{appointment_type.name} can be booked at most {appointment_type.horizon_days} days ahead.",
            code="beyond_horizon",
        )
    raise Conflict(
        "That time is not open for booking with this provider (outside working hours, at another location, "
        "or not on the schedule's grid). Ask /slots for the free times.",
        code="slot_not_bookable",
    )


def _check_patient_free(
    patient: Patient, start: datetime, end: datetime, exclude_appointment_id=None
) -> None:
    overlapping = (
        Appointment.objects.filter(patient=patient, start__lt=end, end__gt=start)
        .exclude(status__in=RELEASED_STATUSES)
        .exclude(pk=exclude_appointment_id)
        .order_by()
    )
    if overlapping.exists():
        raise Conflict("The patient already has an appointment at that time.", code="patient_conflict")


def _is_new_patient(patient: Patient) -> bool:
    return not patient.appointments.filter(
        status__in=[AppointmentStatus.FULFILLED, AppointmentStatus.CHECKED_IN, AppointmentStatus.ARRIVED]
    ).exists()


def _lock_patient_then_eligible_provider(
    patient: Patient, provider: Provider, appointment_type: AppointmentType
) -> None:
    """Serialize bookings that share a patient or a provider, and check the provider performs the type.

    On PostgreSQL the rows are locked, so the overlap checks that follow see every booking committed before
    them and the exclusion constraints are a backstop rather than the everyday referee. Always patient first,
    then provider: one order for every booking means two bookings never wait on each other in a cycle.
    SQLite serializes whole write transactions and has no row locks. The provider's row is read through the
    appointment type's providers, which answers eligibility in the same round trip.
    """
    locking = connection.features.has_select_for_update
    if locking:
        list(Patient.objects.select_for_update().filter(pk=patient.pk).order_by().values_list("pk"))
    eligible = Provider.objects.filter(pk=provider.pk, appointment_types=appointment_type).order_by()
    if locking:
        eligible = eligible.select_for_update(of=("self",))
    if not list(eligible.values_list("pk")):
        raise Conflict(
            f"{provider.display_name} does not perform {appointment_type.name}.", code="provider_not_eligible"
        )


def _raise_conflict_from(error: IntegrityError):
    message = str(error)
    if "appointment_no_patient_overlap" in message:
        raise Conflict(
            "The patient already has an appointment at that time.", code="patient_conflict"
        ) from error
    if "appointment_no_provider_overlap" in message:
        raise Conflict(
            "That time was just taken for this provider. Ask /slots for the free times.", code="slot_taken"
        ) from error
    raise error


def appointment_book(
    *,
    actor: Actor,
    patient: Patient,
    provider: Provider,
    appointment_type: AppointmentType,
    start: datetime,
    location: Location | None = None,
    reason: str = "",
    source_channel: str = SourceChannel.STAFF,
    rescheduled_from: Appointment | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Book `patient` with `provider` at `start` if that start is a free slot; 409 Conflict otherwise."""
    actor.require(Capability.MANAGE_SCHEDULE)
    _same_practice(actor, patient, provider, appointment_type, location)
    if start.tzinfo is None:
        raise InvalidInput(
            "The start time needs a UTC offset, such as 2026-12-01T09:00:00-05:00.", code="naive_time"
        )
    if not patient.active:
        raise Conflict(
            "This patient's record is inactive; reactivate it before booking.", code="patient_inactive"
        )
    if not provider.active:
        raise Conflict(f"{provider.display_name} is not taking appointments.", code="provider_inactive")
    if not appointment_type.active:
        raise Conflict(f"{appointment_type.name} is no longer offered.", code="type_inactive")
    if not appointment_type.new_patients_allowed and _is_new_patient(patient):
        raise Conflict(
            f"{appointment_type.name} is for established patients; book a new-patient visit instead.",
            code="new_patient_not_allowed",
        )
    now = now or timezone.now()
    start = start.astimezone(engine.UTC)
    end = start + timedelta(minutes=appointment_type.duration_minutes)
    # A rescheduled appointment's own time counts as free for its replacement.
    excluded = rescheduled_from.pk if rescheduled_from else None
    try:
        with transaction.atomic():
            _lock_patient_then_eligible_provider(patient, provider, appointment_type)
            slot = _check_offered(
                actor=actor,
                provider=provider,
                appointment_type=appointment_type,
                start=start,
                location=location,
                now=now,
                exclude_appointment_id=excluded,
            )
            _check_patient_free(patient, start, end, exclude_appointment_id=excluded)
            appointment = Appointment.objects.create(
                practice=actor.practice,
                patient=patient,
                provider=provider,
                location_id=slot.location_id,
                appointment_type=appointment_type,
                start=start,
                end=end,
                busy_start=start - timedelta(minutes=appointment_type.buffer_before_minutes),
                busy_end=end + timedelta(minutes=appointment_type.buffer_after_minutes),
                status=AppointmentStatus.BOOKED,
                source_channel=source_channel,
                reason=reason,
                rescheduled_from=rescheduled_from,
                booked_by=actor.user,
            )
            audit_record(
                actor=actor,
                action=AuditAction.BOOK,
                obj=appointment,
                patient=patient,
                detail={
                    "start": start.isoformat(),
                    "provider": str(provider.pk),
                    "type": str(appointment_type.pk),
                },
            )
    except IntegrityError as error:
        _raise_conflict_from(error)
    return appointment


def appointment_book_new_patient(*, actor: Actor, patient_fields: dict, **booking) -> Appointment:
    """Register a patient and book them together: a refused time registers nobody.

    The front desk's booking dialog uses it today; self-booking and the assistant will book newcomers too.
    """
    with transaction.atomic():
        patient = patient_create(actor=actor, **patient_fields)
        return appointment_book(actor=actor, patient=patient, **booking)


def _locked(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().get(pk=appointment.pk)


@dataclass(frozen=True)
class _Transition:
    action: str
    allowed_from: frozenset[str]
    target: str
    verb: str


_CANCEL = _Transition(
    AuditAction.CANCEL,
    frozenset({AppointmentStatus.PROPOSED, AppointmentStatus.PENDING, AppointmentStatus.BOOKED}),
    AppointmentStatus.CANCELLED,
    "cancelled",
)
_CHECK_IN = _Transition(
    AuditAction.STATUS,
    frozenset({AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED}),
    AppointmentStatus.CHECKED_IN,
    "checked in",
)
_NO_SHOW = _Transition(
    AuditAction.STATUS, frozenset({AppointmentStatus.BOOKED}), AppointmentStatus.NOSHOW, "marked as a no-show"
)
_COMPLETE = _Transition(
    AuditAction.STATUS,
    frozenset({AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED, AppointmentStatus.CHECKED_IN}),
    AppointmentStatus.FULFILLED,
    "completed",
)


def _transition(actor: Actor, appointment: Appointment, change: _Transition, **fields) -> Appointment:
    actor.require(Capability.MANAGE_SCHEDULE)
    _same_practice(actor, appointment)
    with transaction.atomic():
        current = _locked(appointment)
        if current.status not in change.allowed_from:
            raise Conflict(
                f"This appointment is {current.get_status_display().lower()} and cannot be {change.verb}.",
                code="invalid_status",
            )
        previous = current.status
        current.status = change.target
        current.status_changed_by = actor.user
        for name, value in fields.items():
            setattr(current, name, value)
        current.save(update_fields=["status", "status_changed_by", "updated_at", *fields])
        audit_record(
            actor=actor,
            action=change.action,
            obj=current,
            patient=current.patient_id,
            detail={"from": previous, "to": change.target, **{k: str(v) for k, v in fields.items()}},
        )
    return current


def appointment_cancel(*, actor: Actor, appointment: Appointment, reason: str = "") -> Appointment:
    """Cancel; the time is offered again at once."""
    return _transition(
        actor,
        appointment,
        _CANCEL,
        cancellation_reason=reason.strip(),
        cancelled_by=actor.user,
        cancelled_at=timezone.now(),
    )


def appointment_confirm(*, actor: Actor, appointment: Appointment) -> Appointment:
    """The patient says they will come. Confirming twice changes nothing; a cancelled visit cannot be."""
    actor.require(Capability.MANAGE_SCHEDULE)
    _same_practice(actor, appointment)
    with transaction.atomic():
        current = _locked(appointment)
        if current.status != AppointmentStatus.BOOKED:
            raise Conflict(
                f"This appointment is {current.get_status_display().lower()} and cannot be confirmed.",
                code="invalid_status",
            )
        if current.confirmed_at is None:
            current.confirmed_at = timezone.now()
            current.save(update_fields=["confirmed_at", "updated_at"])
            audit_record(
                actor=actor,
                action=AuditAction.STATUS,
                obj=current,
                patient=current.patient_id,
                detail={"confirmed": True},
            )
    return current


def appointment_check_in(*, actor: Actor, appointment: Appointment) -> Appointment:
    return _transition(actor, appointment, _CHECK_IN, checked_in_at=timezone.now())


def appointment_mark_no_show(
    *, actor: Actor, appointment: Appointment, now: datetime | None = None
) -> Appointment:
    if appointment.start > (now or timezone.now()):
        raise Conflict(
            "An appointment can be marked as a no-show only after its start time.", code="not_started"
        )
    return _transition(actor, appointment, _NO_SHOW)


def appointment_complete(*, actor: Actor, appointment: Appointment) -> Appointment:
    return _transition(actor, appointment, _COMPLETE, completed_at=timezone.now())


def appointment_reschedule(
    *,
    actor: Actor,
    appointment: Appointment,
    start: datetime,
    provider: Provider | None = None,
    location: Location | None = None,
    appointment_type: AppointmentType | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> Appointment:
    """Move an appointment: the new one is booked and the old one cancelled, or nothing changes."""
    actor.require(Capability.MANAGE_SCHEDULE)
    _same_practice(actor, appointment, provider, location, appointment_type)
    with transaction.atomic():
        old = _locked(appointment)
        if old.status not in _CANCEL.allowed_from:
            raise Conflict(
                f"This appointment is {old.get_status_display().lower()} and cannot be rescheduled.",
                code="invalid_status",
            )
        # Release the old time first so that a move to an overlapping time (09:00 to 09:15) passes the
        # exclusion constraint; if the booking fails, the transaction restores the old appointment.
        old.status = AppointmentStatus.CANCELLED
        old.cancellation_reason = reason.strip() or "Rescheduled"
        old.cancelled_by = actor.user
        old.cancelled_at = timezone.now()
        old.status_changed_by = actor.user
        old.save(
            update_fields=[
                "status",
                "cancellation_reason",
                "cancelled_by",
                "cancelled_at",
                "status_changed_by",
                "updated_at",
            ]
        )
        new = appointment_book(
            actor=actor,
            patient=old.patient,
            provider=provider or old.provider,
            appointment_type=appointment_type or old.appointment_type,
            start=start,
            location=location,
            reason=old.reason,
            source_channel=old.source_channel,
            rescheduled_from=old,
            now=now,
        )
        audit_record(
            actor=actor,
            action=AuditAction.RESCHEDULE,
            obj=old,
            patient=old.patient_id,
            detail={"to": str(new.pk), "start": new.start.isoformat()},
        )
    return new


# --- waitlist -----------------------------------------------------------------------------------------


def _validate_waitlist_entry(entry: WaitlistEntry) -> None:
    """What makes an entry one that can ever be matched to a free slot."""
    if entry.latest_date < entry.earliest_date:
        raise InvalidInput("The latest date is before the earliest date.", code="invalid_date_range")
    if entry.part_of_day and entry.part_of_day not in PartOfDay.values:
        raise InvalidInput("Part of day must be morning, afternoon or evening.", code="invalid_part_of_day")
    if len(entry.notes) > WAITLIST_NOTES_MAX:
        raise InvalidInput(f"Notes are limited to {WAITLIST_NOTES_MAX} characters.", code="notes_too_long")
    if entry.provider_id and not entry.appointment_type.providers.filter(pk=entry.provider_id).exists():
        raise InvalidInput(
            f"{entry.provider.display_name} does not perform {entry.appointment_type.name}; "
            "choose another provider or any provider.",
            code="provider_not_eligible",
        )


def waitlist_add(
    *,
    actor: Actor,
    patient: Patient,
    appointment_type: AppointmentType,
    earliest_date: date,
    latest_date: date,
    provider: Provider | None = None,
    part_of_day: str = "",
    notes: str = "",
) -> WaitlistEntry:
    actor.require(Capability.MANAGE_WAITLIST)
    _same_practice(actor, patient, appointment_type, provider)
    entry = WaitlistEntry(
        practice=actor.practice,
        patient=patient,
        appointment_type=appointment_type,
        provider=provider,
        earliest_date=earliest_date,
        latest_date=latest_date,
        part_of_day=part_of_day,
        notes=notes,
    )
    _validate_waitlist_entry(entry)
    with transaction.atomic():
        entry.save()
        audit_record(actor=actor, action=AuditAction.CREATE, obj=entry, patient=patient)
    return entry


WAITLIST_EDITABLE = frozenset(
    {"provider", "earliest_date", "latest_date", "part_of_day", "notes", "appointment_type"}
)


def waitlist_update(*, actor: Actor, entry: WaitlistEntry, **changes) -> WaitlistEntry:
    actor.require(Capability.MANAGE_WAITLIST)
    unknown = set(changes) - WAITLIST_EDITABLE
    if unknown:
        raise InvalidInput(
            f"These fields cannot be changed: {', '.join(sorted(unknown))}.", code="invalid_field"
        )
    _same_practice(actor, entry, changes.get("provider"), changes.get("appointment_type"))
    if entry.status != WaitlistStatus.ACTIVE:
        raise Conflict("Only an active waitlist entry can be changed.", code="invalid_status")
    # Validate a changed copy, so a refused change leaves the caller's object as it was.
    changed = copy.copy(entry)
    for name, value in changes.items():
        setattr(changed, name, value)
    _validate_waitlist_entry(changed)
    for name, value in changes.items():
        setattr(entry, name, value)
    with transaction.atomic():
        entry.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=entry,
            patient=entry.patient_id,
            detail={"fields": sorted(changes)},
        )
    return entry


def waitlist_remove(*, actor: Actor, entry: WaitlistEntry) -> WaitlistEntry:
    actor.require(Capability.MANAGE_WAITLIST)
    _same_practice(actor, entry)
    if entry.status != WaitlistStatus.ACTIVE:
        raise Conflict(
            f"This waitlist entry is already {entry.get_status_display().lower()}.", code="invalid_status"
        )
    with transaction.atomic():
        entry.status = WaitlistStatus.REMOVED
        entry.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action=AuditAction.DELETE, obj=entry, patient=entry.patient_id)
    return entry


def waitlist_expire_past(*, today: date) -> int:
    """Close active entries whose last acceptable date has passed (run by a periodic job)."""
    return WaitlistEntry.objects.filter(status=WaitlistStatus.ACTIVE, latest_date__lt=today).update(
        status=WaitlistStatus.EXPIRED, updated_at=timezone.now()
    )
