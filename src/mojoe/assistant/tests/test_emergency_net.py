"""The learned second net for emergencies: what the patient and the nurses get, and its figures.

The net (`nlu.emergency_net`) never says "emergency" (only the screen, rules then red flags, does); when it
suspects one that the screen missed, the patient is told to call 911 (988) if this is an emergency and a
nurse is asked to call as soon as possible, and the conversation goes on.
"""

from __future__ import annotations

from datetime import date

import pytest

from mojoe.assistant.nlu.classifier import load_corpus
from mojoe.assistant.nlu.emergency_net import MAX_CV_FALSE_ALARMS, THRESHOLD, emergency_net
from mojoe.assistant.red_flags import suspected_emergency
from mojoe.assistant.safety import SUSPECTED_REPLIES, screen
from mojoe.assistant.tests.chat import JORDAN
from mojoe.inbox.models import Task
from mojoe.scheduling.models import Appointment, AppointmentStatus

# Written for these tests (not from the corpus or the blind check set): everyday wordings the screen (rules, red flags) misses.
# (Earlier English ones, such as "feels like an elephant is sitting on me and my left arm is numb", are now
# the red flags' and get the 911 answer.)
SUSPECTED = [
    ("en", "my husband is slumped over in the car and won't answer"),
    ("es", "mi papá está muy pálido y sudando frío, dice que le duele mucho"),
    ("es", "mi esposo está muy mal, no puede ni hablar"),
    ("es", "mi mamá está tirada en el piso y no contesta"),
    ("es", "ya no aguanto más, tengo la cuerda lista"),
]
ROUTINE = [
    "I'd like to book a physical next month",
    "can you refill my metformin at the CVS on Main",
    "what time do you open on Saturday?",
    "my chest xray results came back, can someone explain them",
    "quiero una cita para la próxima semana",
]


@pytest.mark.parametrize(("lang", "text"), SUSPECTED)
def test_the_net_suspects_what_the_screen_misses(lang, text):
    # If the rules or the red flags learn one of these wordings, replace it by one they still miss.
    assert not screen(text, language=lang).is_emergency
    assert emergency_net().check(text).suspected


@pytest.mark.parametrize(("lang", "text"), SUSPECTED)
def test_a_suspected_emergency_gets_the_call_911_answer_and_an_asap_nurse_task(clinic, chat, lang, text):
    reply = chat.send(text)
    assert chat.replies[0] == SUSPECTED_REPLIES[lang]
    assert "911" in reply and "988" in reply
    task = Task.objects.get(team="nurse")
    assert task.priority == "asap" and task.kind == "emergency"
    assert task.summary.startswith("Possible emergency")
    assert task.details == text and task.conversation == chat.conversation
    message = chat.conversation.messages.get(direction="in")
    assert message.urgency == "urgent"  # only the rules call an emergency
    assert not chat.conversation.flagged


def test_the_conversation_goes_on_after_a_suspected_emergency(clinic, chat):
    clinic.patient.birth_date = date(1980, 1, 1)
    clinic.patient.save()
    reply = chat.send("dad is slumped over at the table and won't answer me, can we come in today?")
    assert chat.replies[0] == SUSPECTED_REPLIES["en"]
    assert "full name and date of birth" in reply  # the booking starts as well
    assert Task.objects.get(team="nurse").priority == "asap"
    assert not chat.conversation.flagged
    assert "earliest times" in chat.send(JORDAN)
    chat.send("1")
    assert Appointment.objects.filter(patient=clinic.patient, status=AppointmentStatus.BOOKED).exists()


def test_a_suspected_emergency_in_the_middle_of_a_booking_is_answered(clinic, chat):
    clinic.patient.birth_date = date(1980, 1, 1)
    clinic.patient.save()
    chat.send("book me an appointment")
    chat.send(JORDAN)
    assert chat.conversation.state["step"] == "pick_slot"
    chat.send("my husband is slumped over in the car and won't answer")
    assert chat.replies[0] == SUSPECTED_REPLIES["en"]
    assert Task.objects.get(team="nurse").priority == "asap"
    # Not an emergency by the rules: the conversation is not flagged or wiped, the patient stays verified.
    conversation = chat.conversation
    assert not conversation.flagged and conversation.verified_at is not None


@pytest.mark.parametrize("text", ROUTINE)
def test_routine_messages_raise_no_suspicion(clinic, chat, text):
    reply = chat.send(text)
    assert SUSPECTED_REPLIES["en"] not in reply and SUSPECTED_REPLIES["es"] not in reply
    assert not Task.objects.filter(kind="emergency").exists()
    assert not emergency_net().check(text).suspected
    assert suspected_emergency(text) is None


def test_rule_emergencies_keep_the_911_answer_and_a_stat_task(clinic, chat):
    reply = chat.send("my son can't breathe, his lips are blue")
    assert "call 911 now" in reply and SUSPECTED_REPLIES["en"] not in reply
    assert Task.objects.get(kind="emergency").priority == "stat"


# --- Figures on the corpus's held-out test split -----------------------------------------------------------
# Trained on the train split alone: 61/72 caught, 19/491 false alarms. With the first three check sets added to
# its training data: 61/72 and 12/491; with the first four: 58/72 and 10/491; with five: 57/72 and 9/491; with
# six: 56/72 and 10/491.


def test_the_net_on_the_corpus_test_split():
    net = emergency_net()
    test = [row for row in load_corpus() if row["split"] == "test"]
    emergencies = [row for row in test if row["urgency"] == "emergency"]
    others = [row for row in test if row["urgency"] != "emergency"]
    caught = sum(net.check(row["text"]).suspected for row in emergencies)
    false_alarms = sum(net.check(row["text"]).suspected for row in others)
    assert (len(emergencies), len(others)) == (72, 491)
    assert caught >= 56  # 77.8%
    assert false_alarms <= 10  # 2.0%
    # Screen or net: every emergency of the test split still caught.
    missed = [
        row["text"]
        for row in emergencies
        if not (screen(row["text"], language=row["lang"]).is_emergency or net.check(row["text"]).suspected)
    ]
    assert missed == []


def test_the_threshold_is_the_one_cross_validation_chose():
    from mojoe.assistant.nlu.emergency_net import choose_threshold, cross_validation_table, training_rows

    grid = [round(-1.0 + 0.05 * i, 2) for i in range(31)]
    table = cross_validation_table(training_rows(), grid)
    assert choose_threshold(table) == THRESHOLD
    assert {t: fa for t, _, fa in table}[THRESHOLD] <= MAX_CV_FALSE_ALARMS


def test_a_possible_emergency_is_answered_even_after_stop(clinic):
    from mojoe.assistant.services import assistant_handle
    from mojoe.messaging.models import ChannelOptOut, OutboxMessage, OutboxStatus
    from mojoe.messaging.outbox import outbox_deliver
    from mojoe.messaging.services import conversation_for_address

    number = "+16175550188"
    ChannelOptOut.objects.create(practice=clinic.practice, channel="sms", address=number)
    conversation = conversation_for_address(practice=clinic.practice, channel="sms", address=number)
    lang, text = SUSPECTED[0]
    replies = assistant_handle(conversation=conversation, body=text)
    assert replies == [SUSPECTED_REPLIES[lang]]
    row = OutboxMessage.objects.get(conversation=conversation)
    assert row.compliance
    assert outbox_deliver(row.pk) == OutboxStatus.DELIVERED
    assert Task.objects.filter(priority="asap", team="nurse").exists()
