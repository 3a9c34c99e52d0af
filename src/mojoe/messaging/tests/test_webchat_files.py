"""Pictures and PDFs sent in the web chat: kept with the message and handed to a person; refused whole, with a
reason the patient can act on, when they are not a kept type or too large."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from mojoe.audit.models import AuditAction, AuditEvent
from mojoe.core.testing import PDF, PNG
from mojoe.inbox.models import Task
from mojoe.inbox.tests.helpers import signed_in
from mojoe.messaging import webchat
from mojoe.messaging.models import Conversation, Message, MessageAttachment, MessageDirection

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("file_storage", "fresh_rate_limits")]

FILES = "/p/maple/chat/files"
MESSAGES = "/p/maple/chat/messages"
HISTORY = "/p/maple/chat/history"


def send_file(client, content: bytes, name: str = "card.png", **fields):
    return client.post(FILES, {"file": SimpleUploadedFile(name, content), **fields})


def nothing_stored() -> bool:
    return not (
        Conversation.objects.exists() or Message.objects.exists() or MessageAttachment.objects.exists()
    )


def test_a_picture_is_kept_a_person_asked_to_look_and_the_patient_told(visitor, clinic):
    response = send_file(visitor, PNG, "insurance card.png", text="Here is my new card")
    assert response.status_code == 200
    answer = response.json()
    assert answer["token"] and any("received what you sent" in r["text"] for r in answer["replies"])
    message = Message.objects.get(direction=MessageDirection.INBOUND)
    assert message.body == "Here is my new card" and message.conversation.channel == "webchat"
    attachment = message.attachments.get()
    assert attachment.file.read() == PNG and attachment.content_type == "image/png"
    assert attachment.filename == "insurance card.png"
    task = Task.objects.get(kind="attachment")
    assert "1 attachment by web chat" in task.summary and task.conversation == message.conversation

    # The same conversation goes on, and a reloaded page shows what was sent.
    assert (
        visitor.post(MESSAGES, {"text": "thanks", "token": answer["token"]}, "application/json").status_code
        == 200
    )
    history = visitor.post(HISTORY, {"token": answer["token"]}, "application/json").json()["messages"]
    assert history[0] == {"from": "patient", "text": "Here is my new card", "files": ["insurance card.png"]}
    assert {"from": "patient", "text": "thanks"} in history
    assert Conversation.objects.count() == 1


def test_a_pdf_alone_is_a_message_too(visitor, clinic):
    response = send_file(visitor, PDF, "referral.pdf")
    assert response.status_code == 200
    attachment = MessageAttachment.objects.get()
    assert attachment.message.body == "" and attachment.content_type == "application/pdf"


@pytest.mark.parametrize(
    ("content", "name", "status", "code"),
    [
        (b"<html><script>alert(1)</script></html>", "card.png", 415, "unsupported_file"),  # named a picture
        (b"MZ\x90\x00 a program", "form.pdf", 415, "unsupported_file"),
        (b"", "empty.png", 415, "unsupported_file"),
    ],
)
def test_a_file_that_is_not_a_picture_or_pdf_is_refused_and_nothing_stored(
    visitor, clinic, content, name, status, code
):
    response = send_file(visitor, content, name)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert "pictures" in response.json()["detail"] and "PDF" in response.json()["detail"]
    assert nothing_stored()


def test_a_file_over_the_limit_is_refused_and_nothing_stored(visitor, clinic, monkeypatch):
    monkeypatch.setattr(webchat, "MAX_BYTES", 1000)
    response = send_file(visitor, PNG + b"\0" * 2000)
    assert response.status_code == 413 and "larger than" in response.json()["detail"]
    assert nothing_stored()


def test_a_request_announcing_more_than_the_limit_is_refused_before_it_is_read(visitor, clinic, monkeypatch):
    monkeypatch.setattr(webchat, "MAX_BYTES", 1000)
    response = visitor.post(
        FILES, b"x" * 10, content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=200_000
    )
    assert response.status_code == 413
    assert nothing_stored()


@pytest.mark.parametrize(
    ("body", "content_type", "code"),
    [
        ('{"text": "hi"}', "application/json", "invalid_form"),
        ("--x\r\nbroken", "multipart/form-data", "invalid_form"),  # no boundary given
        ("--x--\r\n", "multipart/form-data; boundary=x", "no_file"),
    ],
)
def test_a_malformed_request_is_a_clear_400(visitor, clinic, body, content_type, code):
    response = visitor.post(FILES, body, content_type=content_type)
    assert (response.status_code, response.json()["code"]) == (400, code)
    assert nothing_stored()


def test_a_bad_token_or_an_unknown_practice_is_refused(visitor, clinic):
    bad = send_file(visitor, PNG, token="not a token!")
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid_token")
    unknown = visitor.post("/p/nowhere/chat/files", {"file": SimpleUploadedFile("a.png", PNG)})
    assert unknown.status_code == 404
    assert nothing_stored()


@override_settings(MOJOE_CHAT_MESSAGES_PER_MINUTE=2)
def test_files_count_against_the_same_limit_as_messages(visitor, clinic):
    assert send_file(visitor, PNG).status_code == 200
    assert send_file(visitor, PNG).status_code == 200
    refused = send_file(visitor, PNG)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert MessageAttachment.objects.count() == 2


def test_staff_see_the_picture_in_the_conversation_and_each_opening_is_audited(visitor, clinic, colleague):
    send_file(visitor, PNG)
    attachment = MessageAttachment.objects.get()
    conversation = attachment.message.conversation
    staff = signed_in(colleague)
    opened = f"/conversations/{conversation.pk}/attachments/{attachment.pk}"
    assert f'src="{opened}"' in staff.get(f"/conversations/{conversation.pk}").content.decode()
    picture = staff.get(opened)
    assert picture.status_code == 200 and b"".join(picture.streaming_content) == PNG
    assert AuditEvent.objects.filter(
        action=AuditAction.READ, object_type="messaging.messageattachment", object_id=str(attachment.pk)
    ).exists()
