"""The assistant's conversation flows; `dialogue_read` reads one inbound message and `dialogue_act` answers
it (see `turn`)."""

from mojoe.assistant.dialogue.turn import dialogue_act, dialogue_read

__all__ = ["dialogue_act", "dialogue_read"]
