"""The email channel end to end against a real SMTP server (aiosmtpd on 127.0.0.1): what leaves, how it
threads, and what the outbox does when the server says no or is not there."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import parseaddr

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.module_loading import import_string

from mojoe.core import testing
from mojoe.core.roles import Role
from mojoe.inbox.models import Task
from mojoe.messaging.models import (
    Conversation,
    ConversationChannel,
    Message,
    MessageDirection,
    OutboxMessage,
    OutboxStatus,
)
from mojoe.messaging.outbox import outbox_deliver, outbox_sweep
from mojoe.messaging.services import message_send

pytestmark = pytest.mark.django_db

SECRET = "test-inbound-secret-0123456789"
PATIENT = "jordan.lee@example.test"
INBOUND = "chat@mojoe.test"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    email: EmailMessage


class SmtpRecorder:
    """An aiosmtpd handler that keeps what it accepts and refuses the recipients it is told to."""

    def __init__(self):
        self.received: list[Received] = []
        self.refuse: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.refuse.get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        email = message_from_bytes(envelope.content, policy=default_policy)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), email))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_settings(port: int, **extra):
    return override_settings(
        **{
            "MOJOE_CHANNEL_ADAPTERS": {
                "sms": "mojoe.messaging.channels.console.ConsoleAdapter",
                "email": "mojoe.messaging.channels.email.SmtpAdapter",
            },
            "EMAIL_BACKEND": "mojoe.messaging.email_backend.OutboxEmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": port,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 5,
            "DEFAULT_FROM_EMAIL": "Mojoe <mojoe@mojoe.test>",
            "MOJOE_EMAIL_INBOUND_ADDRESS": INBOUND,
            "MOJOE_EMAIL_INBOUND_SECRET": SECRET,
            "MOJOE_OUTBOX_MAX_ATTEMPTS": 3,
            **extra,
        }
    )


class SmtpServer:
    def __init__(self, port: int):
        self.port = port
        self.handler = SmtpRecorder()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=port)

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()


@pytest.fixture
def smtp():
    server = SmtpServer(free_port())
    server.start()
    try:
        with smtp_settings(server.port):
            yield server
    finally:
        server.stop()


@pytest.fixture
def patient(clinic):
    clinic.patient.email = PATIENT
    clinic.patient.save(update_fields=["email"])
    return clinic.patient


def patient_email(
    body: str,
    *,
    message_id: str,
    subject: str = "Appointment",
    in_reply_to: str = "",
    references: str = "",
    sender: str = f"Jordan Lee <{PATIENT}>",
    to: str = "chat+maple@mojoe.test",
) -> bytes:
    email = EmailMessage(policy=default_policy)
    email["From"] = sender
    email["To"] = to
    email["Subject"] = subject
    email["Message-ID"] = message_id
    if in_reply_to:
        email["In-Reply-To"] = in_reply_to
    if references:
        email["References"] = references
    email.set_content(body)
    return email.as_bytes()


def post_email(raw: bytes):
    return Client().post(
        "/webhooks/email/inbound", data=raw, content_type="message/rfc822", HTTP_X_MOJOE_SECRET=SECRET
    )


def deliver_all() -> list[OutboxMessage]:
    rows = list(OutboxMessage.objects.filter(status=OutboxStatus.QUEUED).order_by("created_at"))
    for row in rows:
        outbox_deliver(row.pk)
        row.refresh_from_db()
    return rows


def test_an_email_conversation_round_trip_threads_both_ways(smtp, clinic, patient):
    first = "<first-from-jordan@example.test>"
    response = post_email(
        patient_email(
            "Hi, I need to book an appointment please.\n\n"
            "On Mon, Jan 5, 2026 at 9:00 AM Someone <someone@example.test> wrote:\n> older thread\n",
            message_id=first,
        )
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "answered"
    conversation = Conversation.objects.get(practice=clinic.practice, channel=ConversationChannel.EMAIL)
    assert conversation.address == PATIENT
    inbound = conversation.messages.get(direction=MessageDirection.INBOUND)
    assert inbound.body == "Hi, I need to book an appointment please."  # the quoted thread is not read
    assert inbound.email_message_id == first

    rows = deliver_all()
    assert rows and all(row.status == OutboxStatus.SENT and row.provider == "smtp" for row in rows)
    assert len(smtp.received) == len(rows)
    reply = smtp.received[0]
    email = reply.email
    assert reply.rcpt_tos == [PATIENT]
    assert parseaddr(str(email["From"])) == ("Maple Clinic", "mojoe@mojoe.test")
    assert parseaddr(str(email["Reply-To"])) == ("Maple Clinic", "chat+maple@mojoe.test")
    assert str(email["To"]) == PATIENT
    assert str(email["Subject"]) == "Re: Appointment"
    assert str(email["In-Reply-To"]) == first
    assert str(email["References"]) == first
    assert str(email["Auto-Submitted"]) == "auto-replied"
    assert str(email["Message-ID"]) == rows[0].provider_id
    assert "date of birth" in email.get_content()
    ours = Message.objects.get(delivery=rows[0])
    assert ours.email_message_id == rows[0].provider_id

    # The patient answers that email from their mail program: it lands in the same conversation.
    second = "<second-from-jordan@example.test>"
    response = post_email(
        patient_email(
            f"01/01/1980\n\nOn Mon, Jan 5, 2026, Maple Clinic <{INBOUND}> wrote:\n> To protect your privacy…\n",
            message_id=second,
            subject="Re: Appointment",
            in_reply_to=rows[0].provider_id,
            references=f"{first} {rows[0].provider_id}",
        )
    )
    assert response.status_code == 200 and response.json()["status"] == "answered"
    assert Conversation.objects.filter(channel=ConversationChannel.EMAIL).count() == 1
    conversation.refresh_from_db()
    assert conversation.is_verified and conversation.patient == patient
    assert conversation.messages.filter(direction=MessageDirection.INBOUND).count() == 2

    before = len(smtp.received)
    deliver_all()
    answer = smtp.received[before].email
    assert str(answer["Subject"]) == "Re: Appointment"
    assert str(answer["In-Reply-To"]) == second
    assert str(answer["References"]).split() == [first, rows[0].provider_id, second]


def test_a_staff_reply_threads_too_and_is_not_marked_automatic(smtp, clinic, patient, owner):
    post_email(patient_email("Can someone call me?", message_id="<call-me@example.test>"))
    deliver_all()
    conversation = Conversation.objects.get(channel=ConversationChannel.EMAIL)
    message_send(conversation=conversation, body="We will call you at 3.", author="staff", user=owner)
    deliver_all()
    email = smtp.received[-1].email
    assert email.get_content().strip() == "We will call you at 3."
    assert str(email["In-Reply-To"]) == "<call-me@example.test>"
    assert email["Auto-Submitted"] is None


def test_a_recipient_the_server_refuses_fails_at_once_and_becomes_a_task(smtp, clinic, patient):
    smtp.handler.refuse[PATIENT] = "550 5.1.1 <jordan.lee@example.test>: Recipient address rejected"
    post_email(patient_email("Hello, what are your hours?", message_id="<hours@example.test>"))
    rows = deliver_all()
    assert rows and rows[0].status == OutboxStatus.FAILED and rows[0].attempts == 1
    assert "550" in rows[0].last_error
    assert smtp.received == []
    task = Task.objects.get(kind="delivery_failed")
    assert PATIENT in task.summary and task.conversation_id == rows[0].conversation_id


def test_a_deferred_recipient_is_retried(smtp, clinic, patient):
    smtp.handler.refuse[PATIENT] = "451 4.7.1 Greylisted, try again later"
    post_email(patient_email("Hello, what are your hours?", message_id="<grey@example.test>"))
    row = deliver_all()[0]
    assert row.status == OutboxStatus.QUEUED and "451" in row.last_error
    smtp.handler.refuse.clear()
    assert outbox_sweep(now=row.next_attempt_at + timedelta(seconds=1)) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 2
    assert len(smtp.received) == 1


def test_a_server_that_is_down_is_a_temporary_failure_and_the_retry_delivers(clinic, patient):
    port = free_port()  # nothing listens there yet
    with smtp_settings(port):
        post_email(patient_email("Hello, what are your hours?", message_id="<down@example.test>"))
        row = deliver_all()[0]
        assert row.status == OutboxStatus.QUEUED and row.attempts == 1
        assert "Could not reach the mail server" in row.last_error
        assert row.next_attempt_at > timezone.now()
        server = SmtpServer(port)
        server.start()
        try:
            assert outbox_sweep(now=row.next_attempt_at + timedelta(seconds=1)) == 1
        finally:
            server.stop()
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 2
    assert len(server.received) == 1
    # The Message-ID does not change between tries: a copy that did arrive the first time is one email.
    assert str(server.received[0].email["Message-ID"]) == row.provider_id == row.headers["Message-ID"]


def test_a_server_that_never_answers_times_out_into_a_retry(clinic, patient):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # the connection is accepted by the kernel; no greeting ever comes
        with smtp_settings(silent.getsockname()[1], EMAIL_TIMEOUT=1):
            post_email(patient_email("Hello, what are your hours?", message_id="<slow@example.test>"))
            row = deliver_all()[0]
    assert row.status == OutboxStatus.QUEUED and "Could not reach the mail server" in row.last_error


def test_invitations_go_out_through_smtp(smtp, clinic, owner):
    from mojoe.practices.invitations import invitation_create

    actor = testing.make_actor(owner, clinic.practice)
    invitation_create(
        actor=actor, email="new.nurse@example.test", role=Role.NURSE, link_for=lambda t: f"https://m.test/{t}"
    )
    rows = deliver_all()
    assert [row.status for row in rows] == [OutboxStatus.SENT]
    received = smtp.received[0]
    assert received.rcpt_tos == ["new.nurse@example.test"]
    assert received.mail_from == "mojoe@mojoe.test"
    assert str(received.email["Subject"]) == "Invitation to join Maple Clinic on Mojoe"
    assert "https://m.test/" in received.email.get_content()
    assert str(received.email["Auto-Submitted"]) == "auto-generated"
    assert received.email["Reply-To"] is None  # not a conversation: an answer would reach no one
    assert str(received.email["Message-ID"]) == rows[0].provider_id


def test_send_mail_without_a_practice_goes_out_from_the_default_sender(smtp, db):
    mail.send_mail("Password reset", "Your link", None, ["someone@example.test"])
    deliver_all()
    email = smtp.received[0].email
    assert parseaddr(str(email["From"])) == ("Mojoe", "mojoe@mojoe.test")
    assert email.get_content().strip() == "Your link"


def test_a_practice_with_its_own_address_sends_from_it_under_its_name(smtp, clinic, patient):
    clinic.practice.email = "frontdesk@maple.example"
    clinic.practice.name = "Clínica Maple, P.C."
    clinic.practice.save(update_fields=["email", "name"])
    post_email(
        patient_email("¿Cuál es su horario?", message_id="<own@example.test>", subject="Horario médico")
    )
    deliver_all()
    received = smtp.received[0]
    assert received.mail_from == "frontdesk@maple.example"
    assert parseaddr(str(received.email["From"])) == ("Clínica Maple, P.C.", "frontdesk@maple.example")
    assert str(received.email["Subject"]) == "Re: Horario médico"
    assert str(received.email["Message-ID"]).endswith("@maple.example>")


def test_an_address_that_cannot_be_sent_to_fails_without_a_try(smtp, clinic):
    conversation = Conversation.objects.create(
        practice=clinic.practice, channel=ConversationChannel.EMAIL, address="not-an-address"
    )
    message_send(conversation=conversation, body="Hello")
    (row,) = deliver_all()
    assert row.status == OutboxStatus.FAILED and "No valid recipient" in row.last_error
    assert smtp.received == []


def test_the_smtp_provider_setting_names_this_adapter():
    from mojoe import settings as mojoe_settings

    path = mojoe_settings._CHANNEL_ADAPTER_CHOICES["email"]["smtp"]
    assert import_string(path).name == "smtp"
