"""The audit trail: who read or changed which patient's data, when, from where. Append-only."""

from django.conf import settings
from django.db import models

from mojoe.core.context import Channel
from mojoe.core.models import BaseModel


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class AuditAction(models.TextChoices):
    READ = "read", "Read"
    SEARCH = "search", "Search"
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"
    BOOK = "book", "Book"
    CANCEL = "cancel", "Cancel"
    RESCHEDULE = "reschedule", "Reschedule"
    STATUS = "status", "Status change"


class AuditEvent(BaseModel):
    practice = models.ForeignKey("practices.Practice", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=150, help_text="Kept as text so the trail survives renames.")
    patient = models.ForeignKey("patients.Patient", null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(db_index=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.CHOICES)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["at"]
        indexes = [
            models.Index(fields=["practice", "patient", "at"], name="audit_patient_at"),
            models.Index(fields=["practice", "at"], name="audit_practice_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")
