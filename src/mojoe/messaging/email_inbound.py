"""Patients' emails in: `POST /webhooks/email/inbound` with the raw message, then the assistant answers.

The mail server that receives the practice's mail (a Postfix alias piping to curl, an inbound-mail service
of a provider) posts each message as it came, `Content-Type: message/rfc822`, with the shared secret
MOJOE_EMAIL_INBOUND_SECRET in `X-Mojoe-Secret` or as the password of HTTP basic auth. Without the setting
the endpoint does not exist (404); with a wrong secret nothing is read (403).

Which practice: the first recipient (Delivered-To, X-Original-To, To, Cc, in that order of trust) that is
`<inbound local part>+<practice slug>@<inbound domain>` (MOJOE_EMAIL_INBOUND_ADDRESS, the address Mojoe's
own emails give as Reply-To), or a practice's own `email`. Which conversation: the one whose message the
email answers (In-Reply-To, then References), if it is with the same sender; else the sender's open email
conversation, or a new one. A reference alone never joins a conversation: a forwarded email does not let
someone else continue a patient's verified conversation.

Each email is stored once (its Message-ID, within the practice, is the message's provider id) and answered
once. Automatic mail (vacation replies, bounces, mailing lists, our own messages coming back) is accepted
and neither stored nor answered, so two robots never write to each other forever.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import re
from dataclasses import dataclass
from email import message_from_bytes
from email.policy import default as default_policy
from email.utils import getaddresses, parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from mojoe.core.errors import InvalidInput, MojoeError
from mojoe.messaging.attachments import IncomingAttachment
from mojoe.messaging.channels.email import references_trimmed, subject_base
from mojoe.messaging.email_text import email_body_text, strip_quoted
from mojoe.messaging.models import Conversation, ConversationChannel, ConversationStatus, Message
from mojoe.messaging.services import MAX_MESSAGE_LENGTH, conversation_for_address
from mojoe.practices.models import Practice

logger = logging.getLogger(__name__)

_MESSAGE_ID = re.compile(r"<[^<>\s]{1,250}>")
_EMAIL_HEADERS = ("From", "To", "Subject", "Date", "Message-ID", "Received", "Delivered-To")
_RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc")
_ROBOT_SENDERS = {"mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply"}
_ROBOT_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
# Where an email's HTML shows one of its own parts: src="cid:logo@example".
_CID = re.compile(r"cid:([^\"'\s>)]+)", re.IGNORECASE)


class MalformedEmail(MojoeError):
    status = 400
    code = "malformed_email"


@dataclass(frozen=True)
class InboundResult:
    """What became of an inbound email: "answered", "duplicate" (seen before) or "ignored" (automatic)."""

    status: str
    reason: str = ""
    conversation: Conversation | None = None
    replies: int = 0


def _header(message, name: str) -> str:
    # The parser is lenient but a few broken headers still raise when read: such a header counts as absent.
    try:
        return " ".join(str(message.get(name, "") or "").split())
    except Exception:
        return ""


def _headers(message, name: str) -> list[str]:
    try:
        return [str(value) for value in message.get_all(name) or []]
    except Exception:
        return []


def _message_ids(value: str) -> list[str]:
    return _MESSAGE_ID.findall(value or "")


def _parse(raw: bytes):
    if not raw.strip():
        raise MalformedEmail("The request body is empty: send the raw email (message/rfc822).")
    try:
        message = message_from_bytes(raw, policy=default_policy)
    except Exception:  # whatever the parser chokes on is a malformed email
        raise MalformedEmail("This is not an email message (RFC 5322) that Mojoe can read.") from None
    # The parser takes any "word: value" line for a header; an email has at least one of these.
    if not any(name in message for name in _EMAIL_HEADERS):
        raise MalformedEmail("This is not an email message: it has none of From, To, Subject, Date.")
    return message


def _sender(message) -> str:
    addresses = [address for _, address in getaddresses([_header(message, "From")]) if address]
    if not addresses:
        raise InvalidInput("The email has no sender (From).", code="no_sender")
    address = addresses[0].strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise InvalidInput("The email's sender (From) is not a valid address.", code="no_sender") from None
    return address


def _automatic(message, sender: str) -> str:
    """Why this email is from a robot (RFC 3834 and the usual conventions), or "" when a person wrote it."""
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return f"Auto-Submitted: {auto_submitted}"
    precedence = _header(message, "Precedence").lower()
    if precedence in _ROBOT_PRECEDENCE:
        return f"Precedence: {precedence}"
    for name in ("X-Autoreply", "X-Autorespond", "List-Id", "List-Unsubscribe"):
        if _header(message, name):
            return name
    if _header(message, "Return-Path") == "<>":
        return "a bounce (empty Return-Path)"
    if message.get_content_type() == "multipart/report":
        return "a delivery report"
    if sender.partition("@")[0] in _ROBOT_SENDERS:
        return f"sent by {sender.partition('@')[0]}"
    return ""


def _recipients(message) -> list[str]:
    found = []
    for name in _RECIPIENT_HEADERS:
        for _, address in getaddresses(_headers(message, name)):
            if "@" in address:
                found.append(address.strip().lower())
    return list(dict.fromkeys(found))


def practice_for_recipient(address: str) -> Practice | None:
    """The practice an address reaches: chat+<slug>@ the inbound address, or a practice's own email."""
    inbound = settings.MOJOE_EMAIL_INBOUND_ADDRESS
    local, _, domain = address.lower().partition("@")
    if inbound:
        inbound_local, _, inbound_domain = inbound.partition("@")
        if domain == inbound_domain and local.startswith(f"{inbound_local}+"):
            practice = Practice.objects.filter(slug=local[len(inbound_local) + 1 :]).first()
            if practice is not None:
                return practice
    matches = list(Practice.objects.filter(email__iexact=address)[:2])
    return matches[0] if len(matches) == 1 else None  # an address two practices share names neither


