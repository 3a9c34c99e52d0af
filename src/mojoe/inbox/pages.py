"""What the inbox pages share: the practices a list spans, audited list reads, polling, and the answer for an
item that belongs to another of the person's practices."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render

from mojoe.audit.services import audit_record_reads
from mojoe.core.errors import InvalidInput
from mojoe.core.models import User
from mojoe.inbox.selectors import InboxScope, inbox_memberships

# How often an open list asks whether anything changed. A browser test lowers it to see a change quickly.
POLL_SECONDS = 15


def scope_of(request) -> InboxScope:
    """The current practice, or with ?scope=all every practice where the person works the inbox."""
    scope = request.GET.get("scope", "")
    if scope not in ("", "all"):
        raise InvalidInput(
            "Show this practice (no scope) or all your practices (scope=all).", code="bad_scope"
        )
    return InboxScope.for_request(request, all_practices=scope == "all")


def choice(request, name: str, allowed, *, default: str = "") -> str:
    """A query parameter that must be one of `allowed`; anything else is a clear 422, not an empty list."""
    value = request.GET.get(name, "") or default
    if value and value not in allowed:
        raise InvalidInput(
            f"“{value}” is not a choice for {name}; use one of: {', '.join(allowed)}.", code=f"bad_{name}"
        )
    return value


def audit_list_reads(scope: InboxScope, rows) -> None:
    """One read per row with a patient, written to the trail of the row's own practice."""
    by_practice = defaultdict(list)
    for row in rows:
        if row.patient_id:
            by_practice[row.practice_id].append(row)
    for practice_id, shown in by_practice.items():
        audit_record_reads(actor=scope.actors[practice_id], objects=shown)


def fingerprint(*parts) -> str:
    """A short digest of what a list shows, so that a poll that finds nothing new changes nothing."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def unchanged(request, digest: str) -> HttpResponse | None:
    """204 for a poll whose list has not changed: nothing is swapped, and nothing was read."""
    if request.htmx and request.GET.get("seen") == digest:
        return HttpResponse(status=204)
    return None


def elsewhere(request, model, pk, *, what: str, open_url: str):
    """The page for an item of another practice the person works in: switch to it and open it.

    Only the person's own practices are considered, so an outsider still gets the plain 404 and learns
    nothing about the id.
    """
    try:
        practice_id = model.objects.filter(pk=pk).values_list("practice_id", flat=True).first()
    except (ValueError, TypeError):
        practice_id = None
    membership = next((m for m in inbox_memberships(request.user) if m.practice_id == practice_id), None)
    if membership is None or practice_id == request.practice.pk:
        raise Http404(f"No such {what} in this practice.")
    context = {"other": membership, "what": what, "next": open_url}
    return render(request, "inbox/elsewhere.html", context)


def person_from_post(request):
    """The person chosen in an assign form: "" is nobody; anything else must be an existing account (the
    service then checks they work at the practice)."""
    chosen = request.POST.get("assignee", "")
    if not chosen:
        return None
    try:
        user = User.objects.filter(pk=chosen).first()
    except (ValueError, ValidationError):  # a malformed id is no one
        user = None
    if user is None:
        raise InvalidInput("Choose someone from the list of this practice's staff.", code="not_a_member")
    return user
