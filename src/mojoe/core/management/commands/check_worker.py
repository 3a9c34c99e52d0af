"""`mojoe manage check_worker`: enqueue a ping through the task queue and wait for a worker to answer it."""

import time

from django.core.management.base import BaseCommand, CommandError

from mojoe.core.jobs import worker_ping


class Command(BaseCommand):
    help = "Check that a background worker is running and answering jobs."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=15.0, help="Seconds to wait for an answer.")

    def handle(self, *args, timeout: float, **options):
        result = worker_ping.enqueue(note="check_worker")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result.refresh()
            if result.is_finished:
                break
            time.sleep(0.2)
        if not result.is_finished:
            raise CommandError(
                f"No worker answered within {timeout:g} s. Start one with `mojoe worker` (or `make run`)."
            )
        if result.status != "SUCCESSFUL":
            raise CommandError(f"The worker failed the check: {result.status}.")
        answer = result.return_value
        self.stdout.write(f"Worker on {answer['host']} answered at {answer['at']}.")
