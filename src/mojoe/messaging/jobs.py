"""Background work for messaging. Jobs are thin: they call the outbox service."""

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from mojoe.messaging.attachments import attachment_files_orphaned_delete, attachments_fetch, attachments_sweep
from mojoe.messaging.email_imap import imap_configured, imap_poll
from mojoe.messaging.outbox import outbox_deliver, outbox_deliver_all, outbox_sweep


# Queued with Huey itself rather than through django.tasks, unlike Mojoe's other jobs: the django.tasks
# backend writes a result record and reads it back on every enqueue (three trips to the queue's database
# instead of one, a tenth of an inbound text's time on SQLite), and a delivery's result is read by nobody:
# the outbox row is its record. Returning None, it leaves no result behind either.
@db_task()
def deliver_outbox_messages(outbox_message_ids: list[str]) -> None:
    """Queued on commit for the outbox rows a transaction wrote (one, or all of an `outbox_one_job` block),
    sent in that order; a row another worker already has is left to it."""
    outbox_deliver_all(outbox_message_ids)


@task()
def deliver_outbox_message(outbox_message_id: str) -> str | None:
    """What earlier versions queued for each row; kept so that the jobs they left in the queue still run."""
    return outbox_deliver(outbox_message_id)


@db_periodic_task(crontab(minute="*"))
def sweep_outbox() -> int:
    """Every minute: retries that are due, and rows a dead worker was holding."""
    return outbox_sweep()


@db_periodic_task(crontab(minute="*"))
def poll_mailbox() -> int:
    """Every minute, when MOJOE_IMAP_HOST is set: patients' unread emails from the practice mailbox."""
    if not imap_configured():
        return 0
    return imap_poll().handled


@db_task(retries=4, retry_delay=60, context=True)
def fetch_message_attachments(message_id: str, task=None) -> None:
    """Queued when a message with pictures commits: fetches them, trying again a minute later while the
    provider cannot be reached (four times)."""
    attachments_fetch(message_id, last_try=task is None or task.retries == 0)


@db_periodic_task(crontab(minute="*/5"))
def sweep_attachments() -> int:
    """Every five minutes: pictures whose fetching job never ran, or died with its worker."""
    return attachments_sweep()


@db_periodic_task(crontab(minute="40", hour="3"))
def delete_orphaned_attachment_files() -> int:
    """Every night: the files of attachments whose message was never written (see the service)."""
    return attachment_files_orphaned_delete()
