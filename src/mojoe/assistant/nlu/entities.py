"""The details a patient's message names: phone, date of birth, name, provider, visit type, medication, pharmacy.

`extract_entities` returns only the keys it found:

* "phone": E.164, read by `phonenumbers` with the US as the default region.
* "date_of_birth": "YYYY-MM-DD", after a keyword (DOB, born, birthday, date of birth, fecha de nacimiento,
  nací el, cumpleaños) or, without one, any full date whose year is at least two years back. Numeric dates
  are month/day/year in English and day/month/year in Spanish, unless a part above 12 settles the order.
  Two-digit years are this century unless that would be in the future ("80" → 1980, "05" → 2005).
* "name": after "my name is", "name:", "mi nombre es", "me llamo" (any case), or after "this is", "I'm",
  "soy", "habla" when the words are capitalised (so "this is urgent" and "soy diabético" are not names).
* "provider_id", "provider_name": the practice's provider the message names ("Dr. Hartwell", "dr hartwel",
  "la doctora Ramírez", "Eleanor"), matched accent-insensitively on family name, given name or full name
  with a small typo tolerance (difflib ratio ≥ 0.85). A name without a title must be capitalised (unless the
  whole message is lower case); a first name alone counts only after words like "see", "with", "con"
  ("my mom Eleanor" is not a provider); the patient's own name never counts; a name that fits two providers
  equally matches none.
* "appointment_type_hint" (physical, follow_up, sick, new_patient, telehealth, procedure, vaccine, lab) and
  "appointment_type_id" when one of the practice's types has that hint or is named outright.
* "medication": the generic name (built-in list of common drugs, with Spanish spellings and a few brands
  mapped to it, small typo tolerance), else the words after "refill (of) my", "out of", "more", "se me acabó",
  "me quedé sin"…; "medications" lists them all when there is more than one.
* "pharmacy": a chain ("CVS on Main St", "Walgreens") with its location words, "<Name> Pharmacy", or
  "farmacia <name>".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

import phonenumbers

from mojoe.assistant.nlu.dates import MONTH_NUMBERS, fold
from mojoe.assistant.nlu.medications import _known_medications, _medication_phrase
from mojoe.assistant.nlu.pharmacies import _pharmacy
from mojoe.assistant.nlu.vocabulary import _WORD_RE, _word_set

# ---------------------------------------------------------------------------------------------------------
# phone


def _phone(text: str) -> str | None:
    if sum(char.isdigit() for char in text) < 7:
        return None
    for match in phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.VALID):
        return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None


# ---------------------------------------------------------------------------------------------------------
# date of birth

_MONTH_NUMBERS = {**MONTH_NUMBERS, "setiembre": 9}
_MONTH_ALT = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_DOB_KEYWORD_RE = re.compile(
    r"\b(?:dob|d\.o\.b|date\s+of\s+birth|birth\s?date|born|birthday|b-?day|fecha\s+de\s+nacimiento|"
    r"f\.?\s?nac|naci|nacimiento|cumpleanos|fecha\s+de\s+nac)\b"
)
_NUMERIC_DATE_RE = re.compile(r"(?<![\d/.-])(\d{1,4})([/.-])(\d{1,2})\2(\d{2,4})(?![\d/.-])")
_MONTH_FIRST_RE = re.compile(
    r"\b(" + _MONTH_ALT + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:de\s+|del\s+)?(\d{4}|\d{2})\b"
)
_DAY_FIRST_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+|de\s+)?("
    + _MONTH_ALT
    + r")\.?,?\s+(?:de\s+|del\s+)?(\d{4}|\d{2})\b"
)


def _full_year(raw: str, today: date) -> int:
    year = int(raw)
    if len(raw) <= 2:
        year += 2000 if year <= today.year % 100 else 1900
    return year


def _dates_in(folded: str, language: str, today: date) -> list[tuple[int, date, bool]]:
    """Every full (day, month, year) date in the text: its position, the date, whether the year has 4 digits."""
    found: list[tuple[int, date | None, bool]] = []
    for match in _NUMERIC_DATE_RE.finditer(folded):
        first, _sep, second, third = match.groups()
        if len(first) == 4:
            parts = (int(first), int(second), int(third))
        else:
            a, b = int(first), int(second)
            if a > 12 >= b or (language == "es" and b <= 12):
                a, b = b, a
            parts = (_full_year(third, today), a, b)
        found.append((match.start(), _valid_date(*parts), len(first) == 4 or len(third) == 4))
    for regex, month_group, day_group in ((_MONTH_FIRST_RE, 1, 2), (_DAY_FIRST_RE, 2, 1)):
        for match in regex.finditer(folded):
            month, day, year = (
                _MONTH_NUMBERS[match.group(month_group)],
                int(match.group(day_group)),
                match.group(3),
            )
            found.append((match.start(), _valid_date(_full_year(year, today), month, day), len(year) == 4))
    return sorted((pos, value, long_year) for pos, value, long_year in found if value is not None)


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_of_birth(folded: str, language: str, today: date) -> str | None:
    candidates = [
        (pos, value, long_year)
        for pos, value, long_year in _dates_in(folded, language, today)
        if value.year >= 1900 and value <= today
    ]
    if not candidates:
        return None
    keywords = [match.end() for match in _DOB_KEYWORD_RE.finditer(folded)]
    for pos, value, _long_year in candidates:
        if any(0 <= pos - end <= 25 for end in keywords):
            return value.isoformat()
    # Without a keyword only a 4-digit year will do: "4 dec 10" is an appointment on Dec 4 at 10.
    for _pos, value, long_year in candidates:
        if long_year and value.year <= today.year - 2:
            return value.isoformat()
    return None


# ---------------------------------------------------------------------------------------------------------
# name

_NAME_ANY_CASE_RE = re.compile(
    r"\b(?:my\s+name\s+is|my\s+name's|name\s*:|patient\s+name\s*:?|mi\s+nombre\s+es|me\s+llamo|"
    r"nombre\s*:|nombre\s+del\s+paciente\s*:?)\s*"
)
_NAME_CAPITAL_RE = re.compile(r"\b(?:this\s+is|it's|its|i\s+am|i'm|im|soy|habla|le\s+escribe|le\s+habla)\s+")
_NAME_TOKEN_RE = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:['’-][^\W\d_]+)*", re.UNICODE)
_NAME_PARTICLES = {"de", "del", "la", "las", "los", "van", "von", "da", "di", "le", "st", "mc"}
_NAME_STOP = _word_set(
    "and i im i'm my me calling from to for about with the a an please pls plz thanks thank thx here again "
    "is at on in dob born phone number birthday cell call text calling writing regarding re but so "
    "y en para con quiero necesito tengo llamo le el es mi por favor gracias hola llamando escribiendo "
    "sobre porque pero que necesitaria queria"
)
_NOT_NAMES = _word_set(
    "urgent sick running late not calling trying having feeling out so very still back ready available "
    "dr dra doctor doctora doc nurse the a an your you from with just done fine good ok okay sorry "
    "interested unable able going coming new here there worried concerned pregnant diabetic allergic "
    "enfermo enferma diabetico diabetica alergico alergica nuevo nueva paciente el la un una de del "
    "following also only really a monday tuesday wednesday thursday friday saturday sunday lunes martes "
    "miercoles jueves viernes sabado domingo today tomorrow hoy manana spelled misspelled wrong incorrect "
    "different changed missing listed wrongly"
)


def _name(text: str, folded: str) -> tuple[str, tuple[int, int]] | None:
    for regex, needs_capital in ((_NAME_ANY_CASE_RE, False), (_NAME_CAPITAL_RE, True)):
        for match in regex.finditer(folded):
            found = _name_after(text, folded, match.end(), needs_capital)
            if found:
                return found
    return None


def _name_after(
    text: str, folded: str, start: int, needs_capital: bool
) -> tuple[str, tuple[int, int]] | None:
    tokens: list[tuple[int, int]] = []
    position = start
    while len(tokens) < 5:
        match = _NAME_TOKEN_RE.match(text, position)
        if not match:
            break
        word = folded[match.start() : match.end()]
        if word in _NAME_PARTICLES and tokens:
            follower = _NAME_TOKEN_RE.match(text, _skip_spaces(text, match.end()))
            if follower and (not needs_capital or text[follower.start()].isupper()):
                tokens.append((match.start(), match.end()))
                position = _skip_spaces(text, match.end())
                continue
            break
        if word in _NAME_STOP or (not tokens and word in _NOT_NAMES):
            break
        if needs_capital and not text[match.start()].isupper():
            break
        tokens.append((match.start(), match.end()))
        gap_end = _skip_spaces(text, match.end())
        if gap_end == match.end() or text[match.end() : gap_end].count("\n"):
            break
        position = gap_end
    while tokens and folded[tokens[-1][0] : tokens[-1][1]] in _NAME_PARTICLES:
        tokens.pop()
    if not tokens or (
        needs_capital and len(tokens) == 1 and folded[tokens[0][0] : tokens[0][1]] in _NOT_NAMES
    ):
        return None
    span = (tokens[0][0], tokens[-1][1])
    name = text[span[0] : span[1]]
    if name.islower() or name.isupper():
        name = " ".join(
            part if part.lower() in _NAME_PARTICLES else _capitalize(part) for part in name.split()
        )
    return name, span


def _capitalize(word: str) -> str:
    """Capitalise each piece of a compound name: "mary-kate" → "Mary-Kate", "o'neil" → "O'Neil"."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), word)


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t":
        position += 1
    return position


