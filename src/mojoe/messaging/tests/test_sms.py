"""Twilio's SMS webhooks: signed or refused, stored once, answered through the outbox, reports applied forward.

Outbound texts go to a local server speaking Twilio's Messages API (`twilio_fake`) through the real `twilio`
library; webhooks are signed here the way Twilio documents it, independently of the library under test.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from mojoe.core import testing
from mojoe.inbox.models import Task
from mojoe.messaging.channels import TemporaryFailure
from mojoe.messaging.channels.twilio import STATUS_CALLBACK_PATH, TwilioAdapter
from mojoe.messaging.models import (
    ChannelOptOut,
    Conversation,
    Message,
    MessageDirection,
    OutboxMessage,
    OutboxStatus,
)
from mojoe.messaging.outbox import outbox_deliver, outbox_enqueue, outbox_sweep
from mojoe.messaging.tests.twilio_fake import (
    PATIENT_NUMBER,
    PRACTICE_NUMBER,
    PUBLIC_URL,
    inbound_fields,
    post_signed,
    status_fields,
    texting_clinic,
    twilio_fake,
    twilio_signature,
)

SHARED_FIXTURES = (texting_clinic, twilio_fake)  # imported so that pytest finds them here

pytestmark = pytest.mark.django_db

INBOUND = "/webhooks/twilio/sms"
STATUS = "/webhooks/twilio/sms/status"


def nothing_stored() -> bool:
    return not (Message.objects.exists() or Conversation.objects.exists() or OutboxMessage.objects.exists())


def text_in(client, body, *, capture, **fields):
    """A signed inbound text, with the delivery jobs queued on commit run at once."""
    with capture(execute=True):
        return post_signed(client, INBOUND, inbound_fields(body, **fields))


def test_the_urls_are_the_documented_ones():
    assert reverse("twilio:sms") == INBOUND
    assert reverse("twilio:sms-status") == STATUS == STATUS_CALLBACK_PATH


def test_a_signed_text_is_stored_answered_and_the_reply_sent_through_twilio(
    texting_clinic, twilio_fake, django_capture_on_commit_callbacks
):
    fields = inbound_fields("What are your hours?")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_signed(Client(), INBOUND, fields)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    assert b"<Response" in response.content and b"<Message" not in response.content  # replies: the outbox
    inbound = Message.objects.get(direction=MessageDirection.INBOUND)
    assert inbound.provider_id == fields["MessageSid"] and inbound.body == "What are your hours?"
    conversation = inbound.conversation
    assert (conversation.practice, conversation.channel, conversation.address) == (
        texting_clinic.practice,
        "sms",
        PATIENT_NUMBER,
    )
    rows = list(OutboxMessage.objects.filter(conversation=conversation))
    assert rows and all(r.status == OutboxStatus.SENT and r.provider == "twilio" for r in rows)
    assert len(twilio_fake.accepted) == len(rows)
    sent = twilio_fake.accepted[0]
    assert sent["To"] == PATIENT_NUMBER and sent["From"] == PRACTICE_NUMBER
    assert {r.provider_id for r in rows} == {m["sid"] for m in twilio_fake.accepted}
    row = next(r for r in rows if r.provider_id == sent["sid"])
    assert sent["StatusCallback"] == f"{PUBLIC_URL}{STATUS}?outbox={row.pk}"  # reports name their row


@pytest.mark.parametrize(
    "how",
    ["missing", "another token", "another url", "tampered body", "empty"],
)
def test_a_text_without_a_valid_signature_is_refused_and_nothing_is_stored(texting_clinic, twilio_fake, how):
    fields = inbound_fields("Cancel my appointment")
    signature = twilio_signature(PUBLIC_URL + INBOUND, fields)
    if how == "another token":
        signature = twilio_signature(PUBLIC_URL + INBOUND, fields, token="someone-elses-token")
    elif how == "another url":
        signature = twilio_signature("https://evil.example.net" + INBOUND, fields)
    elif how == "tampered body":
        fields = {**fields, "Body": "Cancel ALL my appointments"}
    elif how == "empty":
        signature = ""
    headers = {} if how == "missing" else {"X-Twilio-Signature": signature}
    response = Client().post(INBOUND, fields, headers=headers)
    assert response.status_code == 403
    assert b"X-Twilio-Signature" in response.content
    assert nothing_stored() and not twilio_fake.received


def test_a_signature_over_the_url_with_its_port_is_accepted_too(texting_clinic, twilio_fake):
    """Twilio has signed https URLs with and without :443; the library's validator accepts both."""
    fields = inbound_fields("What are your hours?")
    with_port = PUBLIC_URL.replace(".org", ".org:443") + INBOUND
    assert with_port != PUBLIC_URL + INBOUND
    headers = {"X-Twilio-Signature": twilio_signature(with_port, fields)}
    assert Client().post(INBOUND, fields, headers=headers).status_code == 200
    assert Message.objects.filter(direction=MessageDirection.INBOUND).count() == 1


