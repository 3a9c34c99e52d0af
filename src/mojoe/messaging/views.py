"""The outbox page: what Mojoe sent (or, in the embedded default, would have sent) for this practice."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mojoe.core.roles import Capability, Role
from mojoe.messaging.models import OutboxMessage
from mojoe.ui.context import staff_page

PAGE_SIZE = 50


@require_GET
@staff_page(Capability.CONFIGURE_PRACTICE)
def outbox(request):
    """Newest first, with full bodies (invitation links must be usable from here when email goes nowhere)."""
    messages = OutboxMessage.objects.filter(practice=request.practice).order_by("-created_at")
    if request.actor.role != Role.OWNER:
        # A message meant for one role (an owner invitation) is a working credential; others do not see it.
        messages = messages.filter(audience_role__in=["", request.actor.role])
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "messaging/outbox.html", {"nav": "outbox", "page": page, "tz": request.practice.tz}
    )
