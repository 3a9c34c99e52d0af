"""The base every Mojoe table builds on, and the user account."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models


class BaseModel(models.Model):
    """A random id (no counting records through URLs) and when the row was created and last changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class User(AbstractUser):
    """A person who signs in: staff of one or several practices (their roles live on Membership)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField("email address", blank=True, db_index=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.username
