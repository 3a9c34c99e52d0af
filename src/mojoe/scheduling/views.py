"""The schedule pages: day and week views, and the dialogs that book, move and change appointments.

Views parse the request, call selectors and services, and render. Dialogs are htmx fragments swapped into
`#dialog-root`; after a change the server answers with an `HX-Trigger` that closes the dialog and refreshes
the grid, so the page never reloads.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from mojoe.audit.services import audit_record_reads
from mojoe.core.errors import InvalidInput
from mojoe.core.roles import Capability
from mojoe.core.tenancy import get_in_practice
from mojoe.patients.selectors import patient_get, patient_search
from mojoe.practices.models import Location, Provider
from mojoe.scheduling import services
from mojoe.scheduling.calendar import build_grid
from mojoe.scheduling.models import Appointment, AppointmentType, SourceChannel
from mojoe.scheduling.selectors import bookable_providers, slot_search
from mojoe.ui.context import staff_page

NEXT_SLOTS = 6  # free times offered per provider when rescheduling


def _day(request, name: str = "date") -> date:
    raw = request.GET.get(name) or request.POST.get(name)
    if not raw:
        return timezone.localdate(timezone=request.practice.tz)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{raw!r} is not a date; use YYYY-MM-DD.", code="invalid_date") from None


def _datetime(raw: str | None, tz) -> datetime:
    try:
        value = datetime.fromisoformat(raw or "")
    except ValueError:
        raise InvalidInput("Pick a time from the list.", code="invalid_time") from None
    return value if value.tzinfo else value.replace(tzinfo=tz)


def _changed(message: str) -> HttpResponse:
    """The answer to a successful change: close the dialog, refresh the grid, say what happened."""
    response = HttpResponse(status=204)
    response["HX-Trigger"] = json.dumps(
        {"mojoe:close-dialog": True, "mojoe:schedule-changed": True, "mojoe:notice": message}
    )
    return response


def _providers(request, location_id=None) -> list[Provider]:
    providers = Provider.objects.filter(practice=request.practice, active=True).order_by(
        "family_name", "given_name"
    )
    if location_id is not None:
        providers = providers.filter(locations=location_id)
    return list(providers)


def _location_filter(request):
    raw = request.GET.get("location") or None
    return get_in_practice(Location, request.actor, raw).pk if raw else None


def _grid_context(request, *, providers, days, location_id, view: str):
    grid = build_grid(
        practice=request.practice, providers=providers, days=days, now=timezone.now(), location_id=location_id
    )
    shown = [block.appointment for column in grid.columns for block in column.appointments]
    audit_record_reads(actor=request.actor, objects=shown)
    return {"grid": grid, "view": view}


@require_GET
@staff_page(Capability.VIEW_SCHEDULE)
def day_view(request):
    """Every provider's day side by side (optionally at one location)."""
    day = _day(request)
    location_id = _location_filter(request)
    context = _grid_context(
        request, providers=_providers(request, location_id), days=[day], location_id=location_id, view="day"
    )
    context.update(
        nav="schedule",
        day=day,
        previous=day - timedelta(days=1),
        next=day + timedelta(days=1),
        today=timezone.localdate(timezone=request.practice.tz),
        locations=Location.objects.filter(practice=request.practice, active=True),
        location_id=location_id,
        grid_url=f"{reverse('scheduling:day')}?date={day.isoformat()}"
        + (f"&location={location_id}" if location_id else ""),
    )
    template = (
        "scheduling/_grid.html" if request.htmx and request.GET.get("partial") else "scheduling/day.html"
    )
    return render(request, template, context)


