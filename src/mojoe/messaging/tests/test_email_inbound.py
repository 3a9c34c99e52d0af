"""Patients' emails in: the webhook's guard (secret, type, size, shape), which practice and conversation an
email belongs to, once-only storage, no answers to robots, and reading only what the patient wrote."""

from __future__ import annotations

import base64
from datetime import timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import PurePosixPath

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from mojoe.core import testing
from mojoe.core.testing import PNG
from mojoe.inbox.models import Task
from mojoe.messaging.attachments import (
    ORPHAN_AFTER,
    IncomingAttachment,
    attachment_files_orphaned_delete,
    attachments_record,
)
from mojoe.messaging.email_text import html_to_text, strip_quoted
from mojoe.messaging.models import (
    Conversation,
    ConversationStatus,
    Message,
    MessageDirection,
    OutboxMessage,
)

pytestmark = pytest.mark.django_db

SECRET = "test-inbound-secret-0123456789"
PATIENT = "jordan.lee@example.test"
URL = "/webhooks/email/inbound"


@pytest.fixture(autouse=True)
def inbound_settings():
    with override_settings(
        MOJOE_EMAIL_INBOUND_SECRET=SECRET,
        MOJOE_EMAIL_INBOUND_ADDRESS="chat@mojoe.test",
        DEFAULT_FROM_EMAIL="Mojoe <mojoe@mojoe.test>",
        MOJOE_EMAIL_INBOUND_MAX_BYTES=20_000,
        MOJOE_CHANNEL_ADAPTERS={
            "sms": "mojoe.messaging.channels.console.ConsoleAdapter",
            "email": "mojoe.messaging.channels.console.ConsoleAdapter",
        },
    ):
        yield


def an_email(
    body: str = "What are your opening hours?",
    *,
    sender: str = f"Jordan Lee <{PATIENT}>",
    to: str = "chat+maple@mojoe.test",
    subject: str = "Question",
    message_id: str = "<q1@example.test>",
    html: str | None = None,
    **headers: str,
) -> bytes:
    email = EmailMessage(policy=default_policy)
    if sender:
        email["From"] = sender
    email["To"] = to
    email["Subject"] = subject
    if message_id:
        email["Message-ID"] = message_id
    for name, value in headers.items():
        email[name.replace("_", "-")] = value
    if html is not None and body is None:
        email.set_content(html, subtype="html")
    else:
        email.set_content(body)
        if html is not None:
            email.add_alternative(html, subtype="html")
    return email.as_bytes()


def post(raw: bytes, *, secret: str | None = SECRET, content_type: str = "message/rfc822", **extra):
    if secret is not None:
        extra.setdefault("HTTP_X_MOJOE_SECRET", secret)
    return Client().post(URL, data=raw, content_type=content_type, **extra)


def inbound_bodies() -> list[str]:
    return list(Message.objects.filter(direction=MessageDirection.INBOUND).values_list("body", flat=True))


# --- the guard ----------------------------------------------------------------------------------------------


def test_without_a_configured_secret_the_endpoint_does_not_exist(clinic):
    with override_settings(MOJOE_EMAIL_INBOUND_SECRET=""):
        response = post(an_email())
    assert response.status_code == 404
    assert not Message.objects.exists()