def test_without_an_auth_token_every_webhook_is_refused(texting_clinic, twilio_fake):
    with override_settings(MOJOE_TWILIO_AUTH_TOKEN=""):
        response = post_signed(Client(), INBOUND, inbound_fields("Hello"))
    assert response.status_code == 403 and b"MOJOE_TWILIO_AUTH_TOKEN" in response.content
    assert nothing_stored()


def test_the_public_url_is_what_the_signature_covers_whatever_host_the_proxy_used(
    texting_clinic, twilio_fake
):
    fields = inbound_fields("What are your hours?")
    # The proxy forwards to an internal address; Twilio signed the public one.
    with override_settings(ALLOWED_HOSTS=["10.0.0.5"]):
        good = post_signed(Client(), INBOUND, fields, HOST="10.0.0.5:8000")
        internal = post_signed(
            Client(),
            INBOUND,
            inbound_fields("Hi"),
            url="http://10.0.0.5:8000" + INBOUND,
            HOST="10.0.0.5:8000",
        )
    assert good.status_code == 200
    assert internal.status_code == 403


def test_behind_a_proxy_without_a_public_url_the_forwarded_scheme_and_host_count(texting_clinic, twilio_fake):
    public = "https://mojoe.example.org" + INBOUND
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "mojoe.example.org"}
    behind_proxy = {
        "MOJOE_PUBLIC_URL": "",
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "USE_X_FORWARDED_HOST": True,
        "ALLOWED_HOSTS": ["mojoe.example.org", "testserver"],
    }
    with override_settings(**behind_proxy):
        trusted = post_signed(Client(), INBOUND, inbound_fields("Hello"), url=public, **forwarded)
    # Without MOJOE_BEHIND_PROXY the same headers are not believed: the URL is http://testserver/…
    with override_settings(MOJOE_PUBLIC_URL="", ALLOWED_HOSTS=["mojoe.example.org", "testserver"]):
        ignored = post_signed(Client(), INBOUND, inbound_fields("Hello"), url=public, **forwarded)
        direct = post_signed(Client(), INBOUND, inbound_fields("Hello"), url="http://testserver" + INBOUND)
    assert (trusted.status_code, ignored.status_code, direct.status_code) == (200, 403, 200)


def test_a_number_no_practice_has_is_a_clean_404(texting_clinic, twilio_fake):
    response = post_signed(Client(), INBOUND, inbound_fields("Hello", to="+16175559999"))
    assert response.status_code == 404 and b"+16175559999" in response.content
    assert nothing_stored()


def test_the_installation_number_reaches_the_only_practice_without_its_own(
    clinic, twilio_fake, outsider_practice
):
    outsider_practice.sms_number = "+16175550177"
    outsider_practice.save(update_fields=["sms_number"])
    with override_settings(MOJOE_TWILIO_FROM="+16175550111"):
        response = post_signed(Client(), INBOUND, inbound_fields("Hello", to="+16175550111"))
        assert response.status_code == 200
        assert Conversation.objects.get().practice == clinic.practice
        # With two practices lacking a number, nobody can tell which one was meant.
        testing.make_practice(name="Third")
        assert post_signed(Client(), INBOUND, inbound_fields("Hi", to="+16175550111")).status_code == 404


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"MessageSid": ""}, 400),
        ({"MessageSid": "not-a-sid"}, 400),
        ({"From": "6175550123"}, 400),
        ({"To": ""}, 400),
        ({"Body": "   "}, 422),
        ({"Body": "x" * 2001}, 422),
    ],
)
def test_bad_fields_are_a_clear_4xx_and_nothing_is_stored(texting_clinic, twilio_fake, change, status):
    response = post_signed(Client(), INBOUND, {**inbound_fields("Hello"), **change})
    assert response.status_code == status, response.content
    assert response.content.strip()
    assert nothing_stored()


