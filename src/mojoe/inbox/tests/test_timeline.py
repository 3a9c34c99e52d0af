"""A conversation's story: what the assistant did in the patient's record while talking, in time order."""

from datetime import timedelta

import pytest

from mojoe.assistant.services import assistant_handle
from mojoe.audit.models import AuditEvent
from mojoe.core import testing
from mojoe.core.context import Actor, Channel
from mojoe.inbox.tests.helpers import chat, signed_in
from mojoe.inbox.timeline import conversation_timeline
from mojoe.scheduling.services import (
    appointment_book,
    appointment_cancel,
    appointment_confirm,
    appointment_reschedule,
)

pytestmark = pytest.mark.django_db


def test_bookings_moves_confirmations_and_cancellations_are_in_the_story(clinic, colleague, future_day):
    conversation = chat(clinic.practice, "hello", patient=clinic.patient)
    assistant = Actor.system(clinic.practice, channel=Channel.ASSISTANT)
    first = appointment_book(
        actor=assistant,
        patient=clinic.patient,
        provider=clinic.provider,
        appointment_type=clinic.visit,
        start=clinic.at(future_day, 10),
    )
    moved = appointment_reschedule(actor=assistant, appointment=first, start=clinic.at(future_day, 11))
    appointment_confirm(actor=assistant, appointment=moved)
    # The front desk books another visit meanwhile: that is not something done in this conversation.
    appointment_book(
        actor=testing.make_actor(colleague, clinic.practice),
        patient=clinic.patient,
        provider=clinic.other_provider,
        appointment_type=clinic.visit,
        start=clinic.at(future_day, 14),
    )
    appointment_cancel(actor=assistant, appointment=moved)
    assistant_handle(conversation=conversation, body="thanks")
    conversation.refresh_from_db()
    # Something the assistant did for this patient hours later, in another conversation, is not in this one.
    AuditEvent.objects.create(
        practice=clinic.practice,
        actor_label="mojoe:assistant",
        patient=clinic.patient,
        action="book",
        object_type="scheduling.appointment",
        object_id=str(first.pk),
        at=conversation.last_message_at + timedelta(hours=3),
        channel=Channel.ASSISTANT,
    )

    timeline = conversation_timeline(conversation)
    actions = [e for e in timeline.entries if e.kind == "action"]
    assert [e.text for e in actions] == ["Booked", "Rescheduled", "Confirmed", "Cancelled"]
    assert actions[1].appointments == [first] and actions[1].moved_to == moved
    assert {a.pk for a in timeline.appointments} == {first.pk, moved.pk}
    kinds = [e.kind for e in timeline.entries]
    assert kinds[0] == "message" and kinds[-1] == "message"  # "hello" … the actions … "thanks"
    assert all(a.at <= b.at for a, b in zip(timeline.entries, timeline.entries[1:], strict=False))

    html = signed_in(colleague).get(f"/conversations/{conversation.pk}").content.decode()
    assert "<strong>Rescheduled</strong>: Office visit with Alex Rivera, MD" in html
    assert html.count("<strong>Booked</strong>") == 1
    assert "Alex Okafor" not in html


def test_a_conversation_without_a_patient_shows_only_its_own_story(clinic, colleague, future_day):
    conversation = chat(clinic.practice, "hello")
    appointment_book(
        actor=Actor.system(clinic.practice, channel=Channel.ASSISTANT),
        patient=clinic.patient,
        provider=clinic.provider,
        appointment_type=clinic.visit,
        start=clinic.at(future_day, 10),
    )
    timeline = conversation_timeline(conversation)
    assert [e.kind for e in timeline.entries] == ["message", "message"]
    assert timeline.appointments == []
