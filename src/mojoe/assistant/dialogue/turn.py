"""One inbound message through the assistant, in the order that keeps patients safe.

1. The safety screen, on every message, whatever state the conversation is in: an emergency gets the
   911 / 988 answer at once, an alert for the nurses, and the conversation flagged; nothing else happens.
2. Carrier keywords (STOP, START, HELP) are honoured on the channel and address they came from.
3. A conversation handed to staff stays with them: the assistant stays silent until they hand it back.
4. The message is understood; the step the assistant is waiting on gets the first look at it; otherwise
   the intent starts a flow. Whatever touches the patient's record waits for them to be verified.
5. Two misunderstandings in a row, or a request for a person, hand the conversation to staff.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ObjectDoesNotExist

from mojoe.assistant.dialogue import appointments, booking, identity, requests
from mojoe.assistant.dialogue.context import Turn
from mojoe.assistant.dialogue.replies import lang_of, say
from mojoe.assistant.llm import understand_message
from mojoe.assistant.llm_phrasing import phrase_reply
from mojoe.assistant.nlu.engine import START_KEYWORDS, STOP_KEYWORDS, carrier_keyword
from mojoe.assistant.safety import SafetyResult, detect_language
from mojoe.assistant.services import safety_alert, safety_screen
from mojoe.core.context import Actor, Channel
from mojoe.core.errors import MojoeError
from mojoe.core.transactions import savepoint_before_first_write
from mojoe.inbox.models import Priority
from mojoe.inbox.services import task_create
from mojoe.messaging.models import Conversation, ConversationStatus
from mojoe.messaging.services import is_opted_out, opt_out_set
from mojoe.patients.models import fold
from mojoe.practices.office import format_phone, office_info_answer, office_info_topics
from mojoe.practices.snapshot import PracticeSnapshot, practice_snapshot

logger = logging.getLogger(__name__)
MAX_MISUNDERSTOOD = 2
# Below this margin the intent model is guessing (nonsense, a bare name and date): treat it as not understood
# rather than start a flow the patient never asked for.
GUESSING = -0.3
NEEDS_IDENTITY = frozenset(
    {"book", "cancel", "reschedule", "confirm", "appointment_info", *requests.REQUEST_INTENTS}
)
_GREETINGS = frozenset(
    [
        "hi",
        "hello",
        "hey",
        "hiya",
        "good",
        "morning",
        "afternoon",
        "evening",
        "there",
        "hola",
        "buenos",
        "buenas",
        "dias",
        "tardes",
        "noches",
    ]
)
_THANKS = frozenset(
    [
        "thanks",
        "thank",
        "you",
        "thx",
        "ty",
        "great",
        "ok",
        "okay",
        "perfect",
        "gracias",
        "muchas",
        "mil",
        "perfecto",
    ]
)
# After this long without a message the conversation starts over: offers made yesterday are stale, and
# whoever holds the phone or the browser now proves who they are again.
IDLE_RESET = timedelta(hours=2)
# While the assistant waits for free text (a medication, a description, a name), only these switch flows.
_FREE_TEXT_STEPS = frozenset({"identify", "newcomer", "ask_medication", "ask_pharmacy", "ask_details"})


# What a turn may change on the conversation, which its caller saves (see dialogue_act).
TURN_FIELDS = ("state", "language", "flagged", "status", "patient", "verified_at", "updated_at")


@dataclass
class Reading:
    """What the assistant made of an inbound message before anything is written: the message is stored
    with its intent and urgency (see assistant_handle), then `dialogue_act` acts on it."""

    text: str
    actor: Actor
    safety: SafetyResult
    keyword: str | None = None  # a carrier keyword (STOP, HELP…) the message consists of
    opted_out: bool = False  # the address said STOP before and writes again
    turn: Turn | None = None  # the message understood, when the assistant's flows are to read it

    @property
    def urgency(self) -> str:
        return self.safety.urgency

    @property
    def intent(self) -> str:
        """What is recorded on the message: blank when nobody but staff will read it."""
        if self.safety.is_emergency:
            return ""
        if self.keyword:
            return "opt_out"
        return self.turn.understanding.intent if self.turn is not None and not self.opted_out else ""


def dialogue_read(*, conversation: Conversation, text: str, now: datetime) -> Reading:
    """Read one inbound message (the safety screen, a carrier keyword, understanding), writing nothing.

    The conversation instance may change (its language, its state forgotten after a long pause); its caller
    saves it after `dialogue_act`, or drops the change with a repeated message.
    """
    practice = conversation.practice
    _forget_if_idle(conversation, now)
    if conversation.state.get("step") not in ("identify", "newcomer"):
        _follow_language(conversation, text)  # a name and a birth date say nothing of the language
    reading = Reading(
        text=text,
        actor=Actor.system(practice, Channel.ASSISTANT),
        safety=safety_screen(text, language=conversation.language),
    )
    if reading.safety.is_emergency:
        return reading
    reading.keyword = carrier_keyword(text)
    if reading.keyword or conversation.status == ConversationStatus.HANDED_OFF:
        return reading
    reading.opted_out = is_opted_out(
        practice=practice, channel=conversation.channel, address=conversation.address
    )
    if reading.opted_out or text:  # a picture alone: nothing to understand
        reading.turn = _turn(conversation, text, now, reading.actor, reading.safety)
    return reading


def dialogue_act(*, conversation: Conversation, reading: Reading, attachments: int = 0) -> list[str]:
    """Answer a message read by `dialogue_read` (and stored since) and return the replies.

    The conversation's changes (TURN_FIELDS) are left on the instance for the caller to save, once, with the
    time of the turn's last message (`assistant_handle`). `attachments` counts the pictures or files that
    came with the message: the assistant cannot read them, so a person gets a task to look at them.
    """
    safety, text = reading.safety, reading.text
    safety_alert(
        actor=reading.actor,
        result=safety,
        text=text,
        patient=conversation.patient if conversation.is_verified else None,
        conversation=conversation,
    )
    if safety.is_emergency:
        conversation.flagged = True
        conversation.state = {}
        return [safety.reply]
    # A suspected emergency (the learned net, see safety_screen): its answer goes first, as written, and
    # the conversation goes on.
    alert = [safety.reply] if safety.reply else []
    if reading.keyword:
        return _carrier_keyword(conversation, reading.keyword)
    if conversation.status == ConversationStatus.HANDED_OFF:
        return alert
    turn = reading.turn
    if reading.opted_out:
        # They said STOP and wrote again: a person reads it rather than the assistant answering.
        # A possible emergency is still answered: the 911 advice outweighs the opt-out (see assistant_handle).
        _hand_off(turn, "Patient who opted out wrote again", silent=True)
        return alert
    if attachments:
        alert += _attachments_received(conversation, reading.actor, text, attachments)
        if not text:
            return alert
    if safety.urgency == "urgent" and not alert:
        turn.say("urgent_noted")
    _respond_or_hand_off(turn, urgent_alerted=safety.urgency == "urgent")
    return alert + [
        phrase_reply(reply, language=turn.language, channel=conversation.channel) for reply in turn.replies
    ]


def _attachments_received(conversation: Conversation, actor: Actor, text: str, count: int) -> list[str]:
    """A task for whoever handles what patients send (the front desk unless routed elsewhere), and the
    patient told that a person will look at it."""
    task_create(
        actor=actor,
        kind="attachment",
        summary=f"Patient sent {count} attachment{'s' if count > 1 else ''} by "
        f"{conversation.get_channel_display().lower()}: look and answer",
        patient=conversation.patient if conversation.is_verified else None,
        conversation=conversation,
        details=text,
    )
    return [say("attachment_received", lang_of(conversation.language))]


def _forget_if_idle(conversation: Conversation, now: datetime) -> None:
    # The instance still holds the time of the message before this one (receiving updates the row only).
    previous = conversation.last_message_at
    if previous is not None and now - previous > IDLE_RESET:
        conversation.state = {}
        conversation.verified_at = None


def _respond_or_hand_off(turn: Turn, *, urgent_alerted: bool) -> None:
    """Answer; if a service refuses something the flow did not expect, a person takes over, nothing is lost."""
    conversation = turn.conversation
    before = (conversation.patient, conversation.verified_at)
    try:
        # Most answers only read: the savepoint that undoes a half-done request is taken at its first write.
        with savepoint_before_first_write():
            _respond(turn, urgent_alerted=urgent_alerted)
    except (MojoeError, ObjectDoesNotExist) as error:
        # e.g. the provider stopped taking appointments, or the visit type was removed, since the offer.
        detail = getattr(error, "detail", "something it offered no longer exists")
        logger.warning(
            "Assistant handed a conversation to staff: %s", getattr(error, "code", type(error).__name__)
        )
        conversation.patient, conversation.verified_at = before
        turn.replies.clear()
        _hand_off(turn, f"The assistant could not finish a request: {detail}")


def _turn(
    conversation: Conversation,
    text: str,
    now: datetime,
    actor: Actor,
    safety: SafetyResult | None = None,
    snapshot: PracticeSnapshot | None = None,
) -> Turn:
    practice = conversation.practice
    # The providers' and visit types' names, which understanding matches against, and the office facts the
    # turn may answer from: the practice's snapshot, current as of this message (see practices.snapshot).
    snapshot = snapshot or practice_snapshot(practice)
    # The local engine, or the optional LLM under the local safety screen's rules (see assistant.llm).
    understood = understand_message(
        text,
        now=now.astimezone(practice.tz),
        time_zone=practice.tz,
        providers=list(snapshot.providers),
        appointment_types=list(snapshot.appointment_types),
        language=conversation.language,
        safety=safety,
    )
    if understood.confidence is not None and understood.confidence < GUESSING:
        understood.intent = "other"
    return Turn(
        conversation=conversation,
        text=text,
        understanding=understood,
        now=now,
        actor=actor,
        snapshot=snapshot,
    )


def _follow_language(conversation: Conversation, text: str) -> None:
    """Answer in the language the patient writes; a two-word reply ("2", "yes") does not change it."""
    words = re.findall(r"[^\W\d_]+", text)
    if len(words) >= 3 or (words and fold(words[0]) in {"hola", "buenas", "buenos", "gracias"}):
        conversation.language = detect_language(text)


def _carrier_keyword(conversation: Conversation, keyword: str) -> list[str]:
    practice = conversation.practice
    lang = lang_of(conversation.language)
    if keyword in STOP_KEYWORDS:
        opt_out_set(
            practice=practice, channel=conversation.channel, address=conversation.address, opted_out=True
        )
        return [say("stopped", lang, practice=practice.name)]
    if keyword in START_KEYWORDS:
        opt_out_set(
            practice=practice, channel=conversation.channel, address=conversation.address, opted_out=False
        )
        return [say("started", lang, practice=practice.name)]
    return [say("help", lang, practice=practice.name, phone=_phone(practice))]


def _phone(practice) -> str:
    return format_phone(practice.phone) if practice.phone else "the office"


# --- the conversation proper ------------------------------------------------------------------------------


def _respond(turn: Turn, *, urgent_alerted: bool) -> None:
    step = turn.step
    if step is not None:
        if step in _FREE_TEXT_STEPS and turn.understanding.intent == "speak_to_human":
            _hand_off(turn, "Patient asked for a person")
            return
        handled = _STEPS[step](turn)
        if handled is not False:
            turn.state["misunderstood"] = 0
            return
        intent = turn.understanding.intent
        if intent not in ("other", turn.flow) and not (turn.flow == "offer_book" and intent == "book"):
            _route(turn, intent, urgent_alerted=urgent_alerted)
            return
        _misunderstood(turn, reprompt=_REPROMPTS.get(step))
        return
    _route(turn, turn.understanding.intent, urgent_alerted=urgent_alerted)


def _route(turn: Turn, intent: str, *, urgent_alerted: bool) -> None:
    turn.finish()
    if intent == "clinical_question" and urgent_alerted:
        return  # the safety screen already sent it to the nurses as urgent, and said so
    if intent in ("office_info", "insurance") and _answer_office_question(turn, intent):
        turn.state["misunderstood"] = 0
        return
    if intent == "speak_to_human":
        _hand_off(turn, "Patient asked for a person")
        return
    if intent == "other":
        _small_talk_or_misunderstood(turn)
        return
    turn.state["misunderstood"] = 0
    if intent in NEEDS_IDENTITY and turn.patient is None:
        identity.identity_start(turn, resume={"intent": intent, "text": turn.text, "flow": intent})
        return
    _begin(turn, intent)


def _begin(turn: Turn, intent: str) -> None:
    if intent == "book":
        booking.booking_start(turn)
    elif intent in ("cancel", "reschedule", "confirm", "appointment_info"):
        appointments.appointments_start(turn, intent)
    elif intent in requests.REQUEST_INTENTS:
        requests.request_start(turn, intent)
    else:
        _small_talk_or_misunderstood(turn)


def _answer_office_question(turn: Turn, intent: str) -> bool:
    topics = office_info_topics(turn.text, turn.language, practice=turn.practice, snapshot=turn.snapshot)
    if intent == "insurance" and "insurance" not in topics:
        return False  # a question about their own coverage or bill, not whether we take a plan
    answer = office_info_answer(
        practice=turn.practice,
        text=turn.text,
        language=turn.language,
        now=turn.now,
        snapshot=turn.snapshot,
        topics=topics,
    )
    if answer is None and intent == "insurance":
        return False
    turn.add(answer or turn.text_for("office_unknown", phone=_phone(turn.practice)))
    return True


def _small_talk_or_misunderstood(turn: Turn) -> None:
    words = set(turn.words)
    if words and words <= _GREETINGS:
        turn.say("greeting", practice=turn.practice.name)
        turn.state["misunderstood"] = 0
    elif words and words <= _THANKS | {"you", "so", "much", "very"}:
        turn.say("thanks")
        turn.state["misunderstood"] = 0
    else:
        _misunderstood(turn, reprompt=None)


def _misunderstood(turn: Turn, *, reprompt: str | None) -> None:
    count = turn.state.get("misunderstood", 0) + 1
    turn.state["misunderstood"] = count
    if count >= MAX_MISUNDERSTOOD:
        _hand_off(turn, "The assistant did not understand the patient twice in a row")
        return
    turn.say(reprompt or "not_understood")


def _hand_off(turn: Turn, reason: str, *, silent: bool = False) -> None:
    """Give the conversation to staff: a task for the front desk, and the assistant goes quiet."""
    conversation = turn.conversation
    unverified = turn.state.get("identity", {}).get("tries", 0) >= identity.MAX_TRIES
    task_create(
        actor=turn.actor,
        kind="conversation",
        summary=reason,
        priority=Priority.ROUTINE,
        patient=turn.patient,
        conversation=conversation,
        details=turn.text,
    )
    conversation.status = ConversationStatus.HANDED_OFF
    turn.state.update(flow=None, step=None, data={}, misunderstood=0)
    if not silent:
        turn.say("handoff_unverified" if unverified else "handoff")


# --- steps ------------------------------------------------------------------------------------------------


def _identify(turn: Turn) -> bool | None:
    understood = turn.understanding
    if (
        understood.intent in NEEDS_IDENTITY
        and (understood.confidence or 0) >= 0
        and identity.birth_date_in(turn) is None
    ):
        # Not an answer but a (new) request while we wait for name and birth date: do that one once verified.
        turn.state["resume"] = {"intent": understood.intent, "text": turn.text, "flow": understood.intent}
        turn.say("ask_name_dob")
        return True
    # An office question needs no identity: answer it, then ask again what we were waiting for.
    office_question = understood.intent == "office_info" and (understood.confidence or 0) >= 0
    if office_question and _answer_office_question(turn, "office_info"):
        turn.say("ask_name_dob")
        return True
    verified = identity.identity_answer(turn)
    if verified is False:
        _hand_off(turn, "Could not verify the patient's identity after three tries")
        return True
    if verified:
        _resume(turn)
    return True


def _newcomer(turn: Turn) -> bool:
    if identity.newcomer_answer(turn):
        _resume(turn)
    return True


def _resume(turn: Turn) -> None:
    """Continue what the patient asked for before we verified them, with their first message's details."""
    resume = turn.state.pop("resume", None) or {}
    turn.state.pop("identity", None)
    intent = resume.get("intent")
    if not intent:
        turn.finish()
        return
    if turn.patient is None and intent != "book":
        turn.say("newcomer_needs_record")
        _hand_off(turn, "New patient needs a record before their request", silent=True)
        return
    original = _turn(turn.conversation, resume.get("text", ""), turn.now, turn.actor, snapshot=turn.snapshot)
    original.replies = turn.replies
    _begin(original, intent)


_STEPS: dict[str, Callable[[Turn], bool | None]] = {
    "identify": _identify,
    "newcomer": _newcomer,
    "pick_type": booking.pick_type,
    "pick_slot": booking.pick_slot,
    "pick_appointment": appointments.pick_appointment,
    "confirm_cancel": appointments.confirm_cancel,
    "offer_book": appointments.offer_book,
    "ask_medication": requests.request_answer,
    "ask_pharmacy": requests.request_answer,
    "ask_details": requests.request_answer,
}
_REPROMPTS = {
    "pick_slot": "pick_again",
    "confirm_cancel": "yes_or_no",
    "offer_book": "yes_or_no",
}
