"""A conversation's whole story for staff: the messages, and everything done in it, in time order.

Messages and the tasks the conversation created are linked to it directly. What the assistant did in the
patient's record while talking (verifying them, booking, cancelling, rescheduling, confirming, telling them
their appointments) is found on the audit trail: events written by the assistant for this conversation's
patient between the conversation's first and last message. Staff changes to the conversation itself (take
over, hand back, assign) are audit events on the conversation.

A patient writing on two channels at the same time would see the assistant's actions of one in both; the
trail does not record the conversation an action came from, and this stays honest by saying "the assistant"
rather than claiming which thread it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q

from mojoe.audit.models import AuditAction, AuditEvent
from mojoe.core.context import Channel
from mojoe.inbox.models import Task
from mojoe.messaging.models import Conversation, ConversationStatus, Message
from mojoe.scheduling.models import Appointment

# The assistant's audit events are written in the turn that stores the message; replies come a moment later.
_SLACK = timedelta(minutes=1)
_APPOINTMENT = "scheduling.appointment"
_CONVERSATION = "messaging.conversation"


@dataclass
class Entry:
    """One line of the timeline: a message, a task, or an action (with who did it and what)."""

    at: datetime
    kind: str  # "message", "task" or "action"
    message: Message | None = None
    task: Task | None = None
    who: str = ""
    text: str = ""
    appointments: list[Appointment] = field(default_factory=list)
    moved_to: Appointment | None = None  # a reschedule: the old appointment is in `appointments`


@dataclass
class Timeline:
    entries: list[Entry]
    appointments: list[Appointment]  # every appointment shown, so the page can audit reading them
    tasks: list[Task]


def _describe_appointment(event: AuditEvent) -> str:
    return {
        AuditAction.BOOK: "Booked",
        AuditAction.CANCEL: "Cancelled",
        AuditAction.RESCHEDULE: "Rescheduled",
    }.get(event.action) or ("Confirmed" if event.detail.get("confirmed") else "Changed")


def _describe_conversation(event: AuditEvent) -> str:
    detail = event.detail
    if "verified" in detail:
        return "Verified the patient's identity"
    if "assigned_to" in detail:
        return f"Assigned to {detail['assigned_to']}" if detail["assigned_to"] else "Returned to the queue"
    if detail.get("to") == ConversationStatus.HANDED_OFF:
        return "Took the conversation over"
    if detail.get("to") == ConversationStatus.ASSISTANT:
        return "Handed the conversation back to the assistant"
    return "Changed the conversation"


def _events(conversation: Conversation, until: datetime) -> list[AuditEvent]:
    about_conversation = Q(object_type=_CONVERSATION, object_id=str(conversation.pk)) & (
        Q(action__in=[AuditAction.STATUS, AuditAction.UPDATE]) | Q(detail__has_key="verified")
    )
    wanted = about_conversation
    if conversation.patient_id is not None:
        wanted |= Q(
            channel=Channel.ASSISTANT,
            patient_id=conversation.patient_id,
            object_type=_APPOINTMENT,
            at__gte=conversation.created_at,
            at__lte=until,
        ) & (
            Q(action__in=[AuditAction.BOOK, AuditAction.CANCEL, AuditAction.RESCHEDULE, AuditAction.STATUS])
            | Q(action=AuditAction.READ, detail__disclosed_to="patient")
        )
    return list(
        AuditEvent.objects.filter(wanted, practice_id=conversation.practice_id)
        .select_related("actor")
        .order_by("at")[:500]
    )


def conversation_timeline(conversation: Conversation, *, limit: int = 200) -> Timeline:
    """The last `limit` messages of the conversation, with its tasks and the actions taken in it, oldest first."""
    messages = list(
        conversation.messages.select_related("sent_by")
        .prefetch_related("attachments")
        .order_by("-created_at")[:limit]
    )[::-1]
    tasks = list(conversation.tasks.select_related("assigned_to", "appointment").order_by("created_at")[:100])
    until = (conversation.last_message_at or conversation.updated_at) + _SLACK
    events = _events(conversation, until)
    # A reschedule is written as the new booking plus a "reschedule" of the old one naming the new: one line.
    moved = {e.detail.get("to") for e in events if e.action == AuditAction.RESCHEDULE} - {None}
    appointment_ids = {e.object_id for e in events if e.object_type == _APPOINTMENT} | moved
    appointments = {
        str(a.pk): a
        for a in Appointment.objects.filter(
            practice_id=conversation.practice_id, pk__in=appointment_ids
        ).select_related("appointment_type", "provider")
    }

    entries = [Entry(at=m.created_at, kind="message", message=m) for m in messages]
    entries += [Entry(at=t.created_at, kind="task", task=t) for t in tasks]
    entries += [
        Entry(at=t.completed_at, kind="action", who=str(t.completed_by or "Mojoe"), text=f"Done: {t.summary}")
        for t in tasks
        if t.completed_at is not None
    ]
    disclosures: dict[datetime, Entry] = {}
    for event in events:
        who = "Assistant" if event.channel == Channel.ASSISTANT else str(event.actor or event.actor_label)
        if event.object_type == _CONVERSATION:
            entries.append(Entry(at=event.at, kind="action", who=who, text=_describe_conversation(event)))
            continue
        appointment = appointments.get(event.object_id)
        if appointment is None or (event.action == AuditAction.BOOK and event.object_id in moved):
            continue
        if event.action == AuditAction.READ:
            # Telling a patient their appointments is one read event per appointment, written at once.
            entry = disclosures.get(event.at)
            if entry is None:
                entry = disclosures[event.at] = Entry(
                    at=event.at, kind="action", who=who, text="Told the patient their upcoming appointments"
                )
                entries.append(entry)
            entry.appointments.append(appointment)
            continue
        entries.append(
            Entry(
                at=event.at,
                kind="action",
                who=who,
                text=_describe_appointment(event),
                appointments=[appointment],
                moved_to=appointments.get(event.detail.get("to", "")),
            )
        )
    # Older messages beyond `limit` are not shown; neither are the actions from before them.
    if len(messages) == limit:
        entries = [e for e in entries if e.at >= messages[0].created_at]
    entries.sort(key=lambda e: (e.at, {"message": 0, "action": 1, "task": 2}[e.kind]))
    shown = {a.pk: a for e in entries for a in [*e.appointments, e.moved_to] if a is not None}
    return Timeline(entries=entries, appointments=list(shown.values()), tasks=tasks)
