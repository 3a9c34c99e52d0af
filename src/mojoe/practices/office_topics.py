"""Which office facts a patient's message asks about, in English, Spanish, or a mix of both.

Rules over the normalised text (lower case, no accents, no punctuation), written to miss rather than to guess:
a message that asks about no office fact gets no topic, and the assistant treats it as something else. Each
topic has patterns that ask *about the office* ("your fax", "are you open", "¿aceptan mi seguro?") rather
than words that merely mention the subject ("my phone number changed", "I waited for hours"). Keywords of
both languages are always looked for, because patients mix them; `language` only settles the few words
whose meaning depends on it ("red" is a colour in English and a network in Spanish).

The practice's own FAQ is matched by the words a message shares with an entry's question, stop words left
out; its insurance list and services add the names to look for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from mojoe.patients.models import fold
from mojoe.practices.office_words import (
    DAYS,
    DEVICES,
    GENERIC_SERVICE_WORDS,
    HOLIDAY_WORDS,
    KNOWN_INSURERS,
    LANGUAGE,
    MEDICATION,
    PLACE,
    SERVICE_NOUNS,
    SHORT_SERVICE_WORDS,
    SLOTS,
    STOP_WORDS,
    WEAK_WORDS,
    WEEKDAY_WORDS,
    YOU,
)

TOPICS = (
    "hours",
    "after_hours",
    "address",
    "directions",
    "parking",
    "phone",
    "fax",
    "email",
    "website",
    "insurance",
    "services",
    "languages",
)
FAQ_PREFIX = "faq:"

# Words written several ways, made one token so that they can be matched (and counted) once.
_COMPOUNDS = (
    (re.compile(r"\bwalk ins?\b"), "walkin"),
    (re.compile(r"\be mail\b"), "email"),
    (re.compile(r"\bx rays?\b"), "xray"),
    (re.compile(r"\bcheck ups?\b"), "checkup"),
    (re.compile(r"\bin network\b"), "innetwork"),
    (re.compile(r"\bafter hours\b"), "afterhours"),
    (re.compile(r"\bon call\b"), "oncall"),
    (re.compile(r"\bwhere s\b"), "wheres"),
)


# The topics, the insurers, the days asked about and the answer each normalize the same question.
@lru_cache(maxsize=256)
def normalize(text: str) -> str:
    """Lower case, accents and apostrophes gone, every other mark a space: "¿Dónde?" -> "donde"."""
    folded = fold((text or "").replace("’", "").replace("'", ""))
    folded = " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())
    for pattern, replacement in _COMPOUNDS:
        folded = pattern.sub(replacement, folded)
    return folded


@dataclass(frozen=True)
class _Rule:
    """A pattern that asks about the topic, unless the message also matches `unless`."""

    pattern: re.Pattern
    unless: re.Pattern | None = None

    def matches(self, text: str) -> bool:
        return bool(self.pattern.search(text)) and not (self.unless and self.unless.search(text))


def _rule(pattern: str, unless: str | None = None) -> _Rule:
    return _Rule(re.compile(pattern), re.compile(unless) if unless else None)


# --- the topics' rules ----------------------------------------------------------------------------------

_RULES: dict[str, tuple[_Rule, ...]] = {
    "after_hours": (
        _rule(r"\bafterhours\b"),
        _rule(rf"\b(when|if|while) (youre|you are|your|ur|u r|yall are|{YOU} is) closed\b"),
        _rule(r"\bafter (business hours|office hours|closing|you close)\b"),
        _rule(r"\b(oncall|answering service|middle of the night)\b"),
        _rule(r"\bfuera del? (horario|las horas|horas)\b"),
        _rule(r"\bcuando (esta|estan|este|esten) cerrad[oa]s?\b"),
        _rule(r"\bdespues del? (horario|las horas|cierre|cerrar|que cierran)\b"),
        _rule(r"\b(medico|doctor|enfermera) de guardia\b"),
    ),
    "hours": (
        _rule(rf"\b(are|r|is) {YOU} (open|closed?)\b(?! (to|by)\b)", unless=DEVICES),
        _rule(
            rf"\b{YOU} (open|close|closed|opening|closing)\b(?! (to|by|my|the|it|this|that)\b)",
            unless=DEVICES,
        ),
        _rule(
            rf"\b(open|closed?|opening|closing) (on |this |next |for |during |over |at |the |in )*"
            rf"({DAYS}|today|tonight|tomorrow|weekends?|{HOLIDAY_WORDS}|lunch|late|early|until|till|til|now)\b",
            unless=SLOTS + "|" + DEVICES,
        ),
        _rule(
            r"\b(office|opening|business|clinic|weekend|weekday|saturday|sunday|evening|holiday|summer|"
            r"winter|regular|normal|your|ur|the|what are|whats|practice|front desk) (hours|hrs)\b"
        ),
        _rule(r"^(hours|hrs)\b"),
        _rule(
            rf"\bhours (of operation|today|tomorrow|this week|on ({DAYS}|the weekend|weekends|holidays?))\b"
        ),
        _rule(r"\b(opening|closing) times?\b"),
        _rule(
            r"\bhorarios?\b",
            unless=r"\b(otros?|ese|este|nuevo|mismo|mi|un|algun|cualquier) horarios?\b|"
            r"\bhorarios? (de (mi|la|su|tu) cita|disponibles?)\b",
        ),
        _rule(
            r"\b(abren|abre|abierto|abierta|abiertos|abiertas|cierran|cierra|cerrado|cerrada|cerrados|"
            r"cerradas)\b",
            unless=DEVICES,
        ),
        _rule(r"\bhoras? de (atencion|oficina|apertura|cierre|servicio)\b"),
        _rule(r"\bhasta que hora\b"),
        _rule(
            rf"\batienden (hoy|manana|en la (manana|tarde|noche)|(los|el|este) fin(es)? de semana|"
            rf"(los|el|este|este proximo) {DAYS}|en {HOLIDAY_WORDS}|en fin de semana)\b"
        ),
    ),
    "address": (
        _rule(
            r"\b(your|ur|the|office|clinic|practice|street|physical|mailing|whats the|what is the|"
            r"whats your|what is your|whats ur) address\b",
            unless=r"\b(my|new|email) address\b|\baddress on (file|my)\b|\b(change|changed|update|updated) "
            r"(my |the )?address\b",
        ),
        _rule(r"^address\b"),
        _rule(r"\baddress (of|for) (the|your|ur) (office|clinic|practice|location|building)\b"),
        _rule(rf"\bwhere (are|r|is) {PLACE}( located| at)?\b"),
        _rule(rf"\bwheres {PLACE}\b"),
        _rule(rf"\bwhere (do|can) i find {PLACE}\b"),
        _rule(
            r"\b(located|locations?)\b",
            unless=r"\b(change|move|switch|changing|moving) (the |my )?location\b",
        ),
        _rule(r"\bwhat (city|town|street)\b"),
        _rule(
            r"\bdireccion\b",
            unless=r"\bdireccion (de )?(correo|email|e ?mail|electronica|web)\b|\b(mi|nueva) direccion\b|"
            r"\bcambi\w* (de |mi )?direccion\b",
        ),
        _rule(r"\bubicad[oa]s?\b|\bubicacion(es)?\b"),
        _rule(
            r"\bdonde (estan|quedan|se encuentran|los encuentro|las encuentro|los puedo encontrar)\b"
            r"(?! (mis|mi|los|las|sus|el|la)\b)"
        ),
        _rule(
            r"\bdonde (esta|queda|se encuentra|es) (el|la|su) (consultorio|clinica|oficina|edificio|practica)\b"
        ),
        _rule(r"\ben que (calle|ciudad)\b"),
    ),
    "directions": (
        _rule(r"\bdirections?\b", unless=MEDICATION),
        _rule(rf"\bhow (do|can|should|would) (i|we) get (there|here|to {PLACE}|to your|to the)\b"),
        _rule(r"\bhow to get (there|to (you|your|the))\b"),
        _rule(
            r"\b(bus|buses|subway|train|t stop|t station|public transport|public transportation|"
            r"public transit|commuter rail|shuttle)\b"
        ),
        _rule(
            r"\b(which|what) (entrance|door|floor|building|suite|entry)\b|\bwhere(s| is) the (main )?entrance\b"
        ),
        _rule(r"\bcomo (llego|llegar|se llega|llegamos|puedo llegar)\b"),
        _rule(r"\bindicaciones\b", unless=MEDICATION),
        _rule(r"\b(autobus|camion|metro|tren|transporte publico)\b"),
        _rule(r"\b(que|cual) (entrada|piso|puerta|edificio)\b|\bentrada\b|\belevador\b|\bascensor\b"),
    ),
    "parking": (
        _rule(r"\bpark(ing|ed)?\b", unless=r"\b(a|the|in the|at the|to the) park\b(?! (my|the|our) car)"),
        _rule(r"\bgarage\b|\bvalet\b|\b(accessible|handicap|handicapped|disabled) (spots?|spaces?)\b"),
        _rule(
            r"\b(estacionamiento|estacionar(me|se|nos)?|estaciono|estaciona|parqueo|parqueadero|"
            r"parquear(me)?|aparcar|aparcamiento|cochera)\b"
        ),
        _rule(r"\blugar para (el )?(carro|coche|auto)\b"),
    ),
    "fax": (
        _rule(
            r"\bfax(es)?\b|\bfacsimile\b",
            # "Can you fax my records?" asks the practice to send something: a records request.
            unless=r"\b(can|could|would|will) you( please)? fax\b|\bplease fax\b|\bfaxing\b|\bfaxed\b",
        ),
    ),
    "phone": (
        _rule(
            r"\b(your|ur|office|clinic|practice|main|front desk|whats the|what is the|whats your|"
            r"what is your|whats ur|direct) (tele)?phone( number| no| num)?\b",
            unless=r"\b(my|mine|new|cell|mobile|home|work) (cell |mobile |home )?(tele)?phone\b",
        ),
        _rule(
            r"\b(tele)?phone (number|no|num)\b",
            unless=r"\b(my|mine|new|cell|mobile|home|work|his|her|their) (cell |mobile |home )?(tele)?phone\b"
            r"|\bfax\b",
        ),
        _rule(r"\bnumber (to|i can|should i|do i|can i) call\b|\bwhat number (do|should|can) i\b"),
        _rule(r"\bwhat(s| is) (your|ur|the office|the clinic|the office s|the practice) number\b"),
        _rule(rf"\bhow (do|can|could) i (call|reach|contact|phone) {PLACE}\b"),
        _rule(
            r"\b(su|cual es el|cual es su|me da el|me dan el|me pueden dar el) (numero de )?telefono\b|"
            r"\btelefono de (ustedes|la (oficina|clinica|recepcion))\b",
            unless=r"\bmi (numero de )?telefono\b|\bcambi\w*\b|\bfax\b",
        ),
        _rule(r"\bnumero (para llamar|de ustedes|de la (oficina|clinica|recepcion))\b|\ba que numero\b"),
        _rule(
            r"\bcomo (los|las|le) (llamo|contacto|puedo llamar)\b|\bcual es (su|el) numero\b",
            unless=r"\bfax\b",
        ),
    ),
    "email": (
        _rule(
            r"\b(your|ur|the|office|clinic|practice|whats the|what is the|whats your|what is your|official) "
            r"email( address)?\b",
            unless=r"\b(my|new|personal|work) email\b|\bemail (me|it|them|him|her|us)\b",
        ),
        _rule(
            r"\bemail address\b", unless=r"\b(my|new|personal|work) email\b|\bemail (me|it|them|him|her|us)\b"
        ),
        _rule(
            r"\bemail (you|yall|you guys|the office|your office|the clinic)\b|\bhow (do|can|could) i email\b"
        ),
        _rule(
            r"\b(su|el|cual es el|cual es su) (correo|email|mail)( electronico)?\b",
            unless=r"\bmi (correo|email)\b|\bpor (correo|email)\b",
        ),
        _rule(r"\b(correo|correo electronico|email) de (ustedes|la (oficina|clinica))\b"),
    ),
    "website": (
        _rule(
            r"\b(website|web site|webpage|web page|homepage|home page|web address|url)\b|\byour (site|web)\b",
            # "Your website froze" is a complaint, not a question about where the site is.
            unless=r"\b(froze|frozen|broken|down|crash(ed|es)?|error|not working|isnt working|doesnt work|"
            r"wont load)\b",
        ),
        _rule(r"\b(pagina|sitio) (web|de internet|en internet)\b|\bsu (pagina|sitio)\b"),
    ),
    "languages": (
        _rule(
            r"\b(languages?|idiomas?|interpreters?|interpreting|interpretation|interpretes?|"
            r"translators?|translation|traductor(es|as?)?|traduccion)\b"
        ),
        _rule(rf"\b(speak|speaks|speaking|habla|hablan|hable|hablen|hablar)\b.*\b{LANGUAGE}\b"),
        _rule(rf"\b{LANGUAGE} (speaking|speaker|speakers)\b"),
        _rule(rf"\b(atender|atenderme|atienden|atiende) en {LANGUAGE}\b"),
    ),
}

# Insurance: a plan (by name or as "insurance") and a question of acceptance, so that "my insurance changed"
# or "is this covered by my insurance?" (a billing question) are not taken for "do you take my insurance?".
_INSURANCE_WORD = re.compile(
    r"\b(insurances?|insurance plans?|insurer|insurers|health plans?|plans?|seguros?|aseguranzas?|"
    r"aseguradoras?|planes|obamacare|marketplace)\b"
)
_ACCEPT = re.compile(
    r"\b(accept|accepts|accepted|accepting|take|takes|taken|taking|work with|works with|participate|"
    r"participating|innetwork|out of network|contracted|credentialed|aceptan|acepta|aceptado|aceptados|"
    r"aceptada|toman|toma|reciben|recibe|trabajan con|agarran|en la red|dentro de la red)\b"
)
_INSURANCE_LIST = re.compile(
    r"\b(which|what|que|cuales|cual) (kind of |kinds of |type of |types of |tipo de |tipos de )?"
    r"(insurances?|insurance plans?|health plans?|seguros?|aseguranzas?|planes de salud|planes medicos)\b"
)
_SPANISH_NETWORK = re.compile(r"\b(la|su|mi) red\b")

_SERVICE_RULES = (
    _rule(r"\bservices\b|\b(what|which) (kind of |type of )?service\b", unless=r"\bcustomer service\b"),
    _rule(
        rf"\b(do|does) ({YOU}|the doctors?|dr \w+|your doctors?|your providers?) "
        r"(offer|provide|do|perform|treat|give|take care of|handle)\b"
    ),
    _rule(rf"\b(do|does) ({YOU}|the doctors?|dr \w+|your doctors?) see\b(?! (me|us|him|her|them|my|you)\b)"),
    _rule(
        rf"\b(can|could) (i|we) get (a |an |my |the )?{SERVICE_NOUNS}\b",
        unless=r"\b(results?|resultados?)\b",
    ),
    _rule(
        rf"\b(have|is there|are there|any|accept|tienen|hacen|ponen) (a |an |any |un |una )?{SERVICE_NOUNS}\b",
        unless=r"\b(results?|resultados?)\b",
    ),
    _rule(r"\b(servicios?|ofrecen|ofrece|brindan|brinda|realizan|realiza|tratan)\b"),
    _rule(
        r"\batienden (a )?(ninos|ninas|bebes|adultos|mayores|embarazadas|mujeres|hombres|adolescentes|"
        r"pacientes|familias|sin cita)\b"
    ),
)
# "hay" and "dan" are Spanish verbs only in a Spanish conversation ("dan" is also a name).
_SPANISH_SERVICE_RULE = _rule(rf"\b(hay|dan) (un |una |unas |unos )?{SERVICE_NOUNS}\b")
# With the practice's own service list, a service it offers may be asked about by name.
_SERVICE_CUE = re.compile(
    rf"\b(do|does) ({YOU}|the doctors?)\b|\b(is|are) there\b|\b(can|could) i (get|have|do)\b|"
    r"\b(tienen|hay|hacen|ofrecen|ponen)\b|\bpuedo (hacerme|recibir|conseguir|sacar)\b"
)

# --- insurers -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InsurerMention:
    """An insurer a message names: how to show it, and every name that means it."""

    name: str
    aliases: tuple[str, ...]


def accepted_lines(facts) -> list[str]:
    """The practice's accepted insurances, one per line, as typed."""
    return split_lines(getattr(facts, "insurances_accepted", "") if facts is not None else "")


