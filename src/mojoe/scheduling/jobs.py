"""Background work for scheduling. Jobs are thin: they call a service."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from mojoe.scheduling.services import waitlist_expire_past


@db_periodic_task(crontab(minute="7"))
def expire_waitlist_entries() -> int:
    """Hourly: close waitlist entries whose last acceptable date has passed (in UTC; a day late is harmless)."""
    return waitlist_expire_past(today=timezone.localdate())
