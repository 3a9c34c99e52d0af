"""Delivering outbound messages: written with the change that caused them, sent by a job, never twice.

The life of a row: `queued` → claimed by one worker (`sending`, with a lease) → `sent` or `delivered`, or
back to `queued` with a later `next_attempt_at` after a temporary failure, or `dead` after the last try
(which becomes a front-desk task), or `failed` at once for a permanent one. A worker killed while holding a
row loses its lease; the periodic sweep then gives the row to another worker, which sends it once.

Claiming is one conditional UPDATE, so two workers (or a job and the sweep) never both send a row. The
remaining window (the provider accepted the message and the worker died before recording it) cannot be
closed without the provider's help; it is as small as one database write.
"""

from __future__ import annotations

import logging
import random
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from mojoe.core.ratelimit import rate_limit_exceeded
from mojoe.core.statements import row_insert
from mojoe.messaging.channels import PermanentFailure, TemporaryFailure, adapter_for
from mojoe.messaging.models import (
    STATUS_RANK,
    ChannelOptOut,
    OutboxChannel,
    OutboxMessage,
    OutboxStatus,
)

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
MAX_RETRY_DELAY = timedelta(hours=1)
SWEEP_BATCH = 100


def outbox_enqueue(
    *,
    practice,
    channel: str,
    to: str,
    body: str,
    subject: str = "",
    sender: str = "",
    conversation=None,
    message=None,
    headers: dict | None = None,
    compliance: bool = False,
    audience_role: str = "",
) -> OutboxMessage:
    """Queue a message; it is delivered by a job once the surrounding transaction commits (one job for all
    the rows of an `outbox_one_job()` block)."""
    row = row_insert(
        OutboxMessage(
            practice=practice,
            channel=channel,
            to=to,
            body=body,
            subject=subject,
            sender=sender,
            conversation=conversation,
            message=message,
            headers=headers or {},
            compliance=compliance,
            audience_role=audience_role,
            next_attempt_at=timezone.now(),
        )
    )
    batch = _batch.get()
    if batch is not None:
        batch.append(row.pk)
    else:
        transaction.on_commit(lambda: _enqueue_delivery([row.pk]))
    return row


# The rows written inside an outbox_one_job() block, None outside one.
_batch: ContextVar[list | None] = ContextVar("outbox_batch", default=None)


@contextmanager
def outbox_one_job():
    """The rows queued inside this block are delivered by one job, in the order they were written, queued
    when the transaction commits: an assistant's turn that answers in two texts queues one job, not two.

    The job is queued at the end of the block, at the block's own level of the transaction, which every row
    of the block shares or is nested in: if the transaction (or a savepoint around the block) rolls back, no
    job is queued; a row rolled back alone with an inner savepoint is simply not found by the job. A block
    that raises queues nothing, as its rows roll back with the exception. Blocks nest into the outermost.
    Outside a transaction each row gets its own job, as it commits on its own.
    """
    if _batch.get() is not None or not transaction.get_connection().in_atomic_block:
        yield
        return
    rows: list = []
    token = _batch.set(rows)
    try:
        yield
    finally:
        _batch.reset(token)
    if rows:
        transaction.on_commit(lambda: _enqueue_delivery(rows))


def _enqueue_delivery(pks: list) -> None:
    from mojoe.messaging.jobs import deliver_outbox_messages

    try:
        deliver_outbox_messages([str(pk) for pk in pks])
    except Exception:  # the queue is down: the periodic sweep delivers them
        logger.warning("Could not queue delivery of outbox messages %s; the sweep will", pks, exc_info=True)