def split_lines(text: str) -> list[str]:
    """The non-empty lines of a list field, each trimmed."""
    return [line.strip(" \t-•*") for line in (text or "").splitlines() if line.strip(" \t-•*")]


def _plan_name(line: str) -> str:
    """ "Aetna (PPO and HMO)" -> "aetna": the name before any qualifier, normalised."""
    return normalize(re.split(r"[(:;,–—]| - ", line, maxsplit=1)[0])


@lru_cache(maxsize=64)
def _insurer_names(accepted: tuple[str, ...]) -> tuple[tuple[tuple[str, str], ...], re.Pattern[str]]:
    """(alias, name) of every insurer known or on this accepted list, longest alias first, and one pattern
    that finds any of them: most messages name none, which one search tells."""
    candidates: list[tuple[str, str]] = [
        (alias, name) for name, aliases in KNOWN_INSURERS.items() for alias in aliases
    ]
    candidates += [(_plan_name(line), line) for line in accepted if len(_plan_name(line)) >= 3]
    candidates.sort(key=lambda pair: len(pair[0]), reverse=True)
    any_name = re.compile(r"\b(?:" + "|".join(re.escape(alias) for alias, _ in candidates) + r")\b")
    return tuple(candidates), any_name  # remembered and shared: not to be changed by a caller


