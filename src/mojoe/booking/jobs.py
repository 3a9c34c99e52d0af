"""Background work for self-booking. Jobs are thin: they call a service."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from mojoe.booking.services import booking_request_purge


@db_periodic_task(crontab(minute="23"))
def purge_booking_requests() -> int:
    """Hourly: forget requests older than a day, with the names, birth dates and contacts they hold."""
    return booking_request_purge()
