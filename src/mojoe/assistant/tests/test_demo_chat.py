"""The demo practice's chat, /p/riverside/chat, against its real schedule: book, reschedule, cancel."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from mojoe.assistant.tests.chat import Chat
from mojoe.practices.demo import SLUG, seed_demo
from mojoe.scheduling.models import Appointment, AppointmentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    cache.clear()
    return seed_demo()


def _established_patient_with_a_visit_ahead():
    upcoming = (
        Appointment.objects.filter(
            practice__slug=SLUG, status=AppointmentStatus.BOOKED, start__gte=timezone.now()
        )
        .select_related("patient")
        .order_by("start")
    )
    for appointment in upcoming:
        patient = appointment.patient
        if patient.appointments.filter(status=AppointmentStatus.FULFILLED).exists():
            return patient
    raise AssertionError("the demo has no established patient with a visit ahead")


def test_a_demo_patient_books_reschedules_and_cancels_in_the_chat(demo):
    patient = _established_patient_with_a_visit_ahead()
    chat = Chat(SLUG)
    booked_before = set(patient.appointments.filter(status="booked").values_list("pk", flat=True))

    reply = chat.send("Hi! I'd like to book a follow-up visit next week in the morning")
    assert "full name and date of birth" in reply
    reply = chat.send(f"{patient.given_name} {patient.family_name}, {patient.birth_date:%m/%d/%Y}")
    if "What kind of visit" in reply:
        reply = chat.send("1")
    assert "Reply 1, 2 or 3" in reply
    reply = chat.send("1")
    assert "You're booked" in reply
    new = patient.appointments.filter(status="booked").exclude(pk__in=booked_before).get()
    assert new.source_channel == "chat"

    reply = chat.send("can I reschedule an appointment?")
    assert "Which appointment?" in reply or "Let's move" in reply
    if "Which appointment?" in reply:
        upcoming = list(
            patient.appointments.filter(status="booked", start__gte=timezone.now()).order_by("start")
        )
        reply = chat.send(str(upcoming.index(new) + 1))
    assert "Let's move" in reply
    reply = chat.send("2")
    assert "Done: your" in reply
    new.refresh_from_db()
    assert new.status == AppointmentStatus.CANCELLED
    moved = new.rescheduled_to

    reply = chat.send("please cancel my appointment")
    if "Which appointment?" in reply:
        upcoming = list(
            patient.appointments.filter(status="booked", start__gte=timezone.now()).order_by("start")
        )
        reply = chat.send(str(upcoming.index(moved) + 1))
    assert "Cancel your" in reply
    reply = chat.send("yes")
    assert "is cancelled" in reply
    moved.refresh_from_db()
    assert moved.status == AppointmentStatus.CANCELLED
