"""The emergency screen: runs first on every inbound message and call transcript.

Deterministic and offline on purpose: the same text always gives the same answer, nothing leaves the
server, and every decision can be traced to one pattern (`SafetyResult.matched`). It errs on the side of
alarm for acute findings and stays quiet for the many routine messages that merely *mention* a condition
(results, records, refills, bills, history, idioms); see `safety_patterns` for the tables. Rules are
checked sentence by sentence, except the co-occurrence ones ("hit his head" ... "won't answer me"), which
look at every run of up to three consecutive sentences.

Phrases catch the wording they were written for and little else, so when no rule matches, the red flags
(`red_flags`) read the same sentences for concepts: findings that meet, states alarming alone, dangerous
meter readings. Their emergency is the same emergency (`SafetyResult.layer` says which layer found it).

The reply for an emergency tells the patient to call 911 (or to call or text 988 for suicide and
self-harm) in their language. It never gives medical advice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mojoe.assistant import safety_patterns as P
from mojoe.assistant.red_flags import red_flag_in
from mojoe.assistant.safety_context import FirstLook, fold, normalize, sentences

EMERGENCY, URGENT, ROUTINE = "emergency", "urgent", "routine"
LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class SafetyResult:
    urgency: str
    category: str | None = None
    matched: str | None = None
    language: str = "en"
    reply: str | None = None
    # Which layer found it: "rules" (a phrase in `safety_patterns`) or "red flags" (`red_flags`, concepts).
    layer: str | None = None

    @property
    def is_emergency(self) -> bool:
        return self.urgency == EMERGENCY


REPLIES = {
    ("en", "911"): (
        "This may be an emergency. Please call 911 now (or have someone near you call). "
        "Do not wait for a reply to this message. We are alerting our on-call staff."
    ),
    ("es", "911"): (
        "Esto puede ser una emergencia. Llame al 911 ahora mismo (o pida a alguien cerca que llame). "
        "No espere una respuesta a este mensaje. Estamos avisando a nuestro personal de guardia."
    ),
    ("en", "988"): (
        "You matter, and help is available right now. Please call or text 988 (Suicide & Crisis Lifeline), "
        "any time, day or night. If you have hurt yourself, taken something, or are in danger, call 911 now. "
        "We are alerting our on-call staff."
    ),
    ("es", "988"): (
        "Usted es importante y hay ayuda ahora mismo. Llame o envíe un mensaje de texto al 988 (Línea de "
        "Prevención del Suicidio y Crisis; para español, marque 988 y oprima 2), a cualquier hora. Si se ha "
        "hecho daño, tomó algo o está en peligro, llame al 911 ahora. Estamos avisando a nuestro personal de "
        "guardia."
    ),
    ("en", "overdose"): (
        "This may be an emergency. Please call 911 now. You can also reach Poison Control at 1-800-222-1222. "
        "If this was on purpose or you are thinking of hurting yourself, you can call or text 988 as well. "
        "We are alerting our on-call staff."
    ),
    ("es", "overdose"): (
        "Esto puede ser una emergencia. Llame al 911 ahora mismo. También puede llamar a Control de "
        "Envenenamientos al 1-800-222-1222. Si fue a propósito o piensa hacerse daño, también puede llamar o "
        "enviar un texto al 988. Estamos avisando a nuestro personal de guardia."
    ),
}

# A suspected emergency: the rules above found none, the learned net (`nlu.emergency_net`) reads one. The
# conversation goes on after this answer; a nurse is asked to call as soon as possible.
SUSPECTED = "suspected_emergency"
SUSPECTED_REPLIES = {
    "en": (
        "If this is an emergency or you have these symptoms now, please call 911 now (for thoughts of suicide "
        "or of hurting yourself, call or text 988). A nurse has been alerted and will call you as soon as "
        "possible."
    ),
    "es": (
        "Si esto es una emergencia o tiene estos síntomas ahora, llame al 911 ahora mismo (si piensa en el "
        "suicidio o en hacerse daño, llame o envíe un texto al 988). Ya avisamos a una enfermera, que le "
        "llamará lo antes posible."
    ),
}

# --- Language --------------------------------------------------------------------------------------------


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ES_WORDS = _wordset(
    "que de la el mi me por para con es una un los las tengo quiero cita citas necesito estoy esta hijo hija "
    "mama papa puedo dolor pecho se le ya muy mas hoy manana gracias hola buenos buenas porfa favor tiene "
    "pastillas hace cuando donde como pero sin del al su sus ella el esposo esposa bebe nino nina ayuda "
    "puede tomo tome fiebre sangre cabeza brazo cara respirar vivir morir seguro receta resultados "
    "pueden podria quisiera usted ustedes hablar llamar aqui ahi alla tambien eso esto mucho poco "
    "desde ayer tarde noche semana lunes martes miercoles jueves viernes sabado domingo veo sentido seguir "
    "viviendo nada algo alguien otra otro todo todos mucha muchos ahora ahorita quien cual porque pues "
    "hermano abuela abuelo cuanto cuesta horario consulta doctora enfermera voy ir vamos si "
    "en mis todas cancelar cancelen baja alto felices fiestas camino vale papeles mudar"
)
_EN_WORDS = _wordset(
    "the i my is to and of in it for you have can not with on please pls appointment appt this that he "
    "she his her cant dont what do are was be at get need want would could am thanks thank hi hello "
    "just will your me so if from an or about tomorrow today week"
)


def normalize_language(language: str | None) -> str | None:
    if not language:
        return None
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else "en"


def detect_language(text: str) -> str:
    """Spanish or English, from stopwords and Spanish-only characters; English when in doubt."""
    folded = fold(text.lower())
    words = re.findall(r"[a-z]+", folded)
    es = sum(w in _ES_WORDS for w in words) + 2 * len(re.findall(r"[ñ¿¡]", text.lower()))
    es += sum(1 for ch in text.lower() if ch in "áéíóú")
    es += sum(1 for w in words if len(w) > 4 and w.endswith(("cion", "ando", "iendo", "mente", "ado", "ada")))
    en = sum(w in _EN_WORDS for w in words)
    return "es" if es > en else "en"


# --- Screening ---------------------------------------------------------------------------------------------


def _suppressed(rule: P.Rule, sentence: str, match: re.Match[str], message: str) -> bool:
    """True when the finding is negated, in the past, hypothetical or (for topic rules) administrative.

    Also when an animal swallowed something ("the dog ate my pills") and, for co-occurrence rules, when the
    matched span is months or years old or names signs to watch for rather than signs seen.
    """
    before, after = sentence[: match.start()], sentence[match.end() :]
    if P.NEGATION_BEFORE.search(before):
        return True
    if P.ATTACHED_AFTER.search(after):
        return True
    # "the dog ate my pills", "our dog is having seizures", "the dog keeps coughing like he's choking"
    if P.ANIMAL.search(" ".join(before.split()[-6:])):
        return True
    # Said to be over or harmless ("she's fine now", "breathing has been normal since"); a wish to die only
    # when it is also told as history ("suicidal thoughts years ago, doing great now").
    if P.REASSURED.search(message) and (rule.category != "suicide" or P.PAST.search(message)):
        return True
    if rule.window and (P.LONG_AGO.search(match.group(0)) or P.WATCH_FOR.search(match.group(0))):
        return True
    if rule.category == "unresponsive" and (
        P.NOT_A_PERSON.search(" ".join(before.split()[-4:]))
        or re.match(r" to (?:emails?|calls?|texts?)", after)
    ):
        return True
    if P.IDIOM.search(sentence) or P.MEDIA.search(sentence):
        return True
    present = bool(P.PRESENT.search(sentence))
    if present:
        return False
    if P.PAST.search(sentence) or P.AFTERCARE.search(sentence) or P.EPISODIC.search(sentence):
        return True
    if P.HYPOTHETICAL.search(before):
        return True
    if rule.strong:
        return False
    if P.IDIOM_BEFORE.search(before) or P.LAUGH.search(message):
        return True
    if P.PRESENT.search(message):
        return False
    # A condition named as a topic ("a heart attack", "my seizure") is looked at in the whole message:
    # "... after a heart attack? had mine in june" and "is X covered? my dad had a stroke" are history.
    if P.AFTER_EVENT.search(before) or P.PAST.search(message) or P.AFTERCARE.search(message):
        return True
    return bool(P.ADMIN.search(message))


def _windows(parts: list[str]) -> list[str]:
    """Every run of up to `WINDOW` consecutive sentences, for the co-occurrence rules."""
    if len(parts) == 1:
        return parts
    return [" ".join(parts[i : i + P.WINDOW]) for i in range(max(1, len(parts) - P.WINDOW + 1))]


# Rule list (by identity: the tables are module constants) -> any of its sentence rules, any of its window
# rules (see safety_context.FirstLook).
_ANY_OF: dict[int, tuple[FirstLook, FirstLook]] = {}


def _first_hit(rules: list[P.Rule], parts: list[str], message: str) -> tuple[P.Rule, str] | None:
    # Most messages match no rule at all: one search per sentence (and per window) over all the rules at
    # once, in the regex engine, finds that in a fraction of the time asking each rule in turn takes.
    if id(rules) not in _ANY_OF:
        _ANY_OF[id(rules)] = (
            FirstLook(rule.pattern for rule in rules if not rule.window),
            FirstLook(rule.pattern for rule in rules if rule.window),
        )
    any_in_sentence, any_in_window = _ANY_OF[id(rules)]
    parts_hit = [sentence for sentence in parts if any_in_sentence.search(sentence)]
    windows = [text for text in _windows(parts) if any_in_window.search(text)]
    if not parts_hit and not windows:
        return None
    gates: dict[re.Pattern[str], bool] = {}
    for rule in rules:
        if rule.requires is not None:
            if rule.requires not in gates:
                gates[rule.requires] = rule.requires.search(message) is not None
            if not gates[rule.requires]:
                continue
        if not rule.window:
            for sentence in parts_hit:
                for match in rule.pattern.finditer(sentence):
                    if not _suppressed(rule, sentence, match, message):
                        return rule, match.group(0)
            continue
        for text in windows:
            # Matches may overlap: a suppressed span ("a concussion last year ... vomiting") must not hide a
            # later one that starts inside it ("hit his head again ... vomiting").
            match = rule.pattern.search(text)
            while match is not None:
                if not _suppressed(rule, text, match, message):
                    return rule, match.group(0)
                match = rule.pattern.search(text, match.start() + 1)
    return None


# Which answer a category gets; every other emergency gets the 911 one.
_REPLY_KEYS = {"suicide": "988", "overdose": "overdose", "child poisoning": "overdose"}


def _reply(category: str, language: str) -> str:
    return REPLIES[(language, _REPLY_KEYS.get(category, "911"))]


def screen(text: str, *, language: str | None = None) -> SafetyResult:
    """Screen one inbound message for emergencies (then for same-day urgency).

    `language` is the conversation's language when known ("en", "es", "es-MX"...); otherwise it is
    detected from the text. Emergencies come with the reply to send at once; other results have none.
    """
    lang = normalize_language(language) or detect_language(text or "")
    parts = sentences(text or "")
    if not parts:
        return SafetyResult(ROUTINE, language=lang)
    message = " ".join(parts)

    hit = _first_hit(P.EMERGENCY_RULES, parts, message)
    if hit is None and P.PREGNANCY_CUE.search(message):
        hit = _first_hit(P.PREGNANCY_RULES, parts, message)
    if hit is not None:
        rule, matched = hit
        category = rule.category
        if category == "bleeding" and P.PREGNANCY_CUE.search(message):
            category = "pregnancy"
        return SafetyResult(EMERGENCY, category, matched, lang, _reply(category, lang), "rules")
    # No phrase matched: the red flags read the same sentences for concepts (new wording, recall first).
    flag = red_flag_in(parts)
    if flag is not None:
        return SafetyResult(
            EMERGENCY, flag.category, flag.matched, lang, _reply(flag.category, lang), "red flags"
        )

    hit = _first_hit(P.URGENT_RULES, parts, message)
    if hit is not None:
        rule, matched = hit
        return SafetyResult(URGENT, rule.category, matched, lang, layer="rules")
    return SafetyResult(ROUTINE, language=lang)


__all__ = [
    "EMERGENCY",
    "ROUTINE",
    "SUSPECTED",
    "SUSPECTED_REPLIES",
    "URGENT",
    "SafetyResult",
    "detect_language",
    "normalize",
    "screen",
]
