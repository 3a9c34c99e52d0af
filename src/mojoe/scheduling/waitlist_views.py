"""The waitlist pages: the list of waiting patients, adding, changing and removing entries, and who fits a
free time.

Forms are plain POSTs that redirect to the list on success (so a reload never repeats a change) and render
again with the service's message and its status (422, 409) when refused. The services decide; these views
parse the request and show the answer.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from mojoe.audit.services import audit_record_reads
from mojoe.core.errors import Conflict, InvalidInput, NotFound
from mojoe.core.roles import Capability
from mojoe.core.tenancy import get_in_practice
from mojoe.patients.models import Patient
from mojoe.patients.selectors import patient_get, patient_search
from mojoe.practices.models import Provider
from mojoe.scheduling import services
from mojoe.scheduling.models import AppointmentType, PartOfDay, WaitlistEntry, WaitlistStatus
from mojoe.scheduling.waitlist import waitlist_active, waitlist_matches_for_slot
from mojoe.ui.context import staff_page

LIST_LIMIT = 300  # a waitlist longer than this is read through the filters
PICKER_RESULTS = 8
DEFAULT_WINDOW_DAYS = 28
NOTES_MAX = 500


# --- parsing ------------------------------------------------------------------------------------------


def _uuid(raw: str, label: str) -> UUID:
    # A malformed id names nothing in this practice; it must not reach the ORM, which answers with a 500.
    try:
        return UUID(raw)
    except ValueError:
        raise NotFound(f"No such {label} in this practice.", code="not_found") from None


def _in_practice(model, request, raw: str | None, label: str):
    if not raw:
        raise InvalidInput(f"Choose the {label}.", code=f"{label.replace(' ', '_')}_required")
    return get_in_practice(model, request.actor, _uuid(raw, label), label=label)


def _optional_in_practice(model, request, raw: str | None, label: str):
    return _in_practice(model, request, raw, label) if raw else None


def _date(raw: str | None, label: str) -> date:
    if not raw:
        raise InvalidInput(f"Enter the {label}.", code="date_required")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"Enter the {label} as YYYY-MM-DD.", code="invalid_date") from None


def _part_of_day(raw: str | None) -> str:
    value = raw or ""
    if value and value not in PartOfDay.values:
        raise InvalidInput("Choose a part of the day from the list.", code="invalid_part_of_day")
    return value


def _notes(raw: str | None) -> str:
    notes = (raw or "").strip()
    if len(notes) > NOTES_MAX:
        raise InvalidInput(f"Keep the notes under {NOTES_MAX} characters.", code="notes_too_long")
    return notes


def _entry_fields(request) -> dict:
    """The editable fields of an entry as posted, checked for form but not for meaning (the service's job)."""
    data = request.POST
    return {
        "appointment_type": _in_practice(
            AppointmentType, request, data.get("appointment_type"), "appointment type"
        ),
        "provider": _optional_in_practice(Provider, request, data.get("provider"), "provider"),
        "earliest_date": _date(data.get("earliest_date"), "earliest date"),
        "latest_date": _date(data.get("latest_date"), "latest date"),
        "part_of_day": _part_of_day(data.get("part_of_day")),
        "notes": _notes(data.get("notes")),
    }


def _slot_start(request) -> datetime:
    """The free time's start: `start` in ISO 8601 (the offset is kept), or `date` and `time` read locally."""
    tz = request.practice.tz
    raw = request.GET.get("start")
    try:
        if raw:
            value = datetime.fromisoformat(raw)
            return value if value.tzinfo else value.replace(tzinfo=tz)
        return datetime.combine(
            date.fromisoformat(request.GET.get("date", "")),
            time.fromisoformat(request.GET.get("time", "")),
            tz,
        )
    except ValueError:
        raise InvalidInput("Enter the free time's date and time.", code="invalid_time") from None


def _free_minutes(request) -> int | None:
    raw = request.GET.get("minutes")
    if not raw:
        return None
    try:
        minutes = int(raw)
    except ValueError:
        minutes = 0
    if not 5 <= minutes <= 12 * 60:
        raise InvalidInput("Give the free time's length in minutes, from 5 to 720.", code="invalid_minutes")
    return minutes


# --- shared page parts --------------------------------------------------------------------------------


def _today(request) -> date:
    return timezone.localdate(timezone=request.practice.tz)


def _providers(request, keep_id=None) -> list[Provider]:
    # An entry's own choice stays listed even when inactive, so saving the form never changes it silently.
    return list(
        Provider.objects.filter(Q(active=True) | Q(pk=keep_id), practice=request.practice).order_by(
            "family_name", "given_name"
        )
    )


def _types(request, keep_id=None) -> list[AppointmentType]:
    return list(
        AppointmentType.objects.filter(Q(active=True) | Q(pk=keep_id), practice=request.practice).order_by(
            "name"
        )
    )


def _waiting_entry(request, entry_id) -> WaitlistEntry:
    entry = get_in_practice(
        WaitlistEntry,
        request.actor,
        entry_id,
        label="waitlist entry",
        queryset=WaitlistEntry.objects.select_related("patient", "appointment_type", "provider"),
    )
    # The pages change waiting entries only. `waitlist_update` refuses the others itself, but
    # `waitlist_remove` would turn a booked entry into a removed one, so the pages stop that here.
    if entry.status != WaitlistStatus.ACTIVE:
        raise Conflict(
            f"This entry is {entry.get_status_display().lower()}; only waiting entries can be changed.",
            code="invalid_status",
        )
    return entry


def _values_of(entry: WaitlistEntry) -> dict:
    return {
        "appointment_type": str(entry.appointment_type_id),
        "provider": str(entry.provider_id or ""),
        "earliest_date": entry.earliest_date.isoformat(),
        "latest_date": entry.latest_date.isoformat(),
        "part_of_day": entry.part_of_day,
        "notes": entry.notes,
    }


def _form(request, *, values, entry=None, patients=(), query="", error=None):
    context = {
        "nav": "waitlist",
        "entry": entry,
        "values": values,
        "patients": list(patients),
        "query": query,
        "error": error,
        "types": _types(request, entry.appointment_type_id if entry else None),
        "providers": _providers(request, entry.provider_id if entry else None),
        "parts_of_day": PartOfDay.choices,
    }
    return render(request, "scheduling/waitlist/form.html", context, status=error.status if error else 200)


# --- pages --------------------------------------------------------------------------------------------


@require_GET
@staff_page(Capability.VIEW_SCHEDULE)
def waitlist_list(request):
    """The waiting patients, oldest first, optionally for one type or provider; and a "who fits" check."""
    appointment_type = _optional_in_practice(
        AppointmentType, request, request.GET.get("appointment_type"), "appointment type"
    )
    provider = _optional_in_practice(Provider, request, request.GET.get("provider"), "provider")
    entries = waitlist_active(
        practice=request.practice, appointment_type=appointment_type, provider=provider, limit=LIST_LIMIT + 1
    )
    audit_record_reads(actor=request.actor, objects=entries[:LIST_LIMIT])
    providers = _providers(request)
    check_provider = provider or (providers[0] if providers else None)
    return render(
        request,
        "scheduling/waitlist/list.html",
        {
            "nav": "waitlist",
            "entries": entries[:LIST_LIMIT],
            "more": len(entries) > LIST_LIMIT,
            "limit": LIST_LIMIT,
            "types": _types(request),
            "providers": providers,
            "chosen_type": appointment_type,
            "chosen_provider": provider,
            "check": {"provider": check_provider.pk if check_provider else None, "date": _today(request)},
        },
    )


def _search(request, query: str):
    return patient_search(actor=request.actor, query=query, limit=PICKER_RESULTS) if len(query) >= 2 else []


@require_GET
@staff_page(Capability.VIEW_PATIENTS)
def patient_picker(request):
    """Live patient search inside the add form."""
    query = request.GET.get("q", "").strip()
    patients = _search(request, query)
    return render(request, "scheduling/waitlist/_patient_picker.html", {"patients": patients, "query": query})


def _posted_patient(request) -> Patient | None:
    raw = request.POST.get("patient")
    # Reading the patient here is not audited: the search that showed them was, and the new entry is.
    return patient_get(actor=request.actor, patient_id=_uuid(raw, "patient"), audit=False) if raw else None


@require_http_methods(["GET", "POST"])
@staff_page(Capability.MANAGE_WAITLIST)
def waitlist_add(request):
    if request.method == "POST":
        patient = _posted_patient(request)
        try:
            if patient is None:
                raise InvalidInput(
                    "Choose a patient: search by name, date of birth or phone, then pick one.",
                    code="patient_required",
                )
            entry = services.waitlist_add(actor=request.actor, patient=patient, **_entry_fields(request))
        except (InvalidInput, Conflict) as error:
            return _form(request, values=request.POST, patients=[patient] if patient else [], error=error)
        messages.success(
            request, f"{patient.full_name} is on the waitlist for {entry.appointment_type.name}."
        )
        return redirect("waitlist:list")
    # Without JavaScript the search box submits here as a GET and the results come with the page.
    query = request.GET.get("q", "").strip()
    patients = _search(request, query)
    today = _today(request)
    values = {
        "earliest_date": today.isoformat(),
        "latest_date": (today + timedelta(days=DEFAULT_WINDOW_DAYS)).isoformat(),
    }
    return _form(request, values=values, patients=patients, query=query)


@require_http_methods(["GET", "POST"])
@staff_page(Capability.MANAGE_WAITLIST)
def waitlist_edit(request, entry_id):
    entry = _waiting_entry(request, entry_id)
    if request.method == "POST":
        try:
            posted = _entry_fields(request)
            changes = {name: value for name, value in posted.items() if getattr(entry, name) != value}
            if changes:
                services.waitlist_update(actor=request.actor, entry=entry, **changes)
        except (InvalidInput, Conflict) as error:
            return _form(request, values=request.POST, entry=entry, error=error)
        messages.success(
            request,
            f"Saved {entry.patient.full_name}'s waitlist entry." if changes else "Nothing was changed.",
        )
        return redirect("waitlist:list")
    audit_record_reads(actor=request.actor, objects=[entry])
    return _form(request, values=_values_of(entry), entry=entry)


@require_http_methods(["GET", "POST"])
@staff_page(Capability.MANAGE_WAITLIST)
def waitlist_remove(request, entry_id):
    """GET asks for confirmation (a dialog under htmx, a page without); POST removes."""
    entry = _waiting_entry(request, entry_id)
    if request.method == "POST":
        services.waitlist_remove(actor=request.actor, entry=entry)
        messages.success(request, f"{entry.patient.full_name} is off the waitlist.")
        return redirect("waitlist:list")
    audit_record_reads(actor=request.actor, objects=[entry])
    template = (
        "scheduling/waitlist/_remove_dialog.html" if request.htmx else "scheduling/waitlist/remove.html"
    )
    return render(request, template, {"nav": "waitlist", "entry": entry})


@require_GET
@staff_page(Capability.VIEW_SCHEDULE)
def waitlist_matches(request):
    """Who on the waitlist fits a free time: `provider`, `start` (or `date` and `time`), optional `minutes`."""
    provider = _in_practice(Provider, request, request.GET.get("provider"), "provider")
    start = _slot_start(request)
    minutes = _free_minutes(request)
    # Added in UTC so that the length is elapsed time even across a DST change.
    end = start.astimezone(UTC) + timedelta(minutes=minutes) if minutes else None
    appointment_type = _optional_in_practice(
        AppointmentType, request, request.GET.get("appointment_type"), "appointment type"
    )
    entries = waitlist_matches_for_slot(
        practice=request.practice, provider=provider, start=start, end=end, appointment_type=appointment_type
    )
    audit_record_reads(actor=request.actor, objects=entries)
    local = start.astimezone(request.practice.tz)
    context = {
        "nav": "waitlist",
        "entries": entries,
        "provider": provider,
        "start": local,
        "minutes": minutes,
        "appointment_type": appointment_type,
        "providers": _providers(request),
        "check": {"provider": provider.pk, "date": local.date(), "time": local.time(), "minutes": minutes},
    }
    template = "scheduling/waitlist/_matches.html" if request.htmx else "scheduling/waitlist/matches.html"
    return render(request, template, context)
