"""The local understanding engine: safety screen, intent and urgency model, dates, entities.

`understand` is what every channel and `mojoe nlu` call. The safety screen runs first and alone decides
"emergency": the model may raise a message to "urgent", never to an emergency and never below what the
screen found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from mojoe.assistant.nlu.classifier import models, normalize
from mojoe.assistant.nlu.dates import resolve_when
from mojoe.assistant.nlu.entities import extract_entities
from mojoe.assistant.nlu.schema import Understanding
from mojoe.assistant.safety import SafetyResult, screen

# Carrier keywords (CTIA): a message that is only one of these is about messaging itself, not care.
STOP_KEYWORDS = frozenset(
    {"stop", "stopall", "unsubscribe", "end", "quit", "optout", "revoke", "baja", "alto", "parar"}
)
START_KEYWORDS = frozenset({"start", "unstop", "yes start"})
HELP_KEYWORDS = frozenset({"help", "info", "ayuda"})
OPT_OUT_KEYWORDS = STOP_KEYWORDS | START_KEYWORDS | HELP_KEYWORDS
_URGENCY_RANK = {"routine": 0, "urgent": 1, "emergency": 2}
_ONLY_WORDS = re.compile(r"[^a-z ]")


def carrier_keyword(text: str) -> str | None:
    """The carrier keyword a message consists of ("stop", "help"…), or None."""
    words = _ONLY_WORDS.sub("", normalize(text)).strip()
    return words if words in OPT_OUT_KEYWORDS else None


def understand(
    text: str,
    *,
    now: datetime,
    providers: Sequence[tuple[object, str]] = (),
    appointment_types: Sequence[tuple[object, str]] = (),
    language: str | None = None,
    safety: SafetyResult | None = None,
) -> Understanding:
    """What a patient's message asks for, how urgent it is, when, and the details it names.

    `safety` is the screen's result when the caller already ran it on this text (the assistant screens
    every message first), so that it is not run twice.
    """
    safety = safety or screen(text, language=language)
    lang = safety.language
    trained = models()
    keyword = carrier_keyword(text)
    predicted = None if keyword else trained.intent.predict(text)
    intent = predicted.label if predicted else "opt_out"
    urgency = safety.urgency
    if urgency == "emergency" and intent == "other":
        intent = "clinical_question"  # a report of red-flag symptoms is for the clinical team (corpus README)
    if urgency != "emergency":
        modelled = trained.urgency.predict(text).label
        if _URGENCY_RANK[modelled] > _URGENCY_RANK[urgency]:
            urgency = "urgent"  # only the deterministic screen may call an emergency

    def details() -> dict:
        entities = extract_entities(
            text, language=lang, providers=providers, appointment_types=appointment_types
        )
        if keyword:
            entities["keyword"] = keyword.upper()
        if safety.category:
            entities["safety_category"] = safety.category
        return entities

    # Dates and details are read if a flow asks for them (see Understanding).
    return Understanding(
        intent=intent,
        urgency=urgency,
        when=lambda: resolve_when(text, now=now, language=lang),
        entities=details,
        language=lang,
        confidence=predicted.confidence if predicted else None,
    )
