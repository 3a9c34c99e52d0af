"""The one-time code: ten minutes, once, five wrong tries; and the limits on sending and checking codes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mojoe.audit.models import AuditEvent
from mojoe.booking.models import BookingRequest, RequestStatus
from mojoe.booking.services import booking_request_purge
from mojoe.booking.tests.helpers import (
    BOOK,
    PHONE,
    ask_for_code,
    csrf_post,
    details,
    enter_code,
    first_time_url,
    last_code,
)
from mojoe.messaging.models import OutboxMessage
from mojoe.patients.models import Patient
from mojoe.scheduling.models import Appointment

pytestmark = pytest.mark.django_db


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_wrong_code_says_how_many_tries_are_left_and_writes_nothing(visitor, clinic, jordan):
    ask_for_code(visitor, clinic.visit.pk)
    before = (Patient.objects.count(), Appointment.objects.count(), AuditEvent.objects.count())
    response = enter_code(visitor, wrong(last_code(PHONE)))
    assert response.status_code == 422
    html = response.content.decode()
    assert "That code is not right" in html and "4 tries left" in html
    assert 'aria-describedby="id_code-error"' in html and 'id="id_code-error"' in html
    assert (Patient.objects.count(), Appointment.objects.count(), AuditEvent.objects.count()) == before
    assert BookingRequest.objects.get().wrong_codes == 1


def test_five_wrong_codes_lock_the_request_even_the_right_code_after(visitor, clinic, jordan):
    ask_for_code(visitor, clinic.visit.pk)
    code = last_code(PHONE)
    for left in (4, 3, 2, 1):
        response = enter_code(visitor, wrong(code))
        assert f"{left} {'try' if left == 1 else 'tries'} left" in response.content.decode()
    response = enter_code(visitor, wrong(code))
    assert response.status_code == 409
    assert (
        "entered wrongly 5 times" in response.content.decode() and "Start again" in response.content.decode()
    )
    assert BookingRequest.objects.get().status == RequestStatus.LOCKED
    # The browser forgot the request; the right code now has nothing to check against.
    late = enter_code(visitor, code)
    assert late.status_code == 410
    assert not Appointment.objects.exists()


def test_something_that_is_not_a_code_costs_no_try(visitor, clinic):
    ask_for_code(visitor, clinic.visit.pk)
    for typo in ("12345", "abcdef", ""):
        response = enter_code(visitor, typo)
        assert response.status_code == 422
        assert "Enter the 6-digit code" in response.content.decode()
    assert BookingRequest.objects.get().wrong_codes == 0


def test_a_code_with_spaces_is_read(visitor, clinic, jordan):
    ask_for_code(visitor, clinic.visit.pk)
    code = last_code(PHONE)
    assert enter_code(visitor, f"{code[:3]} {code[3:]}").status_code == 302
    assert Appointment.objects.get().patient == jordan


def test_an_expired_code_does_not_work_and_a_new_one_can_be_sent(visitor, clinic, jordan):
    ask_for_code(visitor, clinic.visit.pk)
    old = last_code(PHONE)
    BookingRequest.objects.update(code_expires_at=timezone.now() - timedelta(seconds=1))
    response = enter_code(visitor, old)
    assert response.status_code == 409
    assert "This code has expired" in response.content.decode()
    assert not Appointment.objects.exists()

    resent = csrf_post(visitor, f"{BOOK}/resend")
    assert resent.status_code == 302 and resent["Location"].endswith("notice=resent")
    assert "We sent you a new code" in visitor.get(resent["Location"]).content.decode()
    new = last_code(PHONE)
    assert OutboxMessage.objects.filter(to=PHONE).count() == 2
    if new != old:  # one chance in a million that they are equal
        assert enter_code(visitor, old).status_code == 422  # only the newest code works
    assert enter_code(visitor, new).status_code == 302
    assert Appointment.objects.get().patient == jordan


def test_a_code_works_once(visitor, clinic, jordan):
    ask_for_code(visitor, clinic.visit.pk)
    code = last_code(PHONE)
    assert enter_code(visitor, code).status_code == 302
    again = enter_code(visitor, code)
    assert again.status_code == 410
    assert Appointment.objects.count() == 1
    # Nor from another browser: the request is found only through the session that asked for it.
    other = type(visitor)(enforce_csrf_checks=True)
    other.get(first_time_url(other, clinic.visit.pk))  # a page with a form: the CSRF cookie
    assert enter_code(other, code).status_code == 410


def test_wrong_tries_are_counted_across_new_codes(visitor, clinic):
    ask_for_code(visitor, clinic.visit.pk)
    for _ in range(3):
        enter_code(visitor, wrong(last_code(PHONE)))
    csrf_post(visitor, f"{BOOK}/resend")
    enter_code(visitor, wrong(last_code(PHONE)))
    response = enter_code(visitor, wrong(last_code(PHONE)))
    assert response.status_code == 409
    assert BookingRequest.objects.get().status == RequestStatus.LOCKED


def test_codes_sent_to_one_phone_are_limited_per_hour(visitor, clinic, settings):
    settings.MOJOE_BOOKING_CODES_PER_CONTACT_PER_HOUR = 2
    url = first_time_url(visitor, clinic.visit.pk)
    for _ in range(2):
        assert csrf_post(visitor, url, details()).status_code == 302
    response = csrf_post(visitor, url, details())
    assert response.status_code == 429
    assert "sent several codes to this phone or email already" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert OutboxMessage.objects.count() == 2 and BookingRequest.objects.count() == 2
    # Resending counts too.
    assert csrf_post(visitor, f"{BOOK}/resend").status_code == 429
    # Another address is not held back by this one.
    assert csrf_post(visitor, url, details(phone="+16175550199")).status_code == 302


def test_codes_asked_for_from_one_address_are_limited_per_hour(visitor, clinic, settings):
    settings.MOJOE_BOOKING_CODES_PER_IP_PER_HOUR = 3
    url = first_time_url(visitor, clinic.visit.pk)
    for n in range(3):
        assert csrf_post(visitor, url, details(phone=f"+1617555020{n}")).status_code == 302
    response = csrf_post(visitor, url, details(phone="+16175550209"))
    assert response.status_code == 429
    assert "Too many codes were asked for from this connection" in response.content.decode()
    other_address = csrf_post(visitor, url, details(phone="+16175550209"), REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 302


def test_code_checks_from_one_address_are_limited_per_hour(visitor, clinic, settings):
    settings.MOJOE_BOOKING_CODE_CHECKS_PER_IP_PER_HOUR = 2
    ask_for_code(visitor, clinic.visit.pk)
    code = last_code(PHONE)
    enter_code(visitor, wrong(code))
    enter_code(visitor, wrong(code))
    response = enter_code(visitor, code)
    assert response.status_code == 429
    assert "Too many codes were tried from this connection" in response.content.decode()
    assert not Appointment.objects.exists()
    assert BookingRequest.objects.get().wrong_codes == 2  # a refused check is not a try


def test_old_requests_are_forgotten(clinic, visitor):
    ask_for_code(visitor, clinic.visit.pk)
    assert booking_request_purge() == 0
    assert booking_request_purge(now=timezone.now() + timedelta(days=1, minutes=1)) == 1
    assert not BookingRequest.objects.exists()
