"""The outbox email backend and the outbox page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from mojoe.core import testing
from mojoe.core.roles import Role
from mojoe.messaging.models import OutboxMessage


@pytest.fixture(autouse=True)
def outbox_email(settings):
    settings.EMAIL_BACKEND = "mojoe.messaging.email_backend.OutboxEmailBackend"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(practice=None, *, subject="Hello", body="Body", **headers):
    if practice is not None:
        headers["X-Mojoe-Practice"] = str(practice.pk)
    return mail.EmailMessage(subject, body, "mojoe@example.test", ["a@example.test"], headers=headers).send()


def test_the_backend_keeps_each_email_with_its_practice(clinic):
    assert send(clinic.practice, subject="For the clinic") == 1
    assert send(subject="For nobody in particular") == 1
    assert send(subject="Unknown practice", **{"X-Mojoe-Practice": "not-a-uuid"}) == 1
    stored = {m.subject: m for m in OutboxMessage.objects.all()}
    assert stored["For the clinic"].practice == clinic.practice
    assert stored["For the clinic"].to == "a@example.test" and stored["For the clinic"].channel == "email"
    assert stored["For nobody in particular"].practice is None
    assert stored["Unknown practice"].practice is None


def test_send_mail_goes_through_the_backend(db):
    mail.send_mail("Subject", "Text", "from@example.test", ["x@example.test", "y@example.test"])
    message = OutboxMessage.objects.get()
    assert message.to == "x@example.test, y@example.test" and message.body == "Text"


def test_the_outbox_lists_the_practices_messages_newest_first(clinic, owner, outsider_practice):
    send(clinic.practice, subject="First", body="Open https://mojoe.example.test/start to begin.")
    send(clinic.practice, subject="Second")
    send(outsider_practice, subject="Elsewhere's secret")
    response = client_for(owner).get(reverse("messaging:outbox"))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("Second") < content.index("First")
    assert "Elsewhere&#x27;s secret" not in content and "Elsewhere's secret" not in content
    assert '<a href="https://mojoe.example.test/start"' in content  # links are clickable
    assert 'aria-current="page"' in content


def test_front_desk_cannot_read_the_outbox(clinic, colleague):
    assert client_for(colleague).get(reverse("messaging:outbox")).status_code == 403


def test_an_owner_invitation_is_not_shown_to_administrators(clinic, owner):
    admin = testing.make_user(username="manager", practice=clinic.practice, role=Role.ADMIN)
    send(clinic.practice, subject="Owner invitation", **{"X-Mojoe-Audience-Role": "owner"})
    send(clinic.practice, subject="Nurse invitation")
    admin_page = client_for(admin).get(reverse("messaging:outbox")).content
    assert b"Nurse invitation" in admin_page and b"Owner invitation" not in admin_page
    assert b"Owner invitation" in client_for(owner).get(reverse("messaging:outbox")).content