@pytest.mark.parametrize("secret", [None, "", "wrong-secret-wrong-secret", SECRET + "x"])
def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_stored(clinic, secret):
    response = post(an_email(), secret=secret)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert not Message.objects.exists() and not Conversation.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_the_secret_may_come_as_http_basic_auth(clinic):
    token = base64.b64encode(f"relay:{SECRET}".encode()).decode()
    response = post(an_email(), secret=None, HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code == 200 and response.json()["status"] == "answered"
    wrong = base64.b64encode(b"relay:nope").decode()
    assert post(an_email(), secret=None, HTTP_AUTHORIZATION=f"Basic {wrong}").status_code == 403


def test_only_a_raw_email_is_accepted(clinic):
    response = post(b'{"text": "hi"}', content_type="application/json")
    assert response.status_code == 415
    assert Client().get(URL, HTTP_X_MOJOE_SECRET=SECRET).status_code == 405


@pytest.mark.parametrize(
    "raw", [b"   \r\n", b"just some words, no headers at all", b'{"a": 1}', b"Key: value\r\n\r\nbody"]
)
def test_a_malformed_message_is_refused(clinic, raw):
    response = post(raw)
    assert response.status_code == 400 and response.json()["code"] == "malformed_email"
    assert not Conversation.objects.exists()


def test_a_message_without_a_sender_is_refused(clinic):
    response = post(an_email(sender=""))
    assert response.status_code == 422 and response.json()["code"] == "no_sender"
    response = post(an_email(sender="Nobody <not-an-address>"))
    assert response.status_code == 422 and response.json()["code"] == "no_sender"
    assert not Conversation.objects.exists()


def test_a_message_over_the_size_limit_is_refused_before_it_is_read(clinic):
    raw = an_email("x" * 30_000)
    response = post(raw)
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert not Message.objects.exists() and not Conversation.objects.exists()


def test_a_message_for_no_known_practice_is_refused(clinic):
    response = post(an_email(to="chat+nowhere@mojoe.test"))
    assert response.status_code == 422 and response.json()["code"] == "unknown_recipient"
    response = post(an_email(to="someone@elsewhere.test"))
    assert response.status_code == 422
    assert not Conversation.objects.exists()


def test_a_message_with_no_text_at_all_is_refused(clinic):
    reply = an_email("> only the quote\n", subject="Re: Question", In_Reply_To="<ours@mojoe.test>")
    response = post(reply)
    assert response.status_code == 422 and response.json()["code"] == "empty_message"
    assert not Message.objects.exists()


# --- where it goes --------------------------------------------------------------------------------------------


def test_the_practice_is_found_by_its_own_address_or_the_delivered_to_header(clinic, outsider_practice):
    outsider_practice.email = "desk@elsewhere.example"
    outsider_practice.save(update_fields=["email"])
    assert post(an_email(to="Desk <DESK@elsewhere.example>", message_id="<a@x>")).status_code == 200
    # A list or forward may show another To; the envelope (Delivered-To, added by our server) wins.
    raw = an_email(to="team@list.example", message_id="<b@x>", Delivered_To="chat+maple@mojoe.test")
    assert post(raw).status_code == 200
    practices = dict(Conversation.objects.values_list("practice__slug", "address"))
    assert practices == {"elsewhere": PATIENT, "maple": PATIENT}


def test_the_same_email_delivered_twice_is_stored_and_answered_once(clinic):
    raw = an_email()
    first, second = post(raw), post(raw)
    assert first.json()["status"] == "answered" and second.json()["status"] == "duplicate"
    assert second.status_code == 200
    assert inbound_bodies() == ["What are your opening hours?"]
    replies = OutboxMessage.objects.count()
    assert replies >= 1 and post(raw).json()["status"] == "duplicate"
    assert OutboxMessage.objects.count() == replies


def test_an_email_without_a_message_id_is_still_stored_once(clinic):
    raw = an_email(message_id="")
    assert post(raw).json()["status"] == "answered"
    assert post(raw).json()["status"] == "duplicate"
    assert len(inbound_bodies()) == 1


def test_a_reference_does_not_let_another_sender_into_a_patients_conversation(clinic):
    post(an_email(message_id="<mine@example.test>"))
    conversation = Conversation.objects.get()
    ours = conversation.messages.filter(direction=MessageDirection.OUTBOUND).first()
    # The patient's email was forwarded; the person it was forwarded to answers it.
    raw = an_email(
        "Hello, I am her husband",
        sender="Sam <sam@example.test>",
        message_id="<sam@example.test>",
        In_Reply_To=ours.email_message_id,
    )
    assert post(raw).status_code == 200
    sams = Conversation.objects.exclude(pk=conversation.pk).get()
    assert sams.address == "sam@example.test"
    assert conversation.messages.filter(direction=MessageDirection.INBOUND).count() == 1


def test_a_reply_to_an_older_email_joins_that_conversation(clinic):
    post(an_email(message_id="<old@example.test>"))
    old = Conversation.objects.get()
    old_reply = old.messages.filter(direction=MessageDirection.OUTBOUND).first()
    post(an_email("Also, are you open Saturday?", message_id="<meanwhile@example.test>"))
    raw = an_email(
        "And do you have parking?", message_id="<again@example.test>", References=old_reply.email_message_id
    )
    post(raw)
    # One patient, one open conversation (see Conversation's constraint), whichever email they answer.
    assert Conversation.objects.get() == old
    assert old.messages.filter(direction=MessageDirection.INBOUND).count() == 3
    old.refresh_from_db()
    assert old.email_thread["message_id"] == "<again@example.test>"


def test_a_closed_conversation_is_not_reopened_by_a_reply(clinic):
    post(an_email(message_id="<first@example.test>"))
    closed = Conversation.objects.get()
    closed.status = ConversationStatus.CLOSED
    closed.save(update_fields=["status"])
    ours = closed.messages.filter(direction=MessageDirection.OUTBOUND).first()
    post(an_email("One more thing", message_id="<later@example.test>", In_Reply_To=ours.email_message_id))
    assert Conversation.objects.count() == 2
    assert closed.messages.filter(direction=MessageDirection.INBOUND).count() == 1


# --- robots -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto_Submitted": "auto-replied"},
        {"Auto_Submitted": "auto-generated"},
        {"Precedence": "bulk"},
        {"Precedence": "auto_reply"},
        {"X_Autoreply": "yes"},
        {"List_Id": "<news.example.test>"},
        {"sender": "Mail Delivery System <MAILER-DAEMON@mx.example.test>"},
        {"sender": "Maple Clinic <chat+maple@mojoe.test>"},
        {"sender": "Mojoe <mojoe@mojoe.test>"},
    ],
)
def test_automatic_mail_is_accepted_but_never_answered(clinic, headers):
    response = post(an_email("I am out of the office until Monday.", **headers))
    assert response.status_code == 200
    assert response.json()["status"] == "ignored" and response.json()["reason"]
    assert not Message.objects.exists() and not OutboxMessage.objects.exists()


