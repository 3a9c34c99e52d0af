"""Pictures patients text (MMS): announced by Twilio's webhook, fetched from Twilio by the worker with the
account's credentials, kept on this server, shown to the practice's staff only, and handed to a person.

Twilio's side is the local fake (`twilio_fake`), which serves the media as Twilio's API does.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from mojoe.audit.models import AuditAction, AuditEvent
from mojoe.core import testing
from mojoe.core.roles import Role
from mojoe.core.testing import PDF, PNG
from mojoe.inbox.models import Task
from mojoe.inbox.tests.helpers import signed_in
from mojoe.messaging.attachments import GIVE_UP_AFTER, SWEEP_AFTER, attachments_fetch, attachments_sweep
from mojoe.messaging.models import Conversation, Message, MessageAttachment, MessageDirection
from mojoe.messaging.tests.twilio_fake import (
    PATIENT_NUMBER,
    inbound_fields,
    post_signed,
    texting_clinic,
    twilio_fake,
)

SHARED_FIXTURES = (texting_clinic, twilio_fake)  # imported so that pytest finds them here

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("file_storage")]

INBOUND = "/webhooks/twilio/sms"


def mms(body: str, *media: tuple[str, str], **fields) -> dict:
    """Twilio's form for a text with media: (URL, content type) each."""
    form = inbound_fields(body, **fields)
    form["NumMedia"] = str(len(media))
    for index, (url, content_type) in enumerate(media):
        form[f"MediaUrl{index}"] = url
        form[f"MediaContentType{index}"] = content_type
    return form


def text_in(form, *, capture):
    with capture(execute=True):  # the delivery and fetch jobs queued on commit, run at once
        return post_signed(Client(), INBOUND, form)