# ---------------------------------------------------------------------------------------------------------
# providers

_TITLES = _word_set(
    "dr dra doctor doctora doc md do np pa pac fnp dnp aprn rn phd mph facp faafp bc lcsw lpc psyd dds dmd od "
    "mr mrs ms miss sr sra srta jr ii iii iv c"
)
_TITLE_MENTION_RE = re.compile(
    r"\b(?:dr|dra|doctor|doctora|doc|nurse|np|pa)\b\.?\s*([a-z][a-z'-]+)(?:\s+([a-z][a-z'-]+))?"
)
# A first name alone names a provider only after words like "see Eleanor", "con Sofía" ("my mom Eleanor" does not).
_GIVEN_NAME_LEAD_RE = re.compile(
    r"\b(?:see|seeing|with|con|from|ask|tell|message|for|to|prefer|book|schedule|appointment|appt|cita|"
    r"visit|is|was|por|ver|a|de)\s+$"
)
_FUZZY_CUTOFF = 0.85


@lru_cache(maxsize=64)
def _provider_index(
    providers: tuple[tuple[object, str], ...],
) -> tuple[tuple[object, str, tuple[str, ...]], ...]:
    index = []
    for provider_id, name in providers:
        words = [w.strip("'-") for w in _WORD_RE.findall(fold(name).replace(".", " "))]
        words = [w for w in words if w and w not in _TITLES]
        if words:
            index.append((provider_id, name, tuple(words)))
    return tuple(index)


