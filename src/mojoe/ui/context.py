"""The current practice of a signed-in staff member, chosen once per session and switchable.

`PracticeMiddleware` puts `request.membership` and `request.practice` on every request of a signed-in user
(None until a practice is chosen) and `request.actor` for the services. The choice lives in the session and
is checked against the user's active memberships on every request, so an ended membership ends access at
once.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect
from django.utils import timezone

from mojoe.core.context import Actor, Channel
from mojoe.core.http import client_ip
from mojoe.practices.models import Membership

SESSION_KEY = "mojoe_practice_id"


def active_memberships(user):
    return (
        Membership.objects.filter(user=user, active=True, practice__isnull=False)
        .select_related("practice")
        .order_by("practice__name")
    )


class PracticeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = request.practice = request.actor = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._attach(request, user)
        if request.practice is None:
            return self.get_response(request)
        # Pages show times as people at the practice read them.
        with timezone.override(request.practice.tz):
            return self.get_response(request)

    def _attach(self, request, user) -> None:
        chosen = request.session.get(SESSION_KEY)
        memberships = active_memberships(user)
        membership = memberships.filter(practice_id=chosen).first() if chosen else None
        if membership is None:
            # One practice needs no choosing; several wait for the person to pick one.
            only = list(memberships[:2])
            membership = only[0] if len(only) == 1 else None
            if membership is not None:
                request.session[SESSION_KEY] = str(membership.practice_id)
            elif chosen:
                request.session.pop(SESSION_KEY, None)
        if membership is not None:
            request.membership = membership
            request.practice = membership.practice
            request.actor = Actor(
                practice=membership.practice,
                user=user,
                role=membership.role,
                channel=Channel.WEB,
                client_ip=client_ip(request),
            )


def staff_page(capability: str | None = None):
    """A page for signed-in staff with a chosen practice (and, if given, a role that grants `capability`)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.actor is None:
                return redirect(f"/choose-practice?next={request.get_full_path()}")
            if capability and not request.actor.can(capability):
                raise DjangoPermissionDenied("Your role in this practice does not allow this page.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
