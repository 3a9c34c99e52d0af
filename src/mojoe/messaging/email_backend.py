"""A Django email backend that keeps every message in the outbox instead of sending it.

It is the embedded default, so that a practice running without an SMTP relay still sees each email (an
invitation link, for instance) on the outbox page. Set `MOJOE_EMAIL_BACKEND` to Django's SMTP backend to
send real email.
"""

from __future__ import annotations

import uuid

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from mojoe.core.roles import Role
from mojoe.messaging.models import OutboxChannel, OutboxMessage

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
            if practice_id and not Practice.objects.filter(pk=practice_id).exists():
                practice_id = None
            audience = _header(message, AUDIENCE_HEADER)
            try:
                with transaction.atomic():
                    OutboxMessage.objects.create(
                        practice_id=practice_id,
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