def _similar(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) < 4 or len(b) < 4 or a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < _FUZZY_CUTOFF or matcher.quick_ratio() < _FUZZY_CUTOFF:
        return 0.0
    return matcher.ratio()


def _provider(
    text: str, folded: str, providers: Sequence[tuple[object, str]], skip: tuple[int, int] | None
) -> tuple[object, str] | None:
    index = _provider_index(tuple((pid, name) for pid, name in providers))
    if not index:
        return None
    scores: dict[int, float] = {}

    def credit(position: int, score: float) -> None:
        if score > scores.get(position, 0.0):
            scores[position] = score

    for match in _TITLE_MENTION_RE.finditer(folded):
        first, second = match.group(1), match.group(2)
        for position, (_pid, _name, words) in enumerate(index):
            best_first = max(_similar(first, word) for word in words)
            if best_first < _FUZZY_CUTOFF:
                continue
            score = 2.0 + best_first
            if second and len(words) > 1:
                best_second = max(_similar(second, word) for word in words[1:])
                if best_second >= _FUZZY_CUTOFF:
                    score += best_second
            credit(position, score)
    if not scores:
        lowercase_message = not any(char.isupper() for char in text)
        for match in _WORD_RE.finditer(folded):
            if skip and skip[0] <= match.start() < skip[1]:
                continue
            if not lowercase_message and not text[match.start()].isupper():
                continue
            word = match.group()
            for position, (_pid, _name, words) in enumerate(index):
                family = max((_similar(word, w) for w in words[1:]), default=0.0)
                given = (
                    1.0
                    if word == words[0]
                    and len(word) >= 3
                    and _GIVEN_NAME_LEAD_RE.search(folded, 0, match.start())
                    else 0.0
                )
                score = max(family if family >= _FUZZY_CUTOFF else 0.0, given * 0.9)
                if score:
                    credit(position, score)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < 0.05:
        return None  # two providers fit equally: better to ask than to guess
    provider_id, name, _words = index[ranked[0][0]]
    return provider_id, name


# ---------------------------------------------------------------------------------------------------------
# appointment types

