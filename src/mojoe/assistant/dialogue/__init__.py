"""The assistant's conversation flows; `dialogue_turn` answers one inbound message (see `turn`)."""

from mojoe.assistant.dialogue.turn import dialogue_turn

__all__ = ["dialogue_turn"]