def test_only_post_is_accepted(texting_clinic):
    assert Client().get(INBOUND).status_code == 405


def test_the_same_text_delivered_twice_is_stored_and_answered_once(
    texting_clinic, twilio_fake, django_capture_on_commit_callbacks
):
    fields = inbound_fields("What are your hours?")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert post_signed(Client(), INBOUND, fields).status_code == 200
    assert Message.objects.filter(direction=MessageDirection.INBOUND).count() == 1
    replies = OutboxMessage.objects.count()
    assert replies >= 1 and len(twilio_fake.accepted) == replies


def test_an_emergency_delivered_twice_alerts_the_nurses_once_and_is_stored_with_its_urgency(
    texting_clinic, twilio_fake, django_capture_on_commit_callbacks
):
    """The assistant reads a text before storing it: a repeat is read, and then neither stored nor acted on."""
    fields = inbound_fields("my dad has crushing chest pain and can't breathe")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert post_signed(Client(), INBOUND, fields).status_code == 200
    stored = Message.objects.get(direction=MessageDirection.INBOUND)
    assert (stored.urgency, stored.intent) == ("emergency", "")
    assert Task.objects.filter(kind="emergency").count() == 1
    assert OutboxMessage.objects.count() == 1  # the 911 answer, once


def test_what_the_assistant_understood_is_stored_with_the_text(texting_clinic, twilio_fake):
    assert (
        post_signed(Client(), INBOUND, inbound_fields("Can I get a refill of my lisinopril?")).status_code
        == 200
    )
    assert post_signed(Client(), INBOUND, inbound_fields("STOP")).status_code == 200
    stored = Message.objects.filter(direction=MessageDirection.INBOUND).order_by("created_at")
    assert [(m.body, m.intent, m.urgency) for m in stored] == [
        ("Can I get a refill of my lisinopril?", "refill", "routine"),
        ("STOP", "opt_out", "routine"),
    ]


@pytest.mark.parametrize(
    ("sender", "statements"),
    [
        # The practice by its number; the transaction (a savepoint inside this test's: two); a new
        # conversation (the query, the insert, which tells one opened at the same moment: two); the opt-out
        # check; the practice's snapshot checked; the text stored once with what was understood (the
        # insert, which tells a repeat); the answer, which only reads (no savepoint: see
        # core.transactions); the reply and its outbox row; one UPDATE of the conversation.
        ("+16175550177", 11),
        # The same, in the conversation the first text opened: found, not created.
        (PATIENT_NUMBER, 10),
    ],
)
def test_an_inbound_text_takes_a_fixed_number_of_statements(
    texting_clinic, twilio_fake, django_assert_num_queries, sender, statements
):
    """docs/performance.md counts these: a regression here is a slower webhook."""
    client = Client()
    post_signed(client, INBOUND, inbound_fields("Where do I park?"))  # loads the practice's snapshot
    with django_assert_num_queries(statements):
        response = post_signed(client, INBOUND, inbound_fields("Do you take Aetna?", sender=sender))
    assert response.status_code == 200


@override_settings(MOJOE_SMS_INBOUND_PER_MINUTE=2)
def test_one_number_writing_too_fast_gets_429_and_nothing_is_stored(texting_clinic, twilio_fake):
    for body in ("Hello", "Hello?"):
        assert post_signed(Client(), INBOUND, inbound_fields(body)).status_code == 200
    stored = Message.objects.count()
    flood = post_signed(Client(), INBOUND, inbound_fields("Hello??"))
    assert flood.status_code == 429 and int(flood["Retry-After"]) > 0
    assert Message.objects.count() == stored
    # Another number is not held back by it.
    other = post_signed(Client(), INBOUND, inbound_fields("Hello", sender="+16175550188"))
    assert other.status_code == 200


# --- status callbacks ----------------------------------------------------------------------------------


