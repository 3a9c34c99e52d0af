"""Who is acting, for which practice, from where: passed to every service that reads or writes patient data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mojoe.core.errors import PermissionDenied
from mojoe.core.roles import role_can

if TYPE_CHECKING:
    from mojoe.core.models import User
    from mojoe.practices.models import Practice


class Channel:
    API = "api"
    WEB = "web"
    ADMIN = "admin"
    ASSISTANT = "assistant"
    SYSTEM = "system"
    CHOICES = [(API, "API"), (WEB, "Web"), (ADMIN, "Admin"), (ASSISTANT, "Assistant"), (SYSTEM, "System")]


@dataclass(frozen=True)
class Actor:
    """The acting party. `user` is None when Mojoe itself acts (the assistant, a scheduled job)."""

    practice: Practice
    user: User | None
    role: str | None
    channel: str
    client_ip: str | None = None

    @classmethod
    def system(cls, practice: Practice, channel: str = Channel.SYSTEM) -> Actor:
        return cls(practice=practice, user=None, role=None, channel=channel)

    def can(self, capability: str) -> bool:
        # Mojoe's own jobs and assistant are trusted code paths; their limits are in the services they call.
        if self.user is None:
            return True
        return self.role is not None and role_can(self.role, capability)

    def require(self, capability: str) -> None:
        if not self.can(capability):
            raise PermissionDenied(
                "Your role in this practice does not allow this action; ask an owner or administrator.",
                code="forbidden",
            )
