"""Appointment types, free slots, appointments and the waitlist."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from uuid import UUID

from ninja import Field, Query, Router, Schema, Status
from pydantic import AwareDatetime

from mojoe.audit.services import audit_record_reads
from mojoe.core.errors import InvalidInput
from mojoe.core.roles import Capability
from mojoe.core.schemas import ErrorOut, Items
from mojoe.core.tenancy import get_in_practice, get_optional_in_practice
from mojoe.patients.models import Patient
from mojoe.practices.models import Location, Provider
from mojoe.scheduling import selectors, services
from mojoe.scheduling.models import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    PartOfDay,
    SourceChannel,
    WaitlistEntry,
    WaitlistStatus,
)

router = Router(tags=["scheduling"])
ERRORS = {404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _local(request, value: datetime | None) -> str | None:
    """ISO 8601 in the practice's zone, with its offset, as people at the practice read times."""
    return value.astimezone(request.actor.practice.tz).isoformat() if value else None


# --- appointment types --------------------------------------------------------------------------------


class AppointmentTypeOut(Schema):
    id: UUID
    name: str
    description: str
    duration_minutes: int
    slot_interval_minutes: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    min_notice_minutes: int
    horizon_days: int
    bookable_online: bool
    new_patients_allowed: bool
    provider_ids: list[UUID]
    active: bool

    @staticmethod
    def resolve_slot_interval_minutes(obj: AppointmentType) -> int:
        return obj.interval_minutes

    @staticmethod
    def resolve_provider_ids(obj: AppointmentType) -> list[UUID]:
        return [provider.pk for provider in obj.providers.all()]


@router.get("/appointment-types", response=Items[AppointmentTypeOut])
def appointment_type_list(request, include_inactive: bool = False):
    request.actor.require(Capability.VIEW_PRACTICE)
    types = AppointmentType.objects.filter(practice=request.actor.practice).prefetch_related("providers")
    if not include_inactive:
        types = types.filter(active=True)
    return {"items": list(types)}


# --- slots --------------------------------------------------------------------------------------------


class SlotFilters(Schema):
    appointment_type_id: UUID
    start: date = Field(description="First local date searched, YYYY-MM-DD.")
    end: date = Field(description="Last local date searched (inclusive), YYYY-MM-DD.")
    provider_id: UUID | None = None
    location_id: UUID | None = None
    part_of_day: PartOfDay | None = None
    limit: int | None = Field(None, ge=1, le=5000)


class SlotOut(Schema):
    start: str
    end: str
    provider_id: UUID
    location_id: UUID


@router.get("/slots", response={200: Items[SlotOut], **ERRORS}, summary="Free times, earliest first")
def slot_list(request, filters: Query[SlotFilters]):
    actor = request.actor
    actor.require(Capability.VIEW_SCHEDULE)
    appointment_type = get_in_practice(AppointmentType, actor, filters.appointment_type_id)
    if filters.provider_id is not None:
        get_in_practice(Provider, actor, filters.provider_id)
    if filters.location_id is not None:
        get_in_practice(Location, actor, filters.location_id)
    slots = selectors.slot_search(
        practice=actor.practice,
        appointment_type=appointment_type,
        start_date=filters.start,
        end_date=filters.end,
        provider_id=filters.provider_id,
        location_id=filters.location_id,
        part_of_day=filters.part_of_day,
        limit=filters.limit,
    )
    tz = actor.practice.tz
    return {
        "items": [
            {
                "start": s.start.astimezone(tz).isoformat(),
                "end": s.end.astimezone(tz).isoformat(),
                "provider_id": s.provider_id,
                "location_id": s.location_id,
            }
            for s in slots
        ]
    }


# --- appointments -------------------------------------------------------------------------------------


class AppointmentOut(Schema):
    id: UUID
    status: str
    start: str
    end: str
    patient_id: UUID
    patient_name: str
    provider_id: UUID
    location_id: UUID
    appointment_type_id: UUID
    source_channel: str
    reason: str
    cancellation_reason: str
    rescheduled_from_id: UUID | None
    created_at: datetime
    updated_at: datetime


def _appointment_out(request, appointment: Appointment) -> dict:
    return {
        "id": appointment.pk,
        "status": appointment.status,
        "start": _local(request, appointment.start),
        "end": _local(request, appointment.end),
        "patient_id": appointment.patient_id,
        "patient_name": appointment.patient.full_name,
        "provider_id": appointment.provider_id,
        "location_id": appointment.location_id,
        "appointment_type_id": appointment.appointment_type_id,
        "source_channel": appointment.source_channel,
        "reason": appointment.reason,
        "cancellation_reason": appointment.cancellation_reason,
        "rescheduled_from_id": appointment.rescheduled_from_id,
        "created_at": appointment.created_at,
        "updated_at": appointment.updated_at,
    }


