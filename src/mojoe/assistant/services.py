"""What the assistant does with a safety finding: alert the clinical team, whatever else the message asks."""

from __future__ import annotations

from mojoe.assistant.safety import SafetyResult, screen
from mojoe.core.context import Actor
from mojoe.inbox.models import Priority, Team
from mojoe.inbox.services import task_create


def safety_escalate(*, actor: Actor, text: str, patient=None, language: str | None = None) -> SafetyResult:
    """Screen an inbound message; an emergency becomes an immediate task for the nurses, urgent a same-day one.

    Channels call this before anything else and send `result.reply` (the 911 or 988 answer) at once when
    there is one. The task carries the patient's own words so the nurse calling back has them.
    """
    result = screen(text, language=language)
    if result.urgency == "emergency":
        task_create(
            actor=actor,
            kind="emergency",
            team=Team.NURSE,
            priority=Priority.STAT,
            patient=patient,
            summary=f"Emergency reported ({result.category or 'red flag'}): call the patient now",
            details=text,
        )
    elif result.urgency == "urgent":
        task_create(
            actor=actor,
            kind="clinical_question",
            team=Team.NURSE,
            priority=Priority.URGENT,
            patient=patient,
            summary=f"Same-day clinical question ({result.category or 'urgent'})",
            details=text,
        )
    return result
