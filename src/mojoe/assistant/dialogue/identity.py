"""Who is writing: identify the patient and verify them before anything of theirs is shown or changed.

A phone number or email address the channel gives us *identifies* a record; the date of birth *verifies*
it. Without such a match (web chat, a shared family phone) the patient gives their full name and date of
birth, and exactly one record must match both. Answers never reveal whether a name exists. Three failed
tries hand the conversation to staff.

A newcomer who wants to book may say NEW: their name, date of birth and phone are kept in the
conversation's memory and the record is created together with the booking, never without one.
"""

from __future__ import annotations

import re
from datetime import date

import phonenumbers
from django.conf import settings

from mojoe.assistant.dialogue.context import Turn
from mojoe.audit.models import AuditAction
from mojoe.audit.services import audit_record
from mojoe.core.statements import RowLookup
from mojoe.messaging.models import ConversationChannel
from mojoe.patients.models import Patient, fold
from mojoe.patients.selectors import parse_birth_date

MAX_TRIES = 3
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_NEW_WORDS = frozenset({"new", "nuevo", "nueva"})


def birth_date_in(turn: Turn) -> date | None:
    """A date of birth in the message: 3/14/1985 (14/03/1985 in Spanish), 1985-03-14, March 14 1985."""
    for raw in _NUMERIC_DATE.findall(turn.text):
        value = None
        if turn.language == "es":
            parts = re.split(r"[/.-]", raw)
            if len(parts[0]) <= 2:
                value = parse_birth_date(f"{parts[1]}/{parts[0]}/{parts[2]}")
        value = value or parse_birth_date(raw.replace(".", "/"))
        if value and date(1900, 1, 1) <= value <= turn.local_now.date():
            return value
    found = turn.understanding.entities.get("date_of_birth")
    return date.fromisoformat(found) if found else None


def _name_words(text: str, birth: date | None) -> list[str]:
    """The words of a message that could be a name: letters only, without the date and filler words."""
    cleaned = _NUMERIC_DATE.sub(" ", text)
    words = re.findall(r"[a-z]+(?:['-][a-z]+)*", fold(cleaned))
    filler = {
        "my", "name", "is", "im", "i", "am", "and", "dob", "born", "birth", "date", "of", "on", "the", "its",
        "mi", "nombre", "es", "me", "llamo", "soy", "y", "fecha", "de", "nacimiento", "naci", "el", "la",
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "january",
        "february", "march", "april", "june", "july", "august", "september", "october", "november",
        "december", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
        "octubre", "noviembre", "diciembre", "hi", "hello", "hola", "thanks", "gracias", "yes", "si",
    }  # fmt: skip
    return [w for w in words if w not in filler]


def _matches(patient: Patient, words: set[str]) -> bool:
    """Given (or preferred) name and every part of the family name among the words the patient sent."""
    words = words | {part for word in words for part in word.split("-")}
    given = {fold(patient.given_name), fold(patient.preferred_name)} - {""}
    family_parts = set(fold(patient.family_name).replace("-", " ").split())
    return bool(given & words) and bool(family_parts) and family_parts <= words


# Asked on most texts' first turn (see core.statements).
_BY_PHONE = RowLookup(Patient, by=("practice", "active"), any_of={"phone": ("phone_mobile", "phone_home")})


def _contact_candidates(turn: Turn) -> list:
    """The ids of (at most two of) the active patients whose phone or email the conversation comes from."""
    conversation = turn.conversation
    # Only the ids: whether there is exactly one, and which, is all identity_start needs.
    if conversation.channel in (ConversationChannel.SMS, ConversationChannel.VOICE):
        return _BY_PHONE.pks(limit=2, practice=turn.practice, active=True, phone=conversation.address)
    if conversation.channel == ConversationChannel.EMAIL:
        found = Patient.objects.filter(
            practice=turn.practice, active=True, email__iexact=conversation.address
        )
        return list(found.values_list("pk", flat=True)[:2])
    return []


def _verified(turn: Turn, patient: Patient) -> None:
    conversation = turn.conversation
    conversation.patient = patient
    conversation.verified_at = turn.now
    audit_record(
        actor=turn.actor,
        action=AuditAction.READ,
        obj=conversation,
        patient=patient,
        detail={"verified": conversation.channel},
    )
    turn.say("verified", name=patient.preferred_name or patient.given_name)