def _sent_row(clinic) -> OutboxMessage:
    row = outbox_enqueue(practice=clinic.practice, channel="sms", to=PATIENT_NUMBER, body="Reminder")
    assert outbox_deliver(row.pk) == OutboxStatus.SENT
    row.refresh_from_db()
    return row


def test_status_reports_move_a_text_forward_never_back(texting_clinic, twilio_fake):
    row = _sent_row(texting_clinic)
    assert row.provider == "twilio" and row.provider_id == twilio_fake.accepted[0]["sid"]
    for status in ("sending", "delivered", "sent", "undelivered"):
        response = post_signed(Client(), STATUS, status_fields(row.provider_id, status))
        assert response.status_code == 204
    row.refresh_from_db()
    assert row.status == OutboxStatus.DELIVERED and row.delivered_at is not None
    assert not Task.objects.filter(kind="delivery_failed").exists()


def test_an_undelivered_report_keeps_twilios_error_code_and_tells_the_front_desk(texting_clinic, twilio_fake):
    row = _sent_row(texting_clinic)
    fields = status_fields(row.provider_id, "undelivered", ErrorCode="30003")
    assert post_signed(Client(), STATUS, fields).status_code == 204
    row.refresh_from_db()
    assert row.status == OutboxStatus.UNDELIVERED and "30003" in row.last_error
    assert Task.objects.filter(kind="delivery_failed", details__contains="30003").exists()


def test_reports_on_unknown_texts_or_statuses_are_acknowledged_and_ignored(texting_clinic, twilio_fake):
    row = _sent_row(texting_clinic)
    unknown = post_signed(Client(), STATUS, status_fields("SM" + "f" * 32, "delivered"))
    odd = post_signed(Client(), STATUS, status_fields(row.provider_id, "partially_delivered"))
    assert (unknown.status_code, odd.status_code) == (204, 204)
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT


def _report_on_the_way(monkeypatch, status: str, *, then_raise: Exception | None = None) -> list:
    """Twilio's report posted between its answer to the send and the worker recording it (the report can
    outrun the answer), optionally followed by the answer being lost (a time-out)."""
    answers = []
    send = TwilioAdapter.send

    def send_and_report(adapter, message):
        sent = send(adapter, message)
        report = status_fields(sent.provider_id, status)
        answers.append(post_signed(Client(), callback_for(message), report).status_code)
        if then_raise is not None:
            raise then_raise
        return sent

    monkeypatch.setattr(TwilioAdapter, "send", send_and_report)
    return answers


def callback_for(message) -> str:
    """The path of the StatusCallback Mojoe gives Twilio for this outbox row."""
    return f"{STATUS}?outbox={message.pk}"


def test_a_report_that_outruns_the_answer_to_the_send_is_kept(texting_clinic, twilio_fake, monkeypatch):
    answers = _report_on_the_way(monkeypatch, "delivered")
    row = outbox_enqueue(practice=texting_clinic.practice, channel="sms", to=PATIENT_NUMBER, body="Reminder")
    outbox_deliver(row.pk)
    row.refresh_from_db()
    assert answers == [204]
    assert row.status == OutboxStatus.DELIVERED and row.delivered_at is not None  # not "sent" over it
    assert row.provider_id == twilio_fake.accepted[0]["sid"] and row.claimed_until is None


def test_a_failure_reported_before_the_answer_tells_the_front_desk_once(
    texting_clinic, twilio_fake, monkeypatch
):
    _report_on_the_way(monkeypatch, "undelivered")
    row = outbox_enqueue(practice=texting_clinic.practice, channel="sms", to=PATIENT_NUMBER, body="Reminder")
    outbox_deliver(row.pk)
    row.refresh_from_db()
    assert row.status == OutboxStatus.UNDELIVERED
    assert Task.objects.filter(kind="delivery_failed").count() == 1


def test_a_text_twilio_reported_on_is_not_sent_again_when_its_answer_was_lost(
    texting_clinic, twilio_fake, monkeypatch
):
    _report_on_the_way(
        monkeypatch, "sent", then_raise=TemporaryFailure("Twilio could not be reached: ReadTimeout")
    )
    row = outbox_enqueue(practice=texting_clinic.practice, channel="sms", to=PATIENT_NUMBER, body="Reminder")
    assert outbox_deliver(row.pk) == OutboxStatus.QUEUED  # what the worker concluded
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.provider_id == twilio_fake.accepted[0]["sid"]
    assert outbox_sweep(now=timezone.now() + timedelta(hours=2)) == 0
    assert len(twilio_fake.accepted) == 1  # sent once


