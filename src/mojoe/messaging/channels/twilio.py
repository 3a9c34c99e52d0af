"""Texts through Twilio's REST Messages API (MOJOE_SMS_PROVIDER=twilio), with the `twilio` library.

The outbox decides about retries; this adapter only says which kind of failure happened:

- Twilio unreachable, a time-out, a 5xx, 429 (too many requests) or refused credentials (401, which an
  operator fixes without the message changing) → `TemporaryFailure`: tried again later, then given up.
- any other 4xx (21211 invalid 'To' number, 21614 not a mobile number…) → `PermanentFailure` at once: the
  text is failed and the front desk gets a task.
- 21610, the recipient texted STOP to this number and Twilio blocks it (Twilio answers STOP itself by
  default, before Mojoe's own confirmation) → `RecipientOptedOut`: the opt-out is recorded and the text is
  suppressed, as for an opt-out Mojoe recorded itself, without a task.

The sender is the practice's own SMS number (`Practice.sms_number`), else MOJOE_TWILIO_FROM. With
MOJOE_PUBLIC_URL set, every message carries a StatusCallback URL naming its outbox row, and Twilio's reports
of its progress (sent, delivered, undelivered) come back to `messaging.webhooks.sms_status`, which finds the
row by it: a report can arrive before the worker has recorded the id Twilio gave the message.
"""

from __future__ import annotations

import logging
import re
import threading
from urllib.parse import urlsplit

import requests
from django.conf import settings
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from mojoe.messaging.channels import PermanentFailure, Sent, TemporaryFailure

logger = logging.getLogger(__name__)
# The library logs each request's URL and headers at INFO: a dozen lines per text. Its warnings still show.
_http_logger = logging.getLogger(f"{__name__}.http")
_http_logger.setLevel(logging.WARNING)

PROVIDER = "twilio"
STATUS_CALLBACK_PATH = "/webhooks/twilio/sms/status"
UNSUBSCRIBED = 21610  # Twilio's code: the recipient texted STOP to this sender

_clients = threading.local()


class RecipientOptedOut(PermanentFailure):
    """Twilio refuses: the recipient texted STOP to this sender. The outbox marks the text suppressed."""

    opted_out = True