def _own_address(practice: Practice, sender: str) -> bool:
    """Our own email coming back (a relay that echoes, a forward loop): never answered."""
    own = {parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower(), (practice.email or "").lower()}
    inbound = settings.MOJOE_EMAIL_INBOUND_ADDRESS
    if inbound:
        local, _, domain = inbound.partition("@")
        sender_local, _, sender_domain = sender.partition("@")
        if sender_domain == domain and (sender_local == local or sender_local.startswith(f"{local}+")):
            return True
    return sender in own


def _text(message, subject: str, is_reply: bool, *, attachments: bool) -> str:
    try:
        text = strip_quoted(email_body_text(message))
    except Exception:  # a broken MIME structure
        raise MalformedEmail("The email's body cannot be read (broken MIME structure).") from None
    text = text.replace("\x00", "").strip()
    if not text and not is_reply:
        # "Cancel my appointment" in the subject and nothing below: the subject is the message.
        text = subject
    if not text and not attachments:
        raise InvalidInput("The email has no text to read and nothing attached.", code="empty_message")
    if len(text) > MAX_MESSAGE_LENGTH:
        # The assistant reads short messages; the start of a long email is where the request usually is.
        text = text[: MAX_MESSAGE_LENGTH - 1].rstrip() + "…"
    return text


def _attachments(message) -> list[IncomingAttachment]:
    """The files the patient sent: the parts attached, and pictures placed in the text (as phones' mail apps
    do), but not the pictures the HTML itself shows by Content-ID (a signature's logo, a newsletter's art)."""
    try:
        html = message.get_body(preferencelist=("html",))
        shown = set(_CID.findall(html.get_content())) if html is not None else set()
        found = []
        for part in message.iter_attachments():
            attached = part.get_content_disposition() == "attachment"
            content_id = (part.get("Content-ID") or "").strip().strip("<>")
            if not attached and (content_id in shown or part.get_content_maintype() == "text"):
                continue  # shown by the HTML, or more of the text (a mail app splits it around a picture)
            found.append(
                IncomingAttachment(
                    content_type=part.get_content_type(),
                    content=part.get_payload(decode=True) or b"",
                    filename=part.get_filename() or "",
                )
            )
    except Exception:  # a broken MIME structure
        raise MalformedEmail("The email's attachments cannot be read (broken MIME structure).") from None
    return found


def _threaded(practice: Practice, sender: str, in_reply_to: list[str], references: list[str]):
    for ids in (in_reply_to, references[-50:]):
        if not ids:
            continue
        earlier = (
            Message.objects.filter(
                practice=practice, email_message_id__in=ids, conversation__channel=ConversationChannel.EMAIL
            )
            .exclude(conversation__status=ConversationStatus.CLOSED)
            .select_related("conversation")
            .order_by("-created_at")
            .first()
        )
        if earlier is not None and earlier.conversation.address == sender:
            return earlier.conversation
    return None


def _provider_id(practice: Practice, identity: str) -> str:
    # Message-IDs are longer than the 64 characters a provider id holds, and the same email sent to two
    # practices is one message for each: hence a digest of both.
    return "email:" + hashlib.sha256(f"{practice.pk}:{identity}".encode()).hexdigest()[:56]


