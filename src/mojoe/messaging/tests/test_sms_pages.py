"""The SMS channel without a Twilio account: the outbox page shows each text's delivery, and an owner or
administrator can text the practice as a patient through the same path as Twilio's webhook. The demo
practice comes with one text conversation already."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from mojoe.core import testing
from mojoe.core.roles import Role
from mojoe.messaging.models import (
    Conversation,
    Message,
    MessageDirection,
    OutboxMessage,
    OutboxStatus,
)
from mojoe.messaging.outbox import outbox_deliver, outbox_enqueue
from mojoe.messaging.tests.twilio_fake import PATIENT_NUMBER

pytestmark = pytest.mark.django_db

TEXT = "/outbox/text"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_row_shows_channel_status_attempts_last_error_and_provider_id(clinic, owner):
    delivered = outbox_enqueue(
        practice=clinic.practice, channel="sms", to=PATIENT_NUMBER, body="Delivered one"
    )
    outbox_deliver(delivered.pk)
    delivered.refresh_from_db()
    OutboxMessage.objects.create(
        practice=clinic.practice,
        channel="sms",
        to="+16175550155",
        body="Retried one",
        status=OutboxStatus.QUEUED,
        attempts=2,
        last_error="Twilio answered 503: Service Unavailable",
    )
    content = signed_in(owner).get(reverse("messaging:outbox")).content.decode()
    assert "Text message to +16175550155" in content and "Text message to " + PATIENT_NUMBER in content
    assert "Delivered" in content and "Queued" in content
    assert "<dt>Attempts</dt><dd>2" in content and "<dt>Attempts</dt><dd>1" in content
    assert "Twilio answered 503: Service Unavailable" in content
    assert delivered.provider_id in content and delivered.provider_id.startswith("console-")


def test_an_owner_texts_the_practice_as_a_patient_and_reads_the_answer(
    clinic, owner, django_capture_on_commit_callbacks
):
    client = signed_in(owner)
    page = client.get(reverse("messaging:outbox")).content.decode()
    assert "Text the practice as a patient" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(TEXT, {"from_number": "(617) 555-0123", "body": "What are your hours?"})
    assert response.status_code == 302 and response["Location"] == reverse("messaging:outbox")
    inbound = Message.objects.get(direction=MessageDirection.INBOUND)
    assert inbound.body == "What are your hours?" and inbound.provider_id.startswith("console-in-")
    assert (inbound.conversation.channel, inbound.conversation.address) == ("sms", PATIENT_NUMBER)
    rows = OutboxMessage.objects.filter(conversation=inbound.conversation)
    assert rows and all(r.status == OutboxStatus.DELIVERED and r.provider == "console" for r in rows)
    page = client.get(reverse("messaging:outbox")).content.decode()
    assert "received" in page and rows[0].provider_id in page
    # The form offers to go on in the same conversation.
    assert f'value="{PATIENT_NUMBER}"' in page


def test_an_administrator_may_text_too(clinic):
    admin = testing.make_user(username="manager", practice=clinic.practice, role=Role.ADMIN)
    response = signed_in(admin).post(TEXT, {"from_number": "+16175550144", "body": "Hello"})
    assert response.status_code == 302 and Message.objects.filter(direction="in").count() == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"from_number": "12", "body": "Hello"}, "phone number"),
        ({"from_number": "", "body": "Hello"}, "required"),
        ({"from_number": "+16175550123", "body": ""}, "Write a message, attach a picture, or both"),
        ({"from_number": "+16175550123", "body": "   "}, "Write a message, attach a picture, or both"),
    ],
)
def test_a_bad_form_is_a_400_with_the_reason_and_nothing_is_stored(clinic, owner, fields, error):
    response = signed_in(owner).post(TEXT, fields)
    assert response.status_code == 400 and error in response.content.decode()
    assert not Message.objects.exists() and not Conversation.objects.exists()


def test_a_picture_can_be_texted_from_the_page_too(clinic, owner, file_storage):
    picture = SimpleUploadedFile("card.jpg", b"\xff\xd8\xff\xe0 an insurance card", content_type="image/jpeg")
    response = signed_in(owner).post(TEXT, {"from_number": "+16175550123", "body": "", "picture": picture})
    assert response.status_code == 302
    attachment = Message.objects.get(direction=MessageDirection.INBOUND).attachments.get()
    assert attachment.filename == "card.jpg" and attachment.file.read().startswith(b"\xff\xd8\xff")
    page = signed_in(owner).get(reverse("messaging:outbox")).content.decode()
    assert 'enctype="multipart/form-data"' in page and "received what you sent" in page


def test_front_desk_and_strangers_cannot_text_as_a_patient(clinic, colleague, outsider):
    fields = {"from_number": "+16175550123", "body": "Hello"}
    assert signed_in(colleague).post(TEXT, fields).status_code == 403
    anonymous = Client().post(TEXT, fields)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    # An owner elsewhere texts their own practice, never this one.
    signed_in(outsider).post(TEXT, fields)
    assert not Conversation.objects.filter(practice=clinic.practice).exists()


def test_the_form_needs_its_csrf_token(clinic, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(TEXT, {"from_number": "+16175550123", "body": "Hello"}).status_code == 403
    assert not Message.objects.exists()


def test_with_a_real_sms_provider_the_form_is_gone(clinic, owner):
    with override_settings(MOJOE_SMS_PROVIDER="twilio"):
        page = signed_in(owner).get(reverse("messaging:outbox")).content.decode()
        posted = signed_in(owner).post(TEXT, {"from_number": "+16175550123", "body": "Hello"})
    assert "Text the practice as a patient" not in page
    assert posted.status_code == 404 and not Message.objects.exists()


def test_the_demo_practice_comes_with_a_text_conversation(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    from mojoe.practices.demo import SMS_NUMBER, seed_demo

    settings.DATA_DIR = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        practice = seed_demo().practice
    assert practice.sms_number == SMS_NUMBER
    conversation = Conversation.objects.get(practice=practice, channel="sms")
    texts = list(
        conversation.messages.filter(direction=MessageDirection.INBOUND).values_list("body", flat=True)
    )
    assert texts[0] == "Hi, I need to reschedule my appointment" and len(texts) == 2
    assert conversation.is_verified and conversation.patient.phone_mobile == conversation.address
    rows = OutboxMessage.objects.filter(practice=practice, channel="sms")
    assert rows.count() >= 2 and all(r.status == OutboxStatus.DELIVERED for r in rows)
    assert any("1)" in r.body for r in rows)  # the times offered for the new appointment
    before = (Message.objects.count(), rows.count())
    seed_demo()
    assert (Message.objects.count(), rows.count()) == before


def test_no_text_conversation_is_seeded_when_texts_would_really_leave(settings, tmp_path):
    from mojoe.practices.demo import seed_demo

    settings.DATA_DIR = tmp_path
    settings.MOJOE_SMS_PROVIDER = "twilio"
    seed_demo()
    assert not Conversation.objects.exists() and not OutboxMessage.objects.filter(channel="sms").exists()