def identity_start(turn: Turn, resume: dict) -> None:
    """Ask for what verifies the patient, remembering what to do once they are verified."""
    turn.state["resume"] = resume
    turn.state["identity"] = {"tries": 0, "words": [], "birth": None}
    candidates = _contact_candidates(turn)
    if len(candidates) == 1:
        turn.state["identity"]["candidate"] = str(candidates[0])
        turn.say("ask_dob_known_contact")
    else:
        turn.say("ask_name_dob")
    turn.wait_for("identify")


def identity_answer(turn: Turn) -> bool | None:
    """Read an answer to the identity question: True when verified, False when handed off, None to wait."""
    memory = turn.state.setdefault("identity", {"tries": 0, "words": [], "birth": None})
    resume = turn.state.get("resume") or {}
    if resume.get("flow") == "book" and set(turn.words) & _NEW_WORDS and len(turn.words) <= 3:
        turn.state["newcomer"] = {}
        turn.wait_for("newcomer")
        turn.say("ask_newcomer")
        return None
    birth = birth_date_in(turn)
    if birth:
        memory["birth"] = birth.isoformat()
    memory["words"] = sorted(set(memory["words"]) | set(_name_words(turn.text, birth)))
    candidate = memory.get("candidate")
    if candidate:
        if not birth:
            turn.say("ask_dob_known_contact")
            return None
        patient = Patient.objects.filter(pk=candidate, practice=turn.practice).first()
        if patient and patient.birth_date == birth:
            _verified(turn, patient)
            return True
        return _failed(turn, memory, resume)
    if not memory["birth"]:
        turn.say("ask_dob" if memory["words"] else "ask_name_dob")
        return None
    if not memory["words"]:
        turn.say("ask_name")
        return None
    words = set(memory["words"])
    born = date.fromisoformat(memory["birth"])
    matches = [
        p for p in Patient.objects.filter(practice=turn.practice, active=True, birth_date=born)
        if _matches(p, words)
    ]  # fmt: skip
    if len(matches) == 1:
        _verified(turn, matches[0])
        return True
    return _failed(turn, memory, resume)


def _failed(turn: Turn, memory: dict, resume: dict) -> bool | None:
    memory["tries"] += 1
    memory["words"], memory["birth"] = [], None
    if memory["tries"] >= MAX_TRIES:
        return False
    if resume.get("flow") == "book" and not memory.get("candidate"):
        turn.say("verify_failed_new", practice=turn.practice.name)
    else:
        turn.say("verify_failed")
    return None


def newcomer_answer(turn: Turn) -> bool:
    """Collect a newcomer's full name, date of birth and phone (in one message or several); True when complete."""
    newcomer = turn.state.setdefault("newcomer", {})
    region = settings.MOJOE_DEFAULT_PHONE_REGION
    text = turn.text
    for match in phonenumbers.PhoneNumberMatcher(text, region):
        if phonenumbers.is_valid_number(match.number):
            newcomer["phone"] = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            text = text.replace(match.raw_string, " ")
    birth = birth_date_in(turn)
    if birth:
        newcomer["birth_date"] = birth.isoformat()
    allowed = set(_name_words(text, birth))
    names = list(re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", _NUMERIC_DATE.sub(" ", text)))
    names = [w for w in names if fold(w) in allowed]
    if len(names) >= 2:
        newcomer["given_name"] = names[0][:100].capitalize()
        newcomer["family_name"] = " ".join(w.capitalize() for w in names[1:4])[:100]
    missing = [key for key in ("given_name", "birth_date", "phone") if key not in newcomer]
    if missing:
        turn.say("ask_newcomer_" + missing[0])
        return False
    return True


def newcomer_fields(turn: Turn) -> dict | None:
    """The patient fields of a newcomer, for `appointment_book_new_patient`."""
    newcomer = turn.state.get("newcomer")
    if not newcomer or "birth_date" not in newcomer or "given_name" not in newcomer:
        return None
    return {
        "given_name": newcomer["given_name"],
        "family_name": newcomer["family_name"],
        "birth_date": date.fromisoformat(newcomer["birth_date"]),
        "phone_mobile": newcomer.get("phone", ""),
        "preferred_language": turn.language,
    }


def has_identity(turn: Turn) -> bool:
    return turn.patient is not None