def _claim(pk, now: datetime) -> OutboxMessage | None:
    """Take the row for this worker if it is due and nobody holds it; None otherwise."""
    due = Q(status=OutboxStatus.QUEUED, next_attempt_at__lte=now) | Q(
        status=OutboxStatus.SENDING, claimed_until__lt=now
    )
    claimed = OutboxMessage.objects.filter(due, pk=pk).update(
        status=OutboxStatus.SENDING, claimed_until=now + LEASE, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return OutboxMessage.objects.select_related("practice").get(pk=pk)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff with jitter: about 30 s, 1 min, 2 min… up to an hour, ±50%."""
    base = timedelta(seconds=settings.MOJOE_OUTBOX_RETRY_SECONDS) * (2 ** max(attempts - 1, 0))
    return min(base, MAX_RETRY_DELAY) * random.uniform(0.5, 1.5)


def _postpone(row: OutboxMessage, until: datetime, reason: str) -> str:
    # Not a failed try: the attempt the claim counted is given back.
    OutboxMessage.objects.filter(pk=row.pk).update(
        status=OutboxStatus.QUEUED,
        next_attempt_at=until,
        claimed_until=None,
        attempts=F("attempts") - 1,
        last_error=reason,
    )
    return OutboxStatus.QUEUED


def _held_back(row: OutboxMessage, now: datetime) -> str | None:
    """Why this row may not go now (opted out, daily cap, rate), having recorded what happens instead."""
    if not row.compliance and row.practice_id:
        opted_out = ChannelOptOut.objects.filter(
            practice_id=row.practice_id, channel=row.channel, address=row.to
        ).exists()
        if opted_out:
            _finish(row, OutboxStatus.SUPPRESSED, error="The recipient opted out of this channel.")
            return OutboxStatus.SUPPRESSED
    if row.channel != OutboxChannel.SMS:
        return None
    if row.message_id is None and not row.compliance:
        tz = row.practice.tz if row.practice_id else timezone.get_default_timezone()
        local_midnight = now.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)
        sent_today = OutboxMessage.objects.filter(
            channel=OutboxChannel.SMS,
            to=row.to,
            message__isnull=True,
            sent_at__gte=local_midnight,
        ).count()
        if sent_today >= settings.MOJOE_SMS_DAILY_CAP:
            tomorrow_morning = local_midnight + timedelta(days=1, hours=9)
            return _postpone(row, tomorrow_morning, "Daily cap for this number reached; sent tomorrow.")
    wait = rate_limit_exceeded("sms-outbound", limit=settings.MOJOE_SMS_PER_MINUTE)
    if wait:
        return _postpone(row, now + timedelta(seconds=wait), "Sending rate limit; retried shortly.")
    return None


def _finish(row: OutboxMessage, status: str, *, error: str = "", **fields) -> bool:
    """Record how this worker's try ended; False when the provider's report on the message came first (its
    status callback can outrun the answer to the send): the row keeps the status the report gave, and the
    rest (the provider's id, the error) is recorded all the same."""
    fields = {"claimed_until": None, "last_error": error[:2000], **fields}
    ours = OutboxMessage.objects.filter(pk=row.pk, status=OutboxStatus.SENDING)
    if ours.update(status=status, **fields):
        return True
    OutboxMessage.objects.filter(pk=row.pk).update(**fields)
    return False


def outbox_deliver(pk, *, now: datetime | None = None) -> str | None:
    """Try to deliver one row; its status afterwards, or None when it was not ours to send (not due, held)."""
    now = now or timezone.now()
    row = _claim(pk, now)
    if row is None:
        return None
    held = _held_back(row, now)
    if held:
        return held
    try:
        sent = adapter_for(row.channel).send(row)
    except PermanentFailure as error:
        if getattr(error, "opted_out", False):
            # The provider refuses because the recipient opted out with it (Twilio answers STOP itself by
            # default): the same outcome as our own opt-out, not a failure for staff to chase.
            _finish(row, OutboxStatus.SUPPRESSED, error=str(error))
            return OutboxStatus.SUPPRESSED
        if _finish(row, OutboxStatus.FAILED, error=str(error)):
            _tell_staff(row, str(error))
        return OutboxStatus.FAILED
    except TemporaryFailure as error:
        return _retry_or_give_up(row, now, str(error))
    except Exception as error:
        # An error no adapter foresaw (a bug, a library's surprise) is retried like a temporary failure.
        # Left to propagate, it would leave the row claimed until its lease ran out, then claimed again by
        # every sweep forever, and abort each sweep before the rows behind it.
        logger.exception("Delivering outbox message %s failed unexpectedly", row.pk)
        return _retry_or_give_up(row, now, f"Unexpected error: {type(error).__name__}: {error}")
    status = sent.status if sent.status in (OutboxStatus.SENT, OutboxStatus.DELIVERED) else OutboxStatus.SENT
    extra = {"delivered_at": now} if status == OutboxStatus.DELIVERED else {}
    _finish(row, status, provider=sent.provider, provider_id=sent.provider_id, sent_at=now, **extra)
    return status


def outbox_deliver_all(pks) -> list[str | None]:
    """`outbox_deliver` for each row in turn, in order; one row's unexpected error does not hold back the
    next (the sweep tries the row again once its lease runs out)."""
    outcomes: list[str | None] = []
    for pk in pks:
        try:
            outcomes.append(outbox_deliver(pk))
        except Exception:
            logger.exception("Delivering outbox message %s failed; the sweep will try again", pk)
            outcomes.append(None)
    return outcomes


def _retry_or_give_up(row: OutboxMessage, now: datetime, error: str) -> str:
    """After a failed try: again later with backoff, or, after the last try, dead and a task for staff.

    Neither when the provider has reported on the message meanwhile: then it had accepted it (the failure
    was losing its answer), and sending again would send it twice.
    """
    if row.attempts >= settings.MOJOE_OUTBOX_MAX_ATTEMPTS:
        if _finish(row, OutboxStatus.DEAD, error=error):
            _tell_staff(row, error)
        return OutboxStatus.DEAD
    _finish(row, OutboxStatus.QUEUED, error=error, next_attempt_at=now + retry_delay(row.attempts))
    return OutboxStatus.QUEUED


def _tell_staff(row: OutboxMessage, error: str) -> None:
    """A message that could not be delivered is work for a person: they call or write another way."""
    if row.practice_id is None:
        return
    from mojoe.core.context import Actor
    from mojoe.inbox.services import task_create

    conversation = row.conversation
    what = "text" if row.channel == OutboxChannel.SMS else "email"
    task_create(
        actor=Actor.system(row.practice),
        kind="delivery_failed",
        summary=f"Could not deliver a {what} to {row.to}",
        patient=conversation.patient if conversation and conversation.is_verified else None,
        conversation=conversation,
        details=f"{error}\n\nMessage:\n{row.body}",
    )


def outbox_sweep(*, now: datetime | None = None) -> int:
    """Deliver what is due and what a dead worker left behind; the number of rows tried."""
    now = now or timezone.now()
    due = (
        OutboxMessage.objects.filter(
            Q(status=OutboxStatus.QUEUED, next_attempt_at__lte=now)
            | Q(status=OutboxStatus.SENDING, claimed_until__lt=now)
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    tried = 0
    for pk in list(due):
        if outbox_deliver(pk, now=now) is not None:
            tried += 1
    return tried


def outbox_status_update(
    *, provider: str, provider_id: str, status: str, error: str = "", outbox_id=None
) -> bool:
    """A provider's report on a message (a status callback). Never moves a status backwards; True if applied.

    `outbox_id` is the row the report's URL names. The report may come before the worker has recorded the
    provider's id for the row (it is then recorded from the report); a report on another id than the one
    recorded is not about this row's message.
    """
    if status not in STATUS_RANK:
        return False
    with transaction.atomic():
        rows = OutboxMessage.objects.select_for_update()
        if outbox_id is not None:
            try:
                row = rows.filter(pk=outbox_id, channel=OutboxChannel.SMS).first()
            except ValidationError:  # a malformed id names no row
                row = None
            if row is not None and row.provider_id and row.provider_id != provider_id:
                row = None
        else:
            row = rows.filter(provider=provider, provider_id=provider_id).first()
        if row is None or STATUS_RANK[status] <= STATUS_RANK[row.status]:
            return False
        row.status = status
        fields = ["status", "updated_at"]
        if not row.provider_id:
            row.provider, row.provider_id = provider, provider_id
            fields += ["provider", "provider_id"]
        if status == OutboxStatus.DELIVERED:
            row.delivered_at = timezone.now()
            fields.append("delivered_at")
        if error:
            row.last_error = error[:2000]
            fields.append("last_error")
        row.save(update_fields=fields)
    if status in (OutboxStatus.UNDELIVERED, OutboxStatus.FAILED):
        _tell_staff(row, error or f"The provider reported the message as {status}.")
    return True