def _client() -> Client:
    """One client per thread and configuration: it keeps its HTTP connection to Twilio open between sends."""
    key = (
        settings.MOJOE_TWILIO_ACCOUNT_SID,
        settings.MOJOE_TWILIO_AUTH_TOKEN,
        settings.MOJOE_TWILIO_API_BASE,
        settings.MOJOE_TWILIO_TIMEOUT,
    )
    cached = getattr(_clients, "cached", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    sid, token, base, timeout = key
    client = Client(
        sid, token, account_sid=sid, http_client=TwilioHttpClient(timeout=timeout, logger=_http_logger)
    )
    # The Messages API lives on the `api` domain; pointing that domain elsewhere is how tests (and a
    # regional or proxied deployment) reach another server speaking the same protocol.
    client.api.base_url = base
    _clients.cached = (key, client)
    return client


def status_callback_url(message) -> str | None:
    """Where Twilio reports this outbox row's progress, or None when this server's public address is
    unknown. Twilio signs the whole URL, so the row named in it is as trusted as the report."""
    if not settings.MOJOE_PUBLIC_URL:
        return None
    return f"{settings.MOJOE_PUBLIC_URL}{STATUS_CALLBACK_PATH}?outbox={message.pk}"


def sender_for(message) -> str:
    """The number a text leaves from: the row's own, the practice's, else the installation's."""
    practice_number = message.practice.sms_number if message.practice_id else ""
    return message.sender or practice_number or settings.MOJOE_TWILIO_FROM


class TwilioAdapter:
    """Sends an outbox row as one Twilio Message; see the module docstring for how failures are sorted."""

    name = PROVIDER

    def send(self, message) -> Sent:
        sender = sender_for(message)
        if not sender:
            raise PermanentFailure(
                "No number to send from: set the practice's SMS number or MOJOE_TWILIO_FROM."
            )
        options = {"to": message.to, "from_": sender, "body": message.body}
        callback = status_callback_url(message)
        if callback:
            options["status_callback"] = callback
        try:
            created = _client().messages.create(**options)
        except TwilioRestException as error:
            raise self._sorted(error, message) from error
        except requests.RequestException as error:  # refused, reset, timed out, DNS…
            raise TemporaryFailure(f"Twilio could not be reached: {type(error).__name__}") from error
        except TwilioException as error:  # an answer the library could not read
            raise TemporaryFailure(f"Twilio's answer was not understood: {error}") from error
        return Sent(provider=PROVIDER, provider_id=created.sid, status=created.status or "sent")

    def _sorted(self, error: TwilioRestException, message) -> Exception:
        status, code = error.status, error.code
        named = f" (error {code})" if code and code != status else ""
        detail = f"Twilio answered {status}{named}: {error.msg}"
        if status >= 500 or status == 429:
            return TemporaryFailure(detail)
        if status == 401:
            logger.error("Twilio refused the credentials: check MOJOE_TWILIO_ACCOUNT_SID and _AUTH_TOKEN")
            return TemporaryFailure(detail)
        if code == UNSUBSCRIBED:
            if message.practice_id:
                from mojoe.messaging.services import opt_out_set

                opt_out_set(
                    practice=message.practice, channel=message.channel, address=message.to, opted_out=True
                )
            return RecipientOptedOut(detail)
        return PermanentFailure(detail)


# --- pictures patients send (MMS) -------------------------------------------------------------------------

# Where Twilio keeps a received message's media, as its webhook names it.
_MEDIA_PATH = re.compile(
    r"^/2010-04-01/Accounts/AC[0-9a-f]{32}/Messages/(?P<message>[A-Z]{2}[0-9a-f]{32})/Media/(?P<media>ME[0-9a-f]{32})$"
)


def media_url_accepted(url: str) -> bool:
    """Whether `url` is a media address on the Twilio API this installation talks to, and nothing else: the
    worker will fetch it with the account's credentials."""
    parsed, api = urlsplit(url), urlsplit(settings.MOJOE_TWILIO_API_BASE)
    return (
        (parsed.scheme, parsed.netloc) == (api.scheme, api.netloc)
        and not parsed.query
        and _MEDIA_PATH.match(parsed.path) is not None
    )


def media_download(url: str, *, max_bytes: int) -> tuple[str, bytes]:
    """(content type, content) of a received message's media, fetched with the account's credentials (which
    Twilio asks for when the account protects its media). Twilio answers with a redirect to its file store;
    the credentials are not sent there."""
    if not media_url_accepted(url):
        raise PermanentFailure("Not a media address on this installation's Twilio API.")
    try:
        with requests.get(
            url,
            auth=(settings.MOJOE_TWILIO_ACCOUNT_SID, settings.MOJOE_TWILIO_AUTH_TOKEN),
            timeout=settings.MOJOE_TWILIO_TIMEOUT,
            stream=True,
        ) as response:
            if response.status_code >= 500 or response.status_code in (401, 429):
                raise TemporaryFailure(f"Twilio answered {response.status_code} for the media.")
            if response.status_code >= 400:
                raise PermanentFailure(f"Twilio answered {response.status_code}: the media is gone.")
            content = bytearray()
            for chunk in response.iter_content(64 * 1024):
                content.extend(chunk)
                if len(content) > max_bytes:
                    raise PermanentFailure(f"Larger than {max_bytes // (1024 * 1024)} MB: not kept.")
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            return content_type, bytes(content)
    except requests.RequestException as error:
        raise TemporaryFailure(f"Twilio could not be reached: {type(error).__name__}") from error


def media_delete(url: str) -> None:
    """Delete a received message's media from Twilio (once Mojoe keeps its own copy), with the library's
    client. Raises `TemporaryFailure` when Twilio cannot be reached or refuses, `PermanentFailure` for an
    address that is not a media address on this installation's Twilio account."""
    if not media_url_accepted(url):
        raise PermanentFailure("Not a media address on this installation's Twilio API.")
    found = _MEDIA_PATH.match(urlsplit(url).path)
    try:
        _client().messages(found["message"]).media(found["media"]).delete()
    except TwilioRestException as error:
        if error.status == 404:
            return  # gone already
        raise TemporaryFailure(f"Twilio answered {error.status} to deleting the media.") from error
    except (requests.RequestException, TwilioException) as error:
        raise TemporaryFailure(f"Twilio could not be reached: {type(error).__name__}") from error