def test_auto_submitted_no_is_a_person(clinic):
    assert post(an_email(Auto_Submitted="no")).json()["status"] == "answered"


# --- what the assistant reads ---------------------------------------------------------------------------


def test_the_assistant_reads_only_the_new_words(clinic):
    body = (
        "Can I come in on Tuesday?\n\n"
        "Jordan\n"
        "-- \n"
        "Jordan Lee | 555-0100\n\n"
        "On Mon, Jan 5, 2026 at 10:00 AM Maple Clinic <chat+maple@mojoe.test> wrote:\n"
        "> What day suits you?\n"
    )
    post(an_email(body))
    assert inbound_bodies() == ["Can I come in on Tuesday?\n\nJordan"]


def test_an_html_only_email_is_read_as_text_without_its_quote(clinic):
    html = (
        "<html><head><style>p {color: red}</style></head><body>"
        '<div dir="ltr">I need a <b>refill</b>&nbsp;of my lisinopril.<br>Thank you</div>'
        '<img src="https://tracker.example/pixel.png">'
        '<div class="gmail_quote"><div>On Mon, Maple Clinic wrote:</div>'
        "<blockquote>What can we do for you?</blockquote></div></body></html>"
    )
    post(an_email(None, html=html))
    assert inbound_bodies() == ["I need a refill of my lisinopril.\nThank you"]


