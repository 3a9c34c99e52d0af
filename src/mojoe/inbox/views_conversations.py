"""Conversations for staff: the list (filtered, self-refreshing), and one conversation's whole story with
reply, take over, hand back and assign."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from mojoe.audit.services import audit_record_reads
from mojoe.core.errors import MojoeError, NotFound
from mojoe.core.roles import Capability
from mojoe.inbox import pages
from mojoe.inbox.models import OPEN_STATUSES
from mojoe.inbox.selectors import (
    CONVERSATION_FILTERS,
    EMERGENCY,
    URGENT,
    assignable_users,
    channel_counts,
    conversation_counts,
    conversation_filter_q,
    conversations_for,
)
from mojoe.inbox.timeline import conversation_timeline
from mojoe.messaging import services
from mojoe.messaging.models import Conversation, ConversationChannel
from mojoe.ui.context import staff_page

LIST_SIZE = 100


@require_GET
@staff_page(Capability.WORK_TASKS)
@vary_on_headers("HX-Request")
def conversation_list(request):
    scope = pages.scope_of(request)
    show = pages.choice(request, "show", CONVERSATION_FILTERS, default="all")
    channel = pages.choice(request, "channel", ConversationChannel.values)
    everything = conversations_for(scope)
    in_channel = everything.filter(channel=channel) if channel else everything
    counts = conversation_counts(in_channel, user=request.user)
    by_channel = channel_counts(everything.filter(conversation_filter_q(show, user=request.user)))
    rows = list(
        in_channel.filter(conversation_filter_q(show, user=request.user)).order_by(
            "rank", "-last_message_at"
        )[:LIST_SIZE]
    )
    digest = pages.fingerprint(
        [(c.pk, c.rank, c.status, c.assigned_to_id, c.last_message_at, c.verified_at) for c in rows],
        counts,
        by_channel,
    )
    if (nothing_new := pages.unchanged(request, digest)) is not None:
        return nothing_new
    pages.audit_list_reads(scope, rows)
    context = {
        "nav": "conversations",
        "conversations": rows,
        "emergency": EMERGENCY,
        "urgent": URGENT,
        "filters": [(name, label, counts[name]) for name, label in CONVERSATION_FILTERS.items()],
        "show": show,
        "channels": [
            (value, label, by_channel.get(value, 0)) for value, label in ConversationChannel.choices
        ],
        "channel": channel,
        "scope": scope,
        "several": scope.several,
        "digest": digest,
        "poll_seconds": pages.POLL_SECONDS,
        "attention": sum(1 for c in rows if c.rank in (EMERGENCY, URGENT)),
    }
    template = "inbox/_conversation_live.html" if request.htmx else "inbox/conversation_list.html"
    return render(request, template, context)


@require_GET
@staff_page(Capability.WORK_TASKS)
def conversation_detail(request, conversation_id):
    try:
        conversation = services.conversation_get(actor=request.actor, conversation_id=conversation_id)
    except NotFound:
        return pages.elsewhere(
            request,
            Conversation,
            conversation_id,
            what="conversation",
            open_url=reverse("conversations:detail", args=[conversation_id]),
        )
    return _detail(request, conversation)


def _detail(request, conversation, *, draft: str = "", error: MojoeError | None = None):
    timeline = conversation_timeline(conversation, limit=200)
    # What the story shows of the patient's record beyond the conversation itself is read too.
    audit_record_reads(actor=request.actor, objects=timeline.appointments)
    audit_record_reads(actor=request.actor, objects=[t for t in timeline.tasks if t.patient_id])
    context = {
        "nav": "conversations",
        "conversation": conversation,
        "timeline": timeline.entries,
        "tasks": timeline.tasks,
        "open_tasks": [t for t in timeline.tasks if t.status in OPEN_STATUSES],
        "staff": assignable_users(request.practice),
        "draft": draft,
        "error": error,
        "now": timezone.now(),
    }
    status = error.status if error is not None else 200
    return render(request, "inbox/conversation_detail.html", context, status=status)


@require_GET
@staff_page(Capability.WORK_TASKS)
def conversation_attachment(request, conversation_id, attachment_id):
    """A picture or PDF a patient sent, shown in the browser (never run: the response is sandboxed)."""
    try:
        attachment = services.attachment_get(
            actor=request.actor, conversation_id=conversation_id, attachment_id=attachment_id
        )
    except NotFound as error:
        return HttpResponse(error.detail, status=404, content_type="text/plain; charset=utf-8")
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = "inline"
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@staff_page(Capability.WORK_TASKS)
def conversation_act(request, conversation_id, action):
    conversation = services.conversation_get(actor=request.actor, conversation_id=conversation_id)
    try:
        if action == "reply":
            services.conversation_reply(
                actor=request.actor, conversation=conversation, body=request.POST.get("body", "")
            )
            messages.success(request, "Reply sent.")
        elif action == "take-over":
            services.conversation_take_over(actor=request.actor, conversation=conversation)
            messages.success(request, "You have this conversation; the assistant is silent.")
        elif action == "hand-back":
            services.conversation_hand_back(actor=request.actor, conversation=conversation)
            messages.success(request, "The assistant answers this conversation again.")
        elif action == "close":
            services.conversation_close(actor=request.actor, conversation=conversation)
            messages.success(request, "Conversation closed. Its open tasks stay on the task list.")
            return redirect("conversations:list")
        elif action == "assign":
            user = pages.person_from_post(request)
            services.conversation_assign(actor=request.actor, conversation=conversation, user=user)
            messages.success(
                request,
                f"{user} has this conversation." if user else "The conversation is back in the queue.",
            )
    except MojoeError as error:
        # Keep what was typed: a reply that was refused must not be lost.
        conversation.refresh_from_db()
        return _detail(request, conversation, draft=request.POST.get("body", ""), error=error)
    return redirect("conversations:detail", conversation_id=conversation.pk)
