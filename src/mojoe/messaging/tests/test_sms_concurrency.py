"""Texts under real concurrency, on whichever database the suite runs on (SQLite and PostgreSQL in `make test`):

- the same webhook arriving twice at the same moment on two threads is stored and answered once;
- two texts from a new number at the same moment (a long text split in two) open one conversation, not two;
- a worker process killed after claiming a text and before Twilio took it does not lose it, and after its
  lease runs out the sweep sends it exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from mojoe.messaging.models import Conversation, Message, MessageDirection, OutboxMessage, OutboxStatus
from mojoe.messaging.outbox import outbox_sweep
from mojoe.messaging.tests.twilio_fake import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    PATIENT_NUMBER,
    PRACTICE_NUMBER,
    PUBLIC_URL,
    inbound_fields,
    post_signed,
    texting_clinic,
    twilio_fake,
)

SHARED_FIXTURES = (texting_clinic, twilio_fake)  # imported so that pytest finds them here

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def _race(worker, count: int) -> list:
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(index):
        try:
            barrier.wait()
            outcomes[index] = worker(index)
        except Exception as error:  # every thread reports, whatever it raised
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_the_same_text_posted_twice_at_once_is_stored_and_answered_once(texting_clinic, twilio_fake):
    fields = inbound_fields("I need to reschedule my appointment")
    outcomes = _race(lambda _i: post_signed(Client(), "/webhooks/twilio/sms", fields), 2)
    assert [getattr(o, "status_code", o) for o in outcomes] == [200, 200]
    assert Message.objects.filter(direction=MessageDirection.INBOUND).count() == 1
    assert (
        Message.objects.get(direction=MessageDirection.INBOUND).conversation.practice
        == texting_clinic.practice
    )
    replies = Message.objects.filter(direction=MessageDirection.OUTBOUND).count()
    rows = OutboxMessage.objects.all()
    assert replies >= 1 and rows.count() == replies  # one turn's replies, queued once
    # Delivered by the jobs queued on commit (run inline under pytest), each once.
    assert all(r.status == OutboxStatus.SENT for r in rows)
    assert len(twilio_fake.accepted) == replies
    print(f"\n{connection.vendor}: 2 deliveries of one MessageSid -> 1 message, {replies} reply sent")


def test_two_first_texts_at_once_from_a_new_number_open_one_conversation(texting_clinic, twilio_fake):
    new_number = "+16175550142"
    texts = [
        inbound_fields("Hi, this is Dana Reyes, I need to book a physical", sender=new_number),
        inbound_fields("and do you take Aetna?", sender=new_number),
    ]
    outcomes = _race(lambda i: post_signed(Client(), "/webhooks/twilio/sms", texts[i]), 2)
    assert [getattr(o, "status_code", o) for o in outcomes] == [200, 200]
    (conversation,) = Conversation.objects.filter(address=new_number)
    received = conversation.messages.filter(direction=MessageDirection.INBOUND)
    assert sorted(m.body for m in received) == sorted(t["Body"] for t in texts)
    assert conversation.messages.filter(direction=MessageDirection.OUTBOUND).exists()
    print(f"\n{connection.vendor}: 2 first texts at once from one number -> 1 conversation")


def _database_url() -> str:
    """The test database, as a URL another process can open."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return "sqlite:///" + str(db["NAME"])
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


# The worker: delivers one row as `mojoe worker` would (the job calls outbox_deliver), printing as it goes.
WORKER = """
import sys, django
django.setup()
from mojoe.messaging.outbox import outbox_deliver
print("delivering", flush=True)
print("finished", outbox_deliver(sys.argv[1]), flush=True)
"""


def _wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_a_worker_killed_between_claiming_and_sending_does_not_lose_or_double_the_text(
    texting_clinic, twilio_fake, tmp_path
):
    # A queued text whose delivery job is about to run (created without the on-commit job on purpose).
    row = OutboxMessage.objects.create(
        practice=texting_clinic.practice,
        channel="sms",
        to=PATIENT_NUMBER,
        body="Your appointment is confirmed for Tuesday at 10:30.",
        next_attempt_at=timezone.now(),
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MOJOE_") and k != "DATABASE_URL"}
    environment.update(
        DJANGO_SETTINGS_MODULE="mojoe.settings",
        DATABASE_URL=_database_url(),
        MOJOE_DATA_DIR=str(tmp_path),
        MOJOE_SMS_PROVIDER="twilio",
        MOJOE_TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        MOJOE_TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        MOJOE_TWILIO_API_BASE=twilio_fake.url,
        MOJOE_PUBLIC_URL=PUBLIC_URL,
    )
    twilio_fake.hold_next()  # Twilio takes its time over the first request: the worker dies meanwhile
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(row.pk)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert twilio_fake.held.wait(60), worker.stderr.read() if worker.poll() is not None else "no request"
        row.refresh_from_db()
        assert row.status == OutboxStatus.SENDING and row.attempts == 1 and row.claimed_until is not None
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    stdout = worker.stdout.read()
    assert worker.returncode == -signal.SIGKILL and "finished" not in stdout
    assert _wait_for(lambda: len(twilio_fake.abandoned) == 1), "the fake never saw the worker go"
    assert not twilio_fake.accepted

    # The restarted worker's sweep leaves the row alone while the dead worker's lease lasts…
    assert outbox_sweep(now=timezone.now()) == 0
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENDING
    # …and sends it once the lease has run out.
    assert outbox_sweep(now=row.claimed_until + timedelta(seconds=1)) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 2
    for_this_row = [m for m in twilio_fake.accepted if m["Body"] == row.body and m["To"] == PATIENT_NUMBER]
    assert len(for_this_row) == 1 and for_this_row[0]["From"] == PRACTICE_NUMBER
    assert row.provider_id == for_this_row[0]["sid"]
    assert len(twilio_fake.received) == 2  # the abandoned request and the one that went through
    assert outbox_sweep(now=timezone.now() + timedelta(hours=1)) == 0
    assert len(twilio_fake.accepted) == 1