def test_a_picture_alone_is_kept_shown_to_staff_and_handed_to_a_person(
    texting_clinic, twilio_fake, django_capture_on_commit_callbacks, colleague, file_storage
):
    url = twilio_fake.add_media("image/png", PNG)
    response = text_in(mms("", (url, "image/png")), capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200

    message = Message.objects.get(direction=MessageDirection.INBOUND)
    assert message.body == ""
    (attachment,) = message.attachments.all()
    # Fetched from Twilio with the account's credentials (the fake refuses anyone else), kept here.
    assert twilio_fake.media_requests == [url.removeprefix(twilio_fake.url)]
    assert attachment.size == len(PNG) and attachment.error == ""
    assert attachment.file.read() == PNG and attachment.file.path.startswith(str(file_storage))
    assert attachment.file.name.endswith(".png") and str(attachment.pk) in attachment.file.name

    # The assistant cannot look at it: the patient is told a person will, and the front desk has a task.
    assert "received what you sent" in twilio_fake.accepted_bodies()[0]
    task = Task.objects.get(kind="attachment")
    assert task.conversation == message.conversation and task.team == "front_desk"
    assert "1 attachment" in task.summary

    staff = signed_in(colleague)
    page = staff.get(f"/conversations/{message.conversation.pk}")
    opened = f"/conversations/{message.conversation.pk}/attachments/{attachment.pk}"
    assert page.status_code == 200 and f'src="{opened}"' in page.content.decode()
    picture = staff.get(opened)
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    assert b"".join(picture.streaming_content) == PNG
    assert "sandbox" in picture["Content-Security-Policy"] and "no-store" in picture["Cache-Control"]
    assert AuditEvent.objects.filter(
        action=AuditAction.READ, object_type="messaging.messageattachment", object_id=str(attachment.pk)
    ).exists()


def test_a_picture_kept_here_is_deleted_from_twilio_and_only_then(texting_clinic, twilio_fake):
    picture, video = announced(
        texting_clinic,
        twilio_fake,
        ("image/png", "image/png", PNG),
        ("video/mp4", "video/mp4", b"\0\0\0 ftypmp42"),
    )
    assert attachments_fetch(picture.message_id) == 1
    picture.refresh_from_db()
    assert picture.file.read() == PNG
    path = picture.source_url.removeprefix(twilio_fake.url)
    assert twilio_fake.media_deleted == [path]  # kept here, so gone from there
    assert video.source_url.removeprefix(twilio_fake.url) in twilio_fake.media  # not kept here: left there


@override_settings(MOJOE_TWILIO_DELETE_MEDIA=False)
def test_a_practice_may_keep_twilios_copy(texting_clinic, twilio_fake):
    (picture,) = announced(texting_clinic, twilio_fake, ("image/png", "image/png", PNG))
    assert attachments_fetch(picture.message_id) == 1
    assert twilio_fake.media_deleted == []


def test_a_delete_twilio_refuses_leaves_the_picture_kept_here_and_says_so(
    texting_clinic, twilio_fake, caplog
):
    (picture,) = announced(texting_clinic, twilio_fake, ("image/png", "image/png", PNG))
    twilio_fake.delete_script = [503]
    assert attachments_fetch(picture.message_id) == 1
    picture.refresh_from_db()
    assert picture.file.read() == PNG and not picture.error
    assert "Could not delete attachment" in caplog.text and "503" in caplog.text
    assert twilio_fake.media_deleted == []


def test_a_picture_with_a_question_gets_the_answer_too(
    texting_clinic, twilio_fake, django_capture_on_commit_callbacks
):
    url = twilio_fake.add_media("image/jpeg", b"\xff\xd8\xff\xe0 a photo of an insurance card")
    form = mms("Where do I park?", (url, "image/jpeg"))
    assert text_in(form, capture=django_capture_on_commit_callbacks).status_code == 200
    bodies = twilio_fake.accepted_bodies()
    assert "received what you sent" in bodies[0]
    assert any("park" in body.lower() for body in bodies[1:])
    assert Task.objects.filter(kind="attachment").count() == 1
    assert MessageAttachment.objects.get().file.name.endswith(".jpg")


def test_a_video_is_listed_but_not_fetched(
    texting_clinic, twilio_fake, django_capture_on_commit_callbacks, colleague
):
    url = twilio_fake.add_media("video/mp4", b"\x00\x00\x00\x18ftypmp42")
    assert text_in(mms("", (url, "video/mp4")), capture=django_capture_on_commit_callbacks).status_code == 200
    attachment = MessageAttachment.objects.get()
    assert not attachment.file and "video/mp4" in attachment.error
    assert twilio_fake.media_requests == []  # nothing to fetch
    assert Task.objects.filter(kind="attachment").exists()  # still, somebody asks the patient another way
    conversation = attachment.message.conversation
    page = signed_in(colleague).get(f"/conversations/{conversation.pk}")
    assert "Mojoe keeps pictures and PDFs" in page.content.decode()
    opened = signed_in(colleague).get(f"/conversations/{conversation.pk}/attachments/{attachment.pk}")
    assert opened.status_code == 404


def announced(clinic, twilio_fake, *media: tuple[str, str, bytes]) -> list[MessageAttachment]:
    """A stored text whose media (announced type, served type, content) wait on Twilio to be fetched."""
    conversation = Conversation.objects.create(
        practice=clinic.practice, channel="sms", address=PATIENT_NUMBER
    )
    message = Message.objects.create(
        practice=clinic.practice, conversation=conversation, direction="in", author="patient", body=""
    )
    return [
        MessageAttachment.objects.create(
            practice=clinic.practice,
            message=message,
            content_type=announced_type,
            source_url=twilio_fake.add_media(served_type, content),
        )
        for announced_type, served_type, content in media
    ]


def test_twilio_unreachable_is_tried_again_and_a_type_that_lied_is_not_kept(texting_clinic, twilio_fake):
    pdf, lying = announced(
        texting_clinic,
        twilio_fake,
        ("application/pdf", "application/pdf", PDF),
        ("image/png", "text/html", b"<script>alert(1)</script>"),  # announced as a picture, a web page
    )
    twilio_fake.media_script = [503]
    with pytest.raises(Exception, match="503"):
        attachments_fetch(pdf.message_id, last_try=False)  # the job is retried later
    assert attachments_fetch(pdf.message_id, last_try=False) == 1
    pdf.refresh_from_db()
    lying.refresh_from_db()
    assert pdf.file.read() == PDF and pdf.size == len(PDF)
    assert not lying.file and "text/html" in lying.error
    assert attachments_fetch(pdf.message_id) == 0  # nothing left to fetch, nothing fetched twice
    assert len(twilio_fake.media_requests) == 3


def test_the_last_try_records_why_it_was_not_kept(texting_clinic, twilio_fake):
    (attachment,) = announced(texting_clinic, twilio_fake, ("image/png", "image/png", PNG))
    twilio_fake.media_script = [500]
    assert attachments_fetch(attachment.message_id, last_try=True) == 0
    attachment.refresh_from_db()
    assert "Could not be fetched" in attachment.error and "500" in attachment.error


def test_pictures_whose_job_was_never_queued_are_fetched_by_the_sweep(
    texting_clinic, twilio_fake, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def queue_down(*args, **kwargs):
        raise ConnectionError("the queue is down")

    monkeypatch.setattr("mojoe.messaging.jobs.fetch_message_attachments", queue_down)
    url = twilio_fake.add_media("image/png", PNG)
    response = text_in(
        mms("Is this rash normal?", (url, "image/png")), capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 200  # the text is stored and answered all the same
    (attachment,) = MessageAttachment.objects.all()
    assert not attachment.file and not attachment.error  # pending, and said so in the log
    assert "Could not queue fetching the attachments" in caplog.text

    assert attachments_sweep() == 0  # its own job may still be trying: left to it for a while
    assert twilio_fake.media_requests == []
    assert attachments_sweep(now=timezone.now() + SWEEP_AFTER) == 1
    attachment.refresh_from_db()
    assert attachment.file.read() == PNG
    assert attachments_sweep(now=timezone.now() + SWEEP_AFTER) == 0  # nothing fetched twice
    assert len(twilio_fake.media_requests) == 1


def test_the_sweep_tries_again_until_a_day_has_passed_then_says_why(texting_clinic, twilio_fake):
    (attachment,) = announced(texting_clinic, twilio_fake, ("image/png", "image/png", PNG))
    created = attachment.created_at
    twilio_fake.media_script = [503, 503]
    assert attachments_sweep(now=created + SWEEP_AFTER) == 0
    attachment.refresh_from_db()
    assert not attachment.error  # still pending: the next sweep tries again
    assert attachments_sweep(now=created + GIVE_UP_AFTER) == 0
    attachment.refresh_from_db()
    assert "Could not be fetched" in attachment.error and "503" in attachment.error
    assert attachments_sweep(now=created + GIVE_UP_AFTER) == 0  # and it is not asked for again
    assert len(twilio_fake.media_requests) == 2


def test_the_worker_runs_the_sweep_every_five_minutes(texting_clinic, twilio_fake):
    from datetime import datetime

    from huey.contrib.djhuey import HUEY

    from mojoe.messaging.jobs import sweep_attachments

    assert sweep_attachments.task_class in HUEY._registry._periodic_tasks
    assert sweep_attachments.s().validate_datetime(datetime(2026, 11, 29, 9, 35))
    assert not sweep_attachments.s().validate_datetime(datetime(2026, 11, 29, 9, 36))
    (attachment,) = announced(texting_clinic, twilio_fake, ("image/png", "image/png", PNG))
    MessageAttachment.objects.filter(pk=attachment.pk).update(created_at=timezone.now() - SWEEP_AFTER)
    assert sweep_attachments.call_local() == 1


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"NumMedia": "1"}, "MediaUrl0"),
        ({"NumMedia": "1", "MediaUrl0": "https://attacker.example/2010-04-01/x.png"}, "MediaUrl0"),
        ({"NumMedia": "1", "MediaUrl0": "http://169.254.169.254/latest/meta-data"}, "MediaUrl0"),
        ({"NumMedia": "eleven"}, "NumMedia"),
        ({"NumMedia": "11"}, "NumMedia"),
    ],
)
def test_media_that_are_not_on_twilio_are_refused_and_nothing_is_stored(
    texting_clinic, twilio_fake, fields, problem
):
    form = {**inbound_fields(""), **fields}
    response = post_signed(Client(), INBOUND, form)
    assert response.status_code == 400 and problem in response.content.decode()
    assert not Message.objects.exists() and not Conversation.objects.exists()
    assert twilio_fake.media_requests == []