def test_a_report_naming_a_row_is_only_about_the_message_recorded_for_it(texting_clinic, twilio_fake):
    row = _sent_row(texting_clinic)
    callback = callback_for(row)
    another = post_signed(Client(), callback, status_fields("SM" + "e" * 32, "undelivered"))
    garbled = post_signed(Client(), f"{STATUS}?outbox=not-a-row", status_fields(row.provider_id, "delivered"))
    assert (another.status_code, garbled.status_code) == (204, 204)
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and not Task.objects.exists()
    assert post_signed(Client(), callback, status_fields(row.provider_id, "delivered")).status_code == 204
    row.refresh_from_db()
    assert row.status == OutboxStatus.DELIVERED


def test_an_unsigned_or_malformed_report_changes_nothing(texting_clinic, twilio_fake):
    row = _sent_row(texting_clinic)
    forged = Client().post(STATUS, status_fields(row.provider_id, "delivered"))
    malformed = post_signed(Client(), STATUS, {"MessageSid": row.provider_id})
    assert (forged.status_code, malformed.status_code) == (403, 400)
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT


# --- STOP, START, HELP ---------------------------------------------------------------------------------


def test_stop_by_text_is_confirmed_then_automated_texts_are_suppressed_until_start(
    texting_clinic, twilio_fake, django_capture_on_commit_callbacks
):
    practice = texting_clinic.practice
    capture = django_capture_on_commit_callbacks
    assert text_in(Client(), "STOP", capture=capture).status_code == 200
    assert ChannelOptOut.objects.filter(practice=practice, channel="sms", address=PATIENT_NUMBER).exists()
    confirmation = twilio_fake.accepted[-1]
    assert "unsubscribed" in confirmation["Body"] and confirmation["To"] == PATIENT_NUMBER

    reminder = outbox_enqueue(
        practice=practice, channel="sms", to=PATIENT_NUMBER, body="Your visit is tomorrow"
    )
    assert outbox_deliver(reminder.pk) == OutboxStatus.SUPPRESSED
    assert "Your visit is tomorrow" not in twilio_fake.accepted_bodies()

    assert text_in(Client(), "HELP", capture=capture).status_code == 200
    assert "STOP" in twilio_fake.accepted[-1]["Body"]  # HELP is answered even while opted out

    assert text_in(Client(), "START", capture=capture).status_code == 200
    assert not ChannelOptOut.objects.filter(practice=practice, address=PATIENT_NUMBER).exists()
    assert "subscribed again" in twilio_fake.accepted[-1]["Body"]
    again = outbox_enqueue(practice=practice, channel="sms", to=PATIENT_NUMBER, body="Your visit is today")
    assert outbox_deliver(again.pk) == OutboxStatus.SENT
    assert twilio_fake.accepted_bodies()[-1] == "Your visit is today"


def test_with_twilios_own_stop_handling_the_refused_confirmation_is_no_work_for_staff(
    texting_clinic, twilio_fake, django_capture_on_commit_callbacks
):
    # Twilio answers STOP itself by default and then refuses texts to that number with error 21610.
    twilio_fake.fail(400, code=21610)
    assert text_in(Client(), "STOP", capture=django_capture_on_commit_callbacks).status_code == 200
    confirmation = OutboxMessage.objects.get()
    assert confirmation.status == OutboxStatus.SUPPRESSED and "21610" in confirmation.last_error
    assert ChannelOptOut.objects.filter(practice=texting_clinic.practice, address=PATIENT_NUMBER).exists()
    assert not Task.objects.filter(kind="delivery_failed").exists()


def test_a_conversation_reply_reaches_the_patient_with_the_time_it_was_sent(
    texting_clinic, twilio_fake, django_capture_on_commit_callbacks
):
    before = timezone.now()
    text_in(Client(), "Do you take Aetna?", capture=django_capture_on_commit_callbacks)
    row = OutboxMessage.objects.get()
    assert row.message is not None and row.message.body == row.body
    assert row.sent_at >= before and row.attempts == 1
