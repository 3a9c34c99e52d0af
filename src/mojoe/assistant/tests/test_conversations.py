"""Whole conversations with the assistant, through the web chat's HTTP endpoint, against a real schedule."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mojoe.assistant.tests.chat import JORDAN, Chat
from mojoe.audit.models import AuditEvent
from mojoe.core import testing
from mojoe.inbox.models import Task
from mojoe.messaging.models import Conversation, ConversationStatus, Message
from mojoe.patients.models import Patient
from mojoe.scheduling.models import Appointment, AppointmentStatus, SourceChannel
from mojoe.scheduling.services import appointment_book


def _offered_starts(chat: Chat) -> list[datetime]:
    return [datetime.fromisoformat(o["start"]) for o in chat.conversation.state["data"]["offers"]]


def _book_for_jordan(clinic, days: int = 3, hour: int = 10) -> Appointment:
    day = timezone.localdate() + timedelta(days=days)
    return appointment_book(
        actor=_assistant(clinic),
        patient=clinic.patient,
        provider=clinic.provider,
        appointment_type=clinic.visit,
        start=clinic.at(day, hour),
    )


def _assistant(clinic):
    from mojoe.core.context import Actor, Channel

    return Actor.system(clinic.practice, Channel.SYSTEM)


@pytest.fixture
def jordan(clinic):
    clinic.patient.birth_date = datetime(1980, 1, 1).date()
    clinic.patient.save()
    return clinic.patient


def test_booking_from_first_message_to_confirmation(clinic, jordan, chat):
    reply = chat.send("Hi, I'd like to book an appointment please")
    assert "full name and date of birth" in reply
    reply = chat.send(JORDAN)
    assert "Thank you, Jordan" in reply
    assert "earliest times for Office visit" in reply
    offers = _offered_starts(chat)
    assert len(offers) == 3 and offers == sorted(offers)
    reply = chat.send("2")
    assert "You're booked: Office visit" in reply
    appointment = Appointment.objects.get(patient=jordan, status=AppointmentStatus.BOOKED)
    assert appointment.start == offers[1]
    assert appointment.source_channel == SourceChannel.CHAT
    assert AuditEvent.objects.filter(action="book", patient=jordan).exists()
    conversation = chat.conversation
    assert conversation.patient == jordan and conversation.verified_at is not None
    assert conversation.state.get("flow") is None
    assert conversation.messages.filter(direction="in").count() == 3
    assert conversation.messages.filter(direction="out", author="assistant").count() == 4


def test_the_three_offers_are_the_earliest_free_times(clinic, jordan, chat):
    from mojoe.scheduling.selectors import slot_search

    chat.send("book an appointment")
    chat.send(JORDAN)
    today = timezone.localdate()
    expected = slot_search(
        practice=clinic.practice,
        appointment_type=clinic.visit,
        start_date=today,
        end_date=today + timedelta(days=7),
    )
    expected_starts = sorted({s.start for s in expected})[:3]
    assert _offered_starts(chat) == expected_starts


def test_preferences_in_the_first_message_shape_the_offers(clinic, jordan, chat):
    chat.send("can I see Dr. Okafor next week in the afternoon?")
    chat.send(JORDAN)
    offers = _offered_starts(chat)
    state = chat.conversation.state["data"]
    assert state["provider"] == str(clinic.other_provider.pk)
    assert all(o.astimezone(clinic.tz).hour >= 12 for o in offers)
    assert {o["provider"] for o in state["offers"]} == {str(clinic.other_provider.pk)}


def test_a_time_taken_meanwhile_is_offered_again(clinic, jordan, chat):
    chat.send("I want to book")
    chat.send(JORDAN)
    first = _offered_starts(chat)[0]
    # Someone else takes that time with every provider while Jordan is choosing.
    for provider in (clinic.provider, clinic.other_provider):
        appointment_book(
            actor=_assistant(clinic),
            patient=testing.make_patient(clinic.practice),
            provider=provider,
            appointment_type=clinic.visit,
            start=first,
        )
    reply = chat.send("1")
    assert "just taken" in reply
    assert first not in _offered_starts(chat)
    assert not Appointment.objects.filter(patient=jordan).exists()


def test_cancel_then_decline_another_time(clinic, jordan, chat):
    appointment = _book_for_jordan(clinic)
    reply = chat.send("I need to cancel my appointment")
    assert "full name and date of birth" in reply
    reply = chat.send(JORDAN)
    assert "Cancel your Office visit" in reply and "Reply YES" in reply
    reply = chat.send("yes")
    assert "is cancelled" in reply and "book another time" in reply
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert chat.send("no thanks").startswith("All right")


def test_cancel_asks_which_when_there_are_several(clinic, jordan, chat):
    first = _book_for_jordan(clinic, days=3)
    second = _book_for_jordan(clinic, days=5)
    chat.send("cancel my appt")
    reply = chat.send(JORDAN)
    assert "Which appointment?" in reply
    reply = chat.send("2")
    assert "Cancel your Office visit" in reply
    chat.send("YES")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == AppointmentStatus.BOOKED
    assert second.status == AppointmentStatus.CANCELLED


def test_keeping_the_appointment_changes_nothing(clinic, jordan, chat):
    appointment = _book_for_jordan(clinic)
    chat.send("cancel my appointment")
    chat.send(JORDAN)
    assert "kept your appointment" in chat.send("no, keep it")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_reschedule_moves_the_appointment(clinic, jordan, chat):
    old = _book_for_jordan(clinic, days=6)
    chat.send("I need to reschedule my appointment")
    reply = chat.send(JORDAN)
    assert "Let's move your Office visit" in reply
    offers = _offered_starts(chat)
    reply = chat.send("the first one")
    assert "Done: your Office visit is moved" in reply
    old.refresh_from_db()
    assert old.status == AppointmentStatus.CANCELLED
    new = Appointment.objects.get(patient=jordan, status=AppointmentStatus.BOOKED)
    assert new.start == offers[0] and new.rescheduled_from == old


def test_confirm_and_next_appointment(clinic, jordan, chat):
    appointment = _book_for_jordan(clinic, days=4)
    chat.send("when is my next appointment?")
    reply = chat.send(JORDAN)
    assert "Your upcoming appointments" in reply and "Office visit" in reply
    assert AuditEvent.objects.filter(action="read", object_id=str(appointment.pk)).exists()
    reply = chat.send("I want to confirm my appointment")
    assert "you're confirmed" in reply
    appointment.refresh_from_db()
    assert appointment.confirmed_at is not None


def test_refill_collects_medication_and_pharmacy_then_tasks_the_nurses(clinic, jordan, chat):
    chat.send("I need a refill")
    reply = chat.send(JORDAN)
    assert "Which medication" in reply
    reply = chat.send("lisinopril 10 mg")
    assert "Which pharmacy" in reply
    reply = chat.send("CVS on Main Street")
    assert "refill request to our nurses" in reply
    task = Task.objects.get(kind="refill")
    assert task.team == "nurse" and task.patient == jordan
    assert task.conversation == chat.conversation
    assert "lisinopril" in task.summary.lower() and "cvs" in task.summary.lower()


def test_refill_named_in_one_message_needs_no_questions(clinic, jordan, chat):
    chat.send("can you send a refill of my metformin to the Walgreens on Elm St")
    reply = chat.send(JORDAN)
    assert "refill request" in reply
    assert Task.objects.filter(kind="refill", patient=jordan).count() == 1


def test_unverified_caller_learns_nothing_and_is_handed_to_staff(clinic, jordan, chat):
    _book_for_jordan(clinic, days=4)
    reply = chat.send("what time is my appointment?")
    assert "full name and date of birth" in reply
    for attempt in ("Jordan Lee 02/02/1990", "Jordan Lee, 03/03/1979", "Jordan Lee 1/1/1981"):
        reply = chat.send(attempt)
        assert "Office visit" not in reply and "Rivera" not in reply and "AM" not in reply
    assert "couldn't verify your identity" in reply
    conversation = chat.conversation
    assert conversation.status == ConversationStatus.HANDED_OFF
    assert conversation.patient is None
    assert Task.objects.filter(kind="conversation", conversation=conversation).exists()
    assert chat.send("hello?") == ""  # staff have it now


def test_a_wrong_name_with_the_right_birth_date_does_not_verify(clinic, jordan, chat):
    chat.send("when is my appointment")
    reply = chat.send("Jordan Smith 01/01/1980")
    assert "couldn't match" in reply
    assert chat.conversation.patient is None


def test_emergency_in_the_middle_of_a_booking(clinic, jordan, chat):
    chat.send("book me an appointment")
    chat.send(JORDAN)
    assert chat.conversation.state["step"] == "pick_slot"
    reply = chat.send("wait, my chest is crushing and I can't breathe")
    assert "911" in reply
    task = Task.objects.get(kind="emergency")
    assert task.priority == "stat" and task.team == "nurse"
    assert task.conversation == chat.conversation and task.patient == jordan
    conversation = chat.conversation
    assert conversation.flagged and conversation.state == {}
    chat.send("1")
    assert not Appointment.objects.filter(patient=jordan).exists()


def test_spanish_booking(clinic, jordan, chat):
    reply = chat.send("Hola, quiero hacer una cita para mañana por la tarde")
    assert "nombre completo" in reply
    reply = chat.send("Jordan Lee, 01/01/1980")
    assert "Gracias, Jordan" in reply
    assert "Responda 1, 2 o 3" in reply
    offers = _offered_starts(chat)
    assert all(o.astimezone(clinic.tz).hour >= 12 for o in offers)
    reply = chat.send("la primera")
    assert "Su cita quedó reservada" in reply
    assert Appointment.objects.get(patient=jordan).start == offers[0]


def test_asking_for_a_person_hands_off_and_the_assistant_goes_quiet(clinic, chat):
    reply = chat.send("can I talk to a real person please")
    assert "take over" in reply
    conversation = chat.conversation
    assert conversation.status == ConversationStatus.HANDED_OFF
    assert Task.objects.filter(conversation=conversation, team="front_desk").exists()
    assert chat.send("I want to book an appointment") == ""


def test_two_misunderstandings_in_a_row_hand_off(clinic, chat):
    assert "didn't quite get that" in chat.send("qwzx plorb vrenk")
    assert "take over" in chat.send("zzz qqq blorp")
    assert chat.conversation.status == ConversationStatus.HANDED_OFF


def test_greetings_are_not_misunderstandings(clinic, chat):
    assert "virtual assistant" in chat.send("hello")
    assert "virtual assistant" in chat.send("hi")
    assert chat.conversation.status == ConversationStatus.ASSISTANT


def test_stop_start_help(clinic, chat):
    assert "unsubscribed" in chat.send("STOP")
    from mojoe.messaging.models import ChannelOptOut

    assert ChannelOptOut.objects.filter(address=chat.conversation.address).exists()
    assert "(617) 555" in chat.send("HELP") or "Call" in chat.send("HELP")
    assert "subscribed again" in chat.send("START")
    assert not ChannelOptOut.objects.filter(address=chat.conversation.address).exists()


def test_new_patient_books_and_is_registered_with_the_booking(clinic, chat):
    chat.send("I'd like to make an appointment")
    reply = chat.send("Alex Newman 05/06/1990")
    assert "reply NEW" in reply
    reply = chat.send("new")
    assert "full name, date of birth and the best phone" in reply
    assert not Patient.objects.filter(family_name="Newman").exists()
    reply = chat.send("Alex Newman, 05/06/1990, 617-555-0199")
    assert "earliest times" in reply
    assert not Patient.objects.filter(family_name="Newman").exists()
    reply = chat.send("3")
    assert "You're booked" in reply
    patient = Patient.objects.get(family_name="Newman")
    assert patient.given_name == "Alex" and patient.phone_mobile == "+16175550199"
    assert str(patient.birth_date) == "1990-05-06"
    assert Appointment.objects.filter(patient=patient, source_channel=SourceChannel.CHAT).count() == 1
    assert chat.conversation.patient == patient


def test_sms_sender_is_identified_by_phone_and_verified_by_birth_date(clinic, jordan):
    from mojoe.assistant.services import assistant_handle
    from mojoe.messaging.services import conversation_for_address

    conversation = conversation_for_address(
        practice=clinic.practice, channel="sms", address=jordan.phone_mobile
    )
    replies = assistant_handle(conversation=conversation, body="need to book a visit")
    assert "confirm your date of birth" in replies[0]
    replies = assistant_handle(conversation=conversation, body="1/1/1980")
    assert "Thank you, Jordan" in replies[0]
    # The same message delivered twice by the provider is answered once.
    first = assistant_handle(conversation=conversation, body="1", provider_id="SM123")
    again = assistant_handle(conversation=conversation, body="1", provider_id="SM123")
    assert first and again == []
    assert Message.objects.filter(provider_id="SM123").count() == 1
    assert Appointment.objects.filter(patient=jordan).count() == 1


def test_urgent_clinical_question_goes_to_the_nurse_without_advice(clinic, jordan, chat):
    chat.send("my fever has been 103 for three days and I'm getting worse, what should I take?")
    tasks = Task.objects.filter(team="nurse")
    assert tasks.count() == 1 and tasks.get().priority == "urgent"
    assert "nurse" in "\n".join(chat.replies)


def test_conversations_of_one_practice_are_not_continued_at_another(clinic, outsider_practice, chat):
    chat.send("hello")
    response = Client().post(
        f"/p/{outsider_practice.slug}/chat/messages",
        {"text": "hello", "token": chat.token},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert Conversation.objects.filter(practice=outsider_practice).count() == 1
    assert Conversation.objects.filter(practice=clinic.practice).count() == 1


def test_a_refusal_the_flow_did_not_expect_hands_off_and_keeps_the_message(clinic, jordan, chat):
    chat.send("book an appointment")
    chat.send(JORDAN)
    clinic.provider.active = clinic.other_provider.active = False
    clinic.provider.save()
    clinic.other_provider.save()
    reply = chat.send("1")
    assert "take over" in reply
    conversation = chat.conversation
    assert conversation.status == ConversationStatus.HANDED_OFF
    assert conversation.messages.filter(direction="in", body="1").exists()
    task = Task.objects.get(conversation=conversation, kind="conversation")
    assert "not taking appointments" in task.summary
    assert not Appointment.objects.filter(patient=jordan).exists()


def test_a_conversation_left_idle_starts_over(clinic, jordan, chat):
    chat.send("book an appointment")
    chat.send(JORDAN)
    three_hours_ago = timezone.now() - timedelta(hours=3)
    Message.objects.filter(conversation=chat.conversation).update(created_at=three_hours_ago)
    Conversation.objects.filter(pk=chat.conversation.pk).update(last_message_at=three_hours_ago)
    reply = chat.send("1")  # yesterday's offer is stale, and whoever writes must verify again
    assert not Appointment.objects.filter(patient=jordan).exists()
    assert "You're booked" not in reply
    assert chat.conversation.verified_at is None


def test_office_questions_are_answered_from_the_practices_own_facts(clinic, chat):
    from mojoe.practices.models import OfficeFacts

    OfficeFacts.objects.create(
        practice=clinic.practice,
        parking="Free parking behind the building.",
        insurances_accepted="Aetna\nCigna",
    )
    assert "Free parking behind the building" in chat.send("where can I park?")
    hours = chat.send("what are your hours?")
    assert "9:00" in hours
    assert "Aetna" in chat.send("do you take Aetna?")
    assert "horario" in chat.send("¿Cuál es su horario de atención?").lower() or "9:00" in chat.replies[0]
    # Nothing of this needed a verified patient, and nobody was asked who they are.
    assert chat.conversation.patient is None
    assert not Task.objects.exists()


def test_with_the_optional_llm_the_flows_use_its_understanding(clinic, jordan, chat, llm_on):
    from django.test import override_settings

    from mojoe.assistant.tests.test_llm import understanding

    day = timezone.localdate() + timedelta(days=9)
    wish = understanding(
        "book",
        when={"date": day.isoformat(), "time": None, "part_of_day": "afternoon"},
        provider_id=str(clinic.other_provider.pk),
    )
    llm_on.answer(wish)  # the first message
    llm_on.answer(understanding("other"))  # the name and birth date
    llm_on.answer(wish)  # the first message again, resumed once verified
    with override_settings(MOJOE_LLM_PHRASE=False):
        chat.send("cd u fit me in w the other doc on that day, arvo pls")
        chat.send(JORDAN)
    offers = _offered_starts(chat)
    assert {o.astimezone(clinic.tz).date() for o in offers} == {day}
    assert all(o.astimezone(clinic.tz).hour >= 12 for o in offers)
    assert chat.conversation.state["data"]["provider"] == str(clinic.other_provider.pk)
    assert len(llm_on.requests) == 3


def test_the_llm_cannot_turn_an_emergency_into_a_booking(clinic, jordan, chat, llm_on):
    llm_on.answer({"intent": "book", "urgency": "routine", "when": {}, "entities": {}})
    reply = chat.send("my husband collapsed and is not breathing")
    assert "911" in reply
    assert Task.objects.filter(kind="emergency", priority="stat").exists()


def test_a_closed_day_is_said_and_the_next_times_offered(clinic, jordan, chat):
    from mojoe.scheduling.models import Holiday

    closed = timezone.localdate() + timedelta(days=10)
    Holiday.objects.create(practice=clinic.practice, date=closed, name="Staff training")
    chat.send(f"I'd like an appointment on {closed:%B} {closed.day}")
    reply = chat.send(JORDAN)
    assert "I found nothing on" in reply
    offers = _offered_starts(chat)
    assert all(o.astimezone(clinic.tz).date() > closed for o in offers)


def test_asking_for_a_day_offers_that_day(clinic, jordan, chat):
    wanted = timezone.localdate() + timedelta(days=12)
    chat.send(f"can I come in on {wanted:%B} {wanted.day} in the morning?")
    chat.send(JORDAN)
    offers = _offered_starts(chat)
    assert {o.astimezone(clinic.tz).date() for o in offers} == {wanted}
    assert all(o.astimezone(clinic.tz).hour < 12 for o in offers)


def test_the_patient_is_told_the_team_the_practice_routes_to(clinic, jordan, chat):
    from mojoe.inbox.models import RoutingRule

    RoutingRule.objects.create(practice=clinic.practice, kind="billing", team="front_desk")
    chat.send("I was charged twice for my last visit, can someone check?")
    reply = chat.send(JORDAN)
    assert "to our front desk" in reply
    assert Task.objects.get(kind="billing").team == "front_desk"
