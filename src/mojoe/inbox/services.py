"""Staff tasks: creating them (routed to a team, due by priority), taking, reassigning, notes, finishing.

Which team gets which kind is in `mojoe.inbox.routing` (Mojoe's defaults and each practice's rules)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mojoe.audit.models import AuditAction
from mojoe.audit.services import audit_record
from mojoe.core.context import Actor
from mojoe.core.errors import Conflict, InvalidInput, NotFound
from mojoe.core.roles import Capability, role_can
from mojoe.inbox.models import OPEN_STATUSES, Priority, Task, TaskNote, TaskStatus, Team
from mojoe.inbox.routing import DEFAULT_TEAM, routing_team_for
from mojoe.practices.models import Membership

__all__ = ["DEFAULT_TEAM", "task_assign", "task_complete", "task_create", "task_note_add", "task_start"]

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
    """A task for the team that handles `kind`, due by its priority.

    The team is `team` when given (the safety screen always names the nurses for an emergency), else the
    practice's routing rule for `kind`, else Mojoe's default for it (the front desk for unknown kinds).
    """
    if priority not in Priority.values:
        raise InvalidInput(f"Priority must be one of {', '.join(Priority.values)}.", code="invalid_priority")
    team = team or routing_team_for(practice=actor.practice, kind=kind)
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
    """Mark an open task done by the actor."""
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


MAX_NOTE_LENGTH = 4000


def _open_locked(actor: Actor, task: Task) -> Task:
    """The task, locked for the change, refused when it is another practice's or no longer open."""
    if task.practice_id != actor.practice.pk:
        raise NotFound("No such task in this practice.")
    current = Task.objects.select_for_update().get(pk=task.pk)
    if current.status not in OPEN_STATUSES:
        raise Conflict(f"This task is already {current.get_status_display().lower()}.", code="invalid_status")
    return current


def _active_member(practice, user) -> bool:
    membership = Membership.objects.filter(
        practice=practice, user=user, active=True, user__is_active=True
    ).first()
    return membership is not None and role_can(membership.role, Capability.WORK_TASKS)


def task_note_add(*, actor: Actor, task: Task, body: str) -> TaskNote:
    """A note by the actor on a task of their practice (open or finished: what happened after is worth keeping)."""
    actor.require(Capability.WORK_TASKS)
    if task.practice_id != actor.practice.pk:
        raise NotFound("No such task in this practice.")
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise InvalidInput("Write the note first.", code="empty_note")
    if len(body) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            f"That note is too long ({len(body)} characters); please keep it under {MAX_NOTE_LENGTH}.",
            code="note_too_long",
        )
    with transaction.atomic():
        note = TaskNote.objects.create(practice=actor.practice, task=task, author=actor.user, body=body)
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=note, patient=task.patient_id,
            detail={"task": str(task.pk)},
        )  # fmt: skip
    return note


def task_assign(*, actor: Actor, task: Task, user=None, team: str | None = None) -> Task:
    """Give an open task to a person (`user`), to a team (`team`, nobody in particular), or both.

    The person must be an active member of the task's practice whose role works tasks. Taking a task for
    yourself accepts it (FHIR "accepted"); giving it to someone else or to a team puts it back to
    "requested", since its new owner has not started it.
    """
    actor.require(Capability.WORK_TASKS)
    if user is None and not team:
        raise InvalidInput("Choose a person or a team to give the task to.", code="assignee_required")
    if team and team not in Team.values:
        raise InvalidInput(f"Team must be one of {', '.join(Team.labels)}.", code="invalid_team")
    if user is not None and not _active_member(actor.practice, user):
        raise InvalidInput(
            "Only an active staff member of this practice can be given the task.", code="not_a_member"
        )
    with transaction.atomic():
        current = _open_locked(actor, task)
        before = {"assigned_to": current.assigned_to, "team": current.team, "status": current.status}
        if team:
            current.team = team
        current.assigned_to = user
        if user is not None and actor.user is not None and user.pk == actor.user.pk:
            if current.status == TaskStatus.REQUESTED:
                current.status = TaskStatus.ACCEPTED
        elif before["assigned_to"] != user:
            current.status = TaskStatus.REQUESTED
        current.save(update_fields=["team", "assigned_to", "status", "updated_at"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=current, patient=current.patient_id,
            detail={
                "assigned_to": user.get_username() if user else None,
                "team": current.team,
                "status": current.status,
                "from": {
                    "assigned_to": before["assigned_to"].get_username() if before["assigned_to"] else None,
                    "team": before["team"],
                    "status": before["status"],
                },
            },
        )  # fmt: skip
    return current


def task_start(*, actor: Actor, task: Task) -> Task:
    """The actor starts work on the task (FHIR "in-progress"), taking it when nobody has it yet.

    A task someone else has is refused: two people calling the same patient back helps nobody; reassign it
    first.
    """
    actor.require(Capability.WORK_TASKS)
    with transaction.atomic():
        current = _open_locked(actor, task)
        if current.status == TaskStatus.IN_PROGRESS:
            raise Conflict("This task is already in progress.", code="invalid_status")
        if current.assigned_to_id is not None and (
            actor.user is None or current.assigned_to_id != actor.user.pk
        ):
            raise Conflict(
                f"{current.assigned_to} has this task; reassign it to yourself first.",
                code="assigned_to_other",
            )
        current.status = TaskStatus.IN_PROGRESS
        current.assigned_to = actor.user
        current.save(update_fields=["status", "assigned_to", "updated_at"])
        audit_record(
            actor=actor, action=AuditAction.STATUS, obj=current, patient=current.patient_id,
            detail={"to": TaskStatus.IN_PROGRESS},
        )  # fmt: skip
    return current
