"""What the assistant does with a safety finding: alert the clinical team, whatever else the message asks."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from mojoe.assistant.red_flags import suspected_emergency
from mojoe.assistant.safety import EMERGENCY, SUSPECTED, SUSPECTED_REPLIES, URGENT, SafetyResult, screen
from mojoe.core.context import Actor
from mojoe.core.statements import row_update
from mojoe.inbox.models import Priority, Team
from mojoe.inbox.services import task_create

# urgency -> (task kind, priority, summary, what to call it when the screen names no category).
# Routine messages create no alert.
_ALERTS = {
    "emergency": ("emergency", Priority.STAT, "Emergency reported ({}): call the patient now", "red flag"),
    "urgent": ("clinical_question", Priority.URGENT, "Same-day clinical question ({})", "urgent"),
    SUSPECTED: (
        "emergency",
        Priority.ASAP,
        "Possible emergency ({}): call the patient as soon as possible",
        "",
    ),
}


def safety_screen(text: str, *, language: str | None = None) -> SafetyResult:
    """Screen an inbound message, writing nothing (`safety_alert` then tells the nurses).

    When the screen (rules, then red flags) finds no emergency but the learned net suspects one
    (`red_flags.suspected_emergency`), the result is a suspected emergency: urgency "urgent", category
    `SUSPECTED`, `matched` naming the reason, and a reply (call 911 / 988 if this is an emergency; a nurse
    will call). Only the screen says "emergency". The assistant screens every message before anything else
    and sends `result.reply` at once when there is one: the 911 or 988 answer ends the turn, the
    suspected-emergency answer does not.
    """
    result = screen(text, language=language)
    if result.urgency != EMERGENCY:
        reason = suspected_emergency(text)
        if reason is not None:
            result = SafetyResult(
                URGENT, SUSPECTED, reason, result.language, SUSPECTED_REPLIES[result.language]
            )
    return result


def safety_alert(*, actor: Actor, result: SafetyResult, text: str, patient=None, conversation=None) -> None:
    """The nurses' task for a finding that needs one: immediate for an emergency, as soon as possible for a
    suspected one, same-day for an urgent one. It carries the patient's own words, so that the nurse calling
    back has them."""
    alert = _ALERTS.get(SUSPECTED if result.category == SUSPECTED else result.urgency)
    if alert is None:
        return
    kind, priority, summary, unnamed = alert
    task_create(
        actor=actor,
        kind=kind,
        team=Team.NURSE,
        priority=priority,
        patient=patient,
        conversation=conversation,
        summary=summary.format(
            result.matched if result.category == SUSPECTED else result.category or unnamed
        ),
        details=text,
    )


def assistant_warm_up() -> None:
    """Train the models and prepare the safety screen's tables now, a few seconds' work, rather than when the
    first message after a start arrives, whose patient would wait for it. The web server calls this in the
    background as it starts (mojoe.wsgi)."""
    from mojoe.assistant.nlu.engine import understand

    text = "Hello, can I book a checkup next week? I have had a cough since Monday."
    understand(text, now=timezone.now(), safety=safety_screen(text)).as_json()


def assistant_handle(
    *, conversation, body: str, provider_id: str | None = None, now=None, attachments=()
) -> list[str]:
    """One inbound message through the assistant: stored once, answered, the replies stored and returned.

    Every channel calls this. A message delivered twice (same provider id) is answered once. `attachments`
    (messaging.attachments.IncomingAttachment) are what came with it: pictures, which a person looks at.
    """
    from mojoe.assistant.dialogue.turn import TURN_FIELDS, dialogue_act, dialogue_read
    from mojoe.messaging.outbox import outbox_one_job
    from mojoe.messaging.services import clean_body, message_receive, message_send

    # Refused before the transaction, which then has no failure to survive.
    body = clean_body(body, empty_allowed=bool(attachments))
    # No savepoint inside a caller's transaction (the channels'): none of them catches a failure and carries
    # on in the same transaction.
    with transaction.atomic(savepoint=False), outbox_one_job():
        # Read first, so that the message is stored once with what was understood (a repeat, which is rare,
        # is read for nothing and answers nothing).
        reading = dialogue_read(conversation=conversation, text=body, now=now or timezone.now())
        message, created = message_receive(
            conversation=conversation,
            body=body,
            provider_id=provider_id,
            update_conversation=False,
            attachments=attachments,
            intent=reading.intent,
            urgency=reading.urgency,
        )
        if not created:
            return []
        replies = dialogue_act(conversation=conversation, reading=reading, attachments=len(attachments))
        # The STOP confirmation and the 911 answers (an emergency, or a possible one) reach even an address
        # that opted out.
        possible_emergency = bool(replies) and replies[0] in SUSPECTED_REPLIES.values()
        compliance = message.intent == "opt_out" or message.urgency == "emergency" or possible_emergency
        last = message
        for reply in replies:
            last = message_send(
                conversation=conversation, body=reply, compliance=compliance, update_conversation=False
            )
        # One UPDATE for all the turn changed on the conversation (the dialogue leaves it to us), with the
        # time of its last message.
        conversation.last_message_at = last.created_at
        row_update(conversation, [*TURN_FIELDS, "last_message_at"])
    return replies
