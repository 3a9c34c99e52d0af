"""The task list: open work for the practice's teams, the most urgent first."""

from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from mojoe.audit.services import audit_record_reads
from mojoe.core.roles import Capability
from mojoe.core.tenancy import get_in_practice
from mojoe.inbox import services
from mojoe.inbox.models import OPEN_STATUSES, Priority, Task, Team
from mojoe.ui.context import staff_page

_PRIORITY_ORDER = Case(
    *(
        When(priority=p, then=Value(rank))
        for rank, p in enumerate([Priority.STAT, Priority.ASAP, Priority.URGENT])
    ),
    default=Value(9),
    output_field=IntegerField(),
)


@require_GET
@staff_page(Capability.WORK_TASKS)
def task_list(request):
    team = request.GET.get("team", "")
    tasks = (
        Task.objects.filter(practice=request.practice, status__in=OPEN_STATUSES)
        .select_related("patient", "assigned_to")
        .annotate(rank=_PRIORITY_ORDER)
        .order_by("rank", "due_at")
    )
    if team in Team.values:
        tasks = tasks.filter(team=team)
    tasks = list(tasks[:200])
    audit_record_reads(actor=request.actor, objects=[t for t in tasks if t.patient_id])
    return render(
        request, "inbox/task_list.html", {"nav": "tasks", "tasks": tasks, "teams": Team.choices, "team": team}
    )


@require_POST
@staff_page(Capability.WORK_TASKS)
def task_complete(request, task_id):
    task = get_in_practice(Task, request.actor, task_id)
    services.task_complete(actor=request.actor, task=task)
    messages.success(request, f"Done: {task.summary}")
    return redirect("inbox:tasks")
