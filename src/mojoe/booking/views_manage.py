"""The pages behind the link sent with a booking: see it, cancel it, or move it, until it starts.

The token in the address is the only key: 32 random bytes, stored as a hash, for one appointment. It stops
working once it has cancelled the appointment, once a move replaced it with a new link, when staff cancel
the appointment, and when the appointment's time comes.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from mojoe.booking.links import booking_link_cancel, booking_link_reschedule
from mojoe.booking.models import BookingLink
from mojoe.booking.pages import (
    Problem,
    page,
    patient_page,
    public_url,
    start_value,
    with_query,
)
from mojoe.booking.selectors import booking_link_find, slot_find
from mojoe.booking.services import TIME_GONE
from mojoe.booking.views import _url, chosen_time, manage_path, times_context
from mojoe.core.errors import Conflict
from mojoe.core.http import client_ip
from mojoe.practices.models import Practice

MANAGE_NOTICES = {
    "new": gettext_lazy("You are booked."),
    "moved": gettext_lazy("Your appointment has moved."),
}


def _link(practice: Practice, token: str) -> BookingLink:
    found = booking_link_find(practice=practice, token=token, now=timezone.now())
    if found.link is None:
        raise Problem(
            404,
            _("This link does not work. Check that the whole link was copied from our message, or call us."),
            title=_("Link not found"),
            action_url=_url("start", practice),
            action_label=_("Book an appointment"),
        )
    if not found.usable:
        raise Problem(
            410,
            _(
                "This link no longer works: the appointment was cancelled or moved, or its time has passed. "
                "If you moved it, the newest message we sent you has the new link."
            ),
            title=_("This link has expired"),
            action_url=_url("start", practice),
            action_label=_("Book an appointment"),
        )
    return found.link


def _link_url(name: str, practice: Practice, token: str, **params) -> str:
    return with_query(reverse(f"booking:{name}", kwargs={"slug": practice.slug, "token": token}), **params)


def _reschedule_url(practice: Practice, token: str, **params) -> str:
    return _link_url("reschedule", practice, token, **params)


@require_safe
@patient_page
def manage(request: HttpRequest, practice: Practice, token: str) -> HttpResponse:
    """The appointment the link is for, with the ways to change it."""
    link = _link(practice, token)
    notice = next((name for name in MANAGE_NOTICES if request.GET.get(name)), "")
    return page(
        request,
        practice,
        "booking/manage.html",
        {
            "appointment": link.appointment,
            "link": link,
            "notice": notice,
            "heading": MANAGE_NOTICES.get(notice, _("Your appointment")),
            "cancel_url": _link_url("cancel", practice, token),
            "reschedule_url": _reschedule_url(practice, token),
        },
    )


@require_http_methods(["GET", "POST"])
@patient_page
def cancel(request: HttpRequest, practice: Practice, token: str) -> HttpResponse:
    """Ask once, then cancel; the link then stops working."""
    link = _link(practice, token)
    if request.method == "POST":
        appointment = booking_link_cancel(link=link, client_ip=client_ip(request))
        return page(
            request,
            practice,
            "booking/cancelled.html",
            {"appointment": appointment, "book_url": _url("start", practice)},
        )
    return page(
        request,
        practice,
        "booking/cancel.html",
        {"appointment": link.appointment, "back_url": manage_path(practice, token)},
    )


@require_safe
@patient_page
def reschedule(request: HttpRequest, practice: Practice, token: str) -> HttpResponse:
    """Free times for the same visit; the appointment's own time is left out."""
    link = _link(practice, token)
    appointment = link.appointment

    def pick_url(slot, _any_provider: bool) -> str:
        return _link_url(
            "reschedule-confirm",
            practice,
            token,
            provider=slot.provider_id,
            location=slot.location_id,
            start=start_value(slot.start),
        )

    context = times_context(
        request,
        practice,
        appointment_type=appointment.appointment_type,
        base_url=_reschedule_url(practice, token),
        pick_url=pick_url,
        fixed={},
        exclude_appointment=appointment,
    )
    context.update(appointment=appointment, back_url=manage_path(practice, token), moving=True)
    return page(request, practice, "booking/times.html", context)


@require_http_methods(["GET", "POST"])
@patient_page
def reschedule_confirm(request: HttpRequest, practice: Practice, token: str) -> HttpResponse:
    """The old time and the new, and one button that moves the appointment."""
    link = _link(practice, token)
    appointment = link.appointment
    times_url = _reschedule_url(practice, token)
    provider, location, start_at = chosen_time(
        request, practice, appointment.appointment_type, times_url=times_url
    )
    if request.method == "POST":
        try:
            _new, new_token = booking_link_reschedule(
                link=link,
                provider=provider,
                location=location,
                start=start_at,
                link_url=lambda t: public_url(request, manage_path(practice, t)),
                client_ip=client_ip(request),
            )
        except Conflict as error:
            if error.code in TIME_GONE:
                return redirect(with_query(times_url, notice="taken"))
            raise
        return redirect(with_query(manage_path(practice, new_token), moved="1"))
    free = slot_find(
        practice=practice,
        appointment_type=appointment.appointment_type,
        provider_id=provider.pk,
        location_id=location.pk,
        start=start_at,
        now=timezone.now(),
        exclude_appointment_id=appointment.pk,
    )
    if free is None:
        raise Problem(
            409,
            _("Sorry, that time is no longer available. Please choose another."),
            title=_("That time is taken"),
            action_url=times_url,
            action_label=_("See the free times"),
        )
    return page(
        request,
        practice,
        "booking/reschedule_confirm.html",
        {
            "appointment": appointment,
            "provider": provider,
            "location": location,
            "start": start_at,
            "back_url": times_url,
        },
    )
