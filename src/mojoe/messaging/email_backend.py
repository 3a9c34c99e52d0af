"""A Django email backend that puts every message into the outbox, from where the email adapter delivers it.

Everything Django itself sends (an invitation link, for instance) thus takes the same road as the
assistant's messages: one row, one delivery job, retries, and the outbox page. With the embedded default
(`MOJOE_EMAIL_PROVIDER=console`) the outbox page is where it stays.
"""

from __future__ import annotations

import uuid

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from mojoe.core.roles import Role
from mojoe.messaging.models import OutboxChannel
from mojoe.messaging.outbox import outbox_enqueue

PRACTICE_HEADER = "X-Mojoe-Practice"
AUDIENCE_HEADER = "X-Mojoe-Audience-Role"


def _header(message, name: str) -> str:
    # Header names are case-insensitive; extra_headers is a plain dict.
    for key, value in (message.extra_headers or {}).items():
        if key.lower() == name.lower():
            return str(value).strip()
    return ""


def _practice_id(message):
    raw = _header(message, PRACTICE_HEADER)
    try:
        return uuid.UUID(raw) if raw else None
    except ValueError:
        return None


def _plain_body(message) -> str:
    if message.content_subtype == "plain":
        return message.body
    # An HTML-only message: keep the plain alternative if there is one, else the HTML as text.
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/plain":
            return content
    return message.body


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from mojoe.practices.models import Practice

        sent = 0
        for message in email_messages:
            recipients = message.recipients()
            if not recipients:
                continue
            practice_id = _practice_id(message)
            practice = Practice.objects.filter(pk=practice_id).first() if practice_id else None
            audience = _header(message, AUDIENCE_HEADER)
            try:
                with transaction.atomic():
                    outbox_enqueue(
                        practice=practice,
                        channel=OutboxChannel.EMAIL,
                        sender=message.from_email or "",
                        to=", ".join(recipients),
                        subject=message.subject or "",
                        body=_plain_body(message),
                        audience_role=audience if audience in Role.values else "",
                    )
            except Exception:
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent
