"""Texts leaving through Twilio: retried when Twilio stumbles, given up into a task when it refuses, held
back (never dropped) by the caps. Driven through `outbox_deliver` and `outbox_sweep` with a moving clock,
against the local Twilio-speaking server (`twilio_fake`), through the real `twilio` library.
"""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from mojoe.inbox.models import Task
from mojoe.messaging.models import ChannelOptOut, OutboxMessage, OutboxStatus
from mojoe.messaging.outbox import outbox_deliver, outbox_enqueue, outbox_sweep
from mojoe.messaging.tests.twilio_fake import (
    PATIENT_NUMBER,
    PRACTICE_NUMBER,
    texting_clinic,
    twilio_fake,
)

SHARED_FIXTURES = (texting_clinic, twilio_fake)  # imported so that pytest finds them here

pytestmark = pytest.mark.django_db


def _text(clinic, body="Reminder: your visit is tomorrow at 9:00", **extra) -> OutboxMessage:
    return outbox_enqueue(practice=clinic.practice, channel="sms", to=PATIENT_NUMBER, body=body, **extra)


def _retry_moment(row: OutboxMessage):
    row.refresh_from_db()
    return row.next_attempt_at + timedelta(seconds=1)


def test_two_5xx_then_success_delivers_once_after_the_retries(texting_clinic, twilio_fake):
    twilio_fake.fail(503, times=2)
    row = _text(texting_clinic)
    now = timezone.now()
    assert outbox_deliver(row.pk, now=now) == OutboxStatus.QUEUED
    row.refresh_from_db()
    assert "503" in row.last_error and row.next_attempt_at > now
    assert outbox_sweep(now=now) == 0  # not due yet: nothing sent early
    assert outbox_sweep(now=_retry_moment(row)) == 1
    assert outbox_sweep(now=_retry_moment(row)) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 3
    assert len(twilio_fake.received) == 3 and len(twilio_fake.accepted) == 1
    assert row.provider == "twilio" and row.provider_id == twilio_fake.accepted[0]["sid"]
    assert outbox_sweep(now=now + timedelta(days=1)) == 0
    assert len(twilio_fake.accepted) == 1


def test_twilio_unreachable_is_retried_later(texting_clinic, twilio_fake):
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    row = _text(texting_clinic)
    with override_settings(MOJOE_TWILIO_API_BASE=f"http://127.0.0.1:{port}"):
        assert outbox_deliver(row.pk) == OutboxStatus.QUEUED
    row.refresh_from_db()
    assert "could not be reached" in row.last_error
    assert outbox_sweep(now=_retry_moment(row)) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and len(twilio_fake.accepted) == 1


def test_refused_credentials_are_retried_not_failed(texting_clinic, twilio_fake):
    row = _text(texting_clinic)
    with override_settings(MOJOE_TWILIO_AUTH_TOKEN="a-token-twilio-does-not-know"):
        assert outbox_deliver(row.pk) == OutboxStatus.QUEUED
    row.refresh_from_db()
    assert "401" in row.last_error and "20003" in row.last_error
    assert outbox_sweep(now=_retry_moment(row)) == 1  # the operator fixed the token meanwhile
    assert len(twilio_fake.accepted) == 1


def test_an_invalid_number_fails_at_once_and_becomes_a_front_desk_task(texting_clinic, twilio_fake):
    twilio_fake.fail(400, code=21211)
    row = _text(texting_clinic)
    assert outbox_deliver(row.pk) == OutboxStatus.FAILED
    row.refresh_from_db()
    assert "21211" in row.last_error and row.attempts == 1
    task = Task.objects.get(kind="delivery_failed")
    assert PATIENT_NUMBER in task.summary and "21211" in task.details
    assert outbox_sweep(now=timezone.now() + timedelta(days=2)) == 0
    assert len(twilio_fake.received) == 1 and not twilio_fake.accepted


def test_a_recipient_twilio_says_unsubscribed_is_recorded_as_opted_out_without_a_task(
    texting_clinic, twilio_fake
):
    twilio_fake.fail(400, code=21610)
    first = _text(texting_clinic)
    assert outbox_deliver(first.pk) == OutboxStatus.SUPPRESSED
    first.refresh_from_db()
    assert "21610" in first.last_error
    assert ChannelOptOut.objects.filter(
        practice=texting_clinic.practice, channel="sms", address=PATIENT_NUMBER
    ).exists()
    assert not Task.objects.filter(kind="delivery_failed").exists()
    # The next automated text is not even tried.
    second = _text(texting_clinic, body="Another reminder")
    assert outbox_deliver(second.pk) == OutboxStatus.SUPPRESSED
    assert len(twilio_fake.received) == 1


@override_settings(MOJOE_OUTBOX_MAX_ATTEMPTS=3)
def test_after_the_last_try_the_text_is_dead_and_the_front_desk_has_a_task(texting_clinic, twilio_fake):
    twilio_fake.fail(500, times=10)
    row = _text(texting_clinic)
    now = timezone.now()
    assert outbox_deliver(row.pk, now=now) == OutboxStatus.QUEUED
    assert outbox_sweep(now=_retry_moment(row)) == 1
    assert outbox_sweep(now=_retry_moment(row)) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.DEAD and row.attempts == 3
    assert len(twilio_fake.received) == 3 and not twilio_fake.accepted
    task = Task.objects.get(kind="delivery_failed")
    assert task.team == "front_desk" and "Reminder" in task.details
    assert outbox_sweep(now=now + timedelta(days=1)) == 0


