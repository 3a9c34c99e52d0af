"""Conversations and their messages: find or open a patient's thread, store what came in and went out."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence

from django.db import IntegrityError, transaction

from mojoe.audit.models import AuditAction
from mojoe.audit.services import audit_record
from mojoe.core.context import Actor
from mojoe.core.errors import Conflict, InvalidInput, NotFound
from mojoe.core.roles import Capability, role_can
from mojoe.core.statements import RowLookup, row_insert, row_insert_unless_duplicate
from mojoe.core.tenancy import get_in_practice
from mojoe.messaging.attachments import IncomingAttachment, attachments_record
from mojoe.messaging.channels.email import email_reply
from mojoe.messaging.models import (
    ChannelOptOut,
    Conversation,
    ConversationChannel,
    ConversationStatus,
    Message,
    MessageAttachment,
    MessageAuthor,
    MessageDirection,
)
from mojoe.messaging.outbox import outbox_enqueue
from mojoe.practices.models import Membership, Practice

MAX_MESSAGE_LENGTH = 2000


def webchat_token_new() -> str:
    return secrets.token_urlsafe(24)


def webchat_address(token: str) -> str:
    """What is stored for a web chat visitor: the hash of their token, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


# Asked for every inbound message, hence prepared statements (see core.statements).
_OPEN_CONVERSATION = RowLookup(
    Conversation, by=("practice", "channel", "address"), excluding={"status": ConversationStatus.CLOSED}
)
_OPT_OUT = RowLookup(ChannelOptOut, by=("practice", "channel", "address"))


def conversation_open(*, practice, channel: str, address: str) -> Conversation | None:
    """The open conversation on this channel and address, if there is one (there is one at most)."""
    return _OPEN_CONVERSATION.first(practice=practice, channel=channel, address=address)


def conversation_for_address(*, practice, channel: str, address: str) -> Conversation:
    """The open conversation on this channel and address, or a new one."""
    conversation = conversation_open(practice=practice, channel=channel, address=address)
    if conversation is None:
        conversation = Conversation(practice=practice, channel=channel, address=address)
        if not row_insert_unless_duplicate(conversation):
            # Two first messages at the same moment: the other one's transaction opened it while this insert
            # waited (PostgreSQL), and both messages belong there.
            conversation = conversation_open(practice=practice, channel=channel, address=address)
            if conversation is None:
                raise IntegrityError(
                    f"The open {channel} conversation with {address} vanished as it was opened"
                )
    if isinstance(practice, Practice):
        conversation.practice = practice  # the caller's instance, rather than a query for it on first use
    return conversation


def clean_body(body: str, *, empty_allowed: bool = False) -> str:
    """The message's text, trimmed; refused when empty (unless it brings a picture) or too long."""
    body = (body or "").replace("\x00", "").strip()
    if not body and not empty_allowed:
        raise InvalidInput("Write a message first.", code="empty_message")
    if len(body) > MAX_MESSAGE_LENGTH:
        raise InvalidInput(
            f"That message is too long ({len(body)} characters); please keep it under {MAX_MESSAGE_LENGTH}.",
            code="message_too_long",
        )
    return body


def message_receive(
    *,
    conversation: Conversation,
    body: str,
    provider_id: str | None = None,
    update_conversation: bool = True,
    attachments: Sequence[IncomingAttachment] = (),
    intent: str = "",
    urgency: str = "",
) -> tuple[Message, bool]:
    """Store an inbound message once; (message, created). A provider id seen before returns the first copy.
    `intent` and `urgency` are what the assistant understood, when it read the message first.

    `update_conversation=False` leaves `Conversation.last_message_at` to a caller that saves the conversation
    itself before its transaction ends (the assistant saves it once per turn, with all else the turn changed).
    `attachments` are recorded with it (see messaging.attachments); a message with one may have no text.
    """
    body = clean_body(body, empty_allowed=bool(attachments))
    message = Message(
        practice_id=conversation.practice_id,
        conversation=conversation,
        direction=MessageDirection.INBOUND,
        author=MessageAuthor.PATIENT,
        body=body,
        provider_id=provider_id or None,
        intent=intent,
        urgency=urgency,
    )
    # A provider id is unique: the insert itself tells a repeat, which is rare, rather than a query before
    # every message. A copy delivered at the same moment waits for the first one's transaction (PostgreSQL)
    # and then finds it here.
    with transaction.atomic(savepoint=False):
        if not provider_id:
            row_insert(message)
        elif not row_insert_unless_duplicate(message):
            existing = Message.objects.filter(provider_id=provider_id).first()
            if existing is None:
                raise IntegrityError(f"Message {provider_id} vanished as it was stored a second time")
            return existing, False
        if attachments:
            attachments_record(message=message, incoming=list(attachments))
        if update_conversation:
            Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    return message, True


