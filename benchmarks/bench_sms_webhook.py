"""Inbound texts per second through Twilio's webhook, against a bare request that only stores the message.

Both go through Django's test client and the whole middleware stack (server time, no network), posting the
form Twilio posts. The webhook checks the signature, finds the practice by its number, stores the message,
runs the assistant (safety screen, understanding, the dialogue) and writes the replies and their outbox
rows, then queues their delivery jobs; the delivery itself runs later in the worker and is not counted. Each
text comes from a new number (the first message of a conversation, the common case). The baseline request
stores the same message in an existing conversation and answers the same empty TwiML.

A second row runs the webhook with the assistant left out (the message is stored once, nobody answers):
what the SMS channel itself costs, apart from what the assistant does with the text.
"""

from __future__ import annotations

import secrets
import statistics
import time
from urllib.parse import urlencode

from django.db import transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from huey.contrib.djhuey import HUEY
from twilio.request_validator import RequestValidator

import mojoe.urls
from fixtures import build_practice
from mojoe.core.statements import row_insert
from mojoe.messaging import sms
from mojoe.messaging.models import Conversation, Message
from mojoe.messaging.services import conversation_for_address, message_receive

OPERATIONS = 200
FORM = "application/x-www-form-urlencoded"  # as Twilio posts it
TOKEN = "bench-twilio-auth-token-0123456789"
PUBLIC_URL = "https://mojoe.example.org"
PRACTICE_NUMBER = "+16175550100"
# Six typical first messages, each said in many ways: every text of a run is one the process has not seen.
# The assistant remembers some work per text within a message (normalizing it, its features); with a few
# texts going round, later requests would find it done, which real patients' texts never do.
ASKS = (
    "what are your hours on Saturday",
    "do you take Aetna",
    "I need to reschedule my appointment",
    "can I get a refill of my lisinopril",
    "where do I park",
    "I'd like to book a physical next week",
)
GREETINGS = ("Hi", "Hello", "Hey there", "Good morning", "Hi again", "Hello office", "Morning")
THANKS = ("thanks", "thank you", "thanks so much", "thx", "thank you kindly", "many thanks", "cheers")
TEXTS = tuple(
    f"{greeting}, {ask}, {thanks}"
    for thanks in THANKS
    for greeting in GREETINGS
    for ask in ASKS  # the asks alternate, one after the other
)


@csrf_exempt
def bare_store(request):
    """The baseline: the message stored as the webhook stores it, and nothing else."""
    with transaction.atomic():
        row_insert(
            Message(
                practice_id=_baseline["conversation"].practice_id,
                conversation=_baseline["conversation"],
                direction="in",
                author="patient",
                body=request.POST["Body"],
                provider_id=request.POST["MessageSid"],
            )
        )
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?><Response />', content_type="text/xml")


_baseline: dict[str, Conversation] = {}
urlpatterns = [path("bench/bare-sms", bare_store), *mojoe.urls.urlpatterns]


def _form(count: int, body: str) -> dict:
    sid = "SM" + secrets.token_hex(16)
    return {
        "MessageSid": sid,
        "SmsSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": f"+1857555{count:04d}",
        "To": PRACTICE_NUMBER,
        "Body": body,
        "NumMedia": "0",
        "ApiVersion": "2010-04-01",
    }


def _medians_in_turns(operations, *, repeat: int, warmup: int = 3) -> list[float]:
    """The median time of each operation in ms, the operations taken in turns, one of each per round."""
    for _ in range(warmup):
        for operation in operations:
            operation()
    samples: list[list[float]] = [[] for _ in operations]
    for _ in range(repeat):
        for operation, taken in zip(operations, samples, strict=True):
            started = time.perf_counter()
            operation()
            taken.append((time.perf_counter() - started) * 1000)
    return [statistics.median(taken) for taken in samples]


def run(median_ms) -> list[dict]:
    practice, *_ = build_practice(providers=3, patients=50)
    practice.sms_number = PRACTICE_NUMBER
    practice.save(update_fields=["sms_number"])
    _baseline["conversation"] = conversation_for_address(
        practice=practice, channel="sms", address="+18575559999"
    )
    validator = RequestValidator(TOKEN)
    client = Client()
    counter = iter(range(10_000))
    unseen = iter(TEXTS)  # each once (StopIteration if a run ever needs more)

    def webhook():
        post_signed(next(unseen))

    def post_signed(body: str):
        form = _form(next(counter), body)
        signature = validator.compute_signature(PUBLIC_URL + "/webhooks/twilio/sms", form)
        response = client.post(
            "/webhooks/twilio/sms",
            urlencode(form),
            content_type=FORM,
            headers={"X-Twilio-Signature": signature},
        )
        assert response.status_code == 200, response.content

    def bare():
        count = next(counter)
        form = _form(count, ASKS[count % len(ASKS)])
        response = client.post("/bench/bare-sms", urlencode(form), content_type=FORM)
        assert response.status_code == 200, response.content

    def store_only(*, conversation, body, provider_id=None, now=None, attachments=()):
        message_receive(
            conversation=conversation, body=body, provider_id=provider_id, attachments=attachments
        )
        return []

    def channel():
        answering = sms.assistant_handle
        sms.assistant_handle = store_only
        try:
            post_signed(ASKS[next(counter) % len(ASKS)])  # nobody reads it: any text will do
        finally:
            sms.assistant_handle = answering

    was_immediate = HUEY.immediate
    HUEY.immediate = False  # delivery jobs are queued, as in production, not run inside the request
    try:
        with override_settings(
            ROOT_URLCONF=__name__,
            MOJOE_TWILIO_AUTH_TOKEN=TOKEN,
            MOJOE_PUBLIC_URL=PUBLIC_URL,
            MOJOE_SMS_INBOUND_PER_MINUTE=0,
        ):
            # Taken in turns, one of each per round, so that the baseline and the webhook see the same
            # moments of a shared machine (measured one after the other, their ratio moved by 30 %).
            bare_ms, webhook_ms, channel_ms = _medians_in_turns((bare, webhook, channel), repeat=OPERATIONS)
    finally:
        # The queued deliveries stay behind: a worker that ever took them would find no such rows.
        HUEY.immediate = was_immediate
    return [
        {
            "name": "inbound SMS webhooks (signature, store, assistant, outbox)",
            "value": f"{1000 / webhook_ms:.0f}/s",
            "baseline": f"{1000 / bare_ms:.0f}/s",
            "ratio": webhook_ms / bare_ms,
            "target": "<=5x bare store",
            "median_ms": webhook_ms,
            "baseline_ms": bare_ms,
        },
        {
            "name": "inbound SMS webhooks, the assistant left out",
            "value": f"{1000 / channel_ms:.0f}/s",
            "baseline": f"{1000 / bare_ms:.0f}/s",
            "ratio": channel_ms / bare_ms,
            "target": "reported",
            "median_ms": channel_ms,
            "baseline_ms": bare_ms,
        },
    ]