def email_inbound_receive(*, raw: bytes) -> InboundResult:
    """Read one raw email, store it once in its practice's conversation and let the assistant answer it.

    Raises `MalformedEmail` (400) or `InvalidInput` (422: no sender, no practice, no text) without storing
    anything. A second delivery of the same email returns "duplicate"; automatic mail returns "ignored".
    """
    from mojoe.assistant.services import assistant_handle

    message = _parse(raw)
    # Robots first: a bounce may have no usable sender, and it is not to be refused but left unanswered.
    robot = _automatic(message, parseaddr(_header(message, "From"))[1].lower())
    if robot:
        logger.info("Inbound email not answered: %s", robot)
        return InboundResult(status="ignored", reason=robot)
    sender = _sender(message)
    practice = next((p for p in map(practice_for_recipient, _recipients(message)) if p is not None), None)
    if practice is None:
        raise InvalidInput(
            "No practice receives email at this message's addresses.", code="unknown_recipient"
        )
    if _own_address(practice, sender):
        logger.info("Inbound email not answered: it comes from Mojoe's own address")
        return InboundResult(status="ignored", reason="sent by Mojoe itself")

    header_id = _header(message, "Message-ID")
    message_id = (_message_ids(header_id) or [""])[0]
    provider_id = _provider_id(practice, header_id or hashlib.sha256(raw).hexdigest())
    in_reply_to = _message_ids(_header(message, "In-Reply-To"))
    references = _message_ids(_header(message, "References"))
    subject = subject_base(_header(message, "Subject"))
    attachments = _attachments(message)
    text = _text(message, subject, is_reply=bool(in_reply_to or references), attachments=bool(attachments))

    try:
        with transaction.atomic():
            if Message.objects.filter(provider_id=provider_id).exists():
                return InboundResult(status="duplicate")
            conversation = _threaded(practice, sender, in_reply_to, references) or conversation_for_address(
                practice=practice, channel=ConversationChannel.EMAIL, address=sender
            )
            # The reply the assistant is about to write reads this (messaging.channels.email.email_reply).
            conversation.email_thread = {
                "subject": subject or (conversation.email_thread or {}).get("subject", ""),
                "message_id": message_id,
                "references": references_trimmed(references or in_reply_to),
            }
            conversation.save(update_fields=["email_thread", "updated_at"])
            replies = assistant_handle(
                conversation=conversation, body=text, provider_id=provider_id, attachments=attachments
            )
            Message.objects.filter(provider_id=provider_id).update(email_message_id=message_id)
    except IntegrityError:
        # The same email delivered twice at the same moment: the other delivery stored and answered it.
        if Message.objects.filter(provider_id=provider_id).exists():
            return InboundResult(status="duplicate")
        raise
    return InboundResult(status="answered", conversation=conversation, replies=len(replies))


# --- the webhook -------------------------------------------------------------------------------------------


def _error(status: int, detail: str, code: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status)


def _presented_secret(request: HttpRequest) -> str:
    header = request.headers.get("X-Mojoe-Secret")
    if header:
        return header.strip()
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return ""
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ""
    return decoded.partition(":")[2]


@csrf_exempt
def email_inbound_webhook(request: HttpRequest) -> JsonResponse:
    """The inbound-mail webhook: authenticate the relay, bound the size, then `email_inbound_receive`."""
    secret = settings.MOJOE_EMAIL_INBOUND_SECRET
    if not secret:
        return _error(404, "Inbound email is not enabled on this server.", "not_found")
    presented = _presented_secret(request)
    if not presented or not hmac.compare_digest(presented.encode(), secret.encode()):
        return _error(403, "Wrong or missing inbound email secret.", "forbidden")
    if request.method != "POST":
        return _error(405, "POST the raw email.", "method_not_allowed")
    if request.content_type != "message/rfc822":
        return _error(415, "Send the raw email with Content-Type: message/rfc822.", "unsupported_media_type")
    limit = settings.MOJOE_EMAIL_INBOUND_MAX_BYTES
    too_large = _error(413, f"The email is larger than this server accepts ({limit} bytes).", "too_large")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return too_large
    # Read the stream ourselves: request.body would apply Django's smaller form-data limit instead of ours.
    raw = request.read(limit + 1)
    if len(raw) > limit:
        return too_large
    try:
        result = email_inbound_receive(raw=raw)
    except MojoeError as error:
        return _error(error.status, error.detail, error.code)
    body = {"status": result.status}
    if result.reason:
        body["reason"] = result.reason
    if result.status == "answered":
        body["replies"] = result.replies
    return JsonResponse(body)
