"""Patients' emails fetched from a mailbox over IMAP, against a real IMAP server on loopback (pymap).

The server stands for the practice's mail provider: it is started for these tests, speaks IMAP4rev1 over
TCP, and the emails are put in it with APPEND, as a provider's delivery would.
"""

from __future__ import annotations

import imaplib
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from mojoe.messaging.email_imap import ImapError, imap_poll
from mojoe.messaging.jobs import poll_mailbox
from mojoe.messaging.models import Conversation, Message, MessageDirection, OutboxMessage
from mojoe.messaging.tests.test_email_inbound import PATIENT, an_email, inbound_settings  # noqa: F401

pytestmark = pytest.mark.django_db

USER, PASSWORD = "chat@mojoe.test", "mailbox-password-0123"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def imap_server():
    """A pymap server with one mailbox (in memory), for this module."""
    port = _free_port()
    pymap = Path(sys.executable).with_name("pymap")
    command = [str(pymap), "--host", "127.0.0.1", "--port", str(port), "--no-tls"]
    command += ["dict", "--demo-user", USER, "--demo-password", PASSWORD]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the IMAP test server did not start") from None
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=10)


class Mailbox:
    """The test's own IMAP client: delivers mail into the mailbox and reads its flags."""

    def __init__(self, port: int):
        self.port = port

    def _client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        client.login(USER, PASSWORD)
        client.select("INBOX")
        return client

    def deliver(self, raw: bytes) -> None:
        client = self._client()
        try:
            assert client.append("INBOX", None, imaplib.Time2Internaldate(time.time()), raw)[0] == "OK"
        finally:
            client.logout()

    def flags(self) -> list[set[str]]:
        """The flags of every message in the mailbox, oldest first."""
        client = self._client()
        try:
            _, data = client.fetch("1:*", "(FLAGS)")
        finally:
            client.logout()
        return [
            {flag.decode() for flag in imaplib.ParseFlags(line)} for line in data if isinstance(line, bytes)
        ]

    def clear(self) -> None:
        client = self._client()
        try:
            if client.search(None, "ALL")[1][0]:
                client.store("1:*", "+FLAGS", "(\\Deleted)")
                client.expunge()
        finally:
            client.logout()


@pytest.fixture
def mailbox(imap_server):
    box = Mailbox(imap_server)
    box.clear()
    with override_settings(
        MOJOE_IMAP_HOST="127.0.0.1",
        MOJOE_IMAP_PORT=imap_server,
        MOJOE_IMAP_SECURITY="none",
        MOJOE_IMAP_USER=USER,
        MOJOE_IMAP_PASSWORD=PASSWORD,
        MOJOE_IMAP_FOLDER="INBOX",
    ):
        yield box
    box.clear()


def seen(flags: set[str]) -> bool:
    return "\\Seen" in flags


def flagged(flags: set[str]) -> bool:
    return "\\Flagged" in flags


def test_an_email_in_the_mailbox_is_answered_once_and_marked_read(clinic, mailbox):
    mailbox.deliver(an_email("What are your opening hours?"))
    result = imap_poll()
    assert (result.answered, result.duplicate, result.refused) == (1, 0, [])
    conversation = Conversation.objects.get()
    assert conversation.channel == "email" and conversation.address == PATIENT
    assert list(
        conversation.messages.filter(direction=MessageDirection.INBOUND).values_list("body", flat=True)
    ) == ["What are your opening hours?"]
    replies = OutboxMessage.objects.filter(channel="email").count()
    assert replies >= 1
    assert [seen(flags) for flags in mailbox.flags()] == [True]
    # Read mail is not read again.
    assert imap_poll().handled == 0
    assert OutboxMessage.objects.filter(channel="email").count() == replies


def test_a_reply_to_our_email_threads_into_the_same_conversation(clinic, mailbox):
    mailbox.deliver(an_email("Do you take Aetna?", message_id="<first@example.test>"))
    imap_poll()
    conversation = Conversation.objects.get()
    ours = conversation.messages.filter(direction=MessageDirection.OUTBOUND).first()
    mailbox.deliver(
        an_email(
            "Thanks! And where do I park?\n\nOn Monday, Maple wrote:\n> We take Aetna.",
            subject="Re: Question",
            message_id="<second@example.test>",
            In_Reply_To=ours.email_message_id,
        )
    )
    assert imap_poll().answered == 1
    assert Conversation.objects.count() == 1
    bodies = list(
        conversation.messages.filter(direction=MessageDirection.INBOUND)
        .order_by("created_at")
        .values_list("body", flat=True)
    )
    assert bodies == ["Do you take Aetna?", "Thanks! And where do I park?"]


