"""The task pages: open work by view (mine, my team's, overdue, all), one task with its notes, and the
actions on it (start, reassign, note, done)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from mojoe.audit.models import AuditAction
from mojoe.audit.services import audit_record, audit_record_reads
from mojoe.core.errors import MojoeError, NotFound
from mojoe.core.roles import Capability
from mojoe.core.tenancy import get_in_practice
from mojoe.inbox import pages, services
from mojoe.inbox.models import OPEN_STATUSES, Task, Team
from mojoe.inbox.selectors import TASK_VIEWS, assignable_users, task_counts, task_view_q, tasks_for
from mojoe.ui.context import staff_page

LIST_SIZE = 200


@require_GET
@staff_page(Capability.WORK_TASKS)
@vary_on_headers("HX-Request")
def task_list(request):
    scope = pages.scope_of(request)
    show = pages.choice(request, "show", TASK_VIEWS, default="open")
    team = pages.choice(request, "team", Team.values)
    now = timezone.now()
    everything = tasks_for(scope)
    in_team = everything.filter(team=team) if team else everything
    counts = task_counts(in_team, scope=scope, now=now)
    tasks = list(in_team.filter(task_view_q(show, scope=scope, now=now))[:LIST_SIZE])
    digest = pages.fingerprint(
        [(t.pk, t.status, t.priority, t.team, t.assigned_to_id, t.due_at, t.due_at < now) for t in tasks],
        counts,
    )
    if (nothing_new := pages.unchanged(request, digest)) is not None:
        return nothing_new
    pages.audit_list_reads(scope, tasks)
    context = {
        "nav": "tasks",
        "tasks": tasks,
        "views": [(name, label, counts[name]) for name, label in TASK_VIEWS.items()],
        "show": show,
        "teams": Team.choices,
        "team": team,
        "scope": scope,
        "several": scope.several,
        "now": now,
        "digest": digest,
        "poll_seconds": pages.POLL_SECONDS,
        "attention": sum(1 for t in tasks if t.priority in ("stat", "asap")),
    }
    template = "inbox/_task_live.html" if request.htmx else "inbox/task_list.html"
    return render(request, template, context)


def _task(request, task_id) -> Task:
    return get_in_practice(
        Task,
        request.actor,
        task_id,
        queryset=Task.objects.select_related(
            "patient", "assigned_to", "completed_by", "conversation", "appointment__provider"
        ),
    )


@require_GET
@staff_page(Capability.WORK_TASKS)
def task_detail(request, task_id):
    try:
        task = _task(request, task_id)
    except NotFound:
        return pages.elsewhere(
            request, Task, task_id, what="task", open_url=reverse("inbox:detail", args=[task_id])
        )
    return _detail(request, task)


def _detail(request, task, *, note: str = "", error: MojoeError | None = None):
    audit_record(actor=request.actor, action=AuditAction.READ, obj=task, patient=task.patient_id)
    notes = list(task.notes.select_related("author"))
    if task.patient_id:
        audit_record_reads(actor=request.actor, objects=notes, patient_of=lambda n: task.patient_id)
    context = {
        "nav": "tasks",
        "task": task,
        "notes": notes,
        "is_open": task.status in OPEN_STATUSES,
        "staff": assignable_users(request.practice),
        "teams": Team.choices,
        "note": note,
        "error": error,
        "now": timezone.now(),
    }
    return render(request, "inbox/task_detail.html", context, status=error.status if error else 200)


def _act(request, task_id, act, *, done: str):
    """Run one action on a task; a refusal shows the task again with the reason and what was typed."""
    task = _task(request, task_id)
    try:
        act(task)
    except MojoeError as error:
        task.refresh_from_db()
        return _detail(request, task, note=request.POST.get("body", ""), error=error)
    messages.success(request, done)
    return redirect("inbox:detail", task_id=task.pk)


@require_POST
@staff_page(Capability.WORK_TASKS)
def task_complete(request, task_id):
    task = _task(request, task_id)
    services.task_complete(actor=request.actor, task=task)
    messages.success(request, f"Done: {task.summary}")
    return redirect("inbox:tasks")


@require_POST
@staff_page(Capability.WORK_TASKS)
def task_start(request, task_id):
    return _act(
        request,
        task_id,
        lambda task: services.task_start(actor=request.actor, task=task),
        done="You are working on this task.",
    )


@require_POST
@staff_page(Capability.WORK_TASKS)
def task_note_add(request, task_id):
    return _act(
        request,
        task_id,
        lambda task: services.task_note_add(
            actor=request.actor, task=task, body=request.POST.get("body", "")
        ),
        done="Note added.",
    )


@require_POST
@staff_page(Capability.WORK_TASKS)
def task_assign(request, task_id):
    def assign(task):
        user = pages.person_from_post(request)
        services.task_assign(actor=request.actor, task=task, user=user, team=request.POST.get("team") or None)

    return _act(request, task_id, assign, done="Task reassigned.")