def insurers_mentioned(text: str, accepted: Sequence[str] = ()) -> list[InsurerMention]:
    """The insurers `text` names, longest names first ("Medicare Advantage" is not also "Medicare")."""
    normalized = normalize(text)
    candidates, any_name = _insurer_names(tuple(accepted))
    if not any_name.search(normalized):
        return []
    found: list[tuple[int, int, str]] = []
    for alias, name in candidates:
        for match in re.finditer(rf"\b{re.escape(alias)}\b", normalized):
            if all(match.end() <= start or match.start() >= end for start, end, _ in found):
                found.append((match.start(), match.end(), name))
    mentions: dict[str, InsurerMention] = {}
    for _start, _end, name in sorted(found):
        aliases = KNOWN_INSURERS.get(name) or (_plan_name(name),)
        mentions.setdefault(name, InsurerMention(name=name, aliases=aliases))
    return list(mentions.values())


def accepted_line_for(mention: InsurerMention, accepted: Sequence[str]) -> str | None:
    """The line of the practice's list that names this insurer, or None when none does."""
    for line in accepted:
        folded = normalize(line)
        if any(re.search(rf"\b{re.escape(alias)}\b", folded) for alias in mention.aliases):
            return line
    return None


# --- days asked about -----------------------------------------------------------------------------------


