"""The self-booking steps: visit type → provider → time → details → code → booked.

Steps 1–3 are plain GET pages whose choices travel in the address, so they can be bookmarked, shared and
reloaded; nothing is written until the details form asks for a code. The request in progress is found
through the browser's session (never through an address), so a copied address cannot be used to guess codes.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mojoe.booking.forms import CodeForm, DetailsForm
from mojoe.booking.models import BookingRequest, RequestStatus
from mojoe.booking.pages import (
    Problem,
    contact_display,
    date_param,
    page,
    part_param,
    patient_page,
    public_url,
    session_forget,
    session_remember,
    session_request,
    start_param,
    start_value,
    uuid_param,
    with_query,
)
from mojoe.booking.selectors import online_providers, online_type_get, online_types, slot_find, times_page
from mojoe.booking.services import (
    MAX_WRONG_CODES,
    TIME_GONE,
    SlotChoice,
    booking_request_book,
    booking_request_resend,
    booking_request_start,
    booking_request_usable,
    booking_request_verify,
)
from mojoe.core.errors import Conflict, InvalidInput
from mojoe.core.http import client_ip
from mojoe.practices.models import Location, Practice
from mojoe.scheduling.models import AppointmentType, PartOfDay

STEPS = 5
NOTICES = {
    "taken": gettext_lazy("Sorry, that time was just taken by someone else. Please choose another."),
    "overlap": gettext_lazy("You already have an appointment at that time. Please choose another."),
    "resent": gettext_lazy("We sent you a new code. Only the newest code works."),
}


# The part-of-day filter's choices, in the patient's language (the model's labels are the staff pages').
PART_LABELS = {
    PartOfDay.MORNING: gettext_lazy("Morning (before noon)"),
    PartOfDay.AFTERNOON: gettext_lazy("Afternoon (noon to 5 pm)"),
    PartOfDay.EVENING: gettext_lazy("Evening (after 5 pm)"),
}


def _url(name: str, practice: Practice, **params) -> str:
    return with_query(reverse(f"booking:{name}", kwargs={"slug": practice.slug}), **params)


def manage_path(practice: Practice, token: str) -> str:
    return reverse("booking:manage", kwargs={"slug": practice.slug, "token": token})


def _type_from(request: HttpRequest, practice: Practice) -> AppointmentType:
    appointment_type = online_type_get(practice=practice, type_id=uuid_param(request.GET.get("type")))
    if appointment_type is None:
        raise Problem(
            404,
            _("This visit cannot be booked online, or it is no longer offered."),
            title=_("Visit not found"),
            action_url=_url("start", practice),
            action_label=_("Choose a visit"),
        )
    return appointment_type


def _provider_from(request: HttpRequest, practice: Practice, appointment_type: AppointmentType):
    """(the chosen provider's id or None for the first available, the type's providers)."""
    providers = online_providers(practice=practice, appointment_type=appointment_type)
    raw = request.GET.get("provider") or "any"
    if raw == "any":
        return None, providers
    wanted = uuid_param(raw)
    if not any(p.pk == wanted for p in providers):
        raise Problem(
            404,
            _("That provider does not offer %(visit)s online.") % {"visit": appointment_type.name},
            title=_("Provider not found"),
            action_url=_url("provider", practice, type=appointment_type.pk),
            action_label=_("Choose a provider"),
        )
    return wanted, providers


def _verified_request(request: HttpRequest, practice: Practice) -> BookingRequest | None:
    booking_request = session_request(request, practice)
    if booking_request is not None and booking_request_usable(booking_request=booking_request):
        return booking_request
    return None


def _notice(request: HttpRequest) -> str:
    return NOTICES.get(request.GET.get("notice", ""), "")


@require_safe
@patient_page
def start(request: HttpRequest, practice: Practice) -> HttpResponse:
    """Step 1: the visit types patients may book themselves."""
    types = [(t, _url("provider", practice, type=t.pk)) for t in online_types(practice=practice)]
    return page(
        request,
        practice,
        "booking/start.html",
        {"types": types, "verified": _verified_request(request, practice), "step": 1, "steps": STEPS},
    )


@require_safe
@patient_page
def provider(request: HttpRequest, practice: Practice) -> HttpResponse:
    """Step 2: a provider, or whoever is free first."""
    appointment_type = _type_from(request, practice)
    chosen, providers = _provider_from(request, practice, appointment_type)
    return page(
        request,
        practice,
        "booking/provider.html",
        {
            "appointment_type": appointment_type,
            "providers": providers,
            "chosen": str(chosen) if chosen else "any",
            "action": _url("times", practice),
            "back_url": _url("start", practice),
            "step": 2,
            "steps": STEPS,
        },
    )


def times_context(
    request: HttpRequest,
    practice: Practice,
    *,
    appointment_type: AppointmentType,
    base_url: str,
    pick_url,
    fixed: dict,
    exclude_appointment=None,
) -> dict:
    """What the times list shows, for booking and for moving an appointment alike.

    `pick_url(slot, any_provider)` is where choosing a time leads; `fixed` are the address's parameters kept
    by the filter and the page links.
    """
    chosen, providers = _provider_from(request, practice, appointment_type)
    provider_value = str(chosen) if chosen else "any"
    again = with_query(base_url, **fixed, provider=provider_value)
    from_date = date_param(request.GET.get("from"), again_url=again)
    part = part_param(request.GET.get("part"), again_url=again)
    now = timezone.now()
    result = times_page(
        practice=practice,
        appointment_type=appointment_type,
        provider_id=chosen,
        from_date=from_date,
        part_of_day=part,
        now=now,
        exclude_appointment_id=exclude_appointment.pk if exclude_appointment else None,
        skip=(exclude_appointment.start, exclude_appointment.provider_id) if exclude_appointment else None,
    )
    by_id = {p.pk: p for p in providers}
    days = [
        {
            "day": d.day,
            "times": [
                {"start": s.start, "provider": by_id.get(s.provider_id), "url": pick_url(s, chosen is None)}
                for s in d.slots
            ],
        }
        for d in result.days
    ]
    listed = {**fixed, "provider": provider_value, "part": part}
    today = now.astimezone(practice.tz).date()
    return {
        "appointment_type": appointment_type,
        "providers": providers,
        "chosen": provider_value,
        "part": part or "any",
        "parts": [("any", _("Any time")), *((value, PART_LABELS[value]) for value in PartOfDay.values)],
        "fixed": fixed,
        "filter_action": base_url,
        "days": days,
        "show_provider": chosen is None and len(providers) > 1,
        "later_url": with_query(base_url, **listed, **{"from": result.next_day.isoformat()})
        if result.next_day
        else "",
        "earliest_url": with_query(base_url, **listed) if result.first_day > today else "",
        "notice": _notice(request),
    }


@require_safe
@patient_page
def times(request: HttpRequest, practice: Practice) -> HttpResponse:
    """Step 3: free times, earliest first, a few days per page, with a part-of-day filter."""
    appointment_type = _type_from(request, practice)

    def pick_url(slot, any_provider: bool) -> str:
        return _url(
            "details",
            practice,
            type=appointment_type.pk,
            provider=slot.provider_id,
            location=slot.location_id,
            start=start_value(slot.start),
            any="1" if any_provider else "",
        )

    context = times_context(
        request,
        practice,
        appointment_type=appointment_type,
        base_url=_url("times", practice),
        pick_url=pick_url,
        fixed={"type": appointment_type.pk},
    )
    context.update(
        back_url=_url("provider", practice, type=appointment_type.pk, provider=context["chosen"]),
        step=3,
        steps=STEPS,
    )
    return page(request, practice, "booking/times.html", context)


def chosen_time(request: HttpRequest, practice: Practice, appointment_type, *, times_url: str):
    """The provider, place and start a time link carries; a clear 400 back to the list when it is not ours."""
    provider_id = uuid_param(request.GET.get("provider"))
    provider = next(
        (
            p
            for p in online_providers(practice=practice, appointment_type=appointment_type)
            if p.pk == provider_id
        ),
        None,
    )
    location = Location.objects.filter(
        practice=practice, pk=uuid_param(request.GET.get("location")), active=True
    ).first()
    start_at = start_param(request.GET.get("start"))
    if provider is None or location is None or start_at is None:
        raise Problem(
            400,
            _("That time is not one we offer. Please choose a time from the list."),
            action_url=times_url,
            action_label=_("See the free times"),
        )
    return provider, location, start_at


def _slot_from(request: HttpRequest, practice: Practice) -> SlotChoice:
    appointment_type = _type_from(request, practice)
    provider, location, start_at = chosen_time(
        request, practice, appointment_type, times_url=_url("times", practice, type=appointment_type.pk)
    )
    return SlotChoice(
        appointment_type, provider, location, start_at, any_provider=request.GET.get("any") == "1"
    )


def _times_url(practice: Practice, appointment_type, provider_id, any_provider: bool, **extra) -> str:
    return _url(
        "times", practice, type=appointment_type.pk, provider="any" if any_provider else provider_id, **extra
    )


@require_http_methods(["GET", "POST"])
@patient_page
def details(request: HttpRequest, practice: Practice) -> HttpResponse:
    """Step 4: who the patient is and where the code goes (or, already verified, one button to book)."""
    slot = _slot_from(request, practice)
    times_url = _times_url(practice, slot.appointment_type, slot.provider.pk, slot.any_provider)
    verified = _verified_request(request, practice)
    if request.method == "POST" and verified is not None:
        return _book(request, practice, verified, slot)
    now = timezone.now()
    free = slot_find(
        practice=practice,
        appointment_type=slot.appointment_type,
        provider_id=slot.provider.pk,
        location_id=slot.location.pk,
        start=slot.start,
        now=now,
    )
    if free is None:
        raise Problem(
            409,
            _("Sorry, that time is no longer available. Please choose another."),
            title=_("That time is taken"),
            action_url=times_url,
            action_label=_("See the free times"),
        )
    status = 200
    form = DetailsForm(request.POST) if request.method == "POST" else DetailsForm()
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking_request = booking_request_start(
                    practice=practice,
                    slot=slot,
                    given_name=data["given_name"],
                    family_name=data["family_name"],
                    birth_date=data["birth_date"],
                    channel=data["channel"],
                    contact=data["contact"],
                    client_ip=client_ip(request),
                    now=now,
                )
            except InvalidInput as error:
                form.add_error(None, error.detail)
            except Conflict as error:
                raise Problem(
                    409,
                    error.detail,
                    title=_("That time is taken"),
                    action_url=times_url,
                    action_label=_("See the free times"),
                ) from None
            else:
                session_remember(request, practice, booking_request)
                return redirect(_url("verify", practice))
        status = 422
    return page(
        request,
        practice,
        "booking/details.html",
        {
            "slot": slot,
            "form": form,
            "verified": verified,
            "times_url": times_url,
            "restart_url": _url("restart", practice),
            "step": 4,
            "steps": STEPS,
        },
        status=status,
    )


def _book(request: HttpRequest, practice: Practice, booking_request: BookingRequest, slot: SlotChoice | None):
    target = slot or SlotChoice(
        booking_request.appointment_type,
        booking_request.provider,
        booking_request.location,
        booking_request.start,
        booking_request.any_provider,
    )
    try:
        _appointment, token = booking_request_book(
            booking_request=booking_request,
            slot=slot,
            link_url=lambda token: public_url(request, manage_path(practice, token)),
            client_ip=client_ip(request),
        )
    except Conflict as error:
        if error.code in TIME_GONE or error.code == "patient_conflict":
            notice = "overlap" if error.code == "patient_conflict" else "taken"
            return redirect(
                _times_url(
                    practice, target.appointment_type, target.provider.pk, target.any_provider, notice=notice
                )
            )
        if error.code == "new_patient_not_allowed":
            raise Problem(
                409,
                _(
                    "%(visit)s is for patients who have been seen here before. Please choose a visit for new "
                    "patients, or call us."
                )
                % {"visit": target.appointment_type.name},
                title=_("Please choose another visit"),
                action_url=_url("start", practice),
                action_label=_("Choose another visit"),
            ) from None
        session_forget(request, practice)
        raise Problem(
            409, error.detail, action_url=_url("start", practice), action_label=_("Start again")
        ) from None
    session_forget(request, practice)
    return redirect(with_query(manage_path(practice, token), new="1"))


def _details_url(practice: Practice, booking_request: BookingRequest) -> str:
    return _url(
        "details",
        practice,
        type=booking_request.appointment_type_id,
        provider=booking_request.provider_id,
        location=booking_request.location_id,
        start=start_value(booking_request.start),
        any="1" if booking_request.any_provider else "",
    )


def _pending_request(request: HttpRequest, practice: Practice) -> BookingRequest:
    booking_request = session_request(request, practice)
    if booking_request is None or booking_request.status == RequestStatus.BOOKED:
        raise Problem(
            410,
            _(
                "We could not find a booking in progress in this browser: it may have timed out, or it is "
                "already booked (the message we sent has the details). Please start again."
            ),
            title=_("Please start again"),
            action_url=_url("start", practice),
            action_label=_("Start again"),
        )
    if booking_request.status == RequestStatus.LOCKED:
        session_forget(request, practice)
        raise Problem(
            409,
            _(
                "The code was entered wrongly %(times)s times, so it no longer works. Please start again to get a new code."
            )
            % {"times": MAX_WRONG_CODES},
            title=_("Please start again"),
            action_url=_url("start", practice),
            action_label=_("Start again"),
        )
    return booking_request


@require_http_methods(["GET", "POST"])
@patient_page
def verify(request: HttpRequest, practice: Practice) -> HttpResponse:
    """Step 5: the code from the text or email; a right one books at once."""
    booking_request = _pending_request(request, practice)
    if booking_request.status == RequestStatus.VERIFIED:
        if booking_request_usable(booking_request=booking_request):
            # Back here after the time went: the code is done; booking waits for a button, never a GET.
            return redirect(_details_url(practice, booking_request))
        session_forget(request, practice)
        raise Problem(
            410,
            _("Your code confirmation has expired. Please start again to get a new code."),
            title=_("Please start again"),
            action_url=_url("start", practice),
            action_label=_("Start again"),
        )
    status = 200
    form = CodeForm(request.POST) if request.method == "POST" else CodeForm()
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                booking_request = booking_request_verify(
                    booking_request=booking_request,
                    code=form.cleaned_data["code"],
                    client_ip=client_ip(request),
                )
            except (InvalidInput, Conflict) as error:
                if error.code == "code_locked":
                    session_forget(request, practice)
                    raise Problem(
                        409,
                        error.detail,
                        title=_("Please start again"),
                        action_url=_url("start", practice),
                        action_label=_("Start again"),
                    ) from None
                form.add_error("code", error.detail)
                status = error.status
            else:
                return _book(request, practice, booking_request, None)
    return page(
        request,
        practice,
        "booking/verify.html",
        {
            "booking_request": booking_request,
            "form": form,
            "notice": _notice(request),
            "resend_url": _url("resend", practice),
            "contact": contact_display(booking_request.channel, booking_request.contact),
            "change_url": _details_url(practice, booking_request),
            "step": 5,
            "steps": STEPS,
        },
        status=status,
    )


@require_POST
@patient_page
def resend(request: HttpRequest, practice: Practice) -> HttpResponse:
    """A new code for the request in progress, to the same phone or email."""
    booking_request = _pending_request(request, practice)
    booking_request_resend(booking_request=booking_request, client_ip=client_ip(request))
    return redirect(_url("verify", practice, notice="resent"))


@require_POST
@patient_page
def restart(request: HttpRequest, practice: Practice) -> HttpResponse:
    """Forget the request in progress in this browser (someone else is booking, or a mistake)."""
    session_forget(request, practice)
    return redirect(_url("start", practice))
