"""Background work that belongs to no domain: proving the worker is alive."""

import socket

from django.utils import timezone
from django_tasks import task


@task()
def worker_ping(note: str = "") -> dict:
    """Answered by whichever worker picks it up; `mojoe manage check_worker` waits for the answer."""
    return {"note": note, "host": socket.gethostname(), "at": timezone.now().isoformat()}
