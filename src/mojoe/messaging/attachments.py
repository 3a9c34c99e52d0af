"""Pictures and documents patients send: with a text (MMS, announced by URL) or in an email (carried inside).

Both are recorded with the message, in its transaction. An email's are stored at once; an MMS's are fetched
by the worker once the message commits (`jobs.fetch_message_attachments`), so a slow file store never makes
Twilio wait or retry the webhook. What that job never got to (the queue was down when the message came in,
a worker died while fetching) the periodic sweep fetches later (`attachments_sweep`). A file stored for a
message whose transaction then rolled back has no row; a nightly sweep deletes it
(`attachment_files_orphaned_delete`).

Kept: pictures and PDFs up to MAX_BYTES, recognised by their content (the type announced is not trusted), in
the installation's own storage, never served but through the staff page that audits each opening. Anything
else stays listed with the reason (`MessageAttachment.error`), so that staff know the patient sent it and
can ask for it another way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from mojoe.core.errors import MojoeError
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
# What is kept, as the patient pages say it.
KEPT_DESCRIPTION = "pictures (JPEG, PNG, GIF, WebP, HEIC) and PDFs"
# Twilio announces at most ten media per message; an email's beyond ten are listed, not kept.
MAX_ATTACHMENTS = 10
# The sweep leaves an attachment to its own job for this long: the job's tries, a minute apart, are over.
SWEEP_AFTER = timedelta(minutes=15)
# After this, an attachment that still cannot be fetched is recorded as such (Twilio keeps media for days;
# staff should know sooner that there was one they cannot see).
GIVE_UP_AFTER = timedelta(hours=24)
SWEEP_BATCH = 50
# A file without a row is deleted once it is this old: a message's transaction is long over by then.
ORPHAN_AFTER = timedelta(hours=6)
FOLDER = "attachments"


@dataclass(frozen=True)
class IncomingAttachment:
    """What came with a message: its content (an email's parts), or where to fetch it (an MMS's media)."""

    content_type: str
    url: str = ""
    content: bytes | None = None
    filename: str = ""


def sniffed_type(content: bytes) -> str | None:
    """The kept type these bytes are, by their first bytes; None for anything else (a web page, a video)."""
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content[4:8] == b"ftyp" and content[8:12] in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1"):
        return "image/heic"
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    return None


class FileTooLarge(MojoeError):
    status = 413
    code = "too_large"


class FileNotKept(MojoeError):
    status = 415
    code = "unsupported_file"


def file_too_large() -> FileTooLarge:
    return FileTooLarge(
        f"This file is larger than {MAX_BYTES // (1024 * 1024)} MB; please send a smaller one."
    )


def attachment_upload(*, filename: str, content: bytes) -> IncomingAttachment:
    """A file a patient sends from one of Mojoe's pages (the web chat), checked before anything is written.

    A text's or an email's files come whatever Mojoe answers, so what is not kept of them is listed with the
    reason; a page can refuse one instead, and tell the patient why: larger than MAX_BYTES
    (`FileTooLarge`), or not a kept type by its content, whatever it is called (`FileNotKept`).
    """
    if len(content) > MAX_BYTES:
        raise file_too_large()
    kind = sniffed_type(content)
    if kind is None:
        raise FileNotKept(
            f"This file cannot be sent here: we take {KEPT_DESCRIPTION}. You can bring it to your visit."
        )
    return IncomingAttachment(content_type=kind, content=content, filename=filename)


def attachments_record(*, message: Message, incoming: list[IncomingAttachment]) -> list[MessageAttachment]:
    """Record the message's attachments (inside its transaction): those carried are stored now, those
    announced are fetched once it commits."""
    rows = []
    for index, item in enumerate(incoming):
        row = MessageAttachment(
            practice_id=message.practice_id,
            message=message,
            source_url=item.url,
            content_type=item.content_type[:100],
            filename=_display_name(item.filename),
        )
        if index >= MAX_ATTACHMENTS:
            row.error = f"Not kept: more than {MAX_ATTACHMENTS} files in one message."
        elif item.content is not None:
            _keep(row, item.content)
        elif item.content_type not in KEPT_TYPES:
            row.error = _not_kept(item.content_type)
        row.save(force_insert=True)
        rows.append(row)
    if any(row.source_url and not (row.file or row.error) for row in rows):
        transaction.on_commit(lambda: _enqueue_fetch(message.pk))
    return rows


def _enqueue_fetch(message_id) -> None:
    from mojoe.messaging.jobs import fetch_message_attachments

    try:
        fetch_message_attachments(str(message_id))
    except Exception:
        # The queue is down: the message is stored and answered; the sweep fetches its files later.
        logger.warning("Could not queue fetching the attachments of message %s", message_id, exc_info=True)


def _display_name(filename: str) -> str:
    # Shown to staff only, never used as a path: the last component, without control characters.
    name = PurePosixPath(filename.replace("\\", "/")).name
    return "".join(ch for ch in name if ch.isprintable())[:200]


def _keep(row: MessageAttachment, content: bytes) -> bool:
    """Put the content in storage when it is a kept type within the size; else say why on the row."""
    if len(content) > MAX_BYTES:
        row.error = f"Not kept: larger than {MAX_BYTES // (1024 * 1024)} MB."
        return False
    kind = sniffed_type(content)
    if kind is None:
        row.error = _not_kept(row.content_type)
        return False
    row.content_type, row.size = kind, len(content)
    row.file.save(f"file{KEPT_TYPES[kind]}", ContentFile(content), save=False)
    return True


def _not_kept(content_type: str) -> str:
    return f"Not kept: Mojoe keeps pictures and PDFs, and this is {content_type or 'of no stated type'}."


def attachments_fetch(message_id, *, last_try: bool = True) -> int:
    """Fetch the message's announced attachments not fetched yet; how many were stored.

    A temporary failure (the provider unreachable) is raised for the job to try again, unless `last_try`,
    when it is recorded on the attachment like a permanent one.
    """
    stored = 0
    pending = MessageAttachment.objects.filter(message_id=message_id, file="", error="").exclude(
        source_url=""
    )
    for attachment in pending:
        try:
            served, content = twilio.media_download(attachment.source_url, max_bytes=MAX_BYTES)
        except TemporaryFailure as failure:
            if not last_try:
                raise
            attachment.error = f"Could not be fetched: {failure}"
        except PermanentFailure as failure:
            attachment.error = f"Could not be fetched: {failure}"
        else:
            attachment.content_type = served or attachment.content_type  # what it turned out to be
            stored += _keep(attachment, content)
        if attachment.error:
            logger.warning("A patient's attachment was not kept: %s", attachment.error)
            attachment.error = attachment.error[:300]
        attachment.save(update_fields=["content_type", "size", "file", "error", "updated_at"])
        if attachment.file and settings.MOJOE_TWILIO_DELETE_MEDIA:
            _provider_copy_delete(attachment)
    return stored


def _provider_copy_delete(attachment: MessageAttachment) -> None:
    # Kept here now: the copy at Twilio is one more place a patient's picture lives. Failing to delete it
    # leaves things as they were before Mojoe kept its own, so it is logged, not retried.
    try:
        twilio.media_delete(attachment.source_url)
    except (TemporaryFailure, PermanentFailure) as failure:
        logger.warning("Could not delete attachment %s from Twilio: %s", attachment.pk, failure)


def attachments_sweep(*, now: datetime | None = None) -> int:
    """Fetch the attachments still pending well after their message came in; how many were stored.

    Their job was never queued (the queue was down) or died with its worker. One that still cannot be
    fetched stays pending for the next sweep, until GIVE_UP_AFTER, when the reason is recorded on it.
    """
    now = now or timezone.now()
    pending = (
        MessageAttachment.objects.filter(file="", error="", created_at__lte=now - SWEEP_AFTER)
        .exclude(source_url="")
        .order_by("created_at")
        .values_list("message_id", "created_at")[:SWEEP_BATCH]
    )
    oldest: dict = {}
    for message_id, created_at in pending:
        oldest.setdefault(message_id, created_at)
    stored = 0
    for message_id, created_at in oldest.items():
        try:
            stored += attachments_fetch(message_id, last_try=created_at <= now - GIVE_UP_AFTER)
        except TemporaryFailure as failure:
            logger.info("Attachments of message %s not fetched yet: %s", message_id, failure)
    return stored


def attachment_files_orphaned_delete(*, now: datetime | None = None) -> int:
    """Delete the stored files no attachment row names, older than ORPHAN_AFTER; how many were deleted.

    An email's files are stored while its message is being written; when that transaction rolls back (the
    database refused it, the process died), the files stay behind with no row, no staff page and no audit:
    patients' pictures nobody can see or remove from Mojoe. The files are named by ids under a folder per
    practice (`models._attachment_path`).
    """
    now = now or timezone.now()
    if not default_storage.exists(FOLDER):
        return 0
    deleted = 0
    for practice_folder in default_storage.listdir(FOLDER)[0]:
        folder = f"{FOLDER}/{practice_folder}"
        named = set(
            MessageAttachment.objects.filter(file__startswith=f"{folder}/").values_list("file", flat=True)
        )
        for filename in default_storage.listdir(folder)[1]:
            name = f"{folder}/{filename}"
            if name in named or default_storage.get_modified_time(name) > now - ORPHAN_AFTER:
                continue
            default_storage.delete(name)
            deleted += 1
    if deleted:
        logger.warning(
            "Deleted %s attachment files that no message kept (their transaction rolled back)", deleted
        )
    return deleted
