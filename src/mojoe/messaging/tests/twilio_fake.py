"""A local server speaking Twilio's Messages API, for the SMS tests: the real `twilio` library talks to it.

    POST /2010-04-01/Accounts/{AccountSid}/Messages.json   (form fields To, From, Body, StatusCallback…)
    GET  /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}   (a received MMS's media)
    DELETE  the same, with `.json` (the library's form): 204, the media gone

It checks HTTP basic auth (account SID and auth token, as Twilio does), answers 201 with the JSON of a
queued Message, and counts what it received and what it accepted. Media put there with `add_media` are
served with their content type to a client with the same credentials. It can be scripted, one step per request:
fail with a 5xx, refuse with a 4xx and a Twilio error code, or hold the request without answering until it
is released or the client goes away. A held request whose client disappears (a worker killed while it
waited) is recorded as abandoned and never counted as accepted: the message was not taken.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import select
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.core.cache import cache
from django.test import override_settings

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "fake-twilio-auth-token-0123456789"
_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC[0-9a-f]{32})/Messages\.json$")


@dataclass
class Step:
    status: int = 201
    code: int | None = None  # Twilio's error code, for 4xx answers
    hold: bool = False  # keep the request waiting until released or abandoned


@dataclass
class FakeTwilio:
    """The server's state; `url` is what MOJOE_TWILIO_API_BASE is set to."""

    script: list[Step] = field(default_factory=list)
    received: list[dict] = field(default_factory=list)
    accepted: list[dict] = field(default_factory=list)
    abandoned: list[dict] = field(default_factory=list)
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    media: dict = field(default_factory=dict)  # path -> (content type, content)
    media_script: list[int] = field(default_factory=list)  # statuses to answer media requests with first
    media_requests: list[str] = field(default_factory=list)
    media_deleted: list[str] = field(default_factory=list)  # paths, as `add_media` made them
    delete_script: list[int] = field(default_factory=list)  # statuses to answer deletes with first

    def add_media(self, content_type: str, content: bytes, *, message_sid: str | None = None) -> str:
        """Keep a media file as Twilio keeps a received MMS's; returns its URL, as the webhook names it."""
        message_sid = message_sid or "MM" + secrets.token_hex(16)
        path = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{message_sid}/Media/ME{secrets.token_hex(16)}"
        self.media[path] = (content_type, content)
        return self.url + path

    def fail(self, status: int, code: int | None = None, times: int = 1) -> None:
        self.script += [Step(status=status, code=code) for _ in range(times)]

    def hold_next(self) -> None:
        self.script.append(Step(hold=True))

    def accepted_bodies(self) -> list[str]:
        return [m["Body"] for m in self.accepted]

    def _next(self) -> Step:
        with self.lock:
            return self.script.pop(0) if self.script else Step()


def _client_gone(connection: socket.socket) -> bool:
    """True once the client closed its end (a killed process's sockets are closed by the kernel)."""
    readable, _, _ = select.select([connection], [], [], 0)
    if not readable:
        return False
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def _handler(fake: FakeTwilio):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _json(self, status: int, payload: dict) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _error(self, status: int, code: int, message: str) -> None:
            more = f"https://www.twilio.com/docs/errors/{code}"
            self._json(status, {"code": code, "message": message, "more_info": more, "status": status})

        def _authorized(self) -> bool:
            expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
            return self.headers.get("Authorization") == f"Basic {expected}"

        def do_GET(self):
            with fake.lock:
                fake.media_requests.append(self.path)
                scripted = fake.media_script.pop(0) if fake.media_script else None
            if not self._authorized():
                return self._error(401, 20003, "Authenticate")
            if scripted is not None:
                return self._json(scripted, {"message": "Scripted failure", "status": scripted})
            if self.path not in fake.media:
                return self._error(404, 20404, "The requested resource was not found")
            content_type, content = fake.media[self.path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)
            return None

        def do_DELETE(self):
            path = self.path.removesuffix(".json")
            with fake.lock:
                scripted = fake.delete_script.pop(0) if fake.delete_script else None
            if not self._authorized():
                return self._error(401, 20003, "Authenticate")
            if scripted is not None:
                return self._error(scripted, 20500, "Scripted failure")
            if path not in fake.media:
                return self._error(404, 20404, "The requested resource was not found")
            with fake.lock:
                del fake.media[path]
                fake.media_deleted.append(path)
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            match = _PATH.match(self.path)
            if match is None:
                return self._error(404, 20404, "The requested resource was not found")
            expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {expected}" or match["sid"] != ACCOUNT_SID:
                return self._error(401, 20003, "Authenticate")
            with fake.lock:
                fake.received.append(form)
            step = fake._next()
            if step.hold:
                fake.held.set()
                while not fake.release.wait(0.02):
                    if _client_gone(self.connection):
                        with fake.lock:
                            fake.abandoned.append(form)
                        self.close_connection = True
                        return None
            if step.status >= 400:
                if step.code:
                    return self._error(step.status, step.code, f"Scripted failure {step.code}")
                return self._json(step.status, {"message": "Service Unavailable", "status": step.status})
            for required in ("To", "Body"):
                if not form.get(required):
                    return self._error(400, 21604 if required == "To" else 21602, f"'{required}' is required")
            sid = "SM" + secrets.token_hex(16)
            message = {
                "sid": sid,
                "account_sid": ACCOUNT_SID,
                "to": form["To"],
                "from": form.get("From"),
                "body": form["Body"],
                "status": "queued",
                "direction": "outbound-api",
                "num_segments": "1",
                "api_version": "2010-04-01",
                "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
            }
            with fake.lock:
                fake.accepted.append({**form, "sid": sid})
            return self._json(201, message)

        def log_message(self, *args):
            pass

    return Handler


