"""Settings pages for time: a provider's weekly hours, time off, and the practice's holidays.

Everything a person types here is in the practice's local time zone; the services store hours as local
wall-clock times (the slot engine applies the zone day by day, so DST is handled there) and time off as
UTC instants converted here with the practice's zone.
"""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mojoe.core.errors import InvalidInput
from mojoe.core.roles import Capability
from mojoe.core.tenancy import get_in_practice
from mojoe.practices.forms import HolidayForm, TimeOffForm
from mojoe.practices.models import Location, Provider
from mojoe.practices.services import InvalidFields
from mojoe.practices.views import form_page, posted
from mojoe.scheduling import config_services
from mojoe.scheduling.config_services import HoursBlock, regular_hours
from mojoe.scheduling.models import AvailabilityException, AvailabilityRule, ExceptionKind, Holiday, Weekday
from mojoe.ui.context import staff_page

CONFIGURE = Capability.CONFIGURE_PRACTICE


# --- weekly hours ------------------------------------------------------------------------------------


def _new_key() -> str:
    # Rows are told apart by a key, not a position, so that rows added in the browser never collide.
    return secrets.token_hex(4)


def _blank_row(weekday: int, location_id: str) -> dict:
    return {
        "key": _new_key(),
        "weekday": weekday,
        "start": "",
        "end": "",
        "location": location_id,
        "error": "",
    }


def _default_location(provider: Provider, locations: list[Location]) -> str:
    own = provider.locations.filter(active=True).order_by("name").first()
    chosen = own or (locations[0] if locations else None)
    return str(chosen.pk) if chosen else ""


def _stored_rows(provider: Provider) -> list[dict]:
    return [
        {
            "key": _new_key(),
            "weekday": rule.weekday,
            "start": f"{rule.start_time:%H:%M}",
            "end": f"{rule.end_time:%H:%M}",
            "location": str(rule.location_id),
            "error": "",
        }
        for rule in regular_hours(provider).order_by("weekday", "start_time")
    ]


def _submitted_rows(request) -> list[dict]:
    rows = []
    for key in request.POST.getlist("row"):
        if f"remove-{key}" in request.POST:
            continue
        try:
            weekday = int(request.POST.get(f"weekday-{key}", ""))
        except ValueError:
            continue  # not a row this page made
        rows.append(
            {
                "key": key,
                "weekday": weekday,
                "start": request.POST.get(f"start-{key}", "").strip(),
                "end": request.POST.get(f"end-{key}", "").strip(),
                "location": request.POST.get(f"location-{key}", ""),
                "error": "",
            }
        )
    return rows


def _parse_time(raw: str) -> time:
    value = time.fromisoformat(raw)
    return value.replace(second=0, microsecond=0)


def _blocks(rows: list[dict], locations: dict[str, Location]) -> list[HoursBlock] | None:
    """The blocks the rows describe; rows left empty are dropped. None if a row cannot be read (marked)."""
    blocks, readable = [], True
    for row in rows:
        if not row["start"] and not row["end"]:
            continue
        try:
            start, end = _parse_time(row["start"]), _parse_time(row["end"])
        except ValueError:
            row["error"] = "Enter both a start and an end time, such as 09:00 and 12:30."
            readable = False
            continue
        location = locations.get(row["location"])
        if location is None:
            row["error"] = "Choose a location."
            readable = False
            continue
        blocks.append(HoursBlock(row["weekday"], start, end, location))
    return blocks if readable else None


def _week(rows: list[dict], default_location: str) -> list[dict]:
    """Monday to Sunday, each with its rows and one empty row to add a block without JavaScript."""
    days = []
    for weekday, label in Weekday.choices:
        day_rows = [row for row in rows if row["weekday"] == weekday]
        day_rows.append(_blank_row(weekday, default_location))
        days.append({"weekday": weekday, "label": label, "rows": day_rows})
    return days


@require_http_methods(["GET", "POST"])
@staff_page(CONFIGURE)
def hours(request, provider_id):
    provider = get_in_practice(Provider, request.actor, provider_id)
    locations = list(Location.objects.filter(practice=request.practice).order_by("-active", "name"))
    by_id = {str(location.pk): location for location in locations}
    default_location = _default_location(provider, locations)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        rows = _submitted_rows(request)
        blocks = _blocks(rows, by_id)
        if blocks is None:
            errors.append("Some blocks could not be read; see the rows marked below. Nothing was saved.")
            status = 422
        else:
            try:
                config_services.weekly_hours_replace(actor=request.actor, provider=provider, blocks=blocks)
            except InvalidInput as error:
                if isinstance(error, InvalidFields):
                    errors.extend(message for listed in error.fields.values() for message in listed)
                else:
                    errors.append(error.detail)
                errors.append("Nothing was saved.")
                status = 422
            else:
                messages.success(request, f"{provider.display_name}'s weekly hours are saved.")
                return redirect("practices:hours", provider_id=provider.pk)
    else:
        rows = _stored_rows(provider)
    dated = AvailabilityRule.objects.filter(provider=provider).exclude(
        valid_from__isnull=True, valid_until__isnull=True
    )
    context = {
        "nav": "settings",
        "section": "hours",
        "provider": provider,
        "providers": Provider.objects.filter(practice=request.practice).order_by("-active", "family_name"),
        "locations": locations,
        "days": _week(rows, default_location),
        "errors": errors,
        "dated": dated.select_related("location").order_by("valid_from", "weekday", "start_time"),
    }
    return render(request, "practices/hours.html", context, status=status)


