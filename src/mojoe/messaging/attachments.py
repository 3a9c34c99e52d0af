"""Pictures and documents patients send with a text (MMS): recorded with the message, fetched by the worker.

The webhook only records what the provider announced (its URL and type), in the message's transaction; the
fetch happens in the background (`jobs.fetch_message_attachments`), so a slow file store never makes Twilio
wait or retry the webhook. Kept: pictures and PDFs up to MAX_BYTES, in the installation's own storage, never
served but through the staff page that audits each opening. Anything else stays listed with the reason
(`MessageAttachment.error`), so that staff know the patient sent it and can ask for it another way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from mojoe.messaging.channels import PermanentFailure, TemporaryFailure, twilio
from mojoe.messaging.models import Message, MessageAttachment

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
# What is kept, and the extension it is stored under. Not SVG or HTML: a file a browser would run.
KEPT_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "image/heif": ".heif",
    "application/pdf": ".pdf",
}
# Twilio announces at most ten media per message.
MAX_ATTACHMENTS = 10


@dataclass(frozen=True)
class IncomingAttachment:
    """What a provider announced: where to fetch it, and the type it says it is."""

    url: str
    content_type: str


def attachments_record(*, message: Message, incoming: list[IncomingAttachment]) -> list[MessageAttachment]:
    """Record the message's attachments (inside its transaction) and fetch them once it commits."""
    rows = [
        MessageAttachment(
            practice_id=message.practice_id,
            message=message,
            source_url=item.url,
            content_type=item.content_type,
            error="" if item.content_type in KEPT_TYPES else _not_kept(item.content_type),
        )
        for item in incoming
    ]
    MessageAttachment.objects.bulk_create(rows)
    if any(not row.error for row in rows):
        from mojoe.messaging.jobs import fetch_message_attachments

        transaction.on_commit(lambda: fetch_message_attachments(str(message.pk)))
    return rows


def _not_kept(content_type: str) -> str:
    return f"Not kept: Mojoe keeps pictures and PDFs, and this is {content_type or 'of no stated type'}."


def attachments_fetch(message_id, *, last_try: bool = True) -> int:
    """Fetch the message's attachments not fetched yet; how many were stored.

    A temporary failure (the provider unreachable) is raised for the job to try again, unless `last_try`,
    when it is recorded on the attachment like a permanent one.
    """
    stored = 0
    pending = MessageAttachment.objects.filter(message_id=message_id, file="", error="")
    for attachment in pending:
        try:
            content_type, content = twilio.media_download(attachment.source_url, max_bytes=MAX_BYTES)
        except TemporaryFailure as failure:
            if not last_try:
                raise
            _failed(attachment, f"Could not be fetched: {failure}")
            continue
        except PermanentFailure as failure:
            _failed(attachment, f"Could not be fetched: {failure}")
            continue
        if content_type not in KEPT_TYPES:
            _failed(attachment, _not_kept(content_type))
            continue
        attachment.content_type = content_type
        attachment.size = len(content)
        attachment.file.save(f"file{KEPT_TYPES[content_type]}", ContentFile(content), save=False)
        attachment.save(update_fields=["content_type", "size", "file", "updated_at"])
        stored += 1
    return stored


def _failed(attachment: MessageAttachment, reason: str) -> None:
    logger.warning("A patient's attachment was not kept: %s", reason)
    attachment.error = reason[:300]
    attachment.save(update_fields=["error", "updated_at"])