class FakeTwilioServer:
    """Runs a FakeTwilio on 127.0.0.1 on a free port, in a thread, until `stop()`."""

    def __init__(self):
        self.fake = FakeTwilio()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.fake))
        self.httpd.daemon_threads = True
        self.fake.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def start(self) -> FakeTwilio:
        self.thread.start()
        return self.fake

    def stop(self) -> None:
        self.fake.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


# --- what the tests share: the server as a fixture, and Twilio's side of a webhook ---------------------

PUBLIC_URL = "https://mojoe.example.org"
PRACTICE_NUMBER = "+16175550100"
PATIENT_NUMBER = "+16175550123"  # the clinic's patient Jordan Lee (tests/conftest.py)


def twilio_signature(url: str, params: dict, token: str = AUTH_TOKEN) -> str:
    """X-Twilio-Signature as Twilio documents it, written out here rather than borrowed from the library
    under test: base64(HMAC-SHA1(token, url + each parameter name and value, sorted by name))."""
    import hashlib
    import hmac

    payload = url + "".join(name + params[name] for name in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()).decode()


def inbound_fields(
    body: str, *, sid: str | None = None, sender: str = PATIENT_NUMBER, to: str = PRACTICE_NUMBER
):
    """The form Twilio posts when a text arrives (the fields that matter, and some that do not)."""
    sid = sid or "SM" + secrets.token_hex(16)
    return {
        "ToCountry": "US",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "SmsSid": sid,
        "SmsStatus": "received",
        "Body": body,
        "To": to,
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }


def status_fields(sid: str, status: str, **extra) -> dict:
    """The form of Twilio's StatusCallback for an outbound message."""
    return {
        "SmsSid": sid,
        "SmsStatus": status,
        "MessageStatus": status,
        "To": PATIENT_NUMBER,
        "MessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": PRACTICE_NUMBER,
        "ApiVersion": "2010-04-01",
        **extra,
    }


def post_signed(
    client, path: str, fields: dict, *, url: str | None = None, token: str = AUTH_TOKEN, **headers
):
    """POST as Twilio does, signed for `url` (default: the public URL of `path`)."""
    signature = twilio_signature(url or PUBLIC_URL + path, fields, token)
    return client.post(path, fields, headers={"X-Twilio-Signature": signature, **headers})


@pytest.fixture
def twilio_fake():
    """A fake Twilio on loopback, with Mojoe's settings pointing at it and SMS going through Twilio."""
    server = FakeTwilioServer()
    fake = server.start()
    cache.clear()  # rate-limit counters from earlier tests
    with override_settings(
        MOJOE_SMS_PROVIDER="twilio",
        MOJOE_CHANNEL_ADAPTERS={
            "sms": "mojoe.messaging.channels.twilio.TwilioAdapter",
            "email": "mojoe.messaging.channels.console.ConsoleAdapter",
        },
        MOJOE_TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        MOJOE_TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        MOJOE_TWILIO_API_BASE=fake.url,
        MOJOE_TWILIO_FROM="",
        MOJOE_TWILIO_TIMEOUT=5,
        MOJOE_PUBLIC_URL=PUBLIC_URL,
    ):
        yield fake
    server.stop()


@pytest.fixture
def texting_clinic(clinic):
    """The clinic, reachable by text at PRACTICE_NUMBER."""
    clinic.practice.sms_number = PRACTICE_NUMBER
    clinic.practice.save(update_fields=["sms_number"])
    return clinic
