"""Twilio's webhooks for texts: a patient's text coming in, and Twilio's reports on the texts Mojoe sent.

Both are CSRF-exempt: nothing ambient authenticates them. Instead each request must carry Twilio's
`X-Twilio-Signature`, an HMAC of the URL Twilio called and the posted fields keyed with the account's auth
token, checked with the `twilio` library's `RequestValidator`; a missing or wrong signature is refused
with 403 before anything is read or written. The URL is MOJOE_PUBLIC_URL + the path when that is set (a
proxy in front may rewrite host and scheme), else the request's own absolute URL, which honours
X-Forwarded-Proto and X-Forwarded-Host when MOJOE_BEHIND_PROXY is on.

An inbound text is answered with empty TwiML: the assistant's replies go out through the outbox, like every
other message, so that retries, caps, opt-outs and delivery reports apply to them too.
"""

from __future__ import annotations

import hmac
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from mojoe.core.errors import MojoeError
from mojoe.core.ratelimit import rate_limit_exceeded
from mojoe.messaging.attachments import MAX_ATTACHMENTS, IncomingAttachment
from mojoe.messaging.channels.twilio import PROVIDER, media_url_accepted
from mojoe.messaging.models import OutboxStatus
from mojoe.messaging.outbox import outbox_status_update
from mojoe.messaging.sms import practice_for_number, sms_receive

# Twilio's resource ids: two letters (SM, MM…) and 32 hex digits.
_SID = re.compile(r"^[A-Za-z]{2}[0-9a-fA-F]{32}$")
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
_EMPTY_TWIML = str(MessagingResponse())

# Twilio's message statuses, as the outbox knows them. Those that say less than the outbox already knows
# (accepted, queued…) are applied only if they move the row forward, which they never do after the send.
TWILIO_STATUSES = {
    "accepted": OutboxStatus.QUEUED,
    "scheduled": OutboxStatus.QUEUED,
    "queued": OutboxStatus.QUEUED,
    "sending": OutboxStatus.SENDING,
    "sent": OutboxStatus.SENT,
    "delivered": OutboxStatus.DELIVERED,
    "read": OutboxStatus.DELIVERED,
    "undelivered": OutboxStatus.UNDELIVERED,
    "failed": OutboxStatus.FAILED,
    "canceled": OutboxStatus.FAILED,
}


def _answer(status: int, detail: str, **headers) -> HttpResponse:
    # Twilio shows the body of a refused webhook in its console's debugger: say what to fix.
    response = HttpResponse(detail + "\n", status=status, content_type="text/plain; charset=utf-8")
    for name, value in headers.items():
        response[name] = value
    return response


def signed_url(request: HttpRequest) -> str:
    """The URL Twilio called, which its signature covers."""
    if settings.MOJOE_PUBLIC_URL:
        return settings.MOJOE_PUBLIC_URL + request.get_full_path_info()
    return request.build_absolute_uri()


def _refused(request: HttpRequest) -> HttpResponse | None:
    """403 unless the request is signed by Twilio with this installation's auth token."""
    token = settings.MOJOE_TWILIO_AUTH_TOKEN
    if not token:
        return _answer(403, "Twilio is not configured here: set MOJOE_TWILIO_AUTH_TOKEN.")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature or not _signed(RequestValidator(token), signed_url(request), request.POST, signature):
        return _answer(403, "The X-Twilio-Signature header is missing or does not match this request.")
    return None


def _signed(validator: RequestValidator, url: str, form, signature: str) -> bool:
    # The library's `validate` signs the URL both with and without its port and compares both. The URL as
    # called, which is what Twilio signs, is checked first at half the cost; only a mismatch (or a URL with
    # a body hash, which `validate` also checks) takes the long way.
    if "bodySHA256" not in url:
        expected = validator.compute_signature(url, form).encode()
        if hmac.compare_digest(expected, signature.encode()):
            return True
    return validator.validate(url, form, signature)