def test_the_plain_part_is_preferred_and_attachments_are_ignored(clinic):
    email = EmailMessage(policy=default_policy)
    email["From"], email["To"] = PATIENT, "chat+maple@mojoe.test"
    email["Subject"], email["Message-ID"] = "Card", "<card@example.test>"
    email.set_content("Here is my insurance card.")
    email.add_alternative("<p>Here is my <i>insurance</i> card.</p>", subtype="html")
    email.add_attachment(b"%PDF-1.4 not read", maintype="application", subtype="pdf", filename="card.pdf")
    email.add_attachment("a text file\n", filename="notes.txt")
    post(email.as_bytes())
    assert inbound_bodies() == ["Here is my insurance card."]


def test_a_new_email_with_only_a_subject_is_read_by_its_subject(clinic):
    post(an_email("", subject="Cancel my appointment"))
    assert inbound_bodies() == ["Cancel my appointment"]


def test_a_long_email_is_cut_to_what_the_assistant_reads(clinic):
    post(an_email("Please help. " * 400))
    (body,) = inbound_bodies()
    assert len(body) == 2000 and body.endswith("…")


def test_a_non_utf8_email_is_decoded(clinic):
    email = EmailMessage(policy=default_policy)
    email["From"], email["To"] = PATIENT, "chat+maple@mojoe.test"
    email["Subject"], email["Message-ID"] = "=?iso-8859-1?q?Cita?=", "<latin@example.test>"
    email.set_content("¿Tienen cita el martes?", charset="iso-8859-1")
    post(email.as_bytes())
    assert inbound_bodies() == ["¿Tienen cita el martes?"]
    assert Conversation.objects.get().email_thread["subject"] == "Cita"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # Gmail, the attribution wrapped over two lines
            "Yes, Tuesday works.\n\nOn Mon, Jan 5, 2026 at 10:00 AM Maple Clinic <\n"
            "chat+maple@mojoe.test> wrote:\n\n> Which day?\n> Old text\n",
            "Yes, Tuesday works.",
        ),
        (  # Spanish
            "Sí, el martes por la mañana.\n\nEl lun, 5 ene 2026 a las 10:00, Clínica Maple "
            "(<chat+maple@mojoe.test>) escribió:\n> ¿Qué día le conviene?\n",
            "Sí, el martes por la mañana.",
        ),
        (  # Outlook with its separator
            "Please cancel it.\n\n-----Original Message-----\nFrom: Maple Clinic\nSent: Monday\n\nOld text",
            "Please cancel it.",
        ),
        (  # Outlook's underscores and header block
            "Please cancel it.\r\n________________________________\r\nFrom: Maple Clinic <chat@x.test>\r\n"
            "Sent: Monday, January 5, 2026 10:00 AM\r\nTo: Jordan\r\nSubject: Re: Question\r\n\r\nOld",
            "Please cancel it.",
        ),
        (  # Outlook's header block alone, in Spanish
            "Cancele la cita.\n\nDe: Clínica Maple <chat@x.test>\nEnviado: lunes\nPara: Jordan\n\nViejo",
            "Cancele la cita.",
        ),
        ("Please call me back.\n\nSent from my iPhone\n", "Please call me back."),
        ("Llámenme.\n\nEnviado desde mi iPhone", "Llámenme."),
        ("Thanks!\n-- \nJordan Lee\nAccountant", "Thanks!"),
        (  # a reply written below the quote
            "On Mon, Jan 5, 2026 Maple Clinic wrote:\n> Which day?\n\nTuesday please\n",
            "Tuesday please",
        ),
        ("> Which day?\nTuesday\n> Which time?\nMorning", "Tuesday\nMorning"),
        (  # "wrote:" in the patient's own words, not followed by a quote, is kept
            "On Monday I wrote: my knee hurts.\nIt still does.",
            "On Monday I wrote: my knee hurts.\nIt still does.",
        ),
    ],
)
def test_quoted_history_and_signatures_are_stripped(text, expected):
    assert strip_quoted(text) == expected


