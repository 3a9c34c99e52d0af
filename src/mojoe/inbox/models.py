"""Staff work items: what the assistant (or a colleague) could not finish, routed to the right team."""

from django.conf import settings
from django.db import models

from mojoe.core.models import BaseModel


class Team(models.TextChoices):
    FRONT_DESK = "front_desk", "Front desk"
    NURSE = "nurse", "Nurses"
    BILLING = "billing", "Billing"
    RECORDS = "records", "Records"
    PHYSICIAN = "physician", "Physicians"


class Priority(models.TextChoices):
    # FHIR request-priority codes
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"
    ASAP = "asap", "As soon as possible"
    STAT = "stat", "Immediately"


class TaskStatus(models.TextChoices):
    # FHIR TaskStatus codes used here
    REQUESTED = "requested", "Requested"
    ACCEPTED = "accepted", "Accepted"
    IN_PROGRESS = "in-progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (TaskStatus.REQUESTED, TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS)


class Task(BaseModel):
    practice = models.ForeignKey("practices.Practice", on_delete=models.CASCADE, related_name="tasks")
    patient = models.ForeignKey(
        "patients.Patient", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    appointment = models.ForeignKey(
        "scheduling.Appointment", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    conversation = models.ForeignKey(
        "messaging.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    kind = models.CharField(max_length=30, help_text="What is asked: refill, results, callback, emergency…")
    team = models.CharField(max_length=20, choices=Team.choices)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.ROUTINE)
    status = models.CharField(max_length=20, choices=TaskStatus.choices, default=TaskStatus.REQUESTED)
    summary = models.CharField(max_length=300)
    details = models.TextField(blank=True)
    due_at = models.DateTimeField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["practice", "status", "due_at"], name="task_open_due")]

    def __str__(self) -> str:
        return f"{self.get_priority_display()} {self.kind}: {self.summary}"


# What the assistant and Mojoe's jobs ask of the team, as `Task.kind`. The routing page offers these; a kind
# not listed here (a new job's) still works and goes where DEFAULT_TEAM (or the front desk) sends it.
TASK_KINDS = {
    "emergency": "Emergencies reported by patients",
    "clinical_question": "Clinical questions",
    "refill": "Prescription refills",
    "results": "Test results",
    "billing": "Billing questions",
    "insurance": "Insurance questions",
    "records": "Medical records",
    "referral": "Referrals",
    "scheduling": "Scheduling the assistant could not finish",
    "conversation": "Conversations handed to a person",
    "delivery_failed": "Messages that could not be delivered",
    "attachment": "Pictures and files patients sent",
}


class TaskNote(BaseModel):
    """What a staff member wrote on a task: who they called, what was said, what is left to do."""

    practice = models.ForeignKey("practices.Practice", on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="task_notes"
    )
    body = models.TextField()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["task", "created_at"], name="tasknote_task_created")]

    def __str__(self) -> str:
        return f"Note on {self.task_id}: {self.body[:40]}"


class RoutingRule(BaseModel):
    """A practice's choice of the team that gets one kind of task, instead of Mojoe's default."""

    practice = models.ForeignKey("practices.Practice", on_delete=models.CASCADE, related_name="routing_rules")
    kind = models.CharField(max_length=30)
    team = models.CharField(max_length=20, choices=Team.choices)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["practice", "kind"], name="one_routing_rule_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.get_team_display()}"