def days_asked(text: str) -> tuple[list[str], list[int]]:
    """The relative days ("today", "tomorrow") and weekdays (Monday = 0) a message asks about."""
    normalized = normalize(text)
    relative = []
    if re.search(r"\b(today|tonight|hoy|esta noche)\b", normalized):
        relative.append("today")
    # "mañana" is tomorrow, but "en la mañana" / "por la mañana" is the morning.
    if re.search(r"\btomorrow\b", normalized) or re.search(r"(?<!\bla )(?<!\blas )\bmanana\b", normalized):
        relative.append("tomorrow")
    weekdays = [
        day
        for day, words in WEEKDAY_WORDS.items()
        if any(re.search(rf"\b{word}\b", normalized) for word in words)
    ]
    if re.search(r"\b(weekends?|fin(es)? de semana)\b", normalized):
        weekdays += [day for day in (5, 6) if day not in weekdays]
    return relative, sorted(weekdays)


def holiday_named(text: str, names: Iterable[str]) -> list[str]:
    """Which of the holiday `names` the message names (every word of the name present)."""
    words = set(normalize(text).split())
    return [name for name in names if (parts := normalize(name).split()) and set(parts) <= words]


# --- the FAQ --------------------------------------------------------------------------------------------


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def content_words(text: str) -> list[str]:
    """The words that carry meaning, stop words left out, plurals made singular."""
    return [_stem(word) for word in normalize(text).split() if word not in STOP_WORDS]


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    # "park"/"parking", "doctor"/"doctores": one word's stem starts the other.
    return len(shorter) >= 4 and longer.startswith(shorter) and len(longer) - len(shorter) <= 3


