"""Settings pages for owners and administrators: the practice, its locations, providers and appointment types.

Views parse the form, call a service and render; a refusal (bad input, a rule) comes back on the form with
its status (422 for input), and nothing is saved. Hours, time off and holidays are in `views_hours.py`,
staff and invitations in `views_staff.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from mojoe.core.errors import MojoeError
from mojoe.core.roles import Capability
from mojoe.core.tenancy import get_in_practice
from mojoe.practices import services
from mojoe.practices.forms import (
    AppointmentTypeForm,
    LocationForm,
    PracticeForm,
    ProviderForm,
    add_service_errors,
)
from mojoe.practices.models import Invitation, Location, Membership, Provider
from mojoe.scheduling import config_services
from mojoe.scheduling.models import AppointmentType, Holiday
from mojoe.ui.context import staff_page

CONFIGURE = Capability.CONFIGURE_PRACTICE


def posted(request):
    """The POST data of a form page, or None for a GET (an unbound form)."""
    return request.POST if request.method == "POST" else None


def form_page(
    request,
    *,
    form,
    save: Callable[[dict], object],
    done: str,
    success_url: str,
    context: dict,
    template: str = "practices/form.html",
):
    """Show `form`; on a valid POST call `save(cleaned_data)` and redirect, or show its refusal on the form."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except MojoeError as error:
                if error.status == 404:
                    raise
                add_service_errors(form, error)
                status = error.status
            else:
                messages.success(request, done)
                return redirect(success_url)
        else:
            status = 422
    return render(request, template, {"form": form, "nav": "settings", **context}, status=status)


@require_GET
@staff_page(CONFIGURE)
def overview(request):
    practice = request.practice
    counts = {
        "locations": Location.objects.filter(practice=practice).count(),
        "providers": Provider.objects.filter(practice=practice, active=True).count(),
        "types": AppointmentType.objects.filter(practice=practice, active=True).count(),
        "holidays": Holiday.objects.filter(practice=practice).count(),
        "members": Membership.objects.filter(practice=practice, active=True).count(),
        "invitations": Invitation.objects.filter(
            practice=practice, accepted_at__isnull=True, revoked_at__isnull=True
        ).count(),
    }
    return render(
        request, "practices/overview.html", {"nav": "settings", "section": "overview", "counts": counts}
    )


@require_http_methods(["GET", "POST"])
@staff_page(CONFIGURE)
def practice_edit(request):
    form = PracticeForm(posted(request), instance=request.practice)
    return form_page(
        request,
        form=form,
        save=lambda data: services.practice_update(actor=request.actor, data=data),
        done="The practice's details are saved.",
        success_url=reverse("practices:practice"),
        context={"title": "Practice details", "section": "practice"},
    )


# --- locations ---------------------------------------------------------------------------------------


@require_GET
@staff_page(CONFIGURE)
def location_list(request):
    locations = Location.objects.filter(practice=request.practice).order_by("-active", "name")
    return render(
        request,
        "practices/location_list.html",
        {"nav": "settings", "section": "locations", "locations": locations},
    )


@require_http_methods(["GET", "POST"])
@staff_page(CONFIGURE)
def location_edit(request, location_id=None):
    location = get_in_practice(Location, request.actor, location_id) if location_id else None
    form = LocationForm(posted(request), instance=location)
    return form_page(
        request,
        form=form,
        save=lambda data: services.location_save(actor=request.actor, location=location, data=data),
        done=f"Location {request.POST.get('name', '').strip()} is saved.",
        success_url=reverse("practices:locations"),
        context={
            "title": f"Edit {location.name}" if location else "New location",
            "section": "locations",
            "back": reverse("practices:locations"),
        },
    )


# --- providers ---------------------------------------------------------------------------------------


@require_GET
@staff_page(CONFIGURE)
def provider_list(request):
    providers = (
        Provider.objects.filter(practice=request.practice)
        .prefetch_related("locations")
        .order_by("-active", "family_name", "given_name")
    )
    return render(
        request,
        "practices/provider_list.html",
        {"nav": "settings", "section": "providers", "providers": providers},
    )


@require_http_methods(["GET", "POST"])
@staff_page(CONFIGURE)
def provider_edit(request, provider_id=None):
    provider = get_in_practice(Provider, request.actor, provider_id) if provider_id else None
    form = ProviderForm(posted(request), instance=provider, practice=request.practice)

    def save(data):
        locations = data.pop("locations")
        return services.provider_save(actor=request.actor, provider=provider, data=data, locations=locations)

    return form_page(
        request,
        form=form,
        save=save,
        done="The provider is saved.",
        success_url=reverse("practices:providers"),
        context={
            "title": f"Edit {provider.display_name}" if provider else "New provider",
            "section": "providers",
            "back": reverse("practices:providers"),
            "provider": provider,
        },
    )


# --- appointment types -------------------------------------------------------------------------------


@require_GET
@staff_page(CONFIGURE)
def type_list(request):
    types = (
        AppointmentType.objects.filter(practice=request.practice)
        .prefetch_related("providers")
        .order_by("-active", "name")
    )
    return render(
        request, "practices/type_list.html", {"nav": "settings", "section": "types", "types": types}
    )


@require_http_methods(["GET", "POST"])
@staff_page(CONFIGURE)
def type_edit(request, type_id=None):
    appointment_type = get_in_practice(AppointmentType, request.actor, type_id) if type_id else None
    form = AppointmentTypeForm(posted(request), instance=appointment_type, practice=request.practice)

    def save(data):
        providers = data.pop("providers")
        return config_services.appointment_type_save(
            actor=request.actor, appointment_type=appointment_type, data=data, providers=providers
        )

    return form_page(
        request,
        form=form,
        save=save,
        done="The appointment type is saved.",
        success_url=reverse("practices:types"),
        context={
            "title": f"Edit {appointment_type.name}" if appointment_type else "New appointment type",
            "section": "types",
            "back": reverse("practices:types"),
        },
    )
