"""Requests the team handles: refills, results, billing, insurance, records, referrals, clinical questions.

The assistant collects what staff need to act without calling back to ask (the medication and pharmacy for
a refill; a description for the rest), creates the task for the right team with the patient and the
conversation linked, and tells the patient what happens next and by when. Clinical questions never get
an answer from the assistant: they go to the nurse with their urgency.
"""

from __future__ import annotations

from mojoe.assistant.dialogue.context import Turn
from mojoe.assistant.dialogue.replies import REQUEST_WORDS, TEAM_NAMES, day_and_time, day_only
from mojoe.inbox.models import Priority
from mojoe.inbox.routing import routing_team_for
from mojoe.inbox.services import task_create

REQUEST_INTENTS = ("refill", "results", "billing", "insurance", "records", "referral", "clinical_question")
# A message shorter than this says what the patient wants but not enough for staff to act on.
_ENOUGH_WORDS = 5
_SUMMARY = {
    "refill": "Refill request",
    "results": "Results request",
    "billing": "Billing question",
    "insurance": "Insurance question",
    "records": "Records request",
    "referral": "Referral request",
    "clinical_question": "Clinical question",
}


def request_start(turn: Turn, intent: str) -> None:
    turn.start("request", kind=intent, notes=[turn.text], urgency=turn.understanding.urgency)
    entities = turn.understanding.entities
    if intent == "refill":
        for key in ("medication", "pharmacy"):
            if entities.get(key):
                turn.data[key] = entities[key]
    _next(turn)


def request_answer(turn: Turn) -> bool:
    """What the patient answered to the last question; free text is always an answer."""
    step = turn.step
    turn.data.setdefault("notes", []).append(turn.text)
    if turn.understanding.urgency == "urgent":
        turn.data["urgency"] = "urgent"
    entities = turn.understanding.entities
    if step == "ask_medication":
        turn.data["medication"] = entities.get("medication") or turn.text.strip()[:200]
        if entities.get("pharmacy"):
            turn.data["pharmacy"] = entities["pharmacy"]
    elif step == "ask_pharmacy":
        turn.data["pharmacy"] = entities.get("pharmacy") or turn.text.strip()[:200]
    else:
        turn.data["described"] = True
    _next(turn)
    return True


def _next(turn: Turn) -> None:
    data = turn.data
    kind = data["kind"]
    if kind == "refill":
        if not data.get("medication"):
            turn.say("ask_medication")
            turn.wait_for("ask_medication")
            return
        if not data.get("pharmacy"):
            turn.say("ask_pharmacy")
            turn.wait_for("ask_pharmacy")
            return
    elif not data.get("described") and len(turn.words) < _ENOUGH_WORDS and kind != "clinical_question":
        team = routing_team_for(practice=turn.practice, kind=kind)
        turn.say("ask_details", team=_team_phrase(turn, TEAM_NAMES[turn.language][team]))
        turn.wait_for("ask_details")
        return
    _create(turn)


def _by_when(turn: Turn, due_at) -> str:
    """When the team will have answered, as a patient reads it: the time today, else the day."""
    local = due_at.astimezone(turn.practice.tz)
    if local.date() == turn.local_now.date():
        return day_and_time(local, turn.language)
    return day_only(local.date(), turn.language)


def _team_phrase(turn: Turn, team: str) -> str:
    return team if turn.language == "es" else f"our {team}"


def _create(turn: Turn) -> None:
    data = turn.data
    kind = data["kind"]
    urgent = data.get("urgency") == "urgent"
    summary = _SUMMARY[kind]
    if kind == "refill":
        summary = f"Refill: {data['medication']} — pharmacy: {data['pharmacy']}"
    task = task_create(
        actor=turn.actor,
        kind=kind,
        summary=summary,
        priority=Priority.URGENT if urgent else Priority.ROUTINE,
        patient=turn.patient,
        conversation=turn.conversation,
        details="\n".join(data.get("notes", [])),
    )
    due = _by_when(turn, task.due_at)
    if kind == "clinical_question":
        turn.say("clinical_taken", due=due)
    else:
        what, next_step = REQUEST_WORDS[turn.language][kind]
        team = TEAM_NAMES[turn.language][task.team]
        patient = turn.patient
        turn.say(
            "request_taken",
            name=patient.preferred_name or patient.given_name,
            what=what,
            team=team,
            next_step=next_step.format(due=due),
        )
    turn.finish()