def message_send(
    *,
    conversation: Conversation,
    body: str,
    author: str = MessageAuthor.ASSISTANT,
    user=None,
    compliance: bool = False,
    update_conversation: bool = True,
) -> Message:
    """Record an outbound message and, on a channel that delivers (SMS, email), queue it in the outbox in the
    same transaction. Web chat needs no delivery: the patient's page reads the conversation.

    `compliance` marks what must reach even an address that said STOP (the STOP confirmation, the 911 answer).
    An email answers the patient's latest email ("Re: <their subject>", In-Reply-To/References) and keeps
    its own Message-ID on the message, so that their next reply finds this conversation.
    `update_conversation` is as for `message_receive`.
    """
    email = email_reply(conversation) if conversation.channel == ConversationChannel.EMAIL else None
    with transaction.atomic(savepoint=False):  # as in message_receive
        message = row_insert(
            Message(
                practice_id=conversation.practice_id,
                conversation=conversation,
                direction=MessageDirection.OUTBOUND,
                author=author,
                sent_by=user,
                body=body,
                email_message_id=email.message_id if email else "",
            )
        )
        if update_conversation:
            Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
        if conversation.channel in (ConversationChannel.SMS, ConversationChannel.EMAIL):
            outbox_enqueue(
                practice=conversation.practice,
                channel=conversation.channel,
                to=conversation.address,
                body=body,
                subject=email.subject if email else "",
                headers=email.headers if email else None,
                conversation=conversation,
                message=message,
                compliance=compliance,
            )
    return message


def opt_out_set(*, practice, channel: str, address: str, opted_out: bool) -> None:
    """STOP records the address; START removes it. Both are idempotent."""
    if opted_out:
        ChannelOptOut.objects.get_or_create(practice=practice, channel=channel, address=address)
    else:
        ChannelOptOut.objects.filter(practice=practice, channel=channel, address=address).delete()


def is_opted_out(*, practice, channel: str, address: str) -> bool:
    return _OPT_OUT.exists(practice=practice, channel=channel, address=address)


def conversation_history(conversation: Conversation, *, limit: int = 50) -> list[Message]:
    return list(conversation.messages.order_by("-created_at")[:limit])[::-1]


# --- staff in a conversation -------------------------------------------------------------------------------


def conversation_get(*, actor: Actor, conversation_id) -> Conversation:
    """A conversation of the actor's practice, its reading audited when it is a patient's."""
    actor.require(Capability.WORK_TASKS)
    conversation = get_in_practice(
        Conversation, actor, conversation_id, queryset=Conversation.objects.select_related("patient")
    )
    audit_record(actor=actor, action=AuditAction.READ, obj=conversation, patient=conversation.patient_id)
    return conversation


def attachment_get(*, actor: Actor, conversation_id, attachment_id) -> MessageAttachment:
    """A stored attachment of one of the practice's conversations, its opening audited as a read of the
    patient's data."""
    actor.require(Capability.WORK_TASKS)
    attachment = get_in_practice(
        MessageAttachment,
        actor,
        attachment_id,
        label="attachment",
        queryset=MessageAttachment.objects.select_related("message__conversation").filter(
            message__conversation_id=conversation_id
        ),
    )
    if not attachment.file:
        raise NotFound(
            attachment.error or "This attachment is still being fetched.", code="attachment_not_kept"
        )
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        obj=attachment,
        patient=attachment.message.conversation.patient_id,
    )
    return attachment