def test_the_sender_is_the_practice_number_else_the_installation_number(texting_clinic, twilio_fake):
    assert outbox_deliver(_text(texting_clinic).pk) == OutboxStatus.SENT
    texting_clinic.practice.sms_number = ""
    texting_clinic.practice.save(update_fields=["sms_number"])
    with override_settings(MOJOE_TWILIO_FROM="+16175550111"):
        assert outbox_deliver(_text(texting_clinic).pk) == OutboxStatus.SENT
    assert [m["From"] for m in twilio_fake.accepted] == [PRACTICE_NUMBER, "+16175550111"]
    # Neither: nothing to send from, which no retry fixes.
    row = _text(texting_clinic)
    assert outbox_deliver(row.pk) == OutboxStatus.FAILED
    row.refresh_from_db()
    assert "MOJOE_TWILIO_FROM" in row.last_error and len(twilio_fake.received) == 2


def test_without_a_public_url_no_status_callback_is_asked_for(texting_clinic, twilio_fake):
    with override_settings(MOJOE_PUBLIC_URL=""):
        assert outbox_deliver(_text(texting_clinic).pk) == OutboxStatus.SENT
    assert "StatusCallback" not in twilio_fake.accepted[0]


@override_settings(MOJOE_SMS_DAILY_CAP=1)
def test_the_daily_cap_postpones_automated_texts_to_the_next_morning(texting_clinic, twilio_fake):
    first, second = _text(texting_clinic), _text(texting_clinic, body="Second reminder")
    now = timezone.now()
    assert outbox_deliver(first.pk, now=now) == OutboxStatus.SENT
    assert outbox_deliver(second.pk, now=now) == OutboxStatus.QUEUED
    second.refresh_from_db()
    morning = second.next_attempt_at.astimezone(texting_clinic.tz)
    assert (
        morning.date() == now.astimezone(texting_clinic.tz).date() + timedelta(days=1) and morning.hour == 9
    )
    assert second.attempts == 0 and len(twilio_fake.received) == 1  # held here, never offered to Twilio
    assert outbox_sweep(now=second.next_attempt_at + timedelta(minutes=1)) == 1
    second.refresh_from_db()
    assert second.status == OutboxStatus.SENT
    assert twilio_fake.accepted_bodies() == [first.body, "Second reminder"]


@override_settings(MOJOE_SMS_PER_MINUTE=1)
def test_the_sending_rate_postpones_rather_than_drops(texting_clinic, twilio_fake):
    first, second = _text(texting_clinic), _text(texting_clinic, body="Second", compliance=True)
    assert outbox_deliver(first.pk) == OutboxStatus.SENT
    assert outbox_deliver(second.pk) == OutboxStatus.QUEUED
    second.refresh_from_db()
    assert "rate" in second.last_error and second.attempts == 0 and len(twilio_fake.received) == 1
    cache.clear()  # the next minute's window
    assert outbox_sweep(now=second.next_attempt_at + timedelta(seconds=1)) == 1
    second.refresh_from_db()
    assert second.status == OutboxStatus.SENT and len(twilio_fake.accepted) == 2


class BrokenAdapter:
    """An adapter with a bug: raises what no adapter should."""

    name = "broken"

    def send(self, message):
        if message.body.startswith("poison"):
            raise RuntimeError("an adapter bug")
        from mojoe.messaging.channels.twilio import TwilioAdapter

        return TwilioAdapter().send(message)


@override_settings(MOJOE_OUTBOX_MAX_ATTEMPTS=2)
def test_an_unforeseen_error_is_retried_then_given_up_and_never_stops_the_sweep(texting_clinic, twilio_fake):
    adapters = {
        "sms": f"{__name__}.BrokenAdapter",
        "email": "mojoe.messaging.channels.console.ConsoleAdapter",
    }
    with override_settings(MOJOE_CHANNEL_ADAPTERS=adapters):
        poison = _text(texting_clinic, body="poison pill")
        now = timezone.now()
        assert outbox_deliver(poison.pk, now=now) == OutboxStatus.QUEUED
        poison.refresh_from_db()
        assert "RuntimeError: an adapter bug" in poison.last_error and poison.claimed_until is None
        healthy = _text(texting_clinic, body="Healthy reminder")
        # The poisoned row comes first in the sweep; the one behind it is delivered all the same.
        assert outbox_sweep(now=_retry_moment(poison) + timedelta(minutes=1)) == 2
    poison.refresh_from_db()
    healthy.refresh_from_db()
    assert poison.status == OutboxStatus.DEAD and healthy.status == OutboxStatus.SENT
    assert Task.objects.filter(kind="delivery_failed", details__contains="poison pill").exists()
    assert twilio_fake.accepted_bodies() == ["Healthy reminder"]