def test_html_is_read_without_scripts_styles_quotes_or_anything_fetched():
    html = (
        "<p>Hello</p><blockquote type='cite'>quoted</blockquote><p>After &amp; more</p>"
        "<script>alert(1)</script><img src='http://evil.example/x.png'>"
        '<div id="divRplyFwdMsg"><b>From:</b> Maple Clinic</div><div>old thread</div>'
    )
    assert html_to_text(html) == "Hello\n\nAfter & more"


def test_an_outsider_practice_never_sees_the_clinics_email(clinic, outsider_practice):
    testing.make_patient(outsider_practice, email=PATIENT)
    post(an_email())
    assert not Conversation.objects.filter(practice=outsider_practice).exists()


# --- attachments -----------------------------------------------------------------------------------------------


def with_files(raw: bytes, *files: tuple[bytes, str, str]) -> bytes:
    """The email with files attached: (content, type, name) each."""
    email = message_from_bytes(raw, policy=default_policy)
    for content, content_type, name in files:
        maintype, subtype = content_type.split("/")
        email.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return email.as_bytes()


def test_an_emailed_insurance_card_is_kept_and_a_person_asked_to_look(clinic, file_storage):
    pdf = b"%PDF-1.4\n%%EOF\n"
    raw = with_files(
        an_email("Here is my new insurance card."),
        (PNG, "image/png", "card front.png"),
        (pdf, "application/pdf", "../../etc/card back.pdf"),
        (b"BEGIN:VCARD\nEND:VCARD\n", "text/vcard", "me.vcf"),
    )
    assert post(raw).status_code == 200
    message = Message.objects.get(direction=MessageDirection.INBOUND)
    assert message.body == "Here is my new insurance card."
    front, back, card = message.attachments.order_by("created_at")
    assert (
        front.file.read() == PNG and front.content_type == "image/png" and front.filename == "card front.png"
    )
    assert back.file.read() == pdf and back.filename == "card back.pdf"  # only the name, never a path
    assert back.file.path.startswith(str(file_storage)) and "etc" not in back.file.name
    assert not card.file and "text/vcard" in card.error  # listed, not kept
    task = Task.objects.get(kind="attachment")
    assert "3 attachments by email" in task.summary and task.details == "Here is my new insurance card."
    assert any("received what you sent" in m.body for m in OutboxMessage.objects.all())


def test_an_email_with_only_a_picture_is_answered_not_refused(clinic, file_storage):
    raw = with_files(
        an_email("> only the quote\n", subject="Re: Question", In_Reply_To="<ours@mojoe.test>"),
        (PNG, "image/png", "rash.png"),
    )
    assert post(raw).status_code == 200
    message = Message.objects.get(direction=MessageDirection.INBOUND)
    assert message.body == "" and message.attachments.get().file.read() == PNG


def test_a_file_that_claims_to_be_a_picture_is_not_kept(clinic, file_storage):
    raw = with_files(an_email("photo attached"), (b"<html><script>alert(1)</script>", "image/jpeg", "x.jpg"))
    assert post(raw).status_code == 200
    attachment = Message.objects.get(direction=MessageDirection.INBOUND).attachments.get()
    assert not attachment.file and "Not kept" in attachment.error


def test_a_logo_the_html_shows_is_not_an_attachment_but_a_photo_placed_in_the_text_is(clinic, file_storage):
    email = EmailMessage(policy=default_policy)
    email["From"], email["To"], email["Subject"] = f"Jordan Lee <{PATIENT}>", "chat+maple@mojoe.test", "Rash"
    email["Message-ID"] = "<rash@example.test>"
    email.set_content(
        '<p>This appeared today.</p><img src="cid:photo1"><p>--<br><img src="CID:logo@acme">', subtype="html"
    )
    email.make_related()
    email.add_related(b"\xff\xd8\xff\xe0 the photo", "image", "jpeg", filename="IMG_0001.jpeg")
    email.add_related(PNG, "image", "png", cid="<logo@acme>")
    email.add_related("More of the text, after the picture.", subtype="plain")
    assert post(email.as_bytes()).status_code == 200
    message = Message.objects.get(direction=MessageDirection.INBOUND)
    assert message.body == "This appeared today."
    (photo,) = message.attachments.all()
    assert photo.filename == "IMG_0001.jpeg" and photo.content_type == "image/jpeg"


