"""Receiving texts, whatever brought them (Twilio's webhook, the dev outbox's form, the demo's seed): the
practice a number reaches, and a patient's text stored once and answered by the assistant."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction

from mojoe.assistant.services import assistant_handle
from mojoe.core.statements import RowLookup
from mojoe.messaging.attachments import IncomingAttachment
from mojoe.messaging.models import ConversationChannel
from mojoe.messaging.services import clean_body, conversation_for_address
from mojoe.practices.models import Practice

_PRACTICE_BY_NUMBER = RowLookup(Practice, by=("sms_number",))  # every inbound text asks it


def practice_for_number(number: str) -> Practice | None:
    """The practice patients reach at this number: the one whose SMS number it is; else, when it is
    MOJOE_TWILIO_FROM, the only practice without a number of its own (with several, nobody can tell)."""
    practice = _PRACTICE_BY_NUMBER.first(sms_number=number) if number else None
    if practice is None and number == settings.MOJOE_TWILIO_FROM:
        candidates = list(Practice.objects.filter(sms_number="")[:2])
        practice = candidates[0] if len(candidates) == 1 else None
    return practice


def sms_receive(
    *,
    practice: Practice,
    sender: str,
    body: str,
    provider_id: str | None,
    attachments: Sequence[IncomingAttachment] = (),
) -> list[str]:
    """A patient's text (with its pictures, if an MMS): stored once under its provider id, answered by the
    assistant, the replies queued.

    The same text delivered twice, even at the same moment to two web processes, is stored and answered
    once: the message's provider id is unique, and the copy that loses the race finds the first one's
    conversation and message (see `conversation_for_address`, `message_receive`) and answers nothing.
    Returns the replies (none for a repeat).
    """
    body = clean_body(body, empty_allowed=bool(attachments))  # refused before anything is written
    with transaction.atomic():
        conversation = conversation_for_address(
            practice=practice, channel=ConversationChannel.SMS, address=sender
        )
        return assistant_handle(
            conversation=conversation, body=body, provider_id=provider_id, attachments=attachments
        )