@require_GET
@staff_page(Capability.VIEW_SCHEDULE)
def week_view(request):
    """One provider's week, Monday to Sunday."""
    day = _day(request)
    monday = day - timedelta(days=day.weekday())
    providers = _providers(request)
    raw_provider = request.GET.get("provider")
    provider = (
        get_in_practice(Provider, request.actor, raw_provider) if raw_provider else (providers or [None])[0]
    )
    days = [monday + timedelta(days=i) for i in range(7)]
    context = _grid_context(
        request, providers=[provider] if provider else [], days=days, location_id=None, view="week"
    )
    context.update(
        nav="schedule",
        day=day,
        monday=monday,
        previous=monday - timedelta(days=7),
        next=monday + timedelta(days=7),
        today=timezone.localdate(timezone=request.practice.tz),
        provider=provider,
        providers=providers,
        grid_url=f"{reverse('scheduling:week')}?date={monday.isoformat()}"
        + (f"&provider={provider.pk}" if provider else ""),
    )
    template = (
        "scheduling/_grid.html" if request.htmx and request.GET.get("partial") else "scheduling/week.html"
    )
    return render(request, template, context)


# --- booking ------------------------------------------------------------------------------------------


def _types_for(provider: Provider):
    return list(provider.appointment_types.filter(active=True).order_by("name"))


def _offered_times(
    request, provider: Provider, appointment_type: AppointmentType, day: date, location_id=None
):
    return slot_search(
        practice=request.practice,
        appointment_type=appointment_type,
        start_date=day,
        end_date=day,
        provider_id=provider.pk,
        location_id=location_id,
    )


@require_GET
@staff_page(Capability.MANAGE_SCHEDULE)
def book_dialog(request):
    """From a free slot: find or create the patient, pick the type; the times come from the slot engine."""
    provider = get_in_practice(Provider, request.actor, request.GET.get("provider"))
    start = _datetime(request.GET.get("start"), request.practice.tz)
    types = _types_for(provider)
    chosen_type = types[0] if types else None
    raw_type = request.GET.get("appointment_type")
    if raw_type:
        chosen_type = get_in_practice(AppointmentType, request.actor, raw_type)
    day = start.astimezone(request.practice.tz).date()
    location_id = _location_filter(request)
    slots = _offered_times(request, provider, chosen_type, day, location_id) if chosen_type else []
    context = {
        "provider": provider,
        "start": start,
        "types": types,
        "chosen_type": chosen_type,
        "slots": slots,
        "selected_start": start,
        "location": location_id or "",
    }
    template = (
        "scheduling/_book_times.html" if request.GET.get("times_only") else "scheduling/_book_dialog.html"
    )
    return render(request, template, context)


@require_GET
@staff_page(Capability.VIEW_PATIENTS)
def patient_picker(request):
    """Live search inside the booking dialog."""
    query = request.GET.get("q", "").strip()
    patients = patient_search(actor=request.actor, query=query, limit=8) if len(query) >= 2 else []
    return render(request, "scheduling/_patient_picker.html", {"patients": patients, "query": query})


def _new_patient_fields(request) -> dict:
    """The new patient's fields typed in the dialog, when no existing patient was picked."""
    given, family = request.POST.get("given_name", "").strip(), request.POST.get("family_name", "").strip()
    birth = request.POST.get("birth_date", "").strip()
    if not (given and family and birth):
        raise InvalidInput(
            "Choose a patient from the search, or enter a new patient's first name, last name and date of birth.",
            code="patient_required",
        )
    try:
        birth_date = date.fromisoformat(birth)
    except ValueError:
        raise InvalidInput("Enter the date of birth as YYYY-MM-DD.", code="invalid_birth_date") from None
    return {
        "given_name": given,
        "family_name": family,
        "birth_date": birth_date,
        "phone_mobile": request.POST.get("phone_mobile", ""),
        "email": request.POST.get("email", "").strip(),
    }


@require_POST
@staff_page(Capability.MANAGE_SCHEDULE)
def book(request):
    booking = {
        "provider": get_in_practice(Provider, request.actor, request.POST.get("provider")),
        "appointment_type": get_in_practice(
            AppointmentType, request.actor, request.POST.get("appointment_type")
        ),
        "start": _datetime(request.POST.get("start"), request.practice.tz),
        "reason": request.POST.get("reason", "").strip()[:500],
        "source_channel": SourceChannel.STAFF,
    }
    if request.POST.get("patient"):
        patient = patient_get(actor=request.actor, patient_id=request.POST["patient"], audit=False)
        appointment = services.appointment_book(actor=request.actor, patient=patient, **booking)
    else:
        appointment = services.appointment_book_new_patient(
            actor=request.actor, patient_fields=_new_patient_fields(request), **booking
        )
    local = appointment.start.astimezone(request.practice.tz)
    return _changed(
        f"Booked {appointment.patient.full_name} with {appointment.provider.display_name} "
        f"at {local:%-I:%M %p on %a %b %-d}."
    )


