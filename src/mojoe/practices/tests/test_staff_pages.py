"""Staff settings through HTTP: members' roles, deactivation, and invitations from email to account."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mojoe.audit.models import AuditEvent
from mojoe.core import testing
from mojoe.core.errors import Conflict, PermissionDenied
from mojoe.core.models import User
from mojoe.core.roles import Role
from mojoe.messaging.models import OutboxMessage
from mojoe.practices import invitations, services
from mojoe.practices.models import Invitation, Membership
from mojoe.practices.tests.test_settings_pages import client_for


@pytest.fixture(autouse=True)
def outbox_email(settings):
    settings.EMAIL_BACKEND = "mojoe.messaging.email_backend.OutboxEmailBackend"


@pytest.fixture
def admin(clinic):
    return testing.make_user(username="manager", practice=clinic.practice, role=Role.ADMIN)


def invitation_link() -> str:
    message = OutboxMessage.objects.get()
    match = re.search(r"http://testserver(/settings/invitations/[\w-]+)", message.body)
    assert match, message.body
    return match.group(1)


def test_invite_accept_and_the_link_works_once(clinic, owner):
    response = client_for(owner).post(
        reverse("practices:invite"), {"email": "Nia@Example.test", "role": "nurse"}
    )
    assert response.status_code == 302
    message = OutboxMessage.objects.get()
    assert message.practice == clinic.practice and message.to == "nia@example.test"
    link = invitation_link()
    invitation = Invitation.objects.get()
    assert link.rsplit("/", 1)[1] not in invitation.token_hash  # only the hash is stored

    newcomer = Client()
    page = newcomer.get(link)
    assert page.status_code == 200 and b"Join Maple Clinic" in page.content
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]
    account = {
        "username": "nia",
        "first_name": "Nia",
        "last_name": "Brooks",
        "password": "a long passphrase here",
        "password_again": "a long passphrase here",
    }
    response = newcomer.post(link, account)
    assert response.status_code == 302
    user = User.objects.get(username="nia")
    assert user.email == "nia@example.test" and user.check_password("a long passphrase here")
    membership = Membership.objects.get(user=user, practice=clinic.practice)
    assert membership.role == Role.NURSE and membership.active
    assert newcomer.get("/").status_code == 302  # signed in, straight to the schedule
    assert newcomer.get(reverse("scheduling:day")).status_code == 200

    again = Client().get(link)
    assert again.status_code == 404 and b"already been used" in again.content
    assert Client().post(link, {**account, "username": "nia2"}).status_code == 404
    assert not User.objects.filter(username="nia2").exists()


def test_accepting_with_a_weak_password_is_a_422(clinic, owner):
    client_for(owner).post(reverse("practices:invite"), {"email": "kim@example.test", "role": "front_desk"})
    link = invitation_link()
    weak = {
        "username": "kim",
        "first_name": "Kim",
        "last_name": "Ho",
        "password": "12345",
        "password_again": "12345",
    }
    response = Client().post(link, weak)
    assert response.status_code == 422
    assert b"too short" in response.content
    assert not User.objects.filter(username="kim").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_signed_in_person_joins_with_their_account(clinic, owner, outsider):
    client_for(owner).post(reverse("practices:invite"), {"email": "out@example.test", "role": "physician"})
    client = client_for(outsider)
    response = client.post(invitation_link())
    assert response.status_code == 302
    assert Membership.objects.get(user=outsider, practice=clinic.practice).role == Role.PHYSICIAN


def test_an_expired_link_does_not_work(clinic, owner):
    client_for(owner).post(reverse("practices:invite"), {"email": "late@example.test", "role": "billing"})
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().get(invitation_link())
    assert response.status_code == 404 and b"expired" in response.content


def test_a_new_invitation_replaces_the_pending_one(clinic, owner):
    client = client_for(owner)
    client.post(reverse("practices:invite"), {"email": "twice@example.test", "role": "billing"})
    first_link = invitation_link()
    OutboxMessage.objects.all().delete()
    client.post(reverse("practices:invite"), {"email": "twice@example.test", "role": "nurse"})
    assert Client().get(first_link).status_code == 404
    assert Client().get(invitation_link()).status_code == 200


def test_an_admin_cannot_invite_an_owner(clinic, admin):
    response = client_for(admin).post(
        reverse("practices:invite"), {"email": "boss@example.test", "role": "owner"}
    )
    assert response.status_code == 422
    assert not Invitation.objects.exists() and not OutboxMessage.objects.exists()
    with pytest.raises(PermissionDenied):
        invitations.invitation_create(
            actor=testing.make_actor(admin, clinic.practice),
            email="boss@example.test",
            role=Role.OWNER,
            link_for=lambda token: f"http://x/{token}",
        )
    assert not Invitation.objects.exists()


def test_an_admin_cannot_promote_to_owner_or_touch_an_owner(clinic, owner, admin, colleague):
    client = client_for(admin)
    colleague_membership = Membership.objects.get(user=colleague)
    response = client.post(
        reverse("practices:member-role", args=[colleague_membership.pk]), {"role": "owner"}
    )
    assert response.status_code == 403
    owner_membership = Membership.objects.get(user=owner)
    response = client.post(reverse("practices:member-deactivate", args=[owner_membership.pk]))
    assert response.status_code == 403
    owner_membership.refresh_from_db()
    colleague_membership.refresh_from_db()
    assert owner_membership.active and colleague_membership.role == Role.FRONT_DESK


def test_the_last_owner_cannot_be_deactivated_or_demoted(clinic, owner):
    client = client_for(owner)
    membership = Membership.objects.get(user=owner)
    response = client.post(reverse("practices:member-deactivate", args=[membership.pk]))
    assert response.status_code == 409
    assert b"last active owner" in response.content
    response = client.post(reverse("practices:member-role", args=[membership.pk]), {"role": "admin"})
    assert response.status_code == 409
    membership.refresh_from_db()
    assert membership.active and membership.role == Role.OWNER
    with pytest.raises(Conflict):
        services.membership_set_active(
            actor=testing.make_actor(owner, clinic.practice), membership=membership, active=False
        )


def test_owner_changes_roles_and_deactivates_members(clinic, owner, colleague):
    client = client_for(owner)
    membership = Membership.objects.get(user=colleague)
    assert (
        client.post(reverse("practices:member-role", args=[membership.pk]), {"role": "nurse"}).status_code
        == 302
    )
    assert client.post(reverse("practices:member-deactivate", args=[membership.pk])).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.NURSE and not membership.active
    assert client_for(colleague).get(reverse("scheduling:day")).status_code == 302  # access ended at once
    events = AuditEvent.objects.filter(object_id=str(membership.pk)).values_list("action", flat=True)
    assert sorted(events) == ["status", "update"]


def test_with_a_second_owner_the_first_may_step_down(clinic, owner):
    second = testing.make_user(username="owner2", practice=clinic.practice, role=Role.OWNER)
    membership = Membership.objects.get(user=owner)
    response = client_for(second).post(
        reverse("practices:member-role", args=[membership.pk]), {"role": "admin"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_outsider_cannot_change_the_clinics_members(clinic, outsider, colleague):
    membership = Membership.objects.get(user=colleague)
    response = client_for(outsider).post(reverse("practices:member-deactivate", args=[membership.pk]))
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.active


def test_an_invitation_that_cannot_be_emailed_is_not_kept(clinic, owner, settings):
    # A real SMTP client against a closed local port: the relay is down.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = client_for(owner).post(
        reverse("practices:invite"), {"email": "lost@example.test", "role": "nurse"}
    )
    assert response.status_code == 503
    assert b"could not be sent" in response.content
    assert not Invitation.objects.exists()
    assert not AuditEvent.objects.filter(object_type="practices.invitation").exists()
