"""A patient chats from a phone, and a practice's own website opens the chat from its button, in Chromium."""

import json
import re

import pytest
from playwright.sync_api import expect

from mojoe.core.testing import PNG
from mojoe.messaging.models import Conversation, MessageAttachment, MessageAuthor
from mojoe.messaging.services import message_send
from mojoe.ui.testing import PHONE, violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_rate_limits"),  # the live server shares this process's cache
]

# The assistant's answers are still being written: a reply is any assistant message but the page's welcome.
REPLY = ".msg-assistant:not(.msg-welcome):not(.msg-typing)"


def open_chat(page):
    page.goto("/p/maple/chat")
    # The script enables Send once any earlier messages are back.
    expect(page.get_by_role("button", name="Send")).to_be_enabled()
    return page.get_by_role("log"), page.get_by_label("Your message")


def website(page, live_server):
    """A practice's page with the snippet. Its origin is about:blank's, so Mojoe is another origin to it, as
    on a real website (a made-up public host would be refused access to the loopback live server)."""
    page.set_content(
        '<!doctype html><html lang="en"><head><title>Maple Clinic</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        "<body><main><h1>Maple Clinic</h1><p>Family medicine.</p></main>"
        f'<script src="{live_server.url}/p/maple/chat/widget.js" async></script></body></html>'
    )


def test_a_patient_chats_from_a_phone_and_comes_back_to_the_conversation(phone, clinic):
    log, box = open_chat(phone)
    assert "virtual assistant of Maple Clinic" in log.locator(".msg-welcome").inner_text()

    box.fill("hello")
    box.press("Enter")
    expect(log.locator(".msg-patient")).to_have_text("You: hello")
    expect(box).to_have_value("")
    reply = log.locator(REPLY).first
    expect(reply).to_be_visible()
    assert reply.inner_text().removeprefix("Assistant:").strip()
    assert Conversation.objects.filter(practice=clinic.practice).count() == 1

    # Reloading the tab shows the same conversation, from the server.
    phone.reload()
    expect(log.locator(".msg-patient")).to_have_text("You: hello")
    expect(log.locator(REPLY).first).to_be_visible()
    replies = log.locator(REPLY).count()

    # The next message continues the same conversation.
    box.fill("hello again")
    box.press("Enter")
    expect(log.locator(".msg-patient")).to_have_count(2)
    expect(log.locator(REPLY)).not_to_have_count(replies)
    assert Conversation.objects.filter(practice=clinic.practice).count() == 1

    # Start over forgets the conversation in this tab; the practice keeps it.
    phone.get_by_role("link", name="Start over").click()
    expect(phone.get_by_role("button", name="Send")).to_be_enabled()
    expect(log.locator(".msg-welcome")).to_be_visible()
    expect(log.locator(".msg-patient")).to_have_count(0)
    assert phone.evaluate("sessionStorage.getItem('mojoe-chat:maple')") is None
    box.fill("hello")
    box.press("Enter")
    expect(log.locator(REPLY).first).to_be_visible()
    assert Conversation.objects.filter(practice=clinic.practice).count() == 2


def test_while_waiting_the_page_shows_typing_and_holds_the_send_button(phone, clinic):
    log, box = open_chat(phone)
    held = []
    phone.route("**/chat/messages", lambda route: held.append(route))
    box.fill("hello")
    phone.get_by_role("button", name="Send").click()
    expect(log.locator(".msg-patient")).to_have_text("You: hello")
    expect(log.get_by_text("typing…")).to_be_visible()
    expect(phone.get_by_role("button", name="Send")).to_be_disabled()
    # Sending again while waiting does nothing.
    box.fill("hello twice")
    box.press("Enter")
    expect(box).to_have_value("hello twice")
    expect(log.locator(".msg-patient")).to_have_count(1)
    held[0].continue_()
    expect(log.locator(REPLY).first).to_be_visible()
    expect(log.get_by_text("typing…")).to_have_count(0)
    expect(phone.get_by_role("button", name="Send")).to_be_enabled()
    expect(box).to_be_focused()


