"""Background work for messaging. Jobs are thin: they call the outbox service."""

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from mojoe.messaging.outbox import outbox_deliver, outbox_sweep


@task()
def deliver_outbox_message(outbox_message_id: str) -> str | None:
    """Queued on commit for each new outbox row; does nothing if another worker already has it."""
    return outbox_deliver(outbox_message_id)


@db_periodic_task(crontab(minute="*"))
def sweep_outbox() -> int:
    """Every minute: retries that are due, and rows a dead worker was holding."""
    return outbox_sweep()
