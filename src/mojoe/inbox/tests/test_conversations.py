"""Staff in a conversation: read it, reply (taking it over), hand it back to the assistant."""

import pytest
from django.core.cache import cache
from django.test import Client

from mojoe.assistant.services import assistant_handle
from mojoe.audit.models import AuditEvent
from mojoe.messaging.models import Conversation, ConversationStatus, Message
from mojoe.messaging.services import conversation_for_address, webchat_address

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def handed_off(clinic) -> Conversation:
    conversation = conversation_for_address(
        practice=clinic.practice, channel="webchat", address=webchat_address("t" * 30)
    )
    assistant_handle(conversation=conversation, body="I want to speak to a person")
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.HANDED_OFF
    return conversation


def test_staff_see_the_conversation_waiting_for_them_first(clinic, colleague, handed_off):
    other = conversation_for_address(practice=clinic.practice, channel="webchat", address="x" * 64)
    assistant_handle(conversation=other, body="hello")
    page = signed_in(colleague).get("/conversations/")
    assert page.status_code == 200
    body = page.content.decode()
    assert body.index(str(handed_off.pk)) < body.index(str(other.pk))
    assert "Staff (waiting)" in body


def test_reply_takes_over_and_the_patient_reads_it_in_the_chat(clinic, colleague, handed_off):
    client = signed_in(colleague)
    response = client.post(f"/conversations/{handed_off.pk}/reply", {"body": "Hi, this is Sam at the desk."})
    assert response.status_code == 302
    handed_off.refresh_from_db()
    assert handed_off.assigned_to == colleague
    message = Message.objects.get(conversation=handed_off, author="staff")
    assert message.sent_by == colleague
    history = Client().post(
        f"/p/{clinic.practice.slug}/chat/history", {"token": "t" * 30}, content_type="application/json"
    )
    assert history.json()["messages"][-1] == {"from": "staff", "text": "Hi, this is Sam at the desk."}
    # While staff have it, the assistant says nothing.
    assert assistant_handle(conversation=handed_off, body="thanks, I want to book") == []


def test_an_empty_reply_is_refused_and_nothing_is_sent(clinic, colleague, handed_off):
    response = signed_in(colleague).post(f"/conversations/{handed_off.pk}/reply", {"body": "   "})
    assert response.status_code == 422
    assert "Write a message first" in response.content.decode()
    assert not Message.objects.filter(conversation=handed_off, author="staff").exists()


def test_hand_back_lets_the_assistant_answer_again(clinic, colleague, handed_off):
    client = signed_in(colleague)
    client.post(f"/conversations/{handed_off.pk}/hand-back")
    handed_off.refresh_from_db()
    assert handed_off.status == ConversationStatus.ASSISTANT and handed_off.assigned_to is None
    assert "virtual assistant" in assistant_handle(conversation=handed_off, body="hello")[0]
    # Handing back twice is a clear refusal, not an error page.
    again = client.post(f"/conversations/{handed_off.pk}/hand-back", follow=True)
    assert "already has this conversation" in again.content.decode()


def test_reading_a_patients_conversation_is_audited(clinic, colleague):
    conversation = conversation_for_address(
        practice=clinic.practice, channel="sms", address=clinic.patient.phone_mobile
    )
    conversation.patient = clinic.patient
    conversation.save()
    assistant_handle(conversation=conversation, body="hello")
    signed_in(colleague).get(f"/conversations/{conversation.pk}")
    assert AuditEvent.objects.filter(
        action="read", object_id=str(conversation.pk), patient=clinic.patient, actor=colleague
    ).exists()


def test_without_permission(clinic, outsider, handed_off):
    assert Client().get("/conversations/").status_code == 302  # sign in first
    outside = signed_in(outsider)
    assert outside.get(f"/conversations/{handed_off.pk}").status_code == 404
    assert outside.post(f"/conversations/{handed_off.pk}/reply", {"body": "hi"}).status_code == 404
    assert not Message.objects.filter(author="staff").exists()
    assert outside.get("/conversations/").content.decode().count(str(handed_off.pk)) == 0
