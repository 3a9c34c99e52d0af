"""Creating and finishing staff tasks. Routing (which team) and due times (by priority) live here."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mojoe.audit.models import AuditAction
from mojoe.audit.services import audit_record
from mojoe.core.context import Actor
from mojoe.core.errors import Conflict, InvalidInput, NotFound
from mojoe.inbox.models import OPEN_STATUSES, Priority, Task, TaskStatus, Team

# Where each kind of request goes unless a practice decides otherwise (routing rules come with the inbox).
DEFAULT_TEAM = {
    "emergency": Team.NURSE,
    "clinical_question": Team.NURSE,
    "refill": Team.NURSE,
    "results": Team.NURSE,
    "billing": Team.BILLING,
    "insurance": Team.BILLING,
    "records": Team.RECORDS,
    "referral": Team.FRONT_DESK,
}
# How soon a task is due, by priority: an emergency alert is due at once.
DUE_IN = {
    Priority.STAT: timedelta(0),
    Priority.ASAP: timedelta(hours=1),
    Priority.URGENT: timedelta(hours=4),
    Priority.ROUTINE: timedelta(days=1),
}


def task_create(
    *,
    actor: Actor,
    kind: str,
    summary: str,
    priority: str = Priority.ROUTINE,
    team: str | None = None,
    patient=None,
    appointment=None,
    conversation=None,
    details: str = "",
) -> Task:
    """A task for the team that handles `kind` (front desk by default), due by its priority."""
    if priority not in Priority.values:
        raise InvalidInput(f"Priority must be one of {', '.join(Priority.values)}.", code="invalid_priority")
    team = team or DEFAULT_TEAM.get(kind, Team.FRONT_DESK)
    if team not in Team.values:
        raise InvalidInput(f"Team must be one of {', '.join(Team.values)}.", code="invalid_team")
    summary = summary.strip()
    if not summary:
        raise InvalidInput("A task needs a summary of what is asked.", code="summary_required")
    for obj in (patient, appointment, conversation):
        if obj is not None and obj.practice_id != actor.practice.pk:
            raise NotFound("No such patient, appointment or conversation in this practice.")
    with transaction.atomic():
        task = Task.objects.create(
            practice=actor.practice,
            patient=patient,
            appointment=appointment,
            conversation=conversation,
            kind=kind,
            team=team,
            priority=priority,
            summary=summary[:300],
            details=details,
            due_at=timezone.now() + DUE_IN[priority],
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=task,
            patient=patient,
            detail={"kind": kind, "team": team, "priority": priority},
        )
    return task


def task_complete(*, actor: Actor, task: Task) -> Task:
    if task.practice_id != actor.practice.pk:
        raise NotFound("No such task in this practice.")
    with transaction.atomic():
        current = Task.objects.select_for_update().get(pk=task.pk)
        if current.status not in OPEN_STATUSES:
            raise Conflict(
                f"This task is already {current.get_status_display().lower()}.", code="invalid_status"
            )
        current.status = TaskStatus.COMPLETED
        current.completed_at = timezone.now()
        current.completed_by = actor.user
        current.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.STATUS,
            obj=current,
            patient=current.patient_id,
            detail={"to": TaskStatus.COMPLETED},
        )
    return current