def test_a_poll_that_stopped_before_marking_is_not_answered_twice(clinic, mailbox):
    raw = an_email("Can I get a refill of my lisinopril?", message_id="<refill@example.test>")
    mailbox.deliver(raw)
    # The worker handled the email and stopped before it marked it read: the email is still unread.
    from mojoe.messaging.email_inbound import email_inbound_receive

    assert email_inbound_receive(raw=raw).status == "answered"
    replies = OutboxMessage.objects.count()
    result = imap_poll()
    assert (result.answered, result.duplicate) == (0, 1)
    assert OutboxMessage.objects.count() == replies
    assert Message.objects.filter(direction=MessageDirection.INBOUND).count() == 1
    assert [seen(flags) for flags in mailbox.flags()] == [True]


def test_mail_mojoe_cannot_take_is_flagged_for_a_person_and_the_rest_still_read(clinic, mailbox):
    mailbox.deliver(
        an_email("For another clinic", to="chat+nowhere@mojoe.test", message_id="<x@example.test>")
    )
    mailbox.deliver(an_email("No sender here", sender="", message_id="<y@example.test>"))
    mailbox.deliver(an_email("I need an appointment next week", message_id="<z@example.test>"))
    result = imap_poll()
    assert result.answered == 1 and len(result.refused) == 2
    assert any("No practice receives email" in reason for reason in result.refused)
    flags = mailbox.flags()
    assert [seen(f) for f in flags] == [True, True, True]
    assert [flagged(f) for f in flags] == [True, True, False]
    assert Conversation.objects.count() == 1
    assert imap_poll().handled == 0  # never read again


def test_an_email_over_the_size_limit_is_flagged_without_being_read(clinic, mailbox):
    mailbox.deliver(an_email("x" * 30_000, message_id="<big@example.test>"))
    result = imap_poll()
    assert len(result.refused) == 1 and "larger than" in result.refused[0]
    assert not Message.objects.exists()
    assert flagged(mailbox.flags()[0])


def test_robots_are_marked_read_and_not_answered(clinic, mailbox):
    mailbox.deliver(
        an_email("I am out of the office", Auto_Submitted="auto-replied", message_id="<ooo@x.test>")
    )
    result = imap_poll()
    assert result.ignored == 1 and not Message.objects.exists()
    assert seen(mailbox.flags()[0])


def test_a_full_mailbox_is_read_a_batch_at_a_time(clinic, mailbox, monkeypatch):
    monkeypatch.setattr("mojoe.messaging.email_imap.MAX_PER_POLL", 2)
    for index in range(3):
        mailbox.deliver(an_email(f"Question number {index}", message_id=f"<n{index}@example.test>"))
    first = imap_poll()
    assert (first.answered, first.left) == (2, 1)
    second = imap_poll()
    assert (second.answered, second.left) == (1, 0)


def test_a_wrong_password_is_a_clear_error_and_stores_nothing(clinic, mailbox):
    mailbox.deliver(an_email())
    with override_settings(MOJOE_IMAP_PASSWORD="not-the-password"), pytest.raises(ImapError) as error:
        imap_poll()
    assert "Could not sign in to the mailbox at 127.0.0.1" in error.value.detail
    assert not Message.objects.exists()
    assert [seen(flags) for flags in mailbox.flags()] == [False]


def test_a_folder_that_does_not_exist_is_a_clear_error(clinic, mailbox):
    with override_settings(MOJOE_IMAP_FOLDER="Patients"), pytest.raises(ImapError) as error:
        imap_poll()
    assert "open the folder 'Patients'" in error.value.detail


def test_the_periodic_job_and_the_command(clinic, mailbox):
    mailbox.deliver(an_email("Hello, do you have evening hours?"))
    assert poll_mailbox.call_local() == 1
    with override_settings(MOJOE_IMAP_HOST=""):
        assert poll_mailbox.call_local() == 0
        with pytest.raises(CommandError, match="No mailbox is configured"):
            call_command("imap_poll")
    mailbox.deliver(an_email("One more question", message_id="<more@example.test>"))
    from io import StringIO

    out = StringIO()
    call_command("imap_poll", stdout=out)
    assert out.getvalue().startswith("1 answered, 0 already stored")