def _attachments(form) -> list[IncomingAttachment] | HttpResponse:
    """An MMS's media as Twilio announces them (NumMedia, MediaUrlN, MediaContentTypeN), or a 400."""
    count = form.get("NumMedia", "0").strip() or "0"
    if not count.isdigit() or int(count) > MAX_ATTACHMENTS:
        return _answer(400, f"NumMedia must be a number from 0 to {MAX_ATTACHMENTS}.")
    found = []
    for index in range(int(count)):
        url = form.get(f"MediaUrl{index}", "").strip()
        if not media_url_accepted(url):
            return _answer(400, f"MediaUrl{index} is missing or is not a media address on Twilio's API.")
        content_type = form.get(f"MediaContentType{index}", "").strip().lower()[:100]
        found.append(IncomingAttachment(url=url, content_type=content_type))
    return found


@csrf_exempt
@require_POST
def sms_inbound(request: HttpRequest) -> HttpResponse:
    """POST /webhooks/twilio/sms: Twilio's "a message comes in" webhook for the practices' numbers.

    403 unsigned, 400 without a message id or phone numbers (or with media that are not on Twilio's API), 404
    for a number no practice has, 429 when one number writes faster than MOJOE_SMS_INBOUND_PER_MINUTE;
    otherwise empty TwiML, the replies being queued. An MMS's pictures are fetched afterwards by the worker.
    """
    refused = _refused(request)
    if refused:
        return refused
    sid = request.POST.get("MessageSid", "")
    sender = request.POST.get("From", "").strip()
    to = request.POST.get("To", "").strip()
    if not _SID.match(sid):
        return _answer(400, "MessageSid is missing or is not a Twilio message id.")
    if not _E164.match(sender) or not _E164.match(to):
        return _answer(400, "From and To must be phone numbers in E.164 (+16175550100).")
    attachments = _attachments(request.POST)
    if isinstance(attachments, HttpResponse):
        return attachments
    practice = practice_for_number(to)
    if practice is None:
        return _answer(404, f"No practice texts from {to}: set it as a practice's SMS number.")
    wait = rate_limit_exceeded(f"sms-inbound:{sender}", limit=settings.MOJOE_SMS_INBOUND_PER_MINUTE)
    if wait:
        return _answer(
            429, f"Too many texts from {sender}; wait {wait} seconds.", **{"Retry-After": str(wait)}
        )
    try:
        sms_receive(
            practice=practice,
            sender=sender,
            body=request.POST.get("Body", ""),
            provider_id=sid,
            attachments=attachments,
        )
    except MojoeError as error:
        return _answer(error.status, error.detail)
    return HttpResponse(_EMPTY_TWIML, content_type="text/xml; charset=utf-8")


@csrf_exempt
@require_POST
def sms_status(request: HttpRequest) -> HttpResponse:
    """POST /webhooks/twilio/sms/status: Twilio's StatusCallback for a text Mojoe sent.

    Moves the outbox row forward only (a late "sent" after "delivered" changes nothing). The row is the one
    named by `?outbox=` in the URL Mojoe gave Twilio, else (URLs given before there was one) the one with
    this message id. A message the outbox does not know, or a status it has no use for, is acknowledged and
    ignored.
    """
    refused = _refused(request)
    if refused:
        return refused
    sid = request.POST.get("MessageSid") or request.POST.get("SmsSid") or ""
    reported = (request.POST.get("MessageStatus") or request.POST.get("SmsStatus") or "").strip().lower()
    if not _SID.match(sid) or not reported:
        return _answer(400, "MessageSid and MessageStatus are required.")
    status = TWILIO_STATUSES.get(reported)
    if status is not None:
        code = request.POST.get("ErrorCode", "").strip()
        error = f"Twilio reported the message {reported} (error {code})." if code else ""
        outbox_status_update(
            provider=PROVIDER,
            provider_id=sid,
            status=status,
            error=error,
            outbox_id=request.GET.get("outbox") or None,
        )
    return HttpResponse(status=204)