def test_a_text_with_neither_words_nor_pictures_is_still_refused(texting_clinic, twilio_fake):
    response = post_signed(Client(), INBOUND, inbound_fields("   "))
    assert response.status_code == 422 and "Write a message first" in response.content.decode()
    assert not Message.objects.exists()


def test_only_the_practices_staff_open_its_patients_pictures(
    texting_clinic, twilio_fake, django_capture_on_commit_callbacks, outsider_practice
):
    url = twilio_fake.add_media("image/png", PNG)
    text_in(mms("", (url, "image/png")), capture=django_capture_on_commit_callbacks)
    attachment = MessageAttachment.objects.get()
    opened = f"/conversations/{attachment.message.conversation_id}/attachments/{attachment.pk}"

    assert Client().get(opened).status_code == 302  # to the sign-in page
    outsider = testing.make_user(username="elsewhere", practice=outsider_practice, role=Role.OWNER)
    assert signed_in(outsider).get(opened).status_code == 404
    other_conversation = Conversation.objects.create(
        practice=texting_clinic.practice, channel="sms", address="+16175550111"
    )
    insider = testing.make_user(username="desk", practice=texting_clinic.practice, role=Role.FRONT_DESK)
    wrong_thread = f"/conversations/{other_conversation.pk}/attachments/{attachment.pk}"
    assert signed_in(insider).get(wrong_thread).status_code == 404
    assert not AuditEvent.objects.filter(object_type="messaging.messageattachment").exists()