def overlap(question_words: Sequence[str], message_words: Sequence[str]) -> float:
    """The share of a question's words the message has, from 0 (none) to 1 (all).

    One shared word is enough only when it is a telling one ("wheelchair", "walkin"), not a short or common
    one ("see", "accept", "appointment"): otherwise "do you accept Humana?" would match "Do you accept
    walk-ins?", and any message about appointments every FAQ about them.
    """
    asked = set(question_words)
    if not asked:
        return 0.0
    shared = [word for word in asked if any(_same_word(word, other) for other in message_words)]
    if len(shared) == 1 and (len(shared[0]) < 5 or shared[0] in GENERIC_SERVICE_WORDS | WEAK_WORDS):
        return 0.0
    return len(shared) / len(asked)


FAQ_MIN_OVERLAP = 0.5
MAX_FAQ_MATCHES = 2


def faq_matches(text: str, entries: Iterable) -> list:
    """The FAQ entries whose question (in English or Spanish) shares most of its words with `text`, best
    first."""
    message_words = content_words(text)
    scored = []
    for entry in entries:
        score = max(
            overlap(content_words(question), message_words)
            for question in (entry.question, entry.question_es)
            if question
        )
        if score >= FAQ_MIN_OVERLAP:
            scored.append((score, entry.position, entry))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [entry for _score, _position, entry in scored[:MAX_FAQ_MATCHES]]


