"""Staff in conversations: the filtered list that refreshes itself, one conversation's whole story, reply,
take over, hand back and assign."""

import pytest
from django.test import Client

from mojoe.assistant.services import assistant_handle
from mojoe.audit.models import AuditEvent
from mojoe.inbox.models import Task
from mojoe.inbox.services import task_create
from mojoe.inbox.tests.helpers import chat, count_of, row_ids, signed_in
from mojoe.messaging.models import Conversation, ConversationStatus, Message
from mojoe.messaging.services import conversation_assign, conversation_for_address, webchat_address

pytestmark = pytest.mark.django_db

CHEST_PAIN = "my husband is having crushing chest pain right now"


@pytest.fixture
def handed_off(clinic) -> Conversation:
    conversation = conversation_for_address(
        practice=clinic.practice, channel="webchat", address=webchat_address("t" * 30)
    )
    assistant_handle(conversation=conversation, body="I want to speak to a person")
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.HANDED_OFF
    return conversation


@pytest.fixture
def inbox(clinic, colleague, nurse, handed_off):
    """One conversation of each sort the filters tell apart."""
    quiet = chat(clinic.practice, "hello")
    sms = chat(clinic.practice, "hello", channel="sms", address="+16175550199")
    emergency = chat(clinic.practice, CHEST_PAIN)
    urgent = chat(clinic.practice, "burning when I pee since yesterday")
    mine = chat(clinic.practice, "I want to speak to a person")
    conversation_assign(actor=_actor(colleague, clinic), conversation=mine, user=colleague)
    return {
        "quiet": quiet,
        "sms": sms,
        "emergency": emergency,
        "urgent": urgent,
        "mine": mine,
        "waiting": handed_off,
    }


def _actor(user, clinic):
    from mojoe.core import testing

    return testing.make_actor(user, clinic.practice)


def test_staff_see_the_conversation_waiting_for_them_first(clinic, colleague, handed_off):
    other = conversation_for_address(practice=clinic.practice, channel="webchat", address="x" * 64)
    assistant_handle(conversation=other, body="hello")
    page = signed_in(colleague).get("/conversations/")
    assert page.status_code == 200
    body = page.content.decode()
    assert body.index(str(handed_off.pk)) < body.index(str(other.pk))
    assert "Staff (waiting)" in body


def test_emergencies_then_urgent_then_waiting_come_first_and_are_highlighted(clinic, colleague, inbox):
    html = signed_in(colleague).get("/conversations/").content.decode()
    order = row_ids(html)
    assert order[:3] == [str(inbox["emergency"].pk), str(inbox["urgent"].pk), str(inbox["waiting"].pk)]
    assert set(order) == {str(c.pk) for c in inbox.values()}
    assert f'data-conversation="{inbox["emergency"].pk}" data-rank="0" class="row-emergency"' in html
    assert f'data-conversation="{inbox["urgent"].pk}" data-rank="1" class="row-urgent"' in html
    assert "my husband is having crushing chest pain" in html  # the latest message, to triage from the list


def test_each_filter_shows_its_conversations_and_counts_them(clinic, colleague, nurse, inbox):
    client = signed_in(colleague)
    expected = {
        "attention": {inbox["emergency"], inbox["waiting"]},
        "mine": {inbox["mine"]},
        # Hand-offs are front desk tasks; the emergency and the urgent question went to the nurses.
        "team": {inbox["waiting"], inbox["mine"]},
        "urgent": {inbox["emergency"], inbox["urgent"]},
        "all": set(inbox.values()),
    }
    html = client.get("/conversations/").content.decode()
    for name, conversations in expected.items():
        assert count_of(html, name) == len(conversations), name
        shown = row_ids(client.get(f"/conversations/?show={name}").content.decode())
        assert set(shown) == {str(c.pk) for c in conversations}, name
    nurse_view = signed_in(nurse).get("/conversations/?show=team").content.decode()
    assert set(row_ids(nurse_view)) == {str(inbox["emergency"].pk), str(inbox["urgent"].pk)}
    # By channel, with the other filters kept.
    sms_only = client.get("/conversations/?channel=sms").content.decode()
    assert row_ids(sms_only) == [str(inbox["sms"].pk)]
    assert count_of(sms_only, "all") == 1


def test_an_emergency_someone_has_with_its_alert_done_leaves_needs_attention(clinic, colleague, inbox):
    emergency = inbox["emergency"]
    conversation_assign(actor=_actor(colleague, clinic), conversation=emergency, user=colleague)
    client = signed_in(colleague)
    # Assigned, but its 911 alert is still open: it still needs attention.
    assert str(emergency.pk) in row_ids(client.get("/conversations/?show=attention").content.decode())
    Task.objects.filter(conversation=emergency).update(status="completed")
    assert str(emergency.pk) not in row_ids(client.get("/conversations/?show=attention").content.decode())
    assert str(emergency.pk) in row_ids(client.get("/conversations/?show=urgent").content.decode())


