"""The email channel's way out: an outbox row delivered through the SMTP relay, threaded into the patient's mail.

Every email Mojoe sends carries a Message-ID it made itself (kept as the row's `provider_id` and on the
conversation's message), so that the patient's answer, whose In-Reply-To/References name it, comes back to
the same conversation (`messaging.email_inbound`). A reply to a patient's email names their message in
In-Reply-To/References and keeps their subject, so their mail program shows one thread.

SMTP's own answer decides what the outbox does next: a 5xx for the recipient, the sender or the message is
permanent (the row fails and staff get a task); a 4xx, a refused connection, a time-out or a failed sign-in
is temporary (the row is retried with backoff: a relay that is down or misconfigured today may work later).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses, parseaddr

from django.conf import settings
from django.utils import timezone

from mojoe.messaging.channels import PermanentFailure, Sent, TemporaryFailure
from mojoe.messaging.models import MessageAuthor

logger = logging.getLogger(__name__)

# Headers an outbox row may carry into the email; anything else in `headers` is ignored.
THREADING_HEADERS = ("Message-ID", "In-Reply-To", "References")
# A long thread's References keep the first message and the latest ones (RFC 5322 §3.6.4 allows trimming).
MAX_REFERENCES = 10
_REPLY_PREFIXES = ("re:", "fwd:", "fw:", "rv:", "aw:", "wg:", "tr:", "rif:")


def _one_line(value: str) -> str:
    """A header value on one line: a CR or LF from a patient's subject must never start a new header."""
    return " ".join(str(value or "").split())


def _default_from() -> tuple[str, str]:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)


def _formatted(name: str, address: str) -> str:
    try:
        return str(Address(display_name=_one_line(name), addr_spec=address))
    except (ValueError, IndexError):  # an address the header registry cannot quote: send it bare
        return address


def practice_sender(practice) -> str:
    """The From of a practice's email: its own address when it has one, else MOJOE_DEFAULT_FROM_EMAIL's,
    with the practice's name shown (the patient writes to their doctor's office, not to "Mojoe")."""
    name, address = _default_from()
    if practice is not None:
        name = practice.name
        address = practice.email or address
    return _formatted(name, address)


def practice_reply_to(practice) -> str:
    """Where the patient's answer should go: chat+<slug>@ the inbound address, or "" when none is set."""
    inbound = settings.MOJOE_EMAIL_INBOUND_ADDRESS
    if not inbound or practice is None:
        return ""
    local, _, domain = inbound.partition("@")
    return _formatted(practice.name, f"{local}+{practice.slug}@{domain}")


def message_id_new(practice=None, *, unique: str | None = None) -> str:
    """A Message-ID in the sender's domain; random unless `unique` (an outbox row's id) makes it stable."""
    domain = parseaddr(practice_sender(practice))[1].rpartition("@")[2] or "localhost"
    return f"<{unique or uuid.uuid4().hex}@{domain}>"


def subject_base(subject: str) -> str:
    """The subject without its "Re:", "Fwd:", "RV:"… prefixes (however many a thread has piled up)."""
    text = _one_line(subject)
    while True:
        lowered = text.lower()
        prefix = next((p for p in _REPLY_PREFIXES if lowered.startswith(p)), None)
        if prefix is None:
            return text[:200]
        text = text[len(prefix) :].strip()


def references_trimmed(references: list[str]) -> list[str]:
    """Message-IDs once each, in order; a long thread keeps its first and latest ones."""
    unique = list(dict.fromkeys(references))
    if len(unique) <= MAX_REFERENCES:
        return unique
    return [unique[0], *unique[-(MAX_REFERENCES - 1) :]]


@dataclass(frozen=True)
class EmailReply:
    """What an outbound email of a conversation carries: its subject, its Message-ID, its threading headers."""

    subject: str
    message_id: str
    headers: dict = field(default_factory=dict)


def email_reply(conversation) -> EmailReply:
    """The subject and headers of Mojoe's next email in `conversation`.

    After a patient's email (recorded in `conversation.email_thread` when it came in) the reply is
    "Re: <their subject>" with In-Reply-To their Message-ID and References their References plus it;
    otherwise it starts a thread of its own.
    """
    practice = conversation.practice
    thread = conversation.email_thread or {}
    message_id = message_id_new(practice)
    headers = {"Message-ID": message_id}
    base = thread.get("subject") or ""
    subject = f"Re: {base}" if base else f"Message from {practice.name}"
    parent = thread.get("message_id")
    if parent:
        headers["In-Reply-To"] = parent
        headers["References"] = " ".join(references_trimmed([*thread.get("references", []), parent]))
    return EmailReply(subject=subject, message_id=message_id, headers=headers)