@require_GET
@staff_page(CONFIGURE)
def hours_row(request, provider_id):
    """One more empty block for a day (htmx "Add a block")."""
    provider = get_in_practice(Provider, request.actor, provider_id)
    try:
        weekday = Weekday(int(request.GET.get("weekday", "")))
    except ValueError:
        raise InvalidInput("Choose a day from Monday to Sunday.", code="invalid_weekday") from None
    locations = list(Location.objects.filter(practice=request.practice).order_by("-active", "name"))
    row = _blank_row(weekday.value, _default_location(provider, locations))
    return render(
        request,
        "practices/_hours_row.html",
        {"row": row, "day": {"label": weekday.label}, "locations": locations},
    )


@require_GET
@staff_page(CONFIGURE)
def hours_start(request):
    """The hours page of the provider chosen in the list (or the first one)."""
    raw = request.GET.get("provider")
    provider = (
        get_in_practice(Provider, request.actor, raw)
        if raw
        else Provider.objects.filter(practice=request.practice).order_by("-active", "family_name").first()
    )
    if provider is None:
        messages.info(request, "Add a provider first; hours belong to a provider.")
        return redirect("practices:providers")
    return redirect("practices:hours", provider_id=provider.pk)


# --- time off ----------------------------------------------------------------------------------------


def _local_range(data: dict, tz) -> tuple[datetime, datetime]:
    """What the person typed, in the practice's zone, as aware datetimes. No end time means the whole day."""
    start = datetime.combine(data["start_date"], data["start_time"] or time.min, tzinfo=tz)
    if data["end_time"] is None:
        end = datetime.combine(data["end_date"] + timedelta(days=1), time.min, tzinfo=tz)
    else:
        end = datetime.combine(data["end_date"], data["end_time"], tzinfo=tz)
    return start, end


@require_http_methods(["GET", "POST"])
@staff_page(CONFIGURE)
def time_off(request):
    tz = request.practice.tz
    form = TimeOffForm(
        posted(request), practice=request.practice, initial={"provider": request.GET.get("provider")}
    )

    def save(data):
        start, end = _local_range(data, tz)
        created = config_services.time_off_add(
            actor=request.actor, provider=data["provider"], start=start, end=end, reason=data["reason"]
        )
        booked = config_services.appointments_between(
            practice=request.practice, provider=data["provider"], start=start, end=end
        )
        if booked:
            messages.warning(
                request,
                f"{booked} booked appointment(s) fall in this time off; move them from the schedule.",
            )
        return created

    upcoming = (
        AvailabilityException.objects.filter(
            practice=request.practice, kind=ExceptionKind.TIME_OFF, end__gt=timezone.now()
        )
        .select_related("provider")
        .order_by("start")
    )
    return form_page(
        request,
        form=form,
        save=save,
        done="The time off is saved; those times are no longer offered.",
        success_url=reverse("practices:time-off"),
        template="practices/time_off.html",
        context={"section": "time-off", "upcoming": upcoming, "tz": tz},
    )


@require_POST
@staff_page(CONFIGURE)
def time_off_remove(request, exception_id):
    exception = get_in_practice(AvailabilityException, request.actor, exception_id, label="time off")
    config_services.time_off_remove(actor=request.actor, exception=exception)
    messages.success(request, "The time off is removed; those times are offered again.")
    return redirect("practices:time-off")


# --- holidays ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_page(CONFIGURE)
def holidays(request):
    form = HolidayForm(posted(request))
    today = timezone.localdate(timezone=request.practice.tz)

    def save(data):
        created = config_services.holiday_add(actor=request.actor, day=data["date"], name=data["name"])
        start = datetime.combine(data["date"], time.min, tzinfo=request.practice.tz)
        booked = config_services.appointments_between(
            practice=request.practice, provider=None, start=start, end=start + timedelta(days=1)
        )
        if booked:
            messages.warning(request, f"{booked} booked appointment(s) are on that day; move them.")
        return created

    listed = Holiday.objects.filter(practice=request.practice, date__gte=today - timedelta(days=31))
    return form_page(
        request,
        form=form,
        save=save,
        done="The holiday is saved; no times are offered that day.",
        success_url=reverse("practices:holidays"),
        template="practices/holidays.html",
        context={"section": "holidays", "holidays": listed.order_by("date"), "today": today},
    )


@require_POST
@staff_page(CONFIGURE)
def holiday_remove(request, holiday_id):
    holiday = get_in_practice(Holiday, request.actor, holiday_id)
    config_services.holiday_remove(actor=request.actor, holiday=holiday)
    messages.success(request, f"{holiday.name} is no longer a holiday.")
    return redirect("practices:holidays")