# --- services -------------------------------------------------------------------------------------------


def services_named(text: str, lines: Sequence[str]) -> list[int]:
    """The indexes of the practice's service lines a message names by a distinctive word."""
    message_words = content_words(text)
    named = []
    for index, line in enumerate(lines):
        words = [
            word
            for word in content_words(line)
            if word not in GENERIC_SERVICE_WORDS and (len(word) >= 4 or word in SHORT_SERVICE_WORDS)
        ]
        if any(_same_word(word, other) for word in words for other in message_words):
            named.append(index)
    return named


# --- all together ---------------------------------------------------------------------------------------


def _is_insurance_question(normalized: str, language: str, accepted: Sequence[str]) -> bool:
    mentions = insurers_mentioned(normalized, accepted)
    plan = bool(mentions) or bool(_INSURANCE_WORD.search(normalized))
    if not plan:
        return False
    asks = bool(_ACCEPT.search(normalized) or _INSURANCE_LIST.search(normalized))
    if language == "es" and _SPANISH_NETWORK.search(normalized):
        asks = True
    # "Aetna?" on its own, after "do you take insurance?", is still the same question.
    short = bool(mentions) and len(content_words(normalized)) <= 3
    return asks or short


def _asks_services(normalized: str, language: str, facts) -> bool:
    if any(rule.matches(normalized) for rule in _SERVICE_RULES):
        return True
    if language == "es" and _SPANISH_SERVICE_RULE.matches(normalized):
        return True
    lines = split_lines(getattr(facts, "services", "")) + split_lines(getattr(facts, "services_es", ""))
    return bool(lines) and bool(_SERVICE_CUE.search(normalized)) and bool(services_named(normalized, lines))


def _builtin_topics(normalized: str, language: str, facts) -> set[str]:
    found = set()
    after_hours = [rule.pattern for rule in _RULES["after_hours"] if rule.matches(normalized)]
    if after_hours:
        found.add("after_hours")
        # "What do I do after hours?" is not also a question about the hours.
        for pattern in after_hours:
            normalized = pattern.sub(" ", normalized)
    for topic, rules in _RULES.items():
        if topic != "after_hours" and any(rule.matches(normalized) for rule in rules):
            found.add(topic)
    if _is_insurance_question(normalized, language, accepted_lines(facts)):
        found.add("insurance")
    if _asks_services(normalized, language, facts):
        found.add("services")
    return found


def find_topics(text: str, language: str = "en", *, faq: Iterable = (), facts=None) -> list[str]:
    """The topics of `text`: matched FAQ entries first ("faq:<id>", best first), then built-in topics in
    the order of TOPICS. `faq` are the practice's active entries, `facts` its OfficeFacts (for the names of
    its insurers and services); both may be left out."""
    normalized = normalize(text)
    if not normalized:
        return []
    matched = faq_matches(normalized, faq)
    found = _builtin_topics(normalized, language, facts)
    for entry in matched:
        # The practice's answer to "Do you accept walk-ins?" is the answer; the list of services that the
        # same words would also bring up is not.
        for question in (entry.question, entry.question_es):
            found -= _builtin_topics(normalize(question), language, facts) if question else set()
    return [f"{FAQ_PREFIX}{entry.pk}" for entry in matched] + [topic for topic in TOPICS if topic in found]