def _auto_submitted(row) -> str:
    """RFC 3834: the assistant's answers and system emails are marked automatic, so that a patient's
    vacation responder does not answer them (and we, in turn, do not answer it: no mail loop)."""
    message = row.message
    if message is None:
        return "auto-generated"
    if message.author == MessageAuthor.ASSISTANT:
        return "auto-replied"
    return ""  # a person on staff wrote it


def compose(row) -> EmailMessage:
    """The email of an outbox row, as it goes to the relay."""
    practice = row.practice
    email = EmailMessage(policy=SMTP)
    email["From"] = _one_line(row.sender) or practice_sender(practice)
    email["To"] = _one_line(row.to)
    email["Subject"] = _one_line(row.subject) or (f"Message from {practice.name}" if practice else "Message")
    email["Date"] = format_datetime(timezone.now())
    headers = row.headers or {}
    email["Message-ID"] = _one_line(headers.get("Message-ID")) or message_id_new(practice, unique=row.pk.hex)
    for name in THREADING_HEADERS[1:]:
        if headers.get(name):
            email[name] = _one_line(headers[name])
    reply_to = practice_reply_to(practice) if row.conversation_id else ""
    if reply_to:
        email["Reply-To"] = reply_to
    auto = _auto_submitted(row)
    if auto:
        email["Auto-Submitted"] = auto
    email.set_content(row.body or "")
    return email


def _refused(codes: list[int], what: str, detail: str) -> Exception:
    if codes and all(code >= 500 for code in codes):
        return PermanentFailure(f"The mail server refused {what}: {detail}")
    return TemporaryFailure(f"The mail server deferred {what}: {detail}")


def _text(raw) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


class SmtpAdapter:
    """Delivers email through the SMTP relay of MOJOE_EMAIL_HOST/PORT (STARTTLS and sign-in when set)."""

    name = "smtp"

    def send(self, message) -> Sent:
        try:
            email = compose(message)
        except (ValueError, TypeError, IndexError) as error:
            # A header the email library cannot write (a broken address in the row) never will be.
            raise PermanentFailure(f"The email could not be composed: {error}") from None
        recipients = [address for _, address in getaddresses([message.to]) if "@" in address]
        if not recipients:
            raise PermanentFailure(f"No valid recipient address in {message.to!r}.")
        envelope_from = parseaddr(str(email["From"]))[1]
        try:
            with smtplib.SMTP(
                settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT
            ) as smtp:
                if settings.EMAIL_USE_TLS:
                    smtp.starttls(context=ssl.create_default_context())
                if settings.EMAIL_HOST_USER:
                    smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
                refused = smtp.send_message(email, from_addr=envelope_from, to_addrs=recipients)
        except smtplib.SMTPRecipientsRefused as error:
            answers = error.recipients.values()
            detail = "; ".join(f"{code} {_text(text)}" for code, text in answers)
            raise _refused([code for code, _ in answers], "the recipient", detail) from None
        except smtplib.SMTPAuthenticationError as error:
            # Wrong credentials are the operator's to fix; until the retries run out, a fix still delivers.
            raise TemporaryFailure(f"The mail server refused the sign-in: {error.smtp_code}") from None
        except smtplib.SMTPSenderRefused as error:
            raise _refused([error.smtp_code], "the sender", _text(error.smtp_error)) from None
        except smtplib.SMTPDataError as error:
            raise _refused([error.smtp_code], "the message", _text(error.smtp_error)) from None
        except (smtplib.SMTPException, OSError) as error:
            # Refused connection, time-out, TLS failure, the server hanging up: the relay may be back later.
            raise TemporaryFailure(f"Could not reach the mail server: {error!r}") from None
        if refused:
            # Some recipients of a several-recipient email took it and some did not: it went, but log who not.
            detail = "; ".join(f"{code}" for code, _ in refused.values())
            logger.warning("Email %s sent, but %d recipient(s) refused: %s", message.pk, len(refused), detail)
        return Sent(provider=self.name, provider_id=str(email["Message-ID"]))
