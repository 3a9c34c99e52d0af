"""Inviting people to a practice by email, and accepting: a one-time link that creates the membership.

The rules of memberships apply (only an owner invites an owner); see `services.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from mojoe.audit.models import AuditAction
from mojoe.audit.services import audit_record
from mojoe.core.context import Actor, Channel
from mojoe.core.errors import Conflict, MojoeError, NotFound
from mojoe.core.roles import Role
from mojoe.practices.models import INVITATION_LIFETIME_DAYS, Invitation, Membership
from mojoe.practices.services import (
    InvalidFields,
    check_role,
    locked_in_practice,
    require_configure,
    require_owner_for,
)


class DeliveryFailed(MojoeError):
    status = 503
    code = "delivery_failed"


def _invitation_email(invitation: Invitation, link: str, inviter: str) -> EmailMessage:
    practice = invitation.practice
    expires = timezone.localtime(invitation.expires_at, practice.tz)
    body = (
        f"Hello,\n\n{inviter} invites you to join {practice.name} on Mojoe as "
        f"{invitation.get_role_display().lower()}.\n\n"
        f"Open this link to accept and sign in:\n{link}\n\n"
        f"The link works once and until {expires:%B %-d, %Y at %-I:%M %p} ({practice.time_zone}).\n"
        "If you did not expect this invitation, you can ignore this email.\n"
    )
    headers = {"X-Mojoe-Practice": str(practice.pk)}
    if invitation.role == Role.OWNER:
        headers["X-Mojoe-Audience-Role"] = Role.OWNER
    return EmailMessage(
        subject=f"Invitation to join {practice.name} on Mojoe",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
        headers=headers,
    )


def invitation_create(*, actor: Actor, email: str, role: str, link_for: Callable[[str], str]) -> Invitation:
    """Invite `email` to join in `role` and email them a one-time link (`link_for(raw_token)` builds it).

    An earlier pending invitation to the same address is revoked, so only the newest link works. The email
    is sent inside the transaction: if it cannot be sent, no invitation is left behind.
    """
    require_configure(actor)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidFields({"email": ["Enter a valid email address."]}) from None
    check_role(role)
    if role == Role.OWNER:
        require_owner_for(actor, "Only an owner can invite someone as an owner.")
    if Membership.objects.filter(practice=actor.practice, active=True, user__email__iexact=email).exists():
        raise Conflict(f"{email} already belongs to a member of this practice.", code="already_member")
    now = timezone.now()
    raw, token_hash = Invitation.new_token()
    with transaction.atomic():
        Invitation.objects.filter(
            practice=actor.practice, email=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            practice=actor.practice,
            email=email,
            role=role,
            token_hash=token_hash,
            invited_by=actor.user,
            expires_at=now + timedelta(days=INVITATION_LIFETIME_DAYS),
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=invitation, detail={"email": email, "role": role}
        )
        inviter = (actor.user.get_full_name() or actor.user.get_username()) if actor.user else "Mojoe"
        try:
            _invitation_email(invitation, link_for(raw), inviter).send()
        except Exception as error:  # any backend failure (SMTP refused, DNS…): the raise rolls back
            raise DeliveryFailed(
                f"The invitation email could not be sent ({error.__class__.__name__}); nothing was saved. "
                "Check the email settings and try again."
            ) from error
    return invitation


def invitation_revoke(*, actor: Actor, invitation: Invitation) -> Invitation:
    require_configure(actor)
    with transaction.atomic():
        current = locked_in_practice(Invitation, actor, invitation)
        if current.accepted_at is None and current.revoked_at is None:
            current.revoked_at = timezone.now()
            current.save(update_fields=["revoked_at", "updated_at"])
            audit_record(actor=actor, action=AuditAction.STATUS, obj=current, detail={"revoked": True})
    return current


def _pending_or_gone(invitation: Invitation | None) -> Invitation:
    now = timezone.now()
    if invitation is None:
        raise NotFound(
            "This invitation link is not valid. Ask the practice for a new one.", code="invitation"
        )
    if invitation.accepted_at is not None:
        raise NotFound("This invitation has already been used. Sign in instead.", code="invitation_used")
    if invitation.revoked_at is not None:
        raise NotFound(
            "This invitation was withdrawn. Ask the practice for a new one.", code="invitation_revoked"
        )
    if not invitation.is_pending(now):
        raise NotFound(
            "This invitation has expired. Ask the practice for a new one.", code="invitation_expired"
        )
    return invitation


def invitation_get_pending(raw_token: str) -> Invitation:
    """The invitation a link stands for, or NotFound saying why it no longer works."""
    return _pending_or_gone(Invitation.find(raw_token or ""))


def _new_user(invitation: Invitation, account: dict):
    User = get_user_model()
    username = (account.get("username") or "").strip()
    user = User(
        username=username,
        first_name=(account.get("first_name") or "").strip(),
        last_name=(account.get("last_name") or "").strip(),
        email=invitation.email,
    )
    errors: dict[str, list[str]] = {}
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        errors.update(InvalidFields.from_validation_error(error).fields)
    try:
        validate_password(account.get("password") or "", user=user)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise InvalidFields(errors)
    user.set_password(account["password"])
    user.save()
    return user


def invitation_accept(
    *, raw_token: str, user=None, account: dict | None = None, client_ip: str | None = None
) -> Membership:
    """Join the practice through an invitation: as the signed-in `user`, or as a new account from `account`
    (username, first_name, last_name, password). The link is spent in the same transaction.
    """
    with transaction.atomic():
        found = Invitation.find(raw_token or "")
        if found is not None:
            found = Invitation.objects.select_for_update().select_related("practice").get(pk=found.pk)
        invitation = _pending_or_gone(found)
        if user is None:
            user = _new_user(invitation, account or {})
        membership = (
            Membership.objects.select_for_update().filter(user=user, practice=invitation.practice).first()
        )
        if membership is not None and membership.active:
            raise Conflict(f"You are already a member of {invitation.practice.name}.", code="already_member")
        if membership is None:
            membership = Membership.objects.create(
                user=user, practice=invitation.practice, role=invitation.role
            )
        else:
            membership.role, membership.active = invitation.role, True
            membership.save(update_fields=["role", "active", "updated_at"])
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
        actor = Actor(
            practice=invitation.practice,
            user=user,
            role=invitation.role,
            channel=Channel.WEB,
            client_ip=client_ip,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=membership,
            detail={"invitation": str(invitation.pk), "role": invitation.role, "email": invitation.email},
        )
    return membership
