"""The link sent with a booking: cancel or move that one appointment, until it starts; never another one."""

import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from mojoe.audit.models import AuditAction, AuditEvent
from mojoe.booking.models import BookingLink
from mojoe.booking.tests.helpers import BOOK, PHONE, ask_for_code, csrf_post, enter_code, last_code
from mojoe.core import testing
from mojoe.messaging.models import OutboxMessage
from mojoe.scheduling.models import Appointment, AppointmentStatus, SourceChannel
from mojoe.scheduling.services import appointment_book, appointment_cancel

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(visitor, clinic, jordan):
    """Jordan booked online; the manage page's address (the link in the confirmation)."""
    ask_for_code(visitor, clinic.visit.pk)
    response = enter_code(visitor, last_code(PHONE))
    return response["Location"].split("?")[0]


def test_the_link_shows_the_appointment_with_ways_to_change_it(visitor, clinic, booked):
    appointment = Appointment.objects.get()
    html = visitor.get(booked).content.decode()
    assert "<h1>Your appointment</h1>" in html
    assert appointment.provider.display_name in html and "Office visit" in html
    assert "Change the time" in html and "Cancel the appointment" in html
    # It works from any browser: the link is the key.
    assert type(visitor)().get(booked).status_code == 200


def test_cancelling_through_the_link_asks_first_then_cancels_audited_and_the_link_stops(
    visitor, clinic, jordan, booked
):
    appointment = Appointment.objects.get()
    confirm = visitor.get(f"{booked}/cancel")
    assert confirm.status_code == 200 and "Yes, cancel it" in confirm.content.decode()
    assert Appointment.objects.get().status == AppointmentStatus.BOOKED  # asking changed nothing
    response = csrf_post(visitor, f"{booked}/cancel")
    assert response.status_code == 200
    assert "Your appointment is cancelled" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert appointment.cancellation_reason == "Cancelled by the patient online"
    event = AuditEvent.objects.get(action=AuditAction.CANCEL)
    assert (
        event.patient_id == jordan.pk and event.actor_label == "mojoe:web" and event.client_ip == "127.0.0.1"
    )
    assert "is cancelled" in OutboxMessage.objects.filter(to=PHONE).order_by("-created_at").first().body
    assert BookingLink.objects.get().used_at is not None
    # Used: it no longer works, for anything.
    for path in (booked, f"{booked}/cancel", f"{booked}/reschedule"):
        gone = visitor.get(path)
        assert gone.status_code == 410, path
        assert "This link no longer works" in gone.content.decode()
    assert csrf_post(visitor, f"{booked}/cancel").status_code == 410


def test_moving_through_the_link_books_the_new_time_and_sends_a_new_link(visitor, clinic, jordan, booked):
    old = Appointment.objects.get()
    times = visitor.get(f"{booked}/reschedule")
    assert times.status_code == 200
    html = times.content.decode()
    assert "Choose a new time" in html
    urls = [u.replace("&amp;", "&") for u in re.findall(r'<a class="time" href="([^"]+)"', html)]
    assert urls and all("/reschedule/confirm?" in u for u in urls)
    # The appointment's own time is not offered as a new one.
    own = old.start.strftime("%Y-%m-%dT%H%%3A%MZ")
    assert not any(own in u and str(old.provider_id) in u for u in urls)
    target = urls[-1]
    confirm = visitor.get(target)
    assert confirm.status_code == 200 and "Move my appointment" in confirm.content.decode()
    response = csrf_post(visitor, target)
    assert response.status_code == 302 and response["Location"].endswith("?moved=1")
    new_link = response["Location"].split("?")[0]
    assert new_link != booked

    old.refresh_from_db()
    new = Appointment.objects.get(status=AppointmentStatus.BOOKED)
    assert old.status == AppointmentStatus.CANCELLED and new.rescheduled_from == old
    assert new.patient == jordan and new.source_channel == SourceChannel.ONLINE
    assert AuditEvent.objects.filter(action=AuditAction.RESCHEDULE, patient=jordan).count() == 1
    message = OutboxMessage.objects.filter(to=PHONE).order_by("-created_at").first()
    assert "your appointment is now" in message.body and new_link.split("/manage/")[1] in message.body
    # The old link stopped; the new one works, for the new appointment.
    assert visitor.get(booked).status_code == 410
    page = visitor.get(response["Location"])
    assert page.status_code == 200 and "Your appointment has moved." in page.content.decode()


def test_a_time_taken_while_moving_offers_others_and_changes_nothing(visitor, clinic, booked, actor):
    html = visitor.get(f"{booked}/reschedule", {"provider": clinic.provider.pk}).content.decode()
    target = re.findall(r'<a class="time" href="([^"]+)"', html)[-1].replace("&amp;", "&")
    start = datetime.fromisoformat(parse_qs(urlparse(target).query)["start"][0])
    appointment_book(
        actor=actor, patient=testing.make_patient(clinic.practice), provider=clinic.provider,
        appointment_type=clinic.visit, start=start,
    )  # fmt: skip
    response = csrf_post(visitor, target)
    assert response.status_code == 302 and response["Location"].endswith("notice=taken")
    assert "that time was just taken" in visitor.get(response["Location"]).content.decode()
    assert Appointment.objects.filter(patient=clinic.patient, status=AppointmentStatus.BOOKED).count() == 1
    assert visitor.get(booked).status_code == 200  # the link still works


def test_a_forged_time_to_move_to_is_a_400(visitor, clinic, booked):
    response = visitor.get(f"{booked}/reschedule/confirm", {"provider": clinic.provider.pk, "start": "soon"})
    assert response.status_code == 400
    assert "That time is not one we offer" in response.content.decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token[:20],
        lambda token: token + "x",
        lambda token: "0" * 43,
    ],
)
def test_a_tampered_link_is_not_found(visitor, clinic, booked, tamper):
    token = booked.split("/manage/")[1]
    response = visitor.get(f"{BOOK}/manage/{tamper(token)}")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert csrf_post(visitor, f"{BOOK}/manage/{tamper(token)}/cancel").status_code == 404
    assert Appointment.objects.get().status == AppointmentStatus.BOOKED


def test_a_link_does_not_work_in_another_practice(visitor, clinic, booked, outsider_practice):
    token = booked.split("/manage/")[1]
    assert visitor.get(f"/p/elsewhere/book/manage/{token}").status_code == 404


def test_a_link_stops_once_the_appointment_has_started(visitor, clinic, booked):
    started = timezone.now() - timedelta(minutes=1)
    Appointment.objects.update(start=started, end=started + timedelta(minutes=30))
    response = visitor.get(booked)
    assert response.status_code == 410
    assert csrf_post(visitor, f"{booked}/cancel").status_code == 410
    assert Appointment.objects.get().status == AppointmentStatus.BOOKED


def test_a_link_stops_when_its_time_is_up_even_if_the_appointment_moved_later(visitor, clinic, booked):
    BookingLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert visitor.get(booked).status_code == 410


def test_a_link_stops_when_staff_cancel_the_appointment(visitor, clinic, booked, actor):
    appointment_cancel(actor=actor, appointment=Appointment.objects.get(), reason="Provider ill")
    assert visitor.get(booked).status_code == 410


def test_the_token_is_stored_only_as_a_hash(visitor, clinic, booked):
    token = booked.split("/manage/")[1]
    assert len(token) >= 43
    assert not BookingLink.objects.filter(token_hash__contains=token).exists()
    assert BookingLink.objects.get().token_hash != token
