"""The shared base of the emergency screen's tables: the `Rule` type, text normalization and context patterns.

Split out of `safety_patterns` to keep each table module a readable size; `safety_patterns` (emergency rules)
and `safety_urgent` (urgent rules) both build on it, and `safety_patterns` re-exports every name here.

Every pattern runs on *normalized* text: lowercase, accents folded, apostrophes dropped ("can't" -> "cant"),
punctuation turned into single spaces, common misspellings and SMS spellings rewritten (see `SPELLINGS`).

The context patterns below (negation, past events, hypothetical questions, administrative subjects...) are what
`mojoe.assistant.safety` checks around a match before it trusts it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

import re2


@dataclass(frozen=True)
class Rule:
    category: str
    pattern: re.Pattern[str]
    strong: bool = False
    # A co-occurrence rule ("hit his head" ... "won't answer me") whose findings a patient often puts in
    # separate sentences: it runs on every run of up to `WINDOW` consecutive sentences, not on one sentence.
    window: bool = False
    # A cheap pattern the whole message must contain for the rule to be able to match at all (for instance
    # "head|cabeza|concussion" for head injuries): only saves time, shared by a group and searched once.
    requires: re.Pattern[str] | None = None


WINDOW = 3


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class FirstLook:
    """Whether any of many patterns matches a text, asked in one search: the cheap first look before asking
    each pattern in turn, which most messages need not pass. `search` answers as `re.search` would with
    all the patterns joined into one (a match, or None).

    Python's engine tries every pattern at every word of a text: over the screen's few hundred patterns that
    took 20-90 µs a sentence. RE2 (google-re2) reads a text once, with an automaton, in a few microseconds,
    but it cannot run lookarounds (`(?!…)`, `(?<=…)`). So RE2 gets the patterns without them: each then
    matches at least wherever it did, and where RE2 finds none of them, none of the patterns matches. Only
    where RE2 finds one does Python's engine look, exactly. RE2's `\\b` knows ASCII words only: a text that
    is not plain ASCII (the screen's normalized text always is) goes to Python's engine directly.

    Exact only for patterns without backreferences, named groups or inline flags, as Mojoe's tables are.
    """

    def __init__(self, patterns):
        self._texts = [p.pattern if isinstance(p, re.Pattern) else p for p in patterns]
        self.exact = re.compile("|".join(f"(?:{text})" for text in self._texts) or r"(?!)")

    @cached_property
    def _quick(self) -> re2._Regexp | None:
        # Made when first asked (the largest table takes a tenth of a second).
        if not self._texts:
            return None
        options = re2.Options()
        options.max_mem = 64 << 20  # the joined emergency rules need more than RE2's default 8 MB
        return re2.compile("|".join(f"(?:{without_lookarounds(text)})" for text in self._texts), options)

    def search(self, text: str) -> re.Match[str] | None:
        if text.isascii() and (self._quick is None or self._quick.search(text) is None):
            return None
        return self.exact.search(text)


def without_lookarounds(pattern: str) -> str:
    """The pattern with its lookahead and lookbehind assertions taken out: it matches at least wherever the
    pattern did. Refused for an assertion with a quantifier, whose removal would change what it repeats."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = _group_end(pattern, i)
            if i < len(pattern) and pattern[i] in "*+?{":
                raise ValueError(f"A quantified lookaround cannot be taken out of {pattern!r}")
            continue
        end = _atom_end(pattern, i)
        out.append(pattern[i:end])
        i = end
    return "".join(out)


def _atom_end(pattern: str, i: int) -> int:
    """Where the escape or character class starting at `i` ends (else the single character there)."""
    if pattern[i] == "\\":
        return i + 2
    if pattern[i] != "[":
        return i + 1
    i += 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":  # a ] first in a class is a character
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _group_end(pattern: str, i: int) -> int:
    """Just past the parenthesis that closes the group opening at `i`."""
    depth = 0
    while i < len(pattern):
        if pattern[i] == "(":
            depth += 1
        elif pattern[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i = _atom_end(pattern, i)
    raise ValueError(f"Unbalanced parentheses in {pattern!r}")


def rules(
    category: str,
    patterns: list[str],
    *,
    strong: bool = False,
    window: bool = False,
    requires: str | None = None,
) -> list[Rule]:
    gate = _rx(requires) if requires else None
    return [Rule(category, _rx(p), strong, window, gate) for p in patterns]


# Said anywhere in the message, the finding is over or harmless: "no harm done", "she's breathing fine".
REASSURED = _rx(
    r"\b(?:no harm done|(?:is|seems|looks|acting|hes|shes|i am|im|feel) (?:totally |completely |perfectly )?"
    r"(?:fine|ok|okay|normal) now|(?<!not )(?<!or )(?<!isnt )(?<!no )"
    r"(?:breathing|talking|acting|playing) (?:and \w+ )?(?:fine|normal(?:ly)?|ok)|coughed (?:it|the \w+) (?:out|up)|"
    r"laughing and playing|no (?:trouble|problem|issues?) (?:breathing|swallowing)|wear off|wore off|"
    r"(?:it|its|it has|that|this|the \w+|the \w+ has) (?:already )?(?:stopped|went away|passed|resolved)|"
    r"(?:has|have|hes|shes|its|ive) been (?:completely |totally |perfectly )?(?:fine|normal|ok|okay) since|"
    r"went away (?:within|after|in) |(?:clearly|obviously|must be) broken|(?:was|is) fine right away|"
    r"recovered (?:right away|quickly|fast)|se recupero|"
    r"(?:doing|feeling) (?:great|well|really well|fine|good|much better) now|"
    r"(?:ahora|ya|pero) (?:esta|estoy|estamos) (?:muy )?bien|(?:esta|estoy|estamos) bien (?:ahora|ya)|ya paso|ya se le paso|"
    r"no le paso nada)\b"
)

# --- Normalization -----------------------------------------------------------------------------------------

# Applied in order on the lowercased, accent-folded text *before* punctuation is removed.
PRE_SPELLINGS: list[tuple[str, str]] = [
    (r"\bo\.?d\.?\s*'?\s*(?:d|ed)\b", "overdosed"),
    (r"\bchest\s*pains?\b", "chest pain"),
    (r"\b(\d{2,3})\s*/\s*(\d{2,3})\b", r"\1 over \2"),
]

# Word or phrase rewrites applied on the space-separated normalized text.
SPELLINGS: list[tuple[str, str]] = [
    (r"\bchestpains?\b", "chest pain"),
    (r"\b(?:chets|cheast|chesst|chst)\b", "chest"),
    (r"\b(?:pian|pain+e?)\b", "pain"),
    (r"\bhart\b", "heart"),
    (r"\b(?:cnt|caint|kant|cnat)\b", "cant"),
    (r"\b(?:attak|atack|attac|attck|atak)\b", "attack"),
    (r"\b(?:brethe|breathe|breth|breate|breahte|brathe)\b", "breathe"),
    (
        r"\b(?:cant|cannot|can not|couldnt|unable to|hard to|barely|hardly|struggling to|trouble to) breath\b",
        "cant breathe",
    ),
    (r"\b(?:breating|brething|breathin|breahting)\b", "breathing"),
    (r"\b(?:siezure|seizer|sezure|seisure|seizue|siezures|seizers)\b", "seizure"),
    (r"\b(?:unconcious|unconsious|unconscience|unconcsious|unconscous)\b", "unconscious"),
    (r"\b(?:bleding|bleedin|bleading)\b", "bleeding"),
    (r"\b(?:alergic|allergic|alergico|alergica)\b", "allergic"),
    (r"\b(?:anaphalaxis|anaphylaxsis|anafilaxis|anaphylactic|anafilactica|anafilactico)\b", "anaphylaxis"),
    (r"\b(?:suicidle|suicidel|sucidal|suicidial)\b", "suicidal"),
    (r"\b(?:suacide|sucide|suiside)\b", "suicide"),
    (r"\b(?:overdossed|overdoesed|overdozed)\b", "overdosed"),
    (r"\bkms\b", "kill myself"),
    (r"\bkill my self\b", "kill myself"),
    (r"\bwanna\b", "want to"),
    (r"\bgonna\b", "going to"),
    (r"\bu\b", "you"),
    (r"\bim\b", "i am"),
    (r"\bive\b", "i have"),
    (r"\bstroking out\b", "having a stroke"),
    # Joined so that "blood" patterns never fire on routine lab vocabulary.
    (
        r"\bblood (pressure|sugar|work|test|tests|draw|thinners?|type|clot|clots|count|donation|glucose|panel)\b",
        r"blood\1",
    ),
    (r"\bpresion (arterial|alta|baja)\b", r"presion\1"),
    # Spanish SMS spellings.
    (r"\b(?:kiero|qiero|kero)\b", "quiero"),
    (r"\b(?:q|k|ke)\b", "que"),
    (r"\b(?:xq|pq|xk)\b", "porque"),
    (r"\b(?:pexo|pesho|pcho|peco)\b", "pecho"),
    (r"\b(?:resprar|respriar|respirrar)\b", "respirar"),
    (r"\bxfa|porfa\b", "por favor"),
]

# --- Context -----------------------------------------------------------------------------------------------

# A negation right before a finding: "no chest pain", "not having any trouble breathing",
# "no thoughts of hurting myself", "no tengo dolor de pecho ni falta de aire".
NEGATION_BEFORE = _rx(
    r"\b(?:no|not|never|without|denies|deny|denied|nor|zero|free of|dont have|doesnt have|didnt have|"
    r"havent had|hasnt had|no longer|sin|ni|nunca|no tengo|no tiene|no hay|nada de|no pienso|no voy a)\s+"
    r"(?:(?:have|having|had|has|any|a|an|feeling|felt|been|experiencing|getting|more|other|real|signs of|"
    r"thoughts? of|thinking of|thinking about|plans? to|intention of|intentions? to|urge to|desire to|"
    r"tengo|tiene|hay|he tenido|siento|pienso en|estoy|dolor|dolores|pain|pains|problems?|problemas?|pensando en|pensamientos de|ideas de|intencion de|planes de|con|de|el|la)\s+)"
    r"{0,3}$"
)

# Something happening now: keeps a finding alive despite a past marker or an administrative context.
PRESENT = _rx(
    r"\b(?:right now|rn|just now|currently|at the moment|as we speak|this morning|this afternoon|"
    r"this evening|tonight|started|starting|(?<!never )again|getting worse|worse than|wont stop|"
    r"cant stop|keeps? getting|now (?:i|i am|hes|shes|its|it|my|he|she|the|we|theyre)|"
    r"(?:is|am|are|i am|hes|shes|theyre) (?:still |currently |now |really |so )?"
    r"(?:bleeding|having|choking|seizing|convulsing|vomiting|throwing up|gasping|struggling|turning|"
    r"shaking|slurring|unconscious|unresponsive|passing out)|"
    r"ahora|ahorita|en este momento|otra vez|de nuevo|empezo|esta teniendo|estoy teniendo)\b"
)

# An event in the past or a history item ("5 years ago", "last year", "history of", "hace dos anos").
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november"
PAST = _rx(
    r"\b(?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|a couple of|couple of|"
    r"couple|several|many|some) (?:years?|yrs?|months?|mos?|weeks?|wks?|decades?) (?:ago|back)|"
    r"years ago|last (?:year|month|spring|summer|fall|autumn|winter|time)|"
    r"in (?:19|20)\d\d|back in|as a (?:kid|child|teen|teenager|toddler|baby)|when i was (?:a|younger|little|\d+)|"
    r"at (?:age|the age of) \d+|outgrew|grew out of|a los \d+ anos|"
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) years since|anniversary|"
    r"(?:previous|last|first|other) (?:pregnancy|delivery|birth)|(?:mi|su) (?:primer|anterior|ultimo) (?:parto|embarazo)|"
    r"history of|hx of|family history|survivor|used to|in the past|previously|"
    rf"in (?:{_MONTHS})\b|had (?:mine|his|hers) in|died (?:of|from)|"
    r"d?el ano pasado|d?el mes pasado|la semana pasada|(?:en|de) (?:19|20)\d\d|de (?:nino|nina|chico|chica|bebe)|"
    r"hace (?:\d+|un|una|unos|unas|dos|tres|cuatro|cinco|seis|varios|varias|muchos|muchas) "
    r"(?:anos?|meses|mes|semanas?)|hace (?:muchos )?anos|hace (?:mucho )?tiempo|antecedentes|cuando (?:era|tenia)|"
    r"murio de|fallecio (?:de|por)|in high school|in college|en la (?:prepa|secundaria|universidad))\b"
)

# After an event that was already looked at: "discharged yesterday", "checked at the ER", "follow up".
AFTERCARE = _rx(
    r"\b(?:discharged|follow ?up|followup|was seen|were seen|checked (?:at|in|by)|er visit|visit for|"
    r"sent (?:me|him|her) home|fui a urgencias|dijeron que|"
    r"they (?:said|told)|told me to|me dijeron|me dieron de alta|me salieron del hospital|seguimiento)\b"
)

# "after a heart attack", "since my stroke": the condition is the starting point of something else.
AFTER_EVENT = _rx(r"\b(?:after|since|from|despues de|desde) (?:a|an|my|his|her|the|un|una|mi|su|el|la)\s+$")

# Questions about a condition rather than a report of one.
HYPOTHETICAL = _rx(
    r"\b(?:(?:warning )?(?:signs?|symptoms?) of|what (?:to do|should i do|should we do|do i do|do we do) "
    r"(?:if|when)|if (?:i|he|she|they|someone|somebody|my \w+|a \w+|your \w+) (?:ever )?(?:has|have|had|"
    r"gets|get|is|am|are|was|were|becomes?|starts)|in case (?:of|he|she|i|my)|how (?:do i|to|can i) (?:know|tell|recognize|use|"
    r"prevent)|prevent(?:s|ing|ion)?|risk (?:of|for)|at risk|(?:can|could|does|do|will|would) (?:\w+ ){1,3}cause|"
    r"when (?:someone|somebody|a person|people) (?:has|have|is|gets)|(?:causa|causan|puede causar|provoca)|"
    r"if (?:i|he|she|they|someone|somebody|my \w+|a \w+|your \w+) ever|difference between|explain how|"
    r"que hago si|que hacer si|sintomas de|senales de|si (?:le|me|te) da|para prevenir|que pasa si|"
    r"cuales son)\b"
)

# Non-acute frequency: "sometimes", "it passes" (an episodic complaint, for the nurse, not for 911).
EPISODIC = _rx(
    r"\b(?:sometimes|occasionally|at times|once in a while|it passes|a veces|de vez en cuando|"
    r"when i (?:climb|walk up|go up|run|exercise)|cuando (?:subo|camino|corro|hago ejercicio))\b"
)

# Administrative context: the condition is the subject of a document, a bill, a refill, a class...
ADMIN = _rx(
    r"\b(?:results?|records?|letter|report|bill|billed|billing|charged|charge|statement|eob|insurance|"
    r"covered|cover|copay|claim|refill|refilled|prescription|rx|form|forms|chart|fax|copy|paperwork|dmv|"
    r"receipt|class|course|training|rehab|clinic|prevention|awareness|booth|program|screening|"
    r"in network|referral|refer|renew|expires|resultados?|expediente|carta|factura|seguro|receta|resurtir|"
    r"historial|formulario|cubre|cobrando|cobran)\b"
)

# For "unresponsive", "not responding": a machine, not a person.
NOT_A_PERSON = _rx(
    r"\b(?:office|billing|pharmacy|department|desk|line|phone|number|insurance|portal|website|web site|site|app|apps|email|emails|page|computer|link|server|login|system|"
    r"pagina|sistema|correo|aplicacion)\b"
)

# Laughter or "nearly had a ...": the condition is a figure of speech (topic rules only).
LAUGH = _rx(r"\b(?:lol|lmao|haha\w*|jaja\w*|jeje\w*|rofl|jk|just kidding)\b")
IDIOM_BEFORE = _rx(r"\b(?:nearly|almost|practically) (?:had|gave \w+|give \w+) (?:a|an)\s+$")

# Figures of speech built on emergency words, read in the whole sentence ("my boss gave me a heart attack with
# that email", "drowning in paperwork", "overdosed on netflix", "casi me da un infarto cuando vi la cuenta").
IDIOM = _rx(
    r"\b(?:(?:gave|give|gives|giving) (?:me|us|him|her) (?:a )?heart attack|walking heart attack|"
    r"(?:going to|gonna|will) have a heart attack (?:when|if)|"
    r"(?:heat|traffic|wait|waiting|weather|line|job|work|paperwork|this|that|it) (?:is |s )?(?:going to|gonna) kill me|"
    r"(?:going to|gonna) kill me (?:if|when)|"
    r"overdosed? on (?:netflix|tv|shows?|sugar|candy|chocolate|coffee|caffeine|pizza|cookies|junk|social media|"
    r"tiktok|youtube|carbs|sweets|christmas|holiday)|"
    r"drown(?:ed|ing)? (?:my|his|her|our|their) sorrows|"
    r"(?:drowning|suffocating|choking) (?:in|under) (?:\w+ ){0,2}(?:paperwork|work|bills|debt|forms|emails|homework|"
    r"laundry)|"
    r"(?:dont|do not|so i dont|to avoid|avoid) (?:want to )?accidentally|"
    r"snor\w* like|"
    r"casi me (?:da|dio) (?:un|el) (?:infarto|ataque)|me va a dar (?:un|el) (?:infarto|ataque) (?:cuando|si)|"
    r"ahog\w* en (?:\w+ )?(?:papeleo|trabajo|deudas|papeles|tareas))\b"
)

# Fiction, news, teaching and projects: the emergency is a subject, not an event ("a novel where a character
# has a heart attack", "the crime show had someone poisoned", "un proyecto sobre la prevencion del suicidio").
MEDIA = _rx(
    r"\b(?:novel|book about|(?:a|the) book (?:where|in which)|news story|tv show|crime show|show last night|movie|film|documentary|podcast|article|"
    r"news|character|medical drama|tiktok|youtube|instagram|video|phq|questionnaire|survey|cuestionario|living will|assignment|homework|nursing school|exam|quiz|essay|school project|binder|brochures?|pamphlets?|reading (?:a|about)|"
    r"writing (?:a|about)|folletos?|novela|personaje|serie|pelicula|noticias?|proyecto|libro|ensayo)\b"
)

# Words that, right after a condition, make it a label rather than an event ("seizure medication").
ATTACHED_AFTER = _rx(
    r"^\s*(?:med|meds|medication|medications|medicine|pills|drug|drugs|disorder|free|clinic|workup|detectors?|alarms?|"
    r"action plan|plan|history|precautions|survivor|survivors|specialist|doctor|unit|rehab|class|"
    r"prevention|awareness|patients?|visit|admission|kit|reversal|training|diagnosis|records?|notes?|"
    r"results?|monitor|scan|test|culture|swab|booth|team|center|risk|screening|program|hotline|support group|"
    r"(?:have been|are|is) (?:well )?controlled|controlada|controlado)\b"
)

# --- Context for co-occurrence (window) rules ----------------------------------------------------------------

# A past months or years back inside the span a co-occurrence rule matched ("fell off a ladder in 2019 ... numb
# hands") makes the whole story history, even when the message also says "now". Days and weeks do not: new
# confusion two weeks after a fall on the head is still a 911 call.
LONG_AGO = _rx(
    r"\b(?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|a couple of|couple of|several|"
    r"many) (?:years?|yrs?|months?|mos?|decades?) (?:ago|back)|years ago|last (?:year|spring|summer|fall|autumn|"
    r"winter)|in (?:19|20)\d\d|as a (?:kid|child|teen|teenager)|when i was (?:a|younger|little)|d?el ano pasado|"
    r"hace (?:\d+|un|una|unos|unas|dos|tres|cuatro|cinco|seis|varios|varias|muchos|muchas) (?:anos?|meses)|"
    r"hace (?:muchos )?anos|cuando (?:era|tenia))\b"
)

# Inside a co-occurrence span: the second finding is something to watch for, not something happening
# ("hit his head, what if he gets sleepy?", "which signs of a concussion should I look for?").
WATCH_FOR = _rx(
    r"\b(?:if (?:he|she|they|i|it|my \w+|the \w+) (?:gets|get|starts|start|becomes|become|seems|begins)|"
    r"what if|watch (?:out )?for|look (?:out )?for|keep an eye (?:out )?for|worry about|worried about|"
    r"signs? of|symptoms? of|in case|should i (?:wake|keep)|si (?:se pone|empieza|le da|vomita|se duerme)|"
    r"que (?:debo )?vigilar|pendiente de|por si)\b"
)

# An animal rather than a person swallowed something ("the dog ate my pills, can I get a refill?").
ANIMAL = _rx(r"\b(?:dog|dogs|puppy|pup|cat|cats|kitten|pet|perro|perrito|perrita|gato|gatito|mascota)\b")


# --- Normalization -----------------------------------------------------------------------------------------


def fold(text: str) -> str:
    if text.isascii():  # no accent to fold
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_PRE = [(re.compile(p), r) for p, r in PRE_SPELLINGS]
_SPELL = [(re.compile(p), r) for p, r in SPELLINGS]
# Split sentences at . ! ? ; and line breaks, but not inside numbers ("100.8", "39.4").
_SENTENCE_SPLIT = re.compile(r"(?<!\d)[.!?;]+|[.!?;]+(?!\d)|\n+")


# The screen, the red flags, the learned net and understanding each normalize the same message (some of them
# sentence by sentence): remembered, the 36 rewrites run once per text. A few hundred are plenty.
@lru_cache(maxsize=512)
def normalize(text: str) -> str:
    """Lowercase, fold accents, drop apostrophes and punctuation, rewrite common misspellings."""
    out = fold(text.lower()).replace("’", "'").replace("`", "'")
    for pattern, repl in _PRE:
        out = pattern.sub(repl, out)
    out = out.replace("'", "")
    out = re.sub(r"[^a-z0-9]+", " ", out).strip()
    for pattern, repl in _SPELL:
        out = pattern.sub(repl, out)
    return re.sub(r"\s+", " ", out).strip()


def sentences(text: str) -> list[str]:
    parts = (normalize(part) for part in _SENTENCE_SPLIT.split(text))
    return [p for p in parts if p]
