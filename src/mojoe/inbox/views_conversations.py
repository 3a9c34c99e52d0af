"""Conversations for staff: read what the patient and the assistant said, answer, take over, hand back."""

from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from mojoe.core.errors import MojoeError
from mojoe.core.roles import Capability
from mojoe.messaging import services
from mojoe.messaging.models import Conversation, ConversationStatus
from mojoe.ui.context import staff_page

# Emergencies first, then those waiting for a person, then the rest by their last message.
_ORDER = Case(
    When(flagged=True, then=Value(0)),
    When(status=ConversationStatus.HANDED_OFF, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@require_GET
@staff_page(Capability.WORK_TASKS)
def conversation_list(request):
    conversations = list(
        Conversation.objects.filter(practice=request.practice, last_message_at__isnull=False)
        .exclude(status=ConversationStatus.CLOSED)
        .select_related("patient", "assigned_to")
        .annotate(rank=_ORDER)
        .order_by("rank", "-last_message_at")[:100]
    )
    return render(
        request, "inbox/conversation_list.html", {"nav": "conversations", "conversations": conversations}
    )


@require_GET
@staff_page(Capability.WORK_TASKS)
def conversation_detail(request, conversation_id):
    conversation = services.conversation_get(actor=request.actor, conversation_id=conversation_id)
    return _detail(request, conversation)


def _detail(request, conversation, *, draft: str = "", status: int = 200):
    context = {
        "nav": "conversations",
        "conversation": conversation,
        "transcript": services.conversation_history(conversation, limit=200),
        "tasks": conversation.tasks.order_by("-created_at")[:20],
        "draft": draft,
    }
    return render(request, "inbox/conversation_detail.html", context, status=status)


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
    except MojoeError as error:
        messages.error(request, error.detail)
        if action == "reply":
            # Keep what was typed: a reply that was refused must not be lost.
            return _detail(request, conversation, draft=request.POST.get("body", ""), status=error.status)
    return redirect("conversations:detail", conversation_id=conversation.pk)
