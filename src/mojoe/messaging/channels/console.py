"""The embedded default: a message "sent" by the console adapter stays on the outbox page, nowhere else."""

from __future__ import annotations

import uuid

from mojoe.messaging.channels import Sent


class ConsoleAdapter:
    name = "console"

    def send(self, message) -> Sent:
        return Sent(provider=self.name, provider_id=f"console-{uuid.uuid4().hex}", status="delivered")
