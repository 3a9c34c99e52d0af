"""`mojoe manage imap_poll`: read the practice mailbox once, now (the worker does it every minute)."""

from django.core.management.base import BaseCommand, CommandError

from mojoe.messaging.email_imap import ImapError, imap_configured, imap_poll


class Command(BaseCommand):
    help = "Read the unread patient emails of the MOJOE_IMAP_HOST mailbox once, and say what became of them."

    def handle(self, *args, **options):
        if not imap_configured():
            raise CommandError(
                "No mailbox is configured: set MOJOE_IMAP_HOST, MOJOE_IMAP_USER, MOJOE_IMAP_PASSWORD."
            )
        try:
            result = imap_poll()
        except ImapError as error:
            raise CommandError(error.detail) from error
        self.stdout.write(
            f"{result.answered} answered, {result.duplicate} already stored, {result.ignored} automatic "
            f"(not answered), {len(result.refused)} refused, {result.left} left for the next poll."
        )
        for reason in result.refused:
            self.stdout.write(f"  refused: {reason}")