_TYPE_HINTS = (
    (
        "new_patient",
        r"new\s+patient|new\s+pt|first\s+(?:visit|appointment|appt)|paciente\s+nuev[oa]|nuev[oa]\s+paciente|"
        r"primera\s+(?:vez|consulta|cita)",
    ),
    (
        "telehealth",
        r"tele-?health|tele-?medicine|telemedicina|video(?:\s+(?:visit|call|appointment|appt))?|videollamada|"
        r"virtual(?:ly)?|zoom|online\s+(?:visit|appointment)|(?:tele)?phone\s+(?:visit|appointment|appt)|"
        r"consulta\s+(?:virtual|en\s+linea|por\s+video)",
    ),
    (
        "follow_up",
        r"follow[\s-]?ups?|f/u|re-?check|seguimiento|(?:cita|consulta|visita)\s+de\s+control|control\s+de",
    ),
    (
        "physical",
        r"(?:annual\s+|yearly\s+|routine\s+)?physical(?:\s+exam)?(?!\s+therap)|annual\s+(?:exam|visit|check\s?-?up|appt|appointment)|"
        r"check\s?-?up|wellness(?:\s+(?:visit|exam))?|well\s+(?:visit|woman|child|baby)|chequeo(?:\s+anual)?|"
        r"revision\s+(?:anual|general)|examen\s+fisico|fisico\s+anual",
    ),
    (
        "sick",
        r"sick\s+(?:visit|appointment|appt)|same[\s-]day(?:\s+(?:visit|appointment|appt))?|acute\s+visit|"
        r"consulta\s+por\s+enfermedad|cita\s+por\s+enfermedad",
    ),
    (
        "procedure",
        r"procedures?|biopsy|biopsia|mole\s+removal|skin\s+tag|wart|iud|suture\s+removal|stitches\s+(?:out|removal)|"
        r"joint\s+injection|cortisone\s+(?:shot|injection)|ear\s?wax\s+removal|procedimiento",
    ),
    (
        "vaccine",
        r"flu\s+shot|vaccines?|vaccination|immuni[sz]ation|booster|tdap|shingles\s+shot|vacunas?|vacunacion",
    ),
    (
        "lab",
        r"blood\s?work|lab\s?work|blood\s+(?:test|draw)|labs?\s+(?:appointment|appt|visit|draw)|"
        r"analisis\s+de\s+sangre|examen(?:es)?\s+de\s+sangre|laboratorio",
    ),
)
_HINT_RES = tuple((hint, re.compile(r"\b(?:" + pattern + r")\b")) for hint, pattern in _TYPE_HINTS)
_GENERIC_TYPE_WORDS = {"visit", "appointment", "appt", "cita", "consulta", "visita", "exam", "the", "a", "de"}


def _hint(folded: str) -> tuple[int, str] | None:
    found = [(m.start(), hint) for hint, regex in _HINT_RES if (m := regex.search(folded))]
    return min(found) if found else None


@lru_cache(maxsize=64)
def _type_index(types: tuple[tuple[object, str], ...]) -> tuple[tuple[object, str | None, str], ...]:
    index = []
    for type_id, name in types:
        folded = fold(name)
        hint = _hint(folded)
        core = " ".join(w for w in _WORD_RE.findall(folded) if w not in _GENERIC_TYPE_WORDS)
        index.append((type_id, hint[1] if hint else None, core))
    return tuple(index)


def _appointment_type(folded: str, types: Sequence[tuple[object, str]]) -> dict:
    out: dict = {}
    found = _hint(folded)
    if found:
        out["appointment_type_hint"] = found[1]
    index = _type_index(tuple((tid, name) for tid, name in types))
    named = [
        tid for tid, _hint_name, core in index if core and re.search(r"\b" + re.escape(core) + r"\b", folded)
    ]
    if len(named) == 1:
        out["appointment_type_id"] = named[0]
        hint_of_named = next(h for tid, h, _core in index if tid == named[0])
        if hint_of_named and "appointment_type_hint" not in out:
            out["appointment_type_hint"] = hint_of_named
    elif found:
        matching = [tid for tid, hint, _core in index if hint == found[1]]
        if len(matching) == 1:
            out["appointment_type_id"] = matching[0]
    return out


# ---------------------------------------------------------------------------------------------------------


def extract_entities(
    text: str,
    *,
    language: str = "en",
    providers: Sequence[tuple[object, str]] = (),
    appointment_types: Sequence[tuple[object, str]] = (),
) -> dict:
    """The details a message names, under the keys it found (see the module docstring for the rules)."""
    folded = fold(text)
    today = date.today()
    entities: dict = {}
    phone = _phone(text)
    if phone:
        entities["phone"] = phone
    dob = _date_of_birth(folded, language, today)
    if dob:
        entities["date_of_birth"] = dob
    name = _name(text, folded)
    if name:
        entities["name"] = name[0]
    if providers:
        provider = _provider(text, folded, providers, name[1] if name else None)
        if provider:
            entities["provider_id"], entities["provider_name"] = provider
    entities.update(_appointment_type(folded, appointment_types))
    medications = _known_medications(folded)
    if medications:
        entities["medication"] = medications[0]
        if len(medications) > 1:
            entities["medications"] = medications
    else:
        phrase = _medication_phrase(folded)
        if phrase:
            entities["medication"] = phrase
    pharmacy = _pharmacy(text, folded)
    if pharmacy:
        entities["pharmacy"] = pharmacy
    return entities


__all__ = ["extract_entities"]
