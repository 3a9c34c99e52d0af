"""Background work for messaging. Jobs are thin: they call the outbox service."""

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from mojoe.messaging.outbox import outbox_deliver, outbox_deliver_all, outbox_sweep


@task()
def deliver_outbox_message(outbox_message_id: str) -> str | None:
    """Queued on commit for a new outbox row; does nothing if another worker already has it."""
    return outbox_deliver(outbox_message_id)


@task()
def deliver_outbox_messages(outbox_message_ids: list[str]) -> list[str | None]:
    """Queued on commit for the rows a transaction wrote together (`outbox_one_job`), sent in that order."""
    return outbox_deliver_all(outbox_message_ids)


@db_periodic_task(crontab(minute="*"))
def sweep_outbox() -> int:
    """Every minute: retries that are due, and rows a dead worker was holding."""
    return outbox_sweep()
