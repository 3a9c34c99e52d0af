"""Online self-booking: a one-time code proves the patient controls a phone or email, then the booking is made.

The order is the safety: `booking_request_start` remembers the chosen time and who the person says they are,
and sends a code; nothing of any patient is read or written. `booking_request_verify` checks the code (ten
minutes, once, five wrong tries). Only then does `booking_request_book` look for the patient and book, in one
transaction, through the scheduling services (which re-check the time and write the audit events):

- a record with the same name and date of birth that also has that phone or email is the patient;
- no such record: a new patient is registered together with the booking (`appointment_book_new_patient`);
- a record with that name and date of birth but another phone or email is *not* used: the code proved control
  of an address that record never gave us. A new record is made as for a newcomer, and the front desk gets a
  task to check whether it is the same person. The patient sees the same pages in all three cases, so the
  booking pages never tell anyone whether a record exists.

The confirmation carries a link (`BookingLink`, see links.py) that cancels or moves that one appointment until
it starts.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mojoe.audit.models import AuditAction
from mojoe.audit.services import audit_record
from mojoe.booking.links import booking_link_send, public_actor
from mojoe.booking.models import BookingRequest, CodeChannel, RequestStatus
from mojoe.booking.selectors import slot_find
from mojoe.core.context import Actor
from mojoe.core.errors import Conflict, InvalidInput, MojoeError
from mojoe.core.ratelimit import rate_limit_exceeded
from mojoe.core.validators import normalize_phone
from mojoe.messaging.outbox import outbox_enqueue
from mojoe.patients.models import ContactChannel, Patient, fold
from mojoe.practices.models import Location, Practice, Provider
from mojoe.scheduling.models import Appointment, AppointmentType, SourceChannel
from mojoe.scheduling.services import appointment_book, appointment_book_new_patient

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
MAX_WRONG_CODES = 5
_LOCKED = gettext_lazy(
    "The code was entered wrongly %(times)s times, so it no longer works. Please start again to get a new code."
)
# After the code, the patient may still pick another time (theirs was taken meanwhile) without a new code.
VERIFIED_LIFETIME = timedelta(minutes=20)
# Requests hold a name, a date of birth and a contact: kept only as long as they help answer a question.
REQUEST_RETENTION = timedelta(days=1)
NAME_MAX = 100
HOUR = 3600
# Refusals of the scheduling services that mean "that time can no longer be had": the pages offer other times.
TIME_GONE = frozenset({"slot_taken", "slot_not_bookable", "too_short_notice", "beyond_horizon"})


class RateLimited(MojoeError):
    status = 429
    code = "rate_limited"

    def __init__(self, detail: str, *, retry_after: int):
        super().__init__(detail)
        self.retry_after = retry_after


@dataclass(frozen=True)
class SlotChoice:
    """A time the patient picked on the times page."""

    appointment_type: AppointmentType
    provider: Provider
    location: Location
    start: datetime
    any_provider: bool = False


def _wait_text(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _contact_key(contact: str) -> str:
    # Cache keys outlive nothing important, but there is no reason to put addresses in them.
    return hashlib.sha256(contact.lower().encode()).hexdigest()[:32]


def _check_limit(key: str, limit: int, detail: str) -> None:
    wait = rate_limit_exceeded(key, limit=limit, window_seconds=HOUR)
    if wait:
        raise RateLimited(detail.format(wait=_wait_text(wait)), retry_after=wait)


def _check_send_limits(contact: str, client_ip: str | None) -> None:
    _check_limit(
        f"booking-send-ip:{client_ip}",
        settings.MOJOE_BOOKING_CODES_PER_IP_PER_HOUR,
        _("Too many codes were asked for from this connection. Please try again in {wait}, or call us."),
    )
    _check_limit(
        f"booking-send-to:{_contact_key(contact)}",
        settings.MOJOE_BOOKING_CODES_PER_CONTACT_PER_HOUR,
        _(
            "We have sent several codes to this phone or email already. Please use the last one, try again in "
            "{wait}, or call us."
        ),
    )


def contact_clean(*, channel: str, value: str) -> str:
    """The phone in E.164 or the email in lower case; InvalidInput with a message for the person otherwise."""
    raw = (value or "").strip()
    if channel == CodeChannel.SMS:
        if not raw:
            raise InvalidInput(_("Enter your mobile phone number."), code="phone_required")
        try:
            return normalize_phone(raw)
        except ValidationError:
            raise InvalidInput(
                _("%(number)s is not a complete phone number; include the area code.") % {"number": raw},
                code="invalid_phone",
            ) from None
    if channel == CodeChannel.EMAIL:
        if not raw:
            raise InvalidInput(_("Enter your email address."), code="email_required")
        try:
            validate_email(raw)
        except ValidationError:
            raise InvalidInput(
                _("Enter an email address such as name@example.com."), code="invalid_email"
            ) from None
        return raw.lower()
    raise InvalidInput(_("Choose text message or email for your code."), code="invalid_channel")


def _clean_person(*, given_name: str, family_name: str, birth_date: date, today: date) -> tuple[str, str]:
    given, family = " ".join((given_name or "").split()), " ".join((family_name or "").split())
    if not given or not family:
        raise InvalidInput(_("Enter your first and last name."), code="name_required")
    if len(given) > NAME_MAX or len(family) > NAME_MAX:
        raise InvalidInput(
            _("Names are limited to %(count)d characters.") % {"count": NAME_MAX}, code="name_too_long"
        )
    if not (date(1880, 1, 1) <= birth_date <= today):
        raise InvalidInput(_("Enter a date of birth in the past."), code="invalid_birth_date")
    return given, family


def _new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def _code_hash(request_id, code: str) -> str:
    return salted_hmac("mojoe.booking.code", f"{request_id}:{code}", algorithm="sha256").hexdigest()


def _send_code(booking_request: BookingRequest, code: str) -> None:
    practice = booking_request.practice
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    body = _(
        "%(code)s is your %(practice)s booking code. It expires in %(minutes)d minutes. If you did not ask for "
        "it, ignore this message."
    ) % {"code": code, "practice": practice.name, "minutes": minutes}
    # compliance: the person asked for this code on the page a moment ago, so it must reach them even after an
    # earlier STOP and must not wait for tomorrow behind the daily cap on automated texts. The send limits
    # above keep that from being abused to message someone.
    outbox_enqueue(
        practice=practice,
        channel=booking_request.channel,
        to=booking_request.contact,
        subject=_("Your %(practice)s booking code") % {"practice": practice.name}
        if booking_request.channel == CodeChannel.EMAIL
        else "",
        body=body,
        compliance=True,
    )


def booking_request_start(
    *,
    practice: Practice,
    slot: SlotChoice,
    given_name: str,
    family_name: str,
    birth_date: date,
    channel: str,
    contact: str,
    client_ip: str | None = None,
    now: datetime | None = None,
) -> BookingRequest:
    """Remember the chosen time and who asks for it, and send a one-time code to their phone or email.

    Nothing of any patient is read or written here, so the answer is the same whoever the person is. The time
    must be free now; it is held only by checking it again when booking. Raises InvalidInput, Conflict
    (`slot_taken`) or RateLimited.
    """
    now = now or timezone.now()
    contact = contact_clean(channel=channel, value=contact)
    given, family = _clean_person(
        given_name=given_name,
        family_name=family_name,
        birth_date=birth_date,
        today=now.astimezone(practice.tz).date(),
    )
    _require_free(practice, slot, now)
    _check_send_limits(contact, client_ip)
    code = _new_code()
    booking_request = BookingRequest(
        practice=practice,
        appointment_type=slot.appointment_type,
        provider=slot.provider,
        location=slot.location,
        start=slot.start,
        any_provider=slot.any_provider,
        given_name=given,
        family_name=family,
        birth_date=birth_date,
        channel=channel,
        contact=contact,
        code_expires_at=now + CODE_LIFETIME,
        client_ip=client_ip,
    )
    booking_request.code_hash = _code_hash(booking_request.pk, code)
    with transaction.atomic():
        booking_request.save(force_insert=True)
        _send_code(booking_request, code)
    return booking_request


def _require_online(practice: Practice, slot: SlotChoice) -> None:
    appointment_type = slot.appointment_type
    if not (
        appointment_type.practice_id == practice.pk
        and appointment_type.active
        and appointment_type.bookable_online
        and slot.provider.practice_id == practice.pk
        and slot.location.practice_id == practice.pk
    ):
        raise Conflict(
            _("This visit cannot be booked online. Please choose another visit or call us."),
            code="not_online",
        )


def _require_free(practice: Practice, slot: SlotChoice, now: datetime, exclude_appointment_id=None) -> None:
    _require_online(practice, slot)
    found = slot_find(
        practice=practice,
        appointment_type=slot.appointment_type,
        provider_id=slot.provider.pk,
        location_id=slot.location.pk,
        start=slot.start,
        now=now,
        exclude_appointment_id=exclude_appointment_id,
    )
    if found is None:
        raise Conflict(
            _("Sorry, that time is no longer available. Please choose another."), code="slot_taken"
        )


def booking_request_resend(
    *, booking_request: BookingRequest, client_ip: str | None = None, now: datetime | None = None
) -> BookingRequest:
    """Send a new code for a request still waiting for one; the earlier code stops working.

    Wrong tries are counted over the whole request, so asking for new codes never buys more guesses than the
    send limits allow.
    """
    now = now or timezone.now()
    _check_send_limits(booking_request.contact, client_ip)
    code = _new_code()
    with transaction.atomic():
        current = (
            BookingRequest.objects.select_for_update().select_related("practice").get(pk=booking_request.pk)
        )
        _require_waiting(current)
        current.code_hash = _code_hash(current.pk, code)
        current.code_expires_at = now + CODE_LIFETIME
        current.codes_sent += 1
        current.save(update_fields=["code_hash", "code_expires_at", "codes_sent", "updated_at"])
        _send_code(current, code)
    return current


def _require_waiting(booking_request: BookingRequest) -> None:
    if booking_request.status == RequestStatus.LOCKED:
        raise Conflict(
            _LOCKED % {"times": MAX_WRONG_CODES},
            code="code_locked",
        )
    if booking_request.status != RequestStatus.PENDING:
        raise Conflict(_("This code has been used already. Please start again."), code="code_used")


_SPACES = re.compile(r"[\s-]")


def booking_request_verify(
    *, booking_request: BookingRequest, code: str, client_ip: str | None = None, now: datetime | None = None
) -> BookingRequest:
    """Check the code: right once within ten minutes verifies the request; five wrong tries lock it.

    A code already accepted for this request is accepted again (a double-submitted form), without a check.
    """
    now = now or timezone.now()
    _check_limit(
        f"booking-check-ip:{client_ip}",
        settings.MOJOE_BOOKING_CODE_CHECKS_PER_IP_PER_HOUR,
        _("Too many codes were tried from this connection. Please try again in {wait}, or call us."),
    )
    code = _SPACES.sub("", code or "")
    if not (code.isdigit() and len(code) == CODE_DIGITS):
        # Not a guess at all: it costs no try.
        raise InvalidInput(
            _("Enter the %(digits)d-digit code we sent you.") % {"digits": CODE_DIGITS}, code="code_format"
        )
    refusal: MojoeError | None = None
    with transaction.atomic():
        current = BookingRequest.objects.select_for_update().get(pk=booking_request.pk)
        if current.status == RequestStatus.VERIFIED:
            return current
        _require_waiting(current)
        if now >= current.code_expires_at:
            raise Conflict(_("This code has expired. Ask for a new code below."), code="code_expired")
        if constant_time_compare(_code_hash(current.pk, code), current.code_hash):
            current.status = RequestStatus.VERIFIED
            current.verified_at = now
            current.code_hash = ""  # works once
            current.save(update_fields=["status", "verified_at", "code_hash", "updated_at"])
            return current
        current.wrong_codes += 1
        left = MAX_WRONG_CODES - current.wrong_codes
        if left <= 0:
            current.status = RequestStatus.LOCKED
            current.code_hash = ""
            refusal = Conflict(
                _LOCKED % {"times": MAX_WRONG_CODES},
                code="code_locked",
            )
        else:
            refusal = InvalidInput(
                ngettext(
                    "That code is not right. Check the message and try again (%(count)d try left).",
                    "That code is not right. Check the message and try again (%(count)d tries left).",
                    left,
                )
                % {"count": left},
                code="wrong_code",
            )
        current.save(update_fields=["wrong_codes", "status", "code_hash", "updated_at"])
    # Raised after the commit: the wrong try must stay counted.
    raise refusal


def booking_request_usable(*, booking_request: BookingRequest, now: datetime | None = None) -> bool:
    """Whether a verified request may still book (it has not booked, and the code was checked recently)."""
    now = now or timezone.now()
    return (
        booking_request.status == RequestStatus.VERIFIED
        and booking_request.verified_at is not None
        and now < booking_request.verified_at + VERIFIED_LIFETIME
    )


def _name_key(text: str) -> str:
    return " ".join(fold(text).replace("-", " ").split())


def _same_person(patient: Patient, booking_request: BookingRequest) -> bool:
    given = _name_key(booking_request.given_name)
    return _name_key(patient.family_name) == _name_key(booking_request.family_name) and given in {
        _name_key(patient.given_name),
        _name_key(patient.preferred_name),
    }


def _has_contact(patient: Patient, booking_request: BookingRequest) -> bool:
    if booking_request.channel == CodeChannel.SMS:
        return booking_request.contact in {patient.phone_mobile, patient.phone_home}
    return bool(patient.email) and patient.email.lower() == booking_request.contact


def _match_patient(booking_request: BookingRequest) -> tuple[Patient | None, bool]:
    """(the patient to book, whether staff should check for a duplicate record).

    The patient is the oldest active record with this name and date of birth that has the verified contact.
    """
    same_person = [
        p
        for p in Patient.objects.filter(
            practice=booking_request.practice, birth_date=booking_request.birth_date
        ).order_by("created_at")
        if _same_person(p, booking_request)
    ]
    for patient in same_person:
        if patient.active and _has_contact(patient, booking_request):
            return patient, len(same_person) > 1
    return None, bool(same_person)


def _new_patient_fields(booking_request: BookingRequest) -> dict:
    fields = {
        "given_name": booking_request.given_name,
        "family_name": booking_request.family_name,
        "birth_date": booking_request.birth_date,
    }
    if booking_request.channel == CodeChannel.SMS:
        fields.update(phone_mobile=booking_request.contact, preferred_channel=ContactChannel.SMS)
    else:
        fields.update(email=booking_request.contact, preferred_channel=ContactChannel.EMAIL)
    return fields


def booking_request_book(
    *,
    booking_request: BookingRequest,
    link_url: Callable[[str], str],
    slot: SlotChoice | None = None,
    client_ip: str | None = None,
    now: datetime | None = None,
) -> tuple[Appointment, str]:
    """Book a verified request's time (or `slot`, when the first choice went) and confirm it with a link.

    Finds the patient (see the module's docstring) or registers a new one with the booking; the scheduling
    services check the time again and audit both. A refusal (Conflict) changes nothing, and the request stays
    verified so the patient can choose again. Returns the appointment and the link's token (shown once).
    """
    now = now or timezone.now()
    practice = booking_request.practice
    actor = public_actor(practice, client_ip)
    with transaction.atomic():
        current = BookingRequest.objects.select_for_update().get(pk=booking_request.pk)
        if current.status == RequestStatus.BOOKED:
            raise Conflict(_("This request has already been booked."), code="request_used")
        if not booking_request_usable(booking_request=current, now=now):
            raise Conflict(
                _("Your code confirmation has expired. Please start again to get a new code."),
                code="request_expired",
            )
        if slot is not None:
            _require_online(practice, slot)
            current.appointment_type, current.provider = slot.appointment_type, slot.provider
            current.location, current.start, current.any_provider = (
                slot.location,
                slot.start,
                slot.any_provider,
            )
        patient, review = _match_patient(current)
        booking = {
            "actor": actor,
            "provider": current.provider,
            "appointment_type": current.appointment_type,
            "start": current.start,
            "location": current.location,
            "source_channel": SourceChannel.ONLINE,
            "now": now,
        }
        if patient is not None:
            audit_record(
                actor=actor,
                action=AuditAction.READ,
                obj=patient,
                patient=patient,
                detail={"verified": f"online booking code by {current.channel}"},
            )
            appointment = appointment_book(patient=patient, **booking)
        else:
            appointment = appointment_book_new_patient(patient_fields=_new_patient_fields(current), **booking)
        if review:
            _ask_staff_to_review(actor, appointment, current, matched=patient is not None)
        current.status, current.appointment = RequestStatus.BOOKED, appointment
        current.save()
        token = booking_link_send(
            appointment=appointment,
            channel=current.channel,
            contact=current.contact,
            link_url=link_url,
            subject=_("Your appointment at %(practice)s"),
            body=_("%(practice)s: you are booked for %(appointment)s. To cancel or change it: %(link)s"),
        )
    return appointment, token


def _ask_staff_to_review(actor: Actor, appointment: Appointment, booking_request, *, matched: bool) -> None:
    from mojoe.inbox.services import task_create  # the inbox builds on scheduling; imported when needed

    where = "phone" if booking_request.channel == CodeChannel.SMS else "email"
    if matched:
        summary = "Online booking: several records share this patient's name, birth date and contact"
        details = "Booked on the oldest matching record. Merge the duplicates if they are the same person."
    else:
        summary = "Online booking: a new record may duplicate an existing patient"
        details = (
            f"The name and date of birth match an existing record, but the {where} given "
            f"({booking_request.contact}) is not on it, so the booking was made on a new record. The person "
            f"proved with a code that they use that {where}. If it is the same patient, merge the records."
        )
    task_create(
        actor=actor,
        kind="online_booking_review",
        summary=summary,
        patient=appointment.patient,
        appointment=appointment,
        details=details,
    )


def booking_request_purge(*, now: datetime | None = None) -> int:
    """Delete requests older than a day (run hourly): the names, birth dates and contacts they hold go too."""
    now = now or timezone.now()
    deleted, _ = BookingRequest.objects.filter(created_at__lt=now - REQUEST_RETENTION).delete()
    return deleted