def test_text_a_mail_app_split_around_a_picture_is_read_whole(clinic, file_storage):
    email = EmailMessage(policy=default_policy)
    email["From"], email["To"], email["Subject"] = f"Jordan Lee <{PATIENT}>", "chat+maple@mojoe.test", "Card"
    email["Message-ID"] = "<card@example.test>"
    email.set_content("Here is the front of my new card.\n")
    email.make_mixed()
    email.attach(_inline_part(PNG, "image", "png", "IMG_0002.png"))
    email.attach(_inline_part("Do you take this plan?\n", "text", "plain"))
    email.add_attachment("not the text: a note I attached", filename="note.txt")
    assert post(email.as_bytes()).status_code == 200
    message = Message.objects.get(direction=MessageDirection.INBOUND)
    assert message.body == "Here is the front of my new card.\nDo you take this plan?"
    assert [a.filename for a in message.attachments.order_by("created_at")] == ["IMG_0002.png", "note.txt"]


def _inline_part(content, maintype: str, subtype: str, filename: str = "") -> EmailMessage:
    part = EmailMessage(policy=default_policy)
    if maintype == "text":
        part.set_content(content, subtype=subtype, disposition="inline")
    else:
        part.set_content(content, maintype, subtype, disposition="inline", filename=filename or None)
    return part


def test_files_of_a_message_whose_transaction_rolled_back_are_deleted_by_the_nightly_sweep(
    clinic, file_storage
):
    assert post(with_files(an_email("my card"), (PNG, "image/png", "card.png"))).status_code == 200
    kept = Message.objects.get(direction=MessageDirection.INBOUND).attachments.get()
    with pytest.raises(RuntimeError), transaction.atomic():
        message = Message.objects.create(
            practice=clinic.practice, conversation=kept.message.conversation, direction="in", body="again"
        )
        attachments_record(message=message, incoming=[IncomingAttachment("image/png", content=PNG)])
        raise RuntimeError("the rest of the message could not be written")
    assert len(list(file_storage.rglob("*.png"))) == 2  # the second file was stored, its row rolled back
    assert attachment_files_orphaned_delete() == 0  # too recent: its transaction may still be going on
    assert attachment_files_orphaned_delete(now=timezone.now() + ORPHAN_AFTER + timedelta(minutes=1)) == 1
    assert [path.name for path in file_storage.rglob("*.png")] == [PurePosixPath(kept.file.name).name]
    kept.refresh_from_db()
    assert kept.file.read() == PNG


def test_the_nightly_sweep_has_nothing_to_do_before_any_file_was_kept(clinic, file_storage):
    from datetime import datetime

    from mojoe.messaging.jobs import delete_orphaned_attachment_files

    assert delete_orphaned_attachment_files.s().validate_datetime(datetime(2026, 11, 29, 3, 40))
    assert not delete_orphaned_attachment_files.s().validate_datetime(datetime(2026, 11, 29, 4, 40))
    assert delete_orphaned_attachment_files.call_local() == 0


def test_files_beyond_ten_are_listed_not_kept(clinic, file_storage):
    raw = with_files(an_email("all my forms"), *[(PNG, "image/png", f"page {n}.png") for n in range(12)])
    assert post(raw).status_code == 200
    attachments = Message.objects.get(direction=MessageDirection.INBOUND).attachments.order_by("created_at")
    assert [bool(a.file) for a in attachments] == [True] * 10 + [False] * 2
    assert "more than 10" in attachments.last().error