def _conversation_change(actor: Actor, conversation: Conversation, *, refuse=None, **fields) -> Conversation:
    """Lock the conversation, let `refuse` object (a Conflict, or None), apply `fields`, audit the new status."""
    actor.require(Capability.WORK_TASKS)
    with transaction.atomic():
        current = Conversation.objects.select_for_update().get(pk=conversation.pk, practice=actor.practice)
        problem = refuse(current) if refuse else None
        if problem is not None:
            raise problem
        for name, value in fields.items():
            setattr(current, name, value)
        current.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor, action=AuditAction.STATUS, obj=current, patient=current.patient_id,
            detail={"to": current.status},
        )  # fmt: skip
    return current


def conversation_take_over(*, actor: Actor, conversation: Conversation) -> Conversation:
    """A staff member answers from now on; the assistant stays silent until they hand it back."""
    return _conversation_change(
        actor, conversation, status=ConversationStatus.HANDED_OFF, assigned_to=actor.user
    )


def conversation_hand_back(*, actor: Actor, conversation: Conversation) -> Conversation:
    """The assistant answers again, starting fresh (what it was asking before the hand-off is stale)."""

    def refuse(current):
        if current.status != ConversationStatus.HANDED_OFF:
            return Conflict("The assistant already has this conversation.", code="not_handed_off")
        return None

    return _conversation_change(
        actor, conversation, refuse=refuse, status=ConversationStatus.ASSISTANT, assigned_to=None, state={}
    )


def conversation_close(*, actor: Actor, conversation: Conversation) -> Conversation:
    """Done: the conversation leaves the inbox. Its tasks stay open until done; the next message from the
    same address starts a new conversation (and a new verification)."""

    def refuse(current):
        if current.status == ConversationStatus.CLOSED:
            return Conflict("This conversation is already closed.", code="already_closed")
        return None

    return _conversation_change(
        actor, conversation, refuse=refuse, status=ConversationStatus.CLOSED, assigned_to=None, state={}
    )


def conversation_reply(*, actor: Actor, conversation: Conversation, body: str) -> Message:
    """A staff member's reply. Replying takes the conversation over, so the assistant does not talk across."""
    actor.require(Capability.WORK_TASKS)
    body = clean_body(body)
    with transaction.atomic():
        if conversation.status != ConversationStatus.HANDED_OFF or conversation.assigned_to_id is None:
            conversation = conversation_take_over(actor=actor, conversation=conversation)
        message = message_send(
            conversation=conversation, body=body, author=MessageAuthor.STAFF, user=actor.user
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=message, patient=conversation.patient_id,
            detail={"channel": conversation.channel},
        )  # fmt: skip
    return message


def conversation_assign(*, actor: Actor, conversation: Conversation, user=None) -> Conversation:
    """Give the conversation to a staff member of its practice (or, with `user=None`, back to the queue).

    A conversation with a person assigned is one staff answer: the assistant stays silent until it is handed
    back. Only an active member of the practice whose role works tasks can be the assignee.
    """
    actor.require(Capability.WORK_TASKS)
    if user is not None:
        membership = Membership.objects.filter(
            practice=actor.practice, user=user, active=True, user__is_active=True
        ).first()
        if membership is None or not role_can(membership.role, Capability.WORK_TASKS):
            raise InvalidInput(
                "Only an active staff member of this practice can be given the conversation.",
                code="not_a_member",
            )
    with transaction.atomic():
        current = Conversation.objects.select_for_update().get(pk=conversation.pk, practice=actor.practice)
        if current.status == ConversationStatus.CLOSED:
            raise Conflict("This conversation is closed.", code="conversation_closed")
        previous = current.assigned_to
        current.status = ConversationStatus.HANDED_OFF
        current.assigned_to = user
        current.save(update_fields=["status", "assigned_to", "updated_at"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=current, patient=current.patient_id,
            detail={
                "assigned_to": user.get_username() if user else None,
                "from": previous.get_username() if previous else None,
            },
        )  # fmt: skip
    return current