def test_a_bad_filter_is_a_clear_422(clinic, colleague):
    client = signed_in(colleague)
    response = client.get("/conversations/?show=everything")
    assert response.status_code == 422
    assert "is not a choice for show" in response.content.decode()
    assert client.get("/conversations/?channel=pigeon").status_code == 422
    assert client.get("/conversations/?scope=galaxy").status_code == 422


def test_the_list_refreshes_only_when_something_changed(clinic, colleague, handed_off):
    client = signed_in(colleague)
    first = client.get("/conversations/", headers={"HX-Request": "true"})
    assert first.status_code == 200
    html = first.content.decode()
    assert "<html" not in html and 'id="inbox-seen"' in html  # the fragment only
    seen = html.split('name="seen" value="')[1].split('"')[0]
    reads = AuditEvent.objects.filter(action="read").count()
    same = client.get("/conversations/", {"seen": seen}, headers={"HX-Request": "true"})
    assert same.status_code == 204 and same.content == b""
    assert AuditEvent.objects.filter(action="read").count() == reads  # nothing shown, nothing read
    emergency = chat(clinic.practice, CHEST_PAIN, patient=clinic.patient)
    changed = client.get("/conversations/", {"seen": seen}, headers={"HX-Request": "true"})
    assert changed.status_code == 200
    body = changed.content.decode()
    assert row_ids(body)[0] == str(emergency.pk)
    assert 'hx-swap-oob="innerHTML"' in body and "1 urgent conversation at the top" in body
    assert "Vary" in changed.headers and "HX-Request" in changed.headers["Vary"]
    assert AuditEvent.objects.filter(
        action="read", object_id=str(emergency.pk), patient=clinic.patient, actor=colleague
    ).exists()


def test_the_whole_story_interleaves_messages_with_what_was_done(clinic, colleague):
    clinic.patient.birth_date = clinic.patient.birth_date.replace(year=1980, month=1, day=1)
    clinic.patient.save()
    token_chat = Client()
    url = f"/p/{clinic.practice.slug}/chat/messages"
    token = None
    for text in ("I'd like to book an appointment", "Jordan Lee, born 01/01/1980", "2", "I need a person"):
        payload = {"text": text} | ({"token": token} if token else {})
        token = token_chat.post(url, payload, content_type="application/json").json()["token"]
    conversation = Conversation.objects.get(address=webchat_address(token))
    client = signed_in(colleague)
    client.post(f"/conversations/{conversation.pk}/take-over")
    html = client.get(f"/conversations/{conversation.pk}").content.decode()
    steps = [
        "I&#x27;d like to book an appointment",
        "Verified the patient&#x27;s identity",
        "You&#x27;re booked",
        "I need a person",
        "Task created",
        "Took the conversation over",
    ]
    positions = [html.find(step) for step in steps]
    assert -1 not in positions, dict(zip(steps, positions, strict=True))
    assert positions == sorted(positions)
    booked = html.find("<strong>Booked</strong>")
    assert positions[1] < booked < positions[2]  # after the choice "2", before the confirmation
    assert "<strong>Booked</strong>: Office visit with Alex " in html
    # Finishing the hand-off task is part of the story too.
    client.post(f"/tasks/{Task.objects.get(conversation=conversation, kind='conversation').pk}/complete")
    assert "<strong>Done: " in client.get(f"/conversations/{conversation.pk}").content.decode()
    # The appointment and the task shown are reads of the patient's data.
    appointment = clinic.patient.appointments.get()
    assert AuditEvent.objects.filter(action="read", object_id=str(appointment.pk), actor=colleague).exists()


def test_assign_gives_the_conversation_to_a_colleague(clinic, colleague, nurse, handed_off):
    client = signed_in(colleague)
    response = client.post(f"/conversations/{handed_off.pk}/assign", {"assignee": str(nurse.pk)})
    assert response.status_code == 302
    handed_off.refresh_from_db()
    assert (handed_off.assigned_to, handed_off.status) == (nurse, ConversationStatus.HANDED_OFF)
    event = AuditEvent.objects.get(action="update", object_id=str(handed_off.pk))
    assert event.detail == {"assigned_to": "nurse", "from": None} and event.actor == colleague
    assert str(handed_off.pk) in signed_in(nurse).get("/conversations/?show=mine").content.decode()
    # Nobody: back to the queue, waiting for a person again.
    client.post(f"/conversations/{handed_off.pk}/assign", {"assignee": ""})
    handed_off.refresh_from_db()
    assert handed_off.assigned_to is None and handed_off.status == ConversationStatus.HANDED_OFF
    assert str(handed_off.pk) in client.get("/conversations/?show=attention").content.decode()


