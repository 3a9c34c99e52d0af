"""Messages Mojoe has sent, kept where staff can read them."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.db import models

from mojoe.core.models import BaseModel
from mojoe.core.roles import Role


class OutboxChannel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    UNDELIVERED = "undelivered", "Not delivered"
    FAILED = "failed", "Failed"
    DEAD = "dead", "Gave up"
    SUPPRESSED = "suppressed", "Not sent (opted out)"


# How far along a message is; a provider's status callback may only move it forward. The final ones share
# the top rank: once delivered, failed or given up, nothing changes it again.
STATUS_RANK = {
    OutboxStatus.QUEUED: 0,
    OutboxStatus.SENDING: 1,
    OutboxStatus.SENT: 2,
    OutboxStatus.DELIVERED: 3,
    OutboxStatus.UNDELIVERED: 3,
    OutboxStatus.FAILED: 3,
    OutboxStatus.DEAD: 3,
    OutboxStatus.SUPPRESSED: 3,
}


class OutboxMessage(BaseModel):
    """One outbound message, written in the same transaction as the change that caused it, then delivered
    by a background job through its channel's adapter (see `messaging.outbox`).

    In the embedded default the adapters are the console ones: the message goes nowhere else and this page
    is the mailbox. `audience_role`, when set, limits who may read it on the outbox page to that role; an
    invitation to become an owner is a working link to owner rights, so an administrator must not read it.
    """

    practice = models.ForeignKey(
        "practices.Practice", null=True, blank=True, on_delete=models.CASCADE, related_name="outbox_messages"
    )
    channel = models.CharField(max_length=10, choices=OutboxChannel.choices, default=OutboxChannel.EMAIL)
    sender = models.CharField(max_length=254, blank=True)
    to = models.TextField(help_text="Recipients, comma-separated.")
    subject = models.CharField(max_length=998, blank=True)
    body = models.TextField(blank=True)
    audience_role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    conversation = models.ForeignKey(
        "messaging.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="outbox"
    )
    message = models.OneToOneField(
        "messaging.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="delivery"
    )
    headers = models.JSONField(default=dict, blank=True, help_text="Extra email headers (threading).")
    # Sent even to an address that said STOP: the STOP confirmation itself, and the 911 answer.
    compliance = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker holds it until then; after that another may retry."
    )
    provider = models.CharField(max_length=20, blank=True)
    provider_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["practice", "created_at"], name="outbox_practice_created"),
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["channel", "to", "sent_at"], name="outbox_recipient_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.to}: {self.subject or self.body[:40]}"


class ConversationChannel(models.TextChoices):
    WEBCHAT = "webchat", "Web chat"
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"
    VOICE = "voice", "Phone call"


class ConversationStatus(models.TextChoices):
    ASSISTANT = "assistant", "With the assistant"
    HANDED_OFF = "handed_off", "With staff"
    CLOSED = "closed", "Closed"


class Conversation(BaseModel):
    """One patient's thread on one channel: the messages both ways and where the assistant is in it.

    `address` is the patient's side of the channel: a phone number for SMS and calls, an email address, or
    for web chat the SHA-256 of the random token the browser holds (possession of that token is what lets a
    visitor continue the thread, so only its hash is kept). `state` is the dialogue's memory between turns.
    """

    practice = models.ForeignKey("practices.Practice", on_delete=models.CASCADE, related_name="conversations")
    channel = models.CharField(max_length=10, choices=ConversationChannel.choices)
    address = models.CharField(max_length=254)
    patient = models.ForeignKey(
        "patients.Patient", null=True, blank=True, on_delete=models.PROTECT, related_name="conversations"
    )
    verified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the patient proved who they are in this conversation."
    )
    language = models.CharField(max_length=10, default="en")
    status = models.CharField(
        max_length=12, choices=ConversationStatus.choices, default=ConversationStatus.ASSISTANT
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    flagged = models.BooleanField(default=False, help_text="An emergency was reported here.")
    state = models.JSONField(default=dict, blank=True)
    last_message_at = models.DateTimeField(null=True, blank=True)
    # Email only: what a reply needs to land in the patient's thread (the subject without "Re:", the
    # Message-ID of their latest email and its References). Written before the assistant answers it.
    email_thread = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-last_message_at"]
        indexes = [
            models.Index(fields=["practice", "channel", "address"], name="conversation_address"),
            models.Index(fields=["practice", "status", "last_message_at"], name="conversation_status"),
        ]
        constraints = [
            # Whatever a patient sends lands in one thread: two first texts at the same moment cannot open two.
            models.UniqueConstraint(
                fields=["practice", "channel", "address"],
                condition=~models.Q(status="closed"),
                name="one_open_conversation_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} conversation ({self.get_status_display()})"

    @property
    def is_verified(self) -> bool:
        return self.patient_id is not None and self.verified_at is not None


class MessageDirection(models.TextChoices):
    INBOUND = "in", "From the patient"
    OUTBOUND = "out", "To the patient"


class MessageAuthor(models.TextChoices):
    PATIENT = "patient", "Patient"
    ASSISTANT = "assistant", "Assistant"
    STAFF = "staff", "Staff"


class Message(BaseModel):
    """One message of a conversation, as received or sent. Inbound ones keep what the assistant understood."""

    practice = models.ForeignKey("practices.Practice", on_delete=models.CASCADE, related_name="messages")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=3, choices=MessageDirection.choices)
    author = models.CharField(max_length=10, choices=MessageAuthor.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    intent = models.CharField(max_length=30, blank=True)
    urgency = models.CharField(max_length=10, blank=True)
    # The channel provider's id (Twilio's MessageSid…): a webhook delivered twice is stored once.
    provider_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # Email only: the Message-ID this message came in or went out with, so that a patient's reply (whose
    # In-Reply-To/References name it) finds its conversation. Not unique: uniqueness is `provider_id`'s job.
    email_message_id = models.CharField(max_length=255, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["conversation", "created_at"], name="message_conversation")]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.body[:40]}"


def _attachment_path(attachment: MessageAttachment, filename: str) -> str:
    # Named by ids only: nothing a patient wrote (a file name) reaches the file system.
    return f"attachments/{attachment.practice_id}/{attachment.pk}{PurePosixPath(filename).suffix.lower()}"


class MessageAttachment(BaseModel):
    """A picture or document that came with a patient's message (an MMS, an email), kept on this server.

    An email carries it; an MMS's provider announces it by URL (`source_url`) and a background job fetches
    it. Either way it lands in the installation's storage (`file`), which only signed-in staff of the
    practice can open, each opening audited. What is not kept (a video, a file too large) stays listed with
    the reason in `error`, so staff know it was sent (see messaging.attachments).
    """

    practice = models.ForeignKey("practices.Practice", on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    content_type = models.CharField(max_length=100)
    source_url = models.URLField(max_length=500, blank=True, help_text="Where an announced one is fetched.")
    filename = models.CharField(max_length=200, blank=True, help_text="As the patient named it, for display.")
    file = models.FileField(upload_to=_attachment_path, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.content_type} attachment"

    @property
    def shows_inline(self) -> bool:
        """A picture every browser draws (HEIC, which most do not, is offered as a file instead)."""
        return self.content_type in ("image/jpeg", "image/png", "image/gif", "image/webp")


class ChannelOptOut(BaseModel):
    """An address that said STOP on a channel: nothing but the opt-out confirmation goes to it until START."""

    practice = models.ForeignKey("practices.Practice", on_delete=models.CASCADE, related_name="opt_outs")
    channel = models.CharField(max_length=10, choices=ConversationChannel.choices)
    address = models.CharField(max_length=254)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "channel", "address"], name="one_opt_out_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.address} opted out of {self.get_channel_display()}"
