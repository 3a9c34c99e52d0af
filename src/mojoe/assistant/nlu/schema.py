"""What understanding a patient's message produces: one intent, one urgency, when, and entities.

This shape is the stable contract of `mojoe nlu` and of every engine (the local one, an optional LLM).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, time

INTENTS = (
    "book",
    "cancel",
    "reschedule",
    "confirm",
    "appointment_info",
    "refill",
    "results",
    "billing",
    "insurance",
    "records",
    "referral",
    "clinical_question",
    "office_info",
    "speak_to_human",
    "opt_out",
    "other",
)
URGENCIES = ("emergency", "urgent", "routine")
PARTS_OF_DAY = ("morning", "afternoon", "evening")


@dataclass
class When:
    date: date | None = None
    time: time | None = None
    part_of_day: str | None = None

    def as_json(self) -> dict:
        return {
            "date": self.date.isoformat() if self.date else None,
            "time": self.time.strftime("%H:%M") if self.time else None,
            "part_of_day": self.part_of_day,
        }


class _ReadWhenAsked:
    """A part of `Understanding` given as its value or as a function that reads it from the message, called
    the first time the part is asked for, then kept. Dates and details are a good part of understanding a
    message, and many turns never ask for them: only the appointment flows read dates, and an office question
    reads neither."""

    def __init__(self, empty):
        self._empty = empty  # makes the value of a part given as None (the dataclass's default)

    def __set_name__(self, owner, name: str) -> None:
        self._attribute = f"_{name}"

    def __get__(self, understanding, owner=None):
        if understanding is None:
            return None  # the dataclass's default, made into `empty()` by __set__
        value = understanding.__dict__[self._attribute]
        if callable(value):
            value = understanding.__dict__[self._attribute] = value()
        return value

    def __set__(self, understanding, value) -> None:
        understanding.__dict__[self._attribute] = self._empty() if value is None else value


@dataclass
class Understanding:
    intent: str
    urgency: str
    # Each of these two may be given as a function that reads it (see _ReadWhenAsked).
    when: When = _ReadWhenAsked(When)
    entities: dict = _ReadWhenAsked(dict)
    language: str = "en"
    # How sure the model is of `intent` (its margin: above 0 fairly sure, below it guessing); None when a
    # rule decided. Not part of the JSON contract.
    confidence: float | None = None

    def as_json(self) -> dict:
        return {
            "intent": self.intent,
            "urgency": self.urgency,
            "when": self.when.as_json(),
            "entities": self.entities,
        }


__all__ = ["INTENTS", "PARTS_OF_DAY", "URGENCIES", "Understanding", "When", "asdict"]
