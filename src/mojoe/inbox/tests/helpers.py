"""Small helpers for the inbox tests: a signed-in client, a conversation with messages, a task due when asked."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from mojoe.assistant.services import assistant_handle, safety_alert, safety_screen
from mojoe.inbox.models import Task
from mojoe.messaging.models import Conversation
from mojoe.messaging.services import conversation_for_address

_n = iter(range(10_000))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def chat(practice, *messages: str, channel: str = "webchat", address: str = "", patient=None) -> Conversation:
    """A conversation where the patient wrote `messages` to the assistant (which answered each)."""
    conversation = conversation_for_address(
        practice=practice, channel=channel, address=address or f"{next(_n):064d}"
    )
    if patient is not None:
        conversation.patient = patient
        conversation.verified_at = timezone.now()
        conversation.save()
    for text in messages:
        assistant_handle(conversation=conversation, body=text)
    conversation.refresh_from_db()
    return conversation


def overdue(task: Task, hours: int = 2) -> Task:
    Task.objects.filter(pk=task.pk).update(due_at=timezone.now() - timedelta(hours=hours))
    task.refresh_from_db()
    return task


def count_of(html: str, filter_name: str) -> int:
    """The count a filter button shows."""
    match = re.search(rf'data-filter="{filter_name}">[^<]*<span class="count">(\d+)</span>', html)
    assert match, f"no {filter_name} filter on the page"
    return int(match.group(1))


def row_ids(html: str, attribute: str = "data-conversation") -> list[str]:
    """The ids of the list's rows, top to bottom."""
    return re.findall(rf'{attribute}="([0-9a-f-]+)"', html)


def screened(*, actor, text: str, patient=None):
    """The safety screen's finding on `text`, with the nurses' task it calls for, as the assistant does."""
    result = safety_screen(text)
    safety_alert(actor=actor, result=result, text=text, patient=patient)
    return result