# --- an appointment -----------------------------------------------------------------------------------


def _appointment(request, appointment_id) -> Appointment:
    return get_in_practice(
        Appointment,
        request.actor,
        appointment_id,
        queryset=Appointment.objects.select_related("patient", "provider", "location", "appointment_type"),
    )


@require_GET
@staff_page(Capability.VIEW_SCHEDULE)
def appointment_dialog(request, appointment_id):
    appointment = _appointment(request, appointment_id)
    audit_record_reads(actor=request.actor, objects=[appointment])
    return render(
        request,
        "scheduling/_appointment_dialog.html",
        {"appointment": appointment, "tz": request.practice.tz},
    )


@require_POST
@staff_page(Capability.MANAGE_SCHEDULE)
def appointment_action(request, appointment_id, action: str):
    appointment = _appointment(request, appointment_id)
    name = appointment.patient.full_name
    if action == "check-in":
        services.appointment_check_in(actor=request.actor, appointment=appointment)
        return _changed(f"{name} is checked in.")
    if action == "no-show":
        services.appointment_mark_no_show(actor=request.actor, appointment=appointment)
        return _changed(f"{name} is marked as a no-show.")
    if action == "complete":
        services.appointment_complete(actor=request.actor, appointment=appointment)
        return _changed(f"{name}'s visit is completed.")
    if action == "cancel":
        services.appointment_cancel(
            actor=request.actor, appointment=appointment, reason=request.POST.get("reason", "")
        )
        return _changed(f"{name}'s appointment is cancelled; the time is free again.")
    raise InvalidInput("Unknown action.", code="unknown_action")


@require_GET
@staff_page(Capability.MANAGE_SCHEDULE)
def reschedule_dialog(request, appointment_id):
    """The next free times for the same type: with the same provider first, then with the others."""
    appointment = _appointment(request, appointment_id)
    tz = request.practice.tz
    first_day = max(
        _day(request, "from") if request.GET.get("from") else timezone.localdate(timezone=tz),
        timezone.localdate(timezone=tz),
    )
    horizon = first_day + timedelta(days=27)
    options = []
    for provider in bookable_providers(
        practice=request.practice, appointment_type=appointment.appointment_type
    ):
        slots = slot_search(
            practice=request.practice,
            appointment_type=appointment.appointment_type,
            start_date=first_day,
            end_date=horizon,
            provider_id=provider.pk,
            limit=NEXT_SLOTS,
            exclude_appointment_id=appointment.pk,
        )
        options.append({"provider": provider, "slots": [s for s in slots if s.start != appointment.start]})
    options.sort(key=lambda o: o["provider"].pk != appointment.provider_id)
    return render(
        request,
        "scheduling/_reschedule_dialog.html",
        {"appointment": appointment, "options": options, "first_day": first_day, "tz": tz},
    )


@require_POST
@staff_page(Capability.MANAGE_SCHEDULE)
def reschedule(request, appointment_id):
    appointment = _appointment(request, appointment_id)
    provider = get_in_practice(Provider, request.actor, request.POST.get("provider"))
    moved = services.appointment_reschedule(
        actor=request.actor,
        appointment=appointment,
        provider=provider,
        start=_datetime(request.POST.get("start"), request.practice.tz),
        reason=request.POST.get("reason", ""),
    )
    local = moved.start.astimezone(request.practice.tz)
    return _changed(
        f"Moved {appointment.patient.full_name} to {local:%-I:%M %p on %a %b %-d} with {provider.display_name}."
    )
