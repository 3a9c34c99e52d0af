"""Patients' emails in, fetched from a mailbox over IMAP: for a practice whose mail cannot be posted to Mojoe.

The webhook (`email_inbound`) needs a mail server or service that posts each message as it arrives. Most
small practices have neither, only a mailbox at their provider (Google Workspace, Microsoft 365, a host's
mail). With MOJOE_IMAP_HOST set, the worker signs in to that mailbox every minute, reads the unread mail of
MOJOE_IMAP_FOLDER and hands each message, as it came, to the same `email_inbound_receive` the webhook uses:
the same practice routing, threading, robot filter and once-only storage.

A message is marked read (\\Seen) only after it was handled. A worker that stops in between leaves it unread;
the next poll reads it again and finds it already stored by its Message-ID ("duplicate"), so nothing is
answered twice. A message Mojoe cannot take (malformed, no sender, for no practice, over the size limit) is
marked read and flagged (\\Flagged) so that a person looking at the mailbox sees it, and is never read
again. A failure that may pass (the database busy, a bug) leaves the message unread for the next poll.
The mailbox should be one that only Mojoe reads: mail someone already opened there is not read.
"""

from __future__ import annotations

import imaplib
import logging
import re
import ssl
from dataclasses import dataclass, field

from django.conf import settings

from mojoe.core.errors import MojoeError
from mojoe.messaging.email_inbound import email_inbound_receive

logger = logging.getLogger(__name__)

# At most this many messages per poll: a mailbox that filled up while Mojoe was off is read over a few
# minutes, and one poll never runs past the next.
MAX_PER_POLL = 50
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


class ImapError(MojoeError):
    status = 502
    code = "imap_failed"


@dataclass
class ImapPollResult:
    """What one poll did: messages answered, already stored, ignored (robots), refused, and left for later."""

    answered: int = 0
    duplicate: int = 0
    ignored: int = 0
    refused: list[str] = field(default_factory=list)
    left: int = 0

    @property
    def handled(self) -> int:
        return self.answered + self.duplicate + self.ignored + len(self.refused)


def imap_configured() -> bool:
    return bool(settings.MOJOE_IMAP_HOST)


def _connect() -> imaplib.IMAP4:
    host, port, security = settings.MOJOE_IMAP_HOST, settings.MOJOE_IMAP_PORT, settings.MOJOE_IMAP_SECURITY
    timeout = settings.MOJOE_IMAP_TIMEOUT
    try:
        if security == "ssl":
            client = imaplib.IMAP4_SSL(host, port, ssl_context=ssl.create_default_context(), timeout=timeout)
        else:
            client = imaplib.IMAP4(host, port, timeout=timeout)
            if security == "starttls":
                client.starttls(ssl_context=ssl.create_default_context())
        client.login(settings.MOJOE_IMAP_USER, settings.MOJOE_IMAP_PASSWORD)
    except (OSError, imaplib.IMAP4.error) as error:
        raise ImapError(f"Could not sign in to the mailbox at {host}:{port} ({security}): {error}") from error
    return client


def _ok(response, what: str):
    kind, data = response
    if kind != "OK":
        raise ImapError(f"The mailbox refused to {what}: {data!r}")
    return data


def _mark(client: imaplib.IMAP4, uid: bytes, flags: str) -> None:
    _ok(client.uid("STORE", uid, "+FLAGS", flags), f"mark message {uid.decode()}")


def imap_poll() -> ImapPollResult:
    """Read the mailbox's unread messages once (at most MAX_PER_POLL) and hand each to the email channel.

    Raises `ImapError` when the mailbox cannot be reached or refuses a command; what was handled before stays
    handled, and what was not is read on the next poll.
    """
    result = ImapPollResult()
    client = _connect()
    try:
        folder = settings.MOJOE_IMAP_FOLDER
        _ok(client.select(_quoted(folder)), f"open the folder {folder!r}")
        uids = _ok(client.uid("SEARCH", None, "UNSEEN"), "search for unread mail")[0].split()
        result.left = max(0, len(uids) - MAX_PER_POLL)
        for uid in uids[:MAX_PER_POLL]:
            _handle(client, uid, result)
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            logger.debug("Signing out of the mailbox failed", exc_info=True)
    return result


def _handle(client: imaplib.IMAP4, uid: bytes, result: ImapPollResult) -> None:
    size_data = _ok(client.uid("FETCH", uid, "(RFC822.SIZE)"), f"size message {uid.decode()}")
    size = _SIZE.search(b" ".join(part if isinstance(part, bytes) else b"" for part in size_data))
    if size is None:  # gone since the search (moved or deleted by someone else)
        return
    if int(size.group(1)) > settings.MOJOE_EMAIL_INBOUND_MAX_BYTES:
        _refuse(client, uid, result, f"larger than MOJOE_EMAIL_INBOUND_MAX_BYTES ({size.group(1)} bytes)")
        return
    # BODY.PEEK leaves the message unread until it has been handled.
    data = _ok(client.uid("FETCH", uid, "(BODY.PEEK[])"), f"read message {uid.decode()}")
    raw = next((part[1] for part in data if isinstance(part, tuple) and len(part) == 2), None)
    if raw is None:
        return
    try:
        outcome = email_inbound_receive(raw=raw)
    except MojoeError as error:
        _refuse(client, uid, result, error.detail)
        return
    setattr(result, outcome.status, getattr(result, outcome.status) + 1)
    _mark(client, uid, "(\\Seen)")


def _refuse(client: imaplib.IMAP4, uid: bytes, result: ImapPollResult, reason: str) -> None:
    logger.warning("Mailbox message %s not taken: %s", uid.decode(), reason)
    result.refused.append(reason)
    _mark(client, uid, "(\\Seen \\Flagged)")


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
