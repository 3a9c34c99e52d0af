"""One turn of a conversation: the message, what was understood, the memory kept between turns, the replies.

The dialogue's memory lives in `Conversation.state` (JSON), so a conversation continues across web
processes, restarts and channels' webhooks:

    {"flow": "book", "step": "pick_slot", "data": {...}, "resume": {...}, "misunderstood": 0, ...}

`flow` is what the patient is doing, `step` what the assistant is waiting for, `data` what the flow has
collected, `resume` the flow to continue once the patient is verified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from mojoe.assistant.dialogue.replies import lang_of, say
from mojoe.assistant.nlu.schema import Understanding
from mojoe.core.context import Actor
from mojoe.messaging.models import Conversation, ConversationChannel
from mojoe.patients.models import fold
from mojoe.practices.snapshot import PracticeSnapshot
from mojoe.scheduling.models import SourceChannel

SOURCE_CHANNEL = {
    ConversationChannel.WEBCHAT: SourceChannel.CHAT,
    ConversationChannel.SMS: SourceChannel.SMS,
    ConversationChannel.EMAIL: SourceChannel.EMAIL,
    ConversationChannel.VOICE: SourceChannel.VOICE,
}


@dataclass
class Turn:
    conversation: Conversation
    text: str
    understanding: Understanding
    now: datetime
    actor: Actor
    # The practice's configuration as of this message (names, office facts): read once per turn.
    snapshot: PracticeSnapshot | None = None
    replies: list[str] = field(default_factory=list)

    # --- memory -----------------------------------------------------------------------------------------
    @property
    def state(self) -> dict:
        return self.conversation.state

    @property
    def flow(self) -> str | None:
        return self.state.get("flow")

    @property
    def step(self) -> str | None:
        return self.state.get("step")

    @property
    def data(self) -> dict:
        return self.state.setdefault("data", {})

    def start(self, flow: str, **data) -> None:
        """Begin a flow, forgetting whatever the previous one collected."""
        self.state.update(flow=flow, step=None, data=dict(data))

    def wait_for(self, step: str | None) -> None:
        self.state["step"] = step

    def finish(self) -> None:
        self.state.update(flow=None, step=None, data={})

    # --- facts ------------------------------------------------------------------------------------------
    @property
    def practice(self):
        return self.conversation.practice

    @property
    def language(self) -> str:
        return lang_of(self.conversation.language)

    @property
    def patient(self):
        return self.conversation.patient if self.conversation.is_verified else None

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.practice.tz)

    @property
    def source_channel(self) -> str:
        return SOURCE_CHANNEL.get(self.conversation.channel, SourceChannel.CHAT)

    @property
    def words(self) -> list[str]:
        return re.findall(r"[a-z0-9]+", fold(self.text))

    # --- speaking ---------------------------------------------------------------------------------------
    def say(self, key: str, **values) -> None:
        self.replies.append(say(key, self.language, **values))

    def text_for(self, key: str, **values) -> str:
        return say(key, self.language, **values)

    def add(self, text: str) -> None:
        self.replies.append(text)
