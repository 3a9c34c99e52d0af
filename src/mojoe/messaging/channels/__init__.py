"""Channel adapters: how an outbox row leaves Mojoe. One small interface, one adapter per provider.

An adapter's `send` either returns `Sent` (the provider took the message) or raises: `TemporaryFailure` when
trying again later may work (a 5xx, a timeout, a refused connection), `PermanentFailure` when it never will
(an invalid number, a rejected address). The outbox decides about retries, never the adapter.

The embedded default for every channel is the console adapter: the message is kept on the outbox page and
goes nowhere else, so the whole product can be tried without an SMS or email account.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

from django.conf import settings

if TYPE_CHECKING:
    from mojoe.messaging.models import OutboxMessage


@dataclass(frozen=True)
class Sent:
    provider: str
    provider_id: str | None = None
    # What the provider said: "sent" when it is on its way, "delivered" when it is known to have arrived.
    status: str = "sent"


class TemporaryFailure(Exception):
    """Trying again later may work."""


class PermanentFailure(Exception):
    """It will never work (invalid number, rejected address): do not retry."""


class Adapter(Protocol):
    name: str

    def send(self, message: OutboxMessage) -> Sent: ...


def adapter_for(channel: str) -> Adapter:
    """The configured adapter of a channel (settings MOJOE_SMS_PROVIDER, MOJOE_EMAIL_PROVIDER)."""
    path = settings.MOJOE_CHANNEL_ADAPTERS[channel]
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)()