class AppointmentFilters(Schema):
    date: dt.date | None = Field(None, description="Local date, YYYY-MM-DD.")
    provider_id: UUID | None = None
    patient_id: UUID | None = None
    status: list[AppointmentStatus] | None = None
    limit: int = Field(200, ge=1, le=1000)


@router.get("/appointments", response={200: Items[AppointmentOut], **ERRORS})
def appointment_list(request, filters: Query[AppointmentFilters]):
    """Appointments by local day, provider or patient (at least one of them), earliest first."""
    actor = request.actor
    actor.require(Capability.VIEW_SCHEDULE)
    if filters.date is None and filters.provider_id is None and filters.patient_id is None:
        raise InvalidInput("Filter by date, provider_id or patient_id.", code="filter_required")
    if filters.provider_id is not None:
        get_in_practice(Provider, actor, filters.provider_id)
    if filters.patient_id is not None:
        get_in_practice(Patient, actor, filters.patient_id)
    appointments = list(
        selectors.appointments_for(
            practice=actor.practice,
            day=filters.date,
            provider_id=filters.provider_id,
            patient_id=filters.patient_id,
            statuses=filters.status,
        )[: filters.limit]
    )
    audit_record_reads(actor=actor, objects=appointments)
    return {"items": [_appointment_out(request, a) for a in appointments]}


class AppointmentIn(Schema):
    patient_id: UUID
    provider_id: UUID
    appointment_type_id: UUID
    start: AwareDatetime = Field(description="ISO 8601 with offset, e.g. 2026-12-01T09:00:00-05:00.")
    location_id: UUID | None = None
    reason: str = Field("", max_length=500)


def _appointment(request, appointment_id: UUID) -> Appointment:
    return get_in_practice(
        Appointment, request.actor, appointment_id, queryset=Appointment.objects.select_related("patient")
    )


@router.post("/appointments", response={201: AppointmentOut, **ERRORS})
def appointment_create(request, payload: AppointmentIn):
    actor = request.actor
    appointment = services.appointment_book(
        actor=actor,
        patient=get_in_practice(Patient, actor, payload.patient_id),
        provider=get_in_practice(Provider, actor, payload.provider_id),
        appointment_type=get_in_practice(AppointmentType, actor, payload.appointment_type_id),
        location=get_optional_in_practice(Location, actor, payload.location_id),
        start=payload.start,
        reason=payload.reason,
        source_channel=SourceChannel.API,
    )
    return Status(201, _appointment_out(request, appointment))


@router.get("/appointments/{appointment_id}", response={200: AppointmentOut, **ERRORS})
def appointment_detail(request, appointment_id: UUID):
    request.actor.require(Capability.VIEW_SCHEDULE)
    appointment = _appointment(request, appointment_id)
    audit_record_reads(actor=request.actor, objects=[appointment])
    return _appointment_out(request, appointment)


class CancelIn(Schema):
    reason: str = Field("", max_length=500)


@router.post("/appointments/{appointment_id}/cancel", response={200: AppointmentOut, **ERRORS})
def appointment_cancel(request, appointment_id: UUID, payload: CancelIn | None = None):
    appointment = services.appointment_cancel(
        actor=request.actor,
        appointment=_appointment(request, appointment_id),
        reason=payload.reason if payload else "",
    )
    return _appointment_out(request, appointment)


class RescheduleIn(Schema):
    start: AwareDatetime
    provider_id: UUID | None = None
    location_id: UUID | None = None
    appointment_type_id: UUID | None = None
    reason: str = Field("", max_length=500)


@router.post(
    "/appointments/{appointment_id}/reschedule",
    response={200: AppointmentOut, **ERRORS},
    summary="Move to a new time: returns the new appointment; the old one is cancelled",
)
def appointment_reschedule(request, appointment_id: UUID, payload: RescheduleIn):
    actor = request.actor
    appointment = services.appointment_reschedule(
        actor=actor,
        appointment=_appointment(request, appointment_id),
        start=payload.start,
        provider=get_optional_in_practice(Provider, actor, payload.provider_id),
        location=get_optional_in_practice(Location, actor, payload.location_id),
        appointment_type=get_optional_in_practice(AppointmentType, actor, payload.appointment_type_id),
        reason=payload.reason,
    )
    return _appointment_out(request, appointment)


@router.post("/appointments/{appointment_id}/check-in", response={200: AppointmentOut, **ERRORS})
def appointment_check_in(request, appointment_id: UUID):
    appointment = services.appointment_check_in(
        actor=request.actor, appointment=_appointment(request, appointment_id)
    )
    return _appointment_out(request, appointment)


@router.post("/appointments/{appointment_id}/no-show", response={200: AppointmentOut, **ERRORS})
def appointment_no_show(request, appointment_id: UUID):
    appointment = services.appointment_mark_no_show(
        actor=request.actor, appointment=_appointment(request, appointment_id)
    )
    return _appointment_out(request, appointment)