def test_shift_enter_writes_a_new_line_and_the_page_fits_a_small_phone(phone, clinic):
    phone.set_viewport_size({"width": 360, "height": 640})
    log, box = open_chat(phone)
    box.press_sequentially("line one")
    box.press("Shift+Enter")
    box.press_sequentially("line two")
    expect(box).to_have_value("line one\nline two")
    box.press("Enter")
    expect(log.locator(".msg-patient")).to_contain_text("line one\nline two")
    # The page takes the next message once this one is answered (on a busy machine, later than typing it).
    expect(phone.get_by_role("button", name="Send")).to_be_enabled()
    # A long unbroken word and a tall message: the conversation scrolls, never the page sideways.
    box.fill("https://example.org/" + "a" * 300 + "\n" + "\n".join(f"line {n}" for n in range(40)))
    box.press("Enter")
    expect(log.locator(".msg-patient")).to_have_count(2)
    expect(log.locator(REPLY)).not_to_have_count(0)
    phone.wait_for_load_state("networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.evaluate("document.getElementById('chat-log').scrollWidth <= 360")
    assert phone.evaluate("(l => l.scrollHeight > l.clientHeight)(document.getElementById('chat-log'))")
    # The newest message is in view and the message box is still on screen, at the bottom.
    field = box.bounding_box()
    assert field["y"] + field["height"] <= 640
    assert field["y"] > 640 - 120
    send = phone.get_by_role("button", name="Send").bounding_box()
    assert send["height"] >= 44 and send["width"] >= 44
    expect(log.locator(REPLY).last).to_be_in_viewport()


def test_a_refusal_is_shown_and_the_text_is_given_back(phone, clinic, settings):
    settings.MOJOE_CHAT_MESSAGES_PER_MINUTE = 1
    log, box = open_chat(phone)
    box.fill("hello")
    box.press("Enter")
    expect(log.locator(REPLY).first).to_be_visible()
    box.fill("one more thing")
    box.press("Enter")
    status = phone.get_by_role("status")
    expect(status).to_contain_text("please wait")
    expect(box).to_have_value("one more thing")
    expect(log.locator(".msg-patient")).to_have_count(1)
    expect(phone.get_by_role("button", name="Send")).to_be_enabled()


def test_a_staff_reply_reaches_an_open_page_once_staff_have_the_conversation(phone, clinic):
    phone.clock.install()

    # The dialogue that hands a conversation to staff is being written; the answer says it did.
    def handed_off(route):
        response = route.fetch()
        body = response.json() | {"handed_off": True}
        route.fulfill(response=response, body=json.dumps(body))

    log, box = open_chat(phone)
    phone.route("**/chat/messages", handed_off)
    box.fill("I would like to talk to someone")
    box.press("Enter")
    expect(phone.get_by_role("status")).to_contain_text("A member of our staff will answer here")
    conversation = Conversation.objects.get(practice=clinic.practice)
    message_send(
        conversation=conversation, body="Hi, this is Sam at the front desk.", author=MessageAuthor.STAFF
    )
    phone.clock.run_for(16_000)
    staff = log.locator(".msg-staff")
    expect(staff).to_have_text(re.compile(r"^Office staff\s*Hi, this is Sam at the front desk\.$"))
    # A second round adds nothing already shown.
    phone.clock.run_for(16_000)
    phone.wait_for_load_state("networkidle")
    expect(staff).to_have_count(1)


@pytest.mark.usefixtures("file_storage")
def test_a_patient_sends_a_picture_of_their_card_from_a_phone(phone, clinic):
    log, box = open_chat(phone)
    box.fill("my new card")
    phone.get_by_role(
        "button", name="Attach a picture or PDF"
    ).click()  # opens the chooser; the file is set below
    phone.locator("#chat-file").set_input_files({"name": "card.png", "mimeType": "image/png", "buffer": PNG})
    mine = log.locator(".msg-patient")
    expect(mine).to_contain_text("card.png")
    expect(mine).to_contain_text("my new card")
    expect(box).to_have_value("")
    expect(log.locator(REPLY).first).to_contain_text("received what you sent")
    attachment = MessageAttachment.objects.get()
    assert attachment.file.read() == PNG and attachment.message.body == "my new card"

    # Reloaded, the page shows what was sent, from the server.
    phone.reload()
    expect(log.locator(".msg-patient")).to_contain_text("card.png")

    # A file that is not a picture or a PDF is refused with the reason, and nothing is kept.
    phone.locator("#chat-file").set_input_files(
        {"name": "notes.png", "mimeType": "image/png", "buffer": b"<html>"}
    )
    expect(phone.get_by_role("status")).to_contain_text("we take pictures")
    expect(log.locator(".msg-patient")).to_have_count(1)
    assert MessageAttachment.objects.count() == 1


def test_the_chat_in_spanish_speaks_spanish_to_the_end(phone, clinic):
    phone.goto("/p/maple/chat?lang=es")
    expect(phone.get_by_role("button", name="Enviar")).to_be_enabled()
    log, box = phone.get_by_role("log"), phone.get_by_label("Su mensaje")
    box.fill("hola")
    box.press("Enter")
    expect(log.locator(".msg-patient")).to_have_text("Usted: hola")
    expect(log.locator(REPLY).first).to_be_visible()
    # A refusal is explained in Spanish, though the endpoint explains it in English.
    phone.locator("#chat-file").set_input_files(
        {"name": "nota.png", "mimeType": "image/png", "buffer": b"<html>"}
    )
    expect(phone.get_by_role("status")).to_contain_text("No se puede enviar este archivo aquí")
    assert violations(phone) == []
    # Switching language keeps the conversation.
    phone.get_by_role("link", name="English").click()
    expect(phone.get_by_role("button", name="Send", exact=True)).to_be_enabled()
    expect(log.locator(".msg-patient")).to_have_text("You: hola")


def test_the_chat_page_passes_axe(phone, clinic):
    clinic.practice.phone = "+16175550100"
    clinic.practice.save()
    log, box = open_chat(phone)
    box.fill("hello")
    box.press("Enter")
    expect(log.locator(REPLY).first).to_be_visible()
    assert violations(phone) == []
    phone.goto("/p/nowhere/chat")
    assert violations(phone) == []


def test_a_practice_website_opens_the_chat_in_a_panel(page, live_server, clinic):
    website(page, live_server)
    launcher = page.get_by_role("button", name="Chat with us")
    launcher.click()
    panel = page.get_by_role("dialog", name="Chat with Maple Clinic")
    expect(panel).to_be_visible()
    expect(launcher).to_be_hidden()
    chat = page.frame_locator('iframe[title="Chat with Maple Clinic"]')
    box = chat.get_by_label("Your message")
    expect(chat.get_by_role("button", name="Send")).to_be_enabled()
    expect(box).to_be_focused()
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    expect(chat.locator(REPLY).first).to_be_visible()
    assert violations(page) == []

    # Escape inside the chat closes the panel and gives focus back to the button.
    box.press("Escape")
    expect(panel).to_be_hidden()
    expect(launcher).to_be_focused()
    # Opening it again shows the same conversation; the Close button closes it too.
    launcher.press("Enter")
    expect(chat.locator(".msg-patient")).to_have_text("You: hello")
    page.get_by_role("button", name="Close the chat").click()
    expect(panel).to_be_hidden()
    expect(page.locator("[data-mojoe-chat]")).to_have_count(1)


def test_on_a_phone_the_website_panel_takes_the_whole_screen(phone, live_server, clinic):
    website(phone, live_server)
    phone.get_by_role("button", name="Chat with us").tap()
    panel = phone.get_by_role("dialog", name="Chat with Maple Clinic")
    expect(panel).to_be_visible()
    assert panel.bounding_box() == {"x": 0, "y": 0, **PHONE}
    chat = phone.frame_locator('iframe[title="Chat with Maple Clinic"]')
    expect(chat.get_by_label("Your message")).to_be_in_viewport()
    phone.get_by_role("button", name="Close the chat").tap()
    expect(panel).to_be_hidden()


def test_a_patient_books_a_visit_in_the_chat(phone, clinic):
    from mojoe.scheduling.models import Appointment, SourceChannel

    patient = clinic.patient
    log, box = open_chat(phone)

    def say(text: str, expect_in_reply: str):
        before = log.locator(REPLY).count()
        box.fill(text)
        box.press("Enter")
        expect(log.locator(REPLY).nth(before)).to_be_visible()
        expect(log).to_contain_text(expect_in_reply)

    say("I'd like to book an appointment", "full name and date of birth")
    say(f"{patient.given_name} {patient.family_name} {patient.birth_date:%m/%d/%Y}", "Reply 1, 2 or 3")
    say("1", "You're booked: Office visit")
    appointment = Appointment.objects.get(patient=patient)
    assert appointment.source_channel == SourceChannel.CHAT
    assert appointment.provider.display_name in log.inner_text()
