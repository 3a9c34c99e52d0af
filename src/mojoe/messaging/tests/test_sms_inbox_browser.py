"""A patient texts asking for a person; the front desk sees it in the inbox, takes over and replies, and the
reply leaves through the outbox to Twilio (a local server speaking its API), in Chromium."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from mojoe.core.testing import PNG
from mojoe.messaging.models import Conversation, ConversationStatus, OutboxMessage, OutboxStatus
from mojoe.messaging.tests.twilio_fake import (
    PATIENT_NUMBER,
    inbound_fields,
    post_signed,
    texting_clinic,
    twilio_fake,
)
from mojoe.ui.testing import sign_in

SHARED_FIXTURES = (texting_clinic, twilio_fake)  # imported so that pytest finds them here
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_text_asking_for_a_person_is_answered_by_staff_from_the_inbox(
    page, texting_clinic, colleague, twilio_fake
):
    response = post_signed(
        Client(), "/webhooks/twilio/sms", inbound_fields("can I talk to a real person please")
    )
    assert response.status_code == 200
    conversation = Conversation.objects.get(channel="sms", address=PATIENT_NUMBER)
    assert conversation.status == ConversationStatus.HANDED_OFF
    handoff_reply = twilio_fake.accepted_bodies()[-1]
    assert "take over" in handoff_reply

    sign_in(page, "frontdesk")
    page.goto("/conversations/?show=attention")
    row = page.locator(f'[data-conversation="{conversation.pk}"]')
    expect(row).to_contain_text("can I talk to a real person please")
    row.get_by_role("link").first.click()

    page.get_by_label("Reply to the patient").fill("Hi, this is Sam at the front desk. How can I help?")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Reply sent.")).to_be_visible()
    expect(page.locator(".transcript")).to_contain_text("Sam at the front desk")

    reply = OutboxMessage.objects.get(conversation=conversation, body__startswith="Hi, this is Sam")
    assert reply.channel == "sms" and reply.to == PATIENT_NUMBER
    assert reply.status == OutboxStatus.SENT and reply.provider == "twilio"
    assert twilio_fake.accepted_bodies()[-1] == reply.body
    conversation.refresh_from_db()
    assert conversation.assigned_to == colleague


def test_a_texted_picture_is_shown_to_the_front_desk(
    page, texting_clinic, colleague, twilio_fake, file_storage
):
    form = inbound_fields("")
    form.update(
        NumMedia="1", MediaUrl0=twilio_fake.add_media("image/png", PNG), MediaContentType0="image/png"
    )
    assert post_signed(Client(), "/webhooks/twilio/sms", form).status_code == 200
    conversation = Conversation.objects.get(channel="sms", address=PATIENT_NUMBER)

    sign_in(page, "frontdesk")
    page.goto(f"/conversations/{conversation.pk}")
    expect(page.get_by_role("link", name="Patient sent 1 attachment by text message").first).to_be_visible()
    picture = page.get_by_role("img", name="Picture the patient sent (1)")
    expect(picture).to_be_visible()
    # Drawn, not a broken image: the page's policy lets it load and the file is what Twilio had.
    page.wait_for_function("img => img.complete && img.naturalWidth === 1", arg=picture.element_handle())