@router.post("/appointments/{appointment_id}/complete", response={200: AppointmentOut, **ERRORS})
def appointment_complete(request, appointment_id: UUID):
    appointment = services.appointment_complete(
        actor=request.actor, appointment=_appointment(request, appointment_id)
    )
    return _appointment_out(request, appointment)


# --- waitlist -----------------------------------------------------------------------------------------


class WaitlistOut(Schema):
    id: UUID
    patient_id: UUID
    appointment_type_id: UUID
    provider_id: UUID | None
    earliest_date: date
    latest_date: date
    part_of_day: str
    notes: str
    status: str
    appointment_id: UUID | None
    created_at: datetime


class WaitlistIn(Schema):
    patient_id: UUID
    appointment_type_id: UUID
    earliest_date: date
    latest_date: date
    provider_id: UUID | None = None
    part_of_day: PartOfDay | None = None
    notes: str = Field("", max_length=500)


class WaitlistPatch(Schema):
    appointment_type_id: UUID | None = None
    provider_id: UUID | None = None
    earliest_date: date | None = None
    latest_date: date | None = None
    part_of_day: PartOfDay | None = None
    notes: str | None = Field(None, max_length=500)


class WaitlistFilters(Schema):
    status: WaitlistStatus = WaitlistStatus.ACTIVE
    patient_id: UUID | None = None
    appointment_type_id: UUID | None = None
    limit: int = Field(200, ge=1, le=1000)


@router.get("/waitlist", response={200: Items[WaitlistOut], **ERRORS})
def waitlist_list(request, filters: Query[WaitlistFilters]):
    actor = request.actor
    actor.require(Capability.VIEW_SCHEDULE)
    entries = WaitlistEntry.objects.filter(practice=actor.practice, status=filters.status)
    if filters.patient_id is not None:
        entries = entries.filter(patient_id=filters.patient_id)
    if filters.appointment_type_id is not None:
        entries = entries.filter(appointment_type_id=filters.appointment_type_id)
    page = list(entries[: filters.limit])
    audit_record_reads(actor=actor, objects=page)
    return {"items": page}


@router.post("/waitlist", response={201: WaitlistOut, **ERRORS})
def waitlist_create(request, payload: WaitlistIn):
    actor = request.actor
    entry = services.waitlist_add(
        actor=actor,
        patient=get_in_practice(Patient, actor, payload.patient_id),
        appointment_type=get_in_practice(AppointmentType, actor, payload.appointment_type_id),
        provider=get_optional_in_practice(Provider, actor, payload.provider_id),
        earliest_date=payload.earliest_date,
        latest_date=payload.latest_date,
        part_of_day=payload.part_of_day or "",
        notes=payload.notes,
    )
    return Status(201, entry)


@router.get("/waitlist/{entry_id}", response={200: WaitlistOut, **ERRORS})
def waitlist_detail(request, entry_id: UUID):
    request.actor.require(Capability.VIEW_SCHEDULE)
    entry = get_in_practice(WaitlistEntry, request.actor, entry_id, label="waitlist entry")
    audit_record_reads(actor=request.actor, objects=[entry])
    return entry


@router.patch("/waitlist/{entry_id}", response={200: WaitlistOut, **ERRORS})
def waitlist_update(request, entry_id: UUID, payload: WaitlistPatch):
    actor = request.actor
    entry = get_in_practice(WaitlistEntry, actor, entry_id, label="waitlist entry")
    changes = payload.dict(exclude_unset=True)
    if "provider_id" in changes:
        changes["provider"] = get_optional_in_practice(Provider, actor, changes.pop("provider_id"))
    if "appointment_type_id" in changes:
        type_id = changes.pop("appointment_type_id")
        if type_id is None:
            raise InvalidInput("appointment_type_id cannot be empty.", code="invalid")
        changes["appointment_type"] = get_in_practice(AppointmentType, actor, type_id)
    if "part_of_day" in changes:
        changes["part_of_day"] = changes["part_of_day"] or ""
    nulls = sorted(
        name
        for name in ("earliest_date", "latest_date", "notes")
        if name in changes and changes[name] is None
    )
    if nulls:
        raise InvalidInput(
            f"{', '.join(nulls)} cannot be null; leave a field out to keep it.", code="invalid"
        )
    return services.waitlist_update(actor=actor, entry=entry, **changes)


@router.delete(
    "/waitlist/{entry_id}", response={200: WaitlistOut, **ERRORS}, summary="Remove from the waitlist"
)
def waitlist_delete(request, entry_id: UUID):
    entry = get_in_practice(WaitlistEntry, request.actor, entry_id, label="waitlist entry")
    return services.waitlist_remove(actor=request.actor, entry=entry)