def test_only_staff_of_the_practice_can_be_assigned(clinic, colleague, outsider, billing_clerk, handed_off):
    client = signed_in(colleague)
    refused = client.post(f"/conversations/{handed_off.pk}/assign", {"assignee": str(outsider.pk)})
    assert refused.status_code == 422
    assert "Only an active staff member of this practice" in refused.content.decode()
    assert client.post(f"/conversations/{handed_off.pk}/assign", {"assignee": "not-an-id"}).status_code == 422
    billing_clerk.memberships.update(active=False)
    gone = client.post(f"/conversations/{handed_off.pk}/assign", {"assignee": str(billing_clerk.pk)})
    assert gone.status_code == 422
    handed_off.refresh_from_db()
    assert handed_off.assigned_to is None
    assert not AuditEvent.objects.filter(action="update", object_id=str(handed_off.pk)).exists()


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
    again = client.post(f"/conversations/{handed_off.pk}/hand-back")
    assert again.status_code == 409
    assert "already has this conversation" in again.content.decode()


def test_reading_a_patients_conversation_is_audited(clinic, colleague):
    conversation = chat(clinic.practice, "hello", channel="sms", address=clinic.patient.phone_mobile)
    conversation.patient = clinic.patient
    conversation.save()
    client = signed_in(colleague)
    client.get(f"/conversations/{conversation.pk}")
    assert AuditEvent.objects.filter(
        action="read", object_id=str(conversation.pk), patient=clinic.patient, actor=colleague
    ).exists()
    # The list shows who wrote: reading it is audited too, one event per conversation shown.
    before = AuditEvent.objects.filter(action="read", object_id=str(conversation.pk)).count()
    client.get("/conversations/")
    assert AuditEvent.objects.filter(action="read", object_id=str(conversation.pk)).count() == before + 1


def test_without_permission(clinic, outsider, handed_off):
    anonymous = Client()
    assert anonymous.get("/conversations/").status_code == 302  # sign in first
    assert anonymous.get(f"/conversations/{handed_off.pk}").status_code == 302
    assert anonymous.post(f"/conversations/{handed_off.pk}/assign", {"assignee": ""}).status_code == 302
    outside = signed_in(outsider)
    assert outside.get(f"/conversations/{handed_off.pk}").status_code == 404
    assert outside.post(f"/conversations/{handed_off.pk}/reply", {"body": "hi"}).status_code == 404
    assert outside.post(f"/conversations/{handed_off.pk}/take-over").status_code == 404
    assert outside.post(f"/conversations/{handed_off.pk}/hand-back").status_code == 404
    assert (
        outside.post(f"/conversations/{handed_off.pk}/assign", {"assignee": str(outsider.pk)}).status_code
        == 404
    )
    assert not Message.objects.filter(author="staff").exists()
    handed_off.refresh_from_db()
    assert handed_off.assigned_to is None
    assert outside.get("/conversations/").content.decode().count(str(handed_off.pk)) == 0
    assert outside.get("/conversations/?scope=all").content.decode().count(str(handed_off.pk)) == 0


def test_assigning_is_a_service_with_its_own_rules(clinic, colleague, outsider, handed_off):
    from mojoe.core.errors import InvalidInput

    actor = _actor(colleague, clinic)
    with pytest.raises(InvalidInput):
        conversation_assign(actor=actor, conversation=handed_off, user=outsider)
    assigned = conversation_assign(actor=actor, conversation=handed_off, user=colleague)
    assert assigned.assigned_to == colleague
    # A task created in the conversation stays linked to it whoever has it.
    task = task_create(actor=actor, kind="billing", summary="Copay question", conversation=handed_off)
    assert task.conversation == handed_off


def test_closing_takes_a_conversation_out_of_the_inbox_and_the_next_text_starts_anew(
    clinic, colleague, handed_off
):
    client = signed_in(colleague)
    response = client.post(f"/conversations/{handed_off.pk}/close")
    assert response.status_code == 302
    handed_off.refresh_from_db()
    assert handed_off.status == ConversationStatus.CLOSED and handed_off.assigned_to is None
    assert str(handed_off.pk) not in client.get("/conversations/").content.decode()
    assert AuditEvent.objects.filter(object_id=str(handed_off.pk), action="status", actor=colleague).exists()
    again = client.post(f"/conversations/{handed_off.pk}/close", follow=True)
    assert "already closed" in again.content.decode()
    reply = Client().post(
        f"/p/{clinic.practice.slug}/chat/messages",
        {"text": "hello", "token": "t" * 30},
        content_type="application/json",
    )
    assert "virtual assistant" in reply.json()["replies"][0]["text"]
    assert Conversation.objects.filter(practice=clinic.practice).count() == 2


def test_an_outsider_cannot_close(clinic, outsider, handed_off):
    assert signed_in(outsider).post(f"/conversations/{handed_off.pk}/close").status_code == 404
    handed_off.refresh_from_db()
    assert handed_off.status == ConversationStatus.HANDED_OFF
