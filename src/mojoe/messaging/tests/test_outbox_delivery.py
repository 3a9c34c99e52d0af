"""The outbox's rules, whatever the channel: claim once, retry with backoff, give up into a task, never back.

The provider here is a scripted adapter (the SMS tests run the same paths against a local Twilio-speaking
server); these tests are about what the outbox decides.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from mojoe.inbox.models import Task
from mojoe.messaging.channels import PermanentFailure, Sent, TemporaryFailure
from mojoe.messaging.models import ChannelOptOut, OutboxMessage, OutboxStatus
from mojoe.messaging.outbox import (
    LEASE,
    _claim,
    outbox_deliver,
    outbox_enqueue,
    outbox_status_update,
    outbox_sweep,
    retry_delay,
)

pytestmark = pytest.mark.django_db

NUMBER = "+16175550123"


class ScriptedAdapter:
    """Answers each send with the next scripted outcome: "ok", "temporary" or "permanent"."""

    name = "scripted"
    script: list[str] = []
    sent: list[str] = []

    def send(self, message) -> Sent:
        outcome = ScriptedAdapter.script.pop(0) if ScriptedAdapter.script else "ok"
        if outcome == "temporary":
            raise TemporaryFailure("503 Service Unavailable")
        if outcome == "permanent":
            raise PermanentFailure("21211 invalid 'To' number")
        ScriptedAdapter.sent.append(str(message.pk))
        return Sent(provider="scripted", provider_id=f"SM{len(ScriptedAdapter.sent)}-{message.pk.hex[:8]}")


@pytest.fixture(autouse=True)
def scripted():
    ScriptedAdapter.script, ScriptedAdapter.sent = [], []
    cache.clear()
    adapters = {"sms": f"{__name__}.ScriptedAdapter", "email": f"{__name__}.ScriptedAdapter"}
    with override_settings(MOJOE_CHANNEL_ADAPTERS=adapters, MOJOE_OUTBOX_MAX_ATTEMPTS=3):
        yield ScriptedAdapter


def _text(clinic, **extra) -> OutboxMessage:
    return outbox_enqueue(practice=clinic.practice, channel="sms", to=NUMBER, body="Reminder", **extra)


def test_a_message_is_delivered_once_by_the_job_queued_on_commit(clinic, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = _text(clinic)
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 1 and row.provider == "scripted"
    assert ScriptedAdapter.sent == [str(row.pk)]
    # The sweep (or a second job for the same row) finds nothing to do.
    assert outbox_deliver(row.pk) is None
    assert outbox_sweep() == 0
    assert ScriptedAdapter.sent == [str(row.pk)]


def test_only_one_claim_wins(clinic):
    row = _text(clinic)
    now = timezone.now()
    assert _claim(row.pk, now) is not None
    assert _claim(row.pk, now) is None
    # Once the lease has run out (the worker died), another worker may take it.
    assert _claim(row.pk, now + LEASE + timedelta(seconds=1)) is not None


def test_temporary_failures_are_retried_later_then_delivered(clinic):
    ScriptedAdapter.script = ["temporary", "temporary"]
    row = _text(clinic)
    now = timezone.now()
    assert outbox_deliver(row.pk, now=now) == OutboxStatus.QUEUED
    row.refresh_from_db()
    assert row.next_attempt_at > now and "503" in row.last_error
    assert outbox_sweep(now=now) == 0  # not due yet
    later = row.next_attempt_at + timedelta(seconds=1)
    assert outbox_sweep(now=later) == 1
    row.refresh_from_db()
    assert outbox_sweep(now=row.next_attempt_at + timedelta(seconds=1)) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 3
    assert ScriptedAdapter.sent == [str(row.pk)]


def test_retry_delays_grow_with_jitter():
    delays = [retry_delay(n) for n in range(1, 8)]
    assert timedelta(seconds=15) <= delays[0] <= timedelta(seconds=45)
    assert delays[3] > delays[0]
    assert max(delays) <= timedelta(hours=1, minutes=30)


def test_after_the_last_try_the_message_is_dead_and_the_front_desk_gets_a_task(clinic):
    ScriptedAdapter.script = ["temporary"] * 3
    row = _text(clinic)
    now = timezone.now()
    for _ in range(3):
        outbox_deliver(row.pk, now=now)
        row.refresh_from_db()
        now = (row.next_attempt_at or now) + timedelta(seconds=1)
    assert row.status == OutboxStatus.DEAD
    task = Task.objects.get(kind="delivery_failed")
    assert task.team == "front_desk" and NUMBER in task.summary and "Reminder" in task.details


def test_a_permanent_failure_is_not_retried(clinic):
    ScriptedAdapter.script = ["permanent"]
    row = _text(clinic)
    assert outbox_deliver(row.pk) == OutboxStatus.FAILED
    assert outbox_sweep(now=timezone.now() + timedelta(days=1)) == 0
    assert Task.objects.filter(kind="delivery_failed").count() == 1


def test_status_reports_never_move_backwards(clinic):
    row = _text(clinic)
    outbox_deliver(row.pk)
    row.refresh_from_db()
    assert outbox_status_update(provider="scripted", provider_id=row.provider_id, status="delivered")
    assert not outbox_status_update(provider="scripted", provider_id=row.provider_id, status="sent")
    assert not outbox_status_update(provider="scripted", provider_id="SMunknown", status="delivered")
    row.refresh_from_db()
    assert row.status == OutboxStatus.DELIVERED and row.delivered_at is not None


def test_an_undelivered_report_becomes_a_task(clinic):
    row = _text(clinic)
    outbox_deliver(row.pk)
    row.refresh_from_db()
    outbox_status_update(
        provider="scripted", provider_id=row.provider_id, status="undelivered", error="30005"
    )
    assert Task.objects.filter(kind="delivery_failed", details__contains="30005").exists()


def test_nothing_but_compliance_messages_reaches_an_address_that_opted_out(clinic):
    ChannelOptOut.objects.create(practice=clinic.practice, channel="sms", address=NUMBER)
    reminder = _text(clinic)
    confirmation = _text(clinic, compliance=True)
    assert outbox_deliver(reminder.pk) == OutboxStatus.SUPPRESSED
    assert outbox_deliver(confirmation.pk) == OutboxStatus.SENT
    assert ScriptedAdapter.sent == [str(confirmation.pk)]


@override_settings(MOJOE_SMS_DAILY_CAP=2)
def test_the_daily_cap_postpones_automated_texts_to_the_next_morning(clinic):
    rows = [_text(clinic) for _ in range(3)]
    now = timezone.now()
    statuses = [outbox_deliver(r.pk, now=now) for r in rows]
    assert statuses == [OutboxStatus.SENT, OutboxStatus.SENT, OutboxStatus.QUEUED]
    held = OutboxMessage.objects.get(pk=rows[2].pk)
    assert held.attempts == 0 and "Daily cap" in held.last_error
    local = held.next_attempt_at.astimezone(clinic.tz)
    assert local.date() == now.astimezone(clinic.tz).date() + timedelta(days=1) and local.hour == 9


@override_settings(MOJOE_SMS_PER_MINUTE=1)
def test_the_sending_rate_postpones_rather_than_drops(clinic):
    first, second = _text(clinic), _text(clinic, compliance=True)
    assert outbox_deliver(first.pk) == OutboxStatus.SENT
    assert outbox_deliver(second.pk) == OutboxStatus.QUEUED
    second.refresh_from_db()
    assert second.next_attempt_at > timezone.now() and second.attempts == 0


def test_assistant_replies_in_an_sms_conversation_are_queued_with_their_message(clinic):
    from mojoe.assistant.services import assistant_handle
    from mojoe.messaging.services import conversation_for_address

    conversation = conversation_for_address(practice=clinic.practice, channel="sms", address=NUMBER)
    replies = assistant_handle(conversation=conversation, body="STOP")
    row = OutboxMessage.objects.get(conversation=conversation)
    assert row.body == replies[0] and row.message.body == replies[0]
    assert row.compliance  # the STOP confirmation goes out although the number just opted out
    assert outbox_deliver(row.pk) == OutboxStatus.SENT


def test_web_chat_replies_need_no_delivery(clinic):
    from mojoe.assistant.services import assistant_handle
    from mojoe.messaging.services import conversation_for_address

    conversation = conversation_for_address(practice=clinic.practice, channel="webchat", address="x" * 64)
    assistant_handle(conversation=conversation, body="hello")
    assert not OutboxMessage.objects.exists()


def test_the_rows_of_one_block_go_out_with_one_job_in_their_order(clinic, django_capture_on_commit_callbacks):
    from django.db import transaction

    from mojoe.messaging.outbox import outbox_one_job

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
        outbox_one_job(),
    ):
        first, second = _text(clinic), _text(clinic)
    assert len(callbacks) == 1  # one job queued on commit, which (tasks run at once in tests) sent both
    assert ScriptedAdapter.sent == [str(first.pk), str(second.pk)]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}


def test_a_block_that_fails_queues_no_job(clinic, django_capture_on_commit_callbacks):
    from django.db import transaction

    from mojoe.messaging.outbox import outbox_one_job

    failing = pytest.raises(RuntimeError)
    with django_capture_on_commit_callbacks() as callbacks, failing, transaction.atomic(), outbox_one_job():
        _text(clinic)
        raise RuntimeError("the change that caused the text failed")
    assert callbacks == [] and not OutboxMessage.objects.exists()


def test_one_failing_row_does_not_hold_back_the_next(clinic, monkeypatch):
    from mojoe.messaging import outbox

    first, second = _text(clinic), _text(clinic)
    real = outbox.outbox_deliver

    def deliver(pk, **kwargs):
        if pk == first.pk:
            raise RuntimeError("database went away")
        return real(pk, **kwargs)

    monkeypatch.setattr(outbox, "outbox_deliver", deliver)
    assert outbox.outbox_deliver_all([first.pk, second.pk]) == [None, OutboxStatus.SENT]


def test_a_turn_answered_in_two_texts_queues_one_job(clinic, django_capture_on_commit_callbacks):
    from mojoe.assistant.services import assistant_handle
    from mojoe.messaging.services import conversation_for_address

    conversation = conversation_for_address(practice=clinic.practice, channel="sms", address=NUMBER)
    assistant_handle(conversation=conversation, body="I need to reschedule my appointment")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        # An office question while the assistant waits for a name and birth date: the answer, then the ask.
        replies = assistant_handle(conversation=conversation, body="Where do I park?")
    assert len(replies) == 2 and len(callbacks) == 1
    rows = OutboxMessage.objects.filter(conversation=conversation, body__in=replies)
    assert rows.count() == 2 and set(rows.values_list("status", flat=True)) == {OutboxStatus.SENT}
