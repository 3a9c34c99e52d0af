"""The link sent with an online booking: it cancels or moves that one appointment, until it starts.

Its token is 32 random bytes, given to the patient once (on the confirmation page and in the message) and
stored only as its SHA-256, so a copy of the database opens no appointment. A link is for one appointment:
cancelling through it uses it up, and a move replaces it with a new link for the new appointment, sent to the
same phone or email. The scheduling services make the change and write the audit events.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mojoe.booking.models import BookingLink, CodeChannel
from mojoe.booking.selectors import CHANGEABLE, link_token_hash
from mojoe.core.context import Actor, Channel
from mojoe.core.errors import Conflict
from mojoe.messaging.outbox import outbox_enqueue
from mojoe.practices.models import Location, Practice, Provider
from mojoe.scheduling.models import Appointment
from mojoe.scheduling.services import appointment_cancel, appointment_reschedule


def public_actor(practice: Practice, client_ip: str | None) -> Actor:
    """The patient acting through Mojoe's public pages: no user, so the audit trail records "mojoe:web" and
    the address the request came from."""
    return Actor(practice=practice, user=None, role=None, channel=Channel.WEB, client_ip=client_ip)


def appointment_describe(appointment: Appointment) -> str:
    """ "Office visit with Alex Rivera, MD on Tuesday, June 3 at 9:00 AM at Main office", in the practice's zone
    and the active language."""
    local = appointment.start.astimezone(appointment.practice.tz)
    return _("%(visit)s with %(provider)s on %(day)s at %(time)s at %(place)s") % {
        "visit": appointment.appointment_type.name,
        "provider": appointment.provider.display_name,
        "day": date_format(local, _("l, F j")),
        "time": date_format(local, _("g:i A")),
        "place": appointment.location.name,
    }


def patient_notify(*, practice: Practice, channel: str, to: str, subject: str, body: str) -> None:
    """A confirmation to where the code went, through the outbox. Not `compliance`: an earlier STOP holds."""
    outbox_enqueue(
        practice=practice,
        channel=channel,
        to=to,
        subject=subject if channel == CodeChannel.EMAIL else "",
        body=body,
    )


def booking_link_send(
    *,
    appointment: Appointment,
    channel: str,
    contact: str,
    link_url: Callable[[str], str],
    subject: str,
    body: str,
) -> str:
    """Issue a new link for `appointment` and send it where the code went; returns its token.

    `subject` may name %(practice)s; `body` names %(practice)s, %(appointment)s and %(link)s.
    """
    token = booking_link_issue(appointment=appointment, channel=channel, contact=contact)
    practice = appointment.practice
    patient_notify(
        practice=practice,
        channel=channel,
        to=contact,
        subject=subject % {"practice": practice.name},
        body=body
        % {
            "practice": practice.name,
            "appointment": appointment_describe(appointment),
            "link": link_url(token),
        },
    )
    return token


def booking_link_issue(*, appointment: Appointment, channel: str, contact: str) -> str:
    """A new link for `appointment`; the token is returned once and only its hash is kept."""
    token = secrets.token_urlsafe(32)
    BookingLink.objects.create(
        practice=appointment.practice,
        appointment=appointment,
        token_hash=link_token_hash(token),
        channel=channel,
        contact=contact,
        expires_at=appointment.start,
    )
    return token


def _locked_link(link: BookingLink, now: datetime) -> BookingLink:
    current = BookingLink.objects.select_for_update().get(pk=link.pk)
    current.appointment = Appointment.objects.select_related(
        "practice", "provider", "location", "appointment_type"
    ).get(pk=current.appointment_id)
    if (
        current.used_at is not None
        or now >= current.expires_at
        or now >= current.appointment.start
        or current.appointment.status not in CHANGEABLE
    ):
        raise Conflict(_("This link no longer works."), code="link_used")
    return current


def booking_link_cancel(
    *, link: BookingLink, client_ip: str | None = None, now: datetime | None = None
) -> Appointment:
    """Cancel the link's appointment; the link stops working. Audited by `appointment_cancel`."""
    now = now or timezone.now()
    actor = public_actor(link.practice, client_ip)
    with transaction.atomic():
        current = _locked_link(link, now)
        appointment = appointment_cancel(
            actor=actor, appointment=current.appointment, reason="Cancelled by the patient online"
        )
        current.used_at = now
        current.save(update_fields=["used_at", "updated_at"])
        practice = appointment.practice
        patient_notify(
            practice=practice,
            channel=current.channel,
            to=current.contact,
            subject=_("Your appointment at %(practice)s is cancelled") % {"practice": practice.name},
            body=_("%(practice)s: your %(appointment)s is cancelled.")
            % {"practice": practice.name, "appointment": appointment_describe(appointment)},
        )
    return appointment


def booking_link_reschedule(
    *,
    link: BookingLink,
    provider: Provider,
    location: Location,
    start: datetime,
    link_url: Callable[[str], str],
    client_ip: str | None = None,
    now: datetime | None = None,
) -> tuple[Appointment, str]:
    """Move the link's appointment; the old link stops and a new one, for the new appointment, is sent.

    `appointment_reschedule` books the new time and cancels the old in one step (audited), or changes nothing.
    """
    now = now or timezone.now()
    actor = public_actor(link.practice, client_ip)
    with transaction.atomic():
        current = _locked_link(link, now)
        appointment = appointment_reschedule(
            actor=actor,
            appointment=current.appointment,
            start=start,
            provider=provider,
            location=location,
            reason="Moved by the patient online",
            now=now,
        )
        current.used_at = now
        current.save(update_fields=["used_at", "updated_at"])
        token = booking_link_send(
            appointment=appointment,
            channel=current.channel,
            contact=current.contact,
            link_url=link_url,
            subject=_("Your appointment at %(practice)s has moved"),
            body=_("%(practice)s: your appointment is now %(appointment)s. To cancel or change it: %(link)s"),
        )
    return appointment, token
