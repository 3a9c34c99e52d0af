"""Staff settings: members and their roles, invitations, and the public page that accepts an invitation."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mojoe.core.errors import MojoeError
from mojoe.core.http import client_ip
from mojoe.core.roles import Capability, Role
from mojoe.core.tenancy import get_in_practice
from mojoe.practices import invitations, services
from mojoe.practices.forms import AcceptInvitationForm, InviteForm, RoleForm, add_service_errors
from mojoe.practices.models import Invitation, Membership
from mojoe.ui.context import SESSION_KEY, staff_page

CONFIGURE = Capability.CONFIGURE_PRACTICE


def _grantable(actor) -> list[str]:
    # The service refuses the rest; offering only what will work keeps the form honest.
    return [role for role in Role.values if role != Role.OWNER or actor.role == Role.OWNER]


def _render_staff(request, *, invite_form=None, error: str = "", status: int = 200):
    actor = request.actor
    is_owner = actor.role == Role.OWNER
    memberships = (
        Membership.objects.filter(practice=request.practice)
        .select_related("user")
        .order_by("-active", "user__last_name", "user__first_name", "user__username")
    )
    rows = [
        {
            "membership": m,
            "manageable": is_owner or m.role != Role.OWNER,
            "is_me": m.user_id == request.user.pk,
        }
        for m in memberships
    ]
    invitations = Invitation.objects.filter(
        practice=request.practice, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("invited_by")
    context = {
        "nav": "settings",
        "section": "staff",
        "rows": rows,
        "invitations": invitations,
        "invite_form": invite_form or InviteForm(grantable_roles=_grantable(actor)),
        "roles": [(value, label) for value, label in Role.choices if value in _grantable(actor)],
        "all_roles": Role.choices,
        "error": error,
        "tz": request.practice.tz,
    }
    return render(request, "practices/staff.html", context, status=status)


@require_GET
@staff_page(CONFIGURE)
def staff(request):
    return _render_staff(request)


@require_POST
@staff_page(CONFIGURE)
def invite(request):
    form = InviteForm(request.POST, grantable_roles=_grantable(request.actor))
    if not form.is_valid():
        return _render_staff(request, invite_form=form, status=422)

    def link_for(raw_token: str) -> str:
        return request.build_absolute_uri(reverse("practices:accept-invitation", args=[raw_token]))

    try:
        invitation = invitations.invitation_create(
            actor=request.actor,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            link_for=link_for,
        )
    except MojoeError as error:
        add_service_errors(form, error)
        return _render_staff(request, invite_form=form, status=error.status)
    messages.success(
        request, f"An invitation is on its way to {invitation.email}. The link works for 7 days."
    )
    return redirect("practices:staff")


def _membership(request, membership_id) -> Membership:
    return get_in_practice(
        Membership,
        request.actor,
        membership_id,
        label="member",
        queryset=Membership.objects.select_related("user"),
    )


@require_POST
@staff_page(CONFIGURE)
def change_role(request, membership_id):
    membership = _membership(request, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _render_staff(request, error="Choose a role from the list.", status=422)
    try:
        services.membership_change_role(
            actor=request.actor, membership=membership, role=form.cleaned_data["role"]
        )
    except MojoeError as error:
        return _render_staff(request, error=error.detail, status=error.status)
    messages.success(request, f"{membership.user} is now {Role(form.cleaned_data['role']).label.lower()}.")
    return redirect("practices:staff")


@require_POST
@staff_page(CONFIGURE)
def set_active(request, membership_id, active: bool):
    membership = _membership(request, membership_id)
    try:
        services.membership_set_active(actor=request.actor, membership=membership, active=active)
    except MojoeError as error:
        return _render_staff(request, error=error.detail, status=error.status)
    done = "can work in this practice again" if active else "no longer has access to this practice"
    messages.success(request, f"{membership.user} {done}.")
    return redirect("practices:staff")


@require_POST
@staff_page(CONFIGURE)
def revoke_invitation(request, invitation_id):
    invitation = get_in_practice(Invitation, request.actor, invitation_id)
    invitations.invitation_revoke(actor=request.actor, invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} is withdrawn; its link no longer works.")
    return redirect("practices:staff")


# --- accepting an invitation (public: the link is the credential) -------------------------------------


def _accept_page(request, context: dict, status: int = 200):
    response = render(request, "practices/accept_invitation.html", context, status=status)
    # The token is in the address: never pass it on to another site ("same-origin", not "no-referrer",
    # which would make browsers send `Origin: null` and fail the CSRF check of the page's own form),
    # never keep the page in a cache.
    response["Referrer-Policy"] = "same-origin"
    patch_cache_control(response, no_store=True, private=True)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token: str):
    try:
        invitation = invitations.invitation_get_pending(token)
    except MojoeError as error:
        return _accept_page(request, {"gone": error.detail}, status=error.status)
    signed_in = request.user.is_authenticated
    form = AcceptInvitationForm(request.POST if request.method == "POST" and not signed_in else None)
    context = {"invitation": invitation, "form": form, "signed_in": signed_in}
    if request.method != "POST":
        return _accept_page(request, context)
    if not signed_in and not form.is_valid():
        return _accept_page(request, context, status=422)
    try:
        membership = invitations.invitation_accept(
            raw_token=token,
            user=request.user if signed_in else None,
            account=None if signed_in else form.cleaned_data,
            client_ip=client_ip(request),
        )
    except MojoeError as error:
        if signed_in:
            context["error"] = error.detail
        else:
            add_service_errors(form, error)
        return _accept_page(request, context, status=error.status)
    if not signed_in:
        login(request, membership.user, backend=settings.AUTHENTICATION_BACKENDS[0])
    request.session[SESSION_KEY] = str(membership.practice_id)
    messages.success(request, f"Welcome to {membership.practice.name}.")
    return redirect("home")
