"""Messages Mojoe has sent, kept where staff can read them."""

from django.db import models

from mojoe.core.models import BaseModel
from mojoe.core.roles import Role


class OutboxChannel(models.TextChoices):
    EMAIL = "email", "Email"


class OutboxMessage(BaseModel):
    """One message as it was sent. In the embedded default, email goes nowhere else: this is the mailbox.

    `audience_role`, when set, limits who may read it on the outbox page to that role; an invitation to
    become an owner is a working link to owner rights, so an administrator must not be able to read it.
    """

    practice = models.ForeignKey(
        "practices.Practice", null=True, blank=True, on_delete=models.CASCADE, related_name="outbox_messages"
    )
    channel = models.CharField(max_length=10, choices=OutboxChannel.choices, default=OutboxChannel.EMAIL)
    sender = models.CharField(max_length=254, blank=True)
    to = models.TextField(help_text="Recipients, comma-separated.")
    subject = models.CharField(max_length=998, blank=True)
    body = models.TextField(blank=True)
    audience_role = models.CharField(max_length=20, choices=Role.choices, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["practice", "created_at"], name="outbox_practice_created")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.to}: {self.subject}"
