"""WHEN a patient means, resolved offline and deterministically (English and Spanish).

`resolve_when(text, now=...)` turns the date, time and part of day in a message into a `When`, relative to
`now` in `now`'s own time zone. Our own regular-expression rules handle the phrases patients actually send;
`dateparser` is only a fallback for explicit dates the rules did not read, and only when the message has a
month name or a numeric date shape.

Rules (the contract the tests pin down):

* Relative days: today/hoy, tomorrow/tmrw/tmr/2moro/mañana, day after tomorrow/pasado mañana, yesterday/ayer.
  "mañana" preceded by la/las/por/en ("por la mañana") is the morning, not tomorrow ("la cita de mañana" is
  tomorrow). "tonight"/"esta noche" = today + evening; "this morning"/"esta mañana" = today + morning;
  "same day"/"el mismo día" = today; "tomorrow am"/"friday pm" = that day + morning/afternoon.
* Weekdays (Monday-based weeks):
  - plain "monday"/"mon"/"el lunes" = the first such day strictly after today (today only if the message
    also says "today"/"hoy");
  - "this <day>"/"este <día>" = that day of the current week if today or later, else the next one;
  - "next <day>"/"el próximo <día>"/"el <día> que viene" = that day in NEXT week (so said on a Wednesday,
    "next Monday" is 5 days later and "next Friday" 9 days later; Spanish follows the same rule so that both
    languages agree, although some Spanish speakers mean the nearest one);
  - "this coming <day>"/"coming <day>" = the nearest such day strictly after today;
  - "<day> next week"/"el <día> de la semana que viene" = that day in next week;
  - "last <day>"/"el <día> pasado" = the latest such day strictly before today.
* "next week"/"la semana que viene"/"la próxima semana" = Monday of next week (the start of the range; the
  caller may search forward from it). "this week"/"esta semana" gives no date. "the week after next" =
  Monday two weeks on. "next month" = the 1st of next month. "this/next weekend" = that Saturday.
* "in N days/weeks/months"/"en N días"/"dentro de N semanas" = today + N; "a couple of weeks" = 2,
  "a few days" = 3; "N days ago"/"hace N días" = today − N.
* Explicit dates: "Dec 10", "December 10th", "10 de diciembre", "the 10th of December", "12/10" (month/day in
  English, day/month in Spanish; a part above 12 settles the order), "12/10/2026", "2026-12-10". Without a
  year: this year, or next year when that day is already past ("Jan 3" said in December is next January).
  "the 15th"/"el 15"/"el día 15" = this month if not past, else the next month that has that day (so "the
  31st" skips 30-day months). A month alone after in/early/mid/late/en ("in January") = its 1st (or today
  when it is the current month). Numeric dates with a 4-digit year more than a year back are taken as a
  date of birth and ignored.
* Times: "2pm", "2:30", "14:00", "at 9", "a las 3", "3 o'clock", "half past 2", "las 3 y media", "noon"/
  "mediodía"/"lunchtime" = 12:00 ("midnight" is never an appointment time and is ignored). A range ("between 2
  and 4", "10-11am") gives its start, but "my 2pm to 4pm" moves an appointment and gives 4pm.
  An hour without am/pm follows the clinic rule 1–6 → pm, 7–11 → am, 12 → noon, unless a part of day in the
  message says otherwise ("at 8 tonight" = 20:00, "a las 9 de la mañana" = 09:00). Bare numbers are never
  times ("I take 2 pills"): an hour needs am/pm, a colon, "o'clock" or a lead word (at, around, a las…).
* "after H"/"después de las H" = time H (the earliest acceptable time) while H is before 4 pm ("after 3" =
  15:00); from 4 pm on it is part of day "evening" and no time ("call me after 5"). "before 10"/"antes de las
  10"/"before noon" = part of day "morning" and no time when the limit is noon or earlier, else nothing.
* Part of day: morning/first thing/in the am/temprano/por la mañana → "morning"; afternoon/after lunch/in the pm
  /por la tarde → "afternoon"; evening/tonight/at night/after work/por la noche → "evening". Greetings
  ("good morning", "buenas tardes") are not preferences. With two different parts the later one is the request
  ("tired in the mornings, can we do an afternoon"). With a time, part_of_day is reported only when the words
  qualify that very time ("a las 8 de la mañana" = 08:00 + morning, "at 9 in the evening" = 21:00 + evening);
  otherwise ("tomorrow morning at 11", "8am before work") the time alone is reported.
* Several candidates: a date or time after "not/can't/instead of/from/en vez de…" loses to another one; one
  after "to/how about/can we do/instead/mejor…" wins, then one after "for/para"; one after "by/before/until"
  (a deadline) loses; then the more explicit kind wins (full date > day of month > weekday, relative word or "in
  N days" > "next week"), then the first one.
* Past phrases resolve to past dates; the caller decides what to do with them. After "since"/"desde" a
  weekday or a month/day is the latest one up to today ("fever since Monday").
* Phone numbers, long digit runs (IDs), dates of birth, doses ("2 pills", "10 mg"), ages, fractions, "24/7" and
  pain scores ("8/10") are removed before anything is read.
"""

from __future__ import annotations

import calendar
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from mojoe.assistant.nlu.schema import When

# "after 4", "after 5": the end of the clinic day, i.e. the evening rather than a clock time.
_EVENING_FROM = time(16, 0)


def fold(text: str) -> str:
    """Lowercase and strip accents (ñ → n) one character for one, so spans stay aligned with `text`."""
    out = []
    for char in text:
        low = char.lower()
        if len(low) != 1:
            low = char
        base = unicodedata.normalize("NFKD", low)[:1] or low
        out.append("'" if base in "’‘`´" else base)
    return "".join(out)


# ---------------------------------------------------------------------------------------------------------
# vocabulary


def _numbered(groups: str) -> dict[str, int]:
    """Words separated by "|" into numbered groups: "a b | c" gives {"a": 0, "b": 0, "c": 1}."""
    return {word: number for number, group in enumerate(groups.split("|")) for word in group.split()}


_WEEKDAYS = _numbered(
    "monday mon lunes | tuesday tue tues martes | wednesday wed weds miercoles | thursday thu thur thurs thr jueves"
    " | friday fri viernes | saturday sat sabado | sunday sun domingo"
)
_ES_WEEKDAY_ABBREVIATIONS = {"lun": "lunes", "mie": "miercoles", "jue": "jueves", "vie": "viernes"}
_MONTHS = _numbered(
    "| january jan enero ene | february feb febrero | march mar marzo | april apr abril abr | may mayo"
    " | june jun junio | july jul julio | august aug agosto ago | september sep sept septiembre setiembre"
    " | october oct octubre | november nov noviembre | december dec diciembre dic"
)
# Months written out in full: only these may stand alone ("in may" is too often the verb).
_FULL_MONTHS = {k: v for k, v in _MONTHS.items() if len(k) > 4 or k in ("june", "july", "mayo")}

_TYPO_GROUPS = {
    "tomorrow": "tomorow tommorow tommorrow tomorrw tomrrow tommorw tomoro tomorro tmrw tmrow tmr tmw tmro "
    "2morrow 2morow 2moro 2mrw 2mro 2mrrw tomm tomorroe tomorrrow",
    "today": "2day tdy tday",
    "tonight": "tonite 2nite 2night tonigh tonihgt toniht",
    "yesterday": "yday ystrdy yesterdy yestarday yesturday",
    "monday": "mondy monady mnday",
    "tuesday": "tuesay teusday tusday tuseday tuesdy tueday",
    "wednesday": "wensday wednsday wendsday wedensday wednesdy wedneday wednes wednesay wedsday wendesday",
    "thursday": "thursay thrusday thurday thurdsay thursdy thusday thrursday",
    "friday": "firday fridy frday fryday fiday",
    "saturday": "saturay satuday saterday satarday saturdy",
    "sunday": "sundy sunady sundya",
    "miercoles": "miercole mierc",
    "february": "febuary feburary februrary febrary",
    "january": "janurary januray janaury",
    "december": "decemeber decmber dicember decembre",
    "november": "novemeber novmber novemebr",
    "october": "ocotber octobre",
    "september": "septmber septemer",
    "august": "agust augst",
    "septiembre": "setiembre",
    "morning": "mornin morng mrng morining mornign mroning morniing",
    "afternoon": "afternon afternnon aftrnoon afternoom aftn aftnoon afteroon",
    "evening": "evng evenin evning evenng",
    "next": "nxt",
    "week": "wk",
    "weeks": "wks",
    "que": "q",
    "proximo": "prox proxima",
    "o'clock": "oclock",
}
_TYPOS = {typo: word for word, typos in _TYPO_GROUPS.items() for typo in typos.split()}
_DAYLIKE_WORDS = {"today", "someday", "birthday", "holiday", "everyday", "midday", "payday", "yesterday"}
_EN_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_HOUR_WORDS = _numbered(
    "| one una uno | two dos | three tres | four cuatro | five cinco | six seis | seven siete | eight ocho"
    " | nine nueve | ten diez | eleven once | twelve doce"
)
_COUNT_WORDS = {
    **{k: v for k, v in _HOUR_WORDS.items() if k not in ("once", "doce", "eleven", "twelve")},
    "a": 1,
    "an": 1,
    "un": 1,
    "fortnight": 2,
}


def _words(text: str) -> list[str]:
    return text.split()


_EN_ORDINALS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
_ES_DAY_NUMBERS = _words(
    "uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciseis diecisiete "
    "dieciocho diecinueve veinte veintiuno veintidos veintitres veinticuatro veinticinco veintiseis veintisiete "
    "veintiocho veintinueve treinta"
)
_DAY_WORDS = {
    **{word: n for n, word in enumerate(_EN_ORDINALS, start=1)},
    **{f"twenty {word}": 20 + n for n, word in enumerate(_EN_ORDINALS[:9], start=1)},
    "thirtieth": 30,
    "thirty first": 31,
    **{word: n for n, word in enumerate(_ES_DAY_NUMBERS, start=1)},
    "primero": 1,
    "treinta y uno": 31,
}


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


_WD = _alt(_WEEKDAYS)
_MO = _alt(_MONTHS)
_FULL_MO = _alt(_FULL_MONTHS)
_HW = _alt(_HOUR_WORDS)
_NUM = r"\d{1,2}|" + _alt(k for k in _COUNT_WORDS if k not in ("a", "an", "un", "fortnight"))

# ---------------------------------------------------------------------------------------------------------
# what is removed before reading

_UNITS = (
    r"mg|mcg|ug|g|grams?|ml|cc|units?|iu|pills?|tablets?|tabs?|capsules?|caps?|puffs?|doses?|drops?|"
    r"shots?|pastillas?|tabletas?|capsulas?|gotas?|dosis|refills?|bottles?|boxes?|inhalers?|times|veces|x|"
    r"%|percent|lbs?|pounds?|kg|kilos?|degrees?|grados?|people|persons?|kids|children|patients|ninos|hijos|"
    r"cups?|glasses|vasos|meals|comidas|cigarettes|beers|drinks|miles|blocks"
)
_NOISE_RE = re.compile(
    r"(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b"  # phone numbers
    r"|\+\d[\d\s.-]{7,}\d"
    r"|\b\d{3}[\s.-]\d{4}\b"
    r"|\b\d{5,}\b"  # ids, zip codes
    r"|\$\s?\d[\d,.]*|#\s?\d+"
    r"|\b\d+(?:[.,]\d+)?(?:\s*(?:-|to|or|a|o)\s*\d+(?:[.,]\d+)?)?\s*(?:" + _UNITS + r")(?![a-z])"
    r"|\b\d+\s*-?\s*(?:years?|yrs?|months?|mos?|weeks?|wks?|anos?|meses)\s*-?\s*old\b|\b\d+\s*y/?o\b"
    r"|\b\d+\s+(?:anos?|years?)\b"
    r"|\b24\s*/\s*7\b|\b\d\s*/\s*[2348]\b(?=\s*(?:of|de)?\s*(?:a\s+|an\s+|una?\s+)?(?:" + _UNITS + r"))"
    r"|\b\d{1,2}\s*(?:out\s+of|de)\s*10\b"
    r"|(?:pain|dolor|level|nivel|scale|escala|rated?)\s+(?:is\s+|es\s+|of\s+|at\s+|de\s+)?(?:an?\s+|una?\s+)?\d{1,2}\b"
)
_DOB_KEY = (
    r"(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s?date|born(?:\s+on|\s+in)?|birthday|b-?day|"
    r"fecha\s+de\s+nacimiento|f\.?\s?nac\.?|naci(?:\s+el)?|nacimiento|cumpleanos)"
)
_DATEISH = (
    r"(?:\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?"
    r"|(?:" + _MO + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s*\d{2,4})?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+|de\s+)?(?:" + _MO + r")(?:,?\s*(?:de\s+|del\s+)?\d{2,4})?"
    r"|\d{4})"
)
_DOB_RE = re.compile(r"\b" + _DOB_KEY + r"\W{0,3}(?:(?:is|was|es|fue|el|:)\s*)?" + _DATEISH)
_GREETING_RE = re.compile(
    r"\bgood\s*(?:morning|afternoon|evening|night)\b|\bgm\b|\bbuen(?:os|as)\s+(?:dias|tardes|noches)\b"
    r"|^\W*(?:morning|afternoon|evening)\s*[,!]+(?=\s*\S)"
)
_DAY_AMPM_RE = re.compile(r"\b(today|tomorrow|" + _WD + r")\s+([ap])\.?m\b\.?")
_PAIN_RE = re.compile(r"\b(?:pain|hurts?|ache|aching|dolor|duele|scale|escala|rate|rated)\b")
_SCORE_RE = re.compile(r"\b\d{1,2}\s*/\s*10\b")
_TOKEN_RE = re.compile(r"[a-z0-9]+")
_DAY_WORD_ALT = "|".join(w.replace(" ", r"[\s-]+") for w in sorted(_DAY_WORDS, key=len, reverse=True))
_WORD_DAY_MONTH_RE = re.compile(r"\b(" + _DAY_WORD_ALT + r")(?=\s+(?:of\s+|de\s+)?(?:" + _MO + r")\b)")
_MONTH_WORD_DAY_RE = re.compile(r"\b(" + _MO + r")(\s+(?:the\s+)?)(" + _DAY_WORD_ALT + r")\b")
_X_POR_RE = re.compile(r"\bx(?=\s+las?\s+(?:manana|tarde|noche))")

# ---------------------------------------------------------------------------------------------------------
# times

_MER = r"(?:\s?([ap])\.?\s?m\b\.?|([ap])\b)"
_NOT_UNIT = (
    r"(?!\s*(?:weeks?|days?|months?|years?|semanas?|dias?|meses|mes|anos?|minutes?|mins?|minutos?|hours?|"
    r"hrs?|horas?|of\b|or\s+more|more|out\b|de\s+(?!la\b)\w))"
)
_RANGE_PREFIX_RE = re.compile(
    r"\b(?:between|btwn|from|entre(?:\s+las?)?|desde\s+las?|de\s+las?)\s+(\d{1,2})(?::(\d{2}))?(?:\s?([ap])\.?m\b\.?)?"
    r"\s*(?:-|–|to|and|&|till?|until|y(?:\s+las?)?|a(?:\s+las?)?|hasta(?:\s+las?)?)\s*"
    r"(\d{1,2})(?::(\d{2}))?(?:\s?([ap])\.?m\b\.?)?" + _NOT_UNIT
)
_RANGE_SUFFIX_RE = re.compile(
    r"\b(\d{1,2})(?::(\d{2}))?(?:\s?([ap])\.?m\b\.?)?\s*(?:-|–|to)\s*(\d{1,2})(?::(\d{2}))?\s?([ap])\.?m\b\.?"
)
_CLOCK_RE = re.compile(r"(?<![\d:/.])\b(\d{1,2}):(\d{2})(?![\d:])(?:" + _MER + ")?")
_DOT_CLOCK_RE = re.compile(r"\b(?:at|a\s+las?)\s+(\d{1,2})\.(\d{2})(?!\d)(?:" + _MER + ")?")
_AMPM_RE = re.compile(r"(?<![\d:/.])\b(\d{1,2})" + _MER)
_HALF_RE = re.compile(r"\b(half|quarter)\s+(past|after|to|of|til)\s+(\d{1,2}|" + _HW + r")\b")
_ES_HALF_RE = re.compile(r"\blas?\s+(\d{1,2}|" + _HW + r")\s+(y\s+media|y\s+cuarto|menos\s+cuarto)\b")
_OCLOCK_RE = re.compile(r"\b(\d{1,2}|" + _HW + r")\s*(?:o'\s?clock|ish)\b")
_NOON_RE = re.compile(
    r"(?<!after\s)\b(?:12\s+)?(?:noon|midday|mediodia|medio\s+dia)\b|\blunch\s?time\b|\b(?:at|around|over|during)\s+lunch\b"
    r"|\bhora\s+del?\s+(?:almuerzo|comida)\b"
)
_AT_RE = re.compile(
    r"\b(at|around|arround|round|about|abt|approx(?:imately)?|after|before|b4|by|a\s+las?|"
    r"a\s+eso\s+de\s+las?|sobre\s+las?|como\s+a\s+las?|despues\s+de\s+las?|antes\s+de\s+las?|"
    r"hacia\s+las?|desde\s+las?|las)\s+(\d{1,2}|" + _HW + r")\b(?![:/.]\d)" + _NOT_UNIT
)
_WORD_HOUR_FOLLOW_RE = re.compile(
    r"\s*(?:$|[.,!?;)]|o'\s?clock|ish|[ap]\.?m\b|in\s+the|tonight|tomorrow|today|this|on|or|de\s+la|y\s+media|"
    r"y\s+cuarto|en\s+punto|manana|hoy|el|por|if|pls|please|thanks|thx|gracias|ok)"
)
_TRAIL_PARTS = {"morning": "morning", "manana": "morning", "afternoon": "afternoon", "tarde": "afternoon"}
_TRAIL_RE = re.compile(
    r"\s*(?:o'\s?clock|ish|en\s+punto)?\s*(?:(?:in\s+the|en\s+la|de\s+la|por\s+la|at|a\s+la)\s+"
    r"(morning|manana|afternoon|tarde|evening|noche|night)|(tonight|esta\s+noche))"
)
_OWNED_TAIL_RE = re.compile(r"\b(?:my|our|his|her|the|mi|su|la|el)\s+$")
_AFTER_TAIL_RE = re.compile(r"(?:\bafter|\bdespues\s+de(?:\s+las?)?)\s*$")
_BEFORE_TAIL_RE = re.compile(r"(?:\bbefore|\bb4|\bby|\bantes\s+del?|\bno\s+later\s+than)\s*$")

# ---------------------------------------------------------------------------------------------------------
# dates

_ISO_RE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUM_YEAR_RE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-])")
_NUM_RE = re.compile(r"(?<![\d/.:-])(\d{1,2})/(\d{1,2})(?![\d/])")
_MONTH_DAY_RE = re.compile(
    r"\b(" + _MO + r")\.?\s*(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?::|[ap]\.?m\b))(?:,?\s+(\d{4})\b)?"
)
_DAY_MONTH_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+|de\s+)?(" + _MO + r")\b\.?(?:,?\s*(?:de\s+|del\s+)?(\d{4})\b)?"
)
_ORDINAL_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:floor|time|times|dose|shot|visit|grade|st\b|street|ave|avenue|week|"
    r"month|year|day|birthday|try|attempt|round|booster|percent|percentile|trimester|place|opinion|refill|"
    r"appointment|appt|child|kid|baby|pregnancy))"
)
_ES_DAY_RE = re.compile(
    r"\b(?:(?:para|hasta|desde)\s+)?(?:el|del)\s+(?:dia\s+)?(\d{1,2})\b|\bdia\s+(\d{1,2})\b"
    r"|\b(?:on|for)\s+the\s+(\d{1,2})\b"
)
_ES_DAY_BLOCK_RE = re.compile(
    r"\s?(?:[:/.]\d|%|de\s+la\b|[ap]\.?m\b|hrs?\b|horas?|minutos?|o'\s?clock|y\s+media|y\s+cuarto)"
)
_WEEKDAY_NUMBER_RE = re.compile(
    r"\b(" + _WD + r")\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?::|[ap]\.?m\b))"
)
_MONTH_ONLY_RE = re.compile(
    r"\b(in|during|early|mid|late|end\s+of|beginning\s+of|start\s+of|en|para|a\s+principios\s+de|"
    r"a\s+mediados\s+de|a\s+finales\s+de|a\s+fines\s+de)\s*-?\s*(?:(?:the\s+)?month\s+of\s+)?("
    + _FULL_MO
    + r")\b"
)
_DAY_AFTER_RE = re.compile(r"\b(?:the\s+)?day\s+after\s+tomorrow\b|\bpasado\s+manana\b")
_DAY_BEFORE_RE = re.compile(
    r"\b(?:the\s+)?day\s+before\s+yesterday\b|\banteayer\b|\bantier\b|\bantes\s+de\s+ayer\b"
)
_RELATIVE_RE = re.compile(
    r"\b(today|hoy|tonight|this\s+(?:morning|afternoon|evening)|esta\s+(?:noche|manana|tarde)|"
    r"tomorrow|yesterday|ayer|last\s+night|anoche|same[\s-]day|el\s+mismo\s+dia)\b"
    r"|(?<!\bla\s)(?<!\blas\s)(?<!\bpor\s)(?<!\ben\s)(?<!\bx\s)\b(manana)\b"
)
_IN_RE = re.compile(
    r"\b(?:in|en|dentro\s+de)\s+(?:(a\s+couple\s+(?:of\s+)?|a\s+few\s+|(?:un\s+)?par\s+de\s+|unos\s+)|("
    + _NUM
    + r"|a|an|un|una)\s+)?"
    r"(days?|weeks?|months?|dias?|semanas?|mes(?:es)?|fortnight)\b"
)
_FROM_NOW_RE = re.compile(
    r"\b(" + _NUM + r"|a|an|one)\s+(days?|weeks?|months?)\s+(?:from\s+(?:now|today)|out)\b"
)
_AGO_RE = re.compile(
    r"\b("
    + _NUM
    + r"|a|an)\s+(days?|weeks?|months?)\s+ago\b|\bhace\s+("
    + _NUM
    + r"|un|una)\s+(dias?|semanas?|mes(?:es)?)\b"
)
_WEEK_RE = re.compile(
    r"\b(?:the\s+)?(week\s+after\s+next)\b"
    r"|\b(next|this|last|the\s+following)\s+(week|month|weekend)\b"
    r"|\b(?:la|el|esta|este)?\s*(semana|mes|fin\s+de\s+semana)\s+(que\s+viene|proximo|siguiente|pasad[oa])\b"
    r"|\b(?:la|el)?\s*(proximo|siguiente)\s+(semana|mes|fin\s+de\s+semana)\b"
    r"|\b(esta|este)\s+(semana|mes|fin\s+de\s+semana)\b"
    r"|\b(?:(el)\s+)?(fin\s+de\s+semana)\b"
)
_WEEKDAY_RE = re.compile(
    r"\b(?:(next|this\s+coming|this|coming|last|past|proximo|este|pasado|el)\s+)?(" + _WD + r")s?\b"
    r"(\s+(?:que\s+viene|proximo|pasado|next\s+week|de\s+la\s+semana\s+que\s+viene|de\s+la\s+proxima\s+semana|"
    r"after\s+next|of\s+next\s+week|this\s+week|de\s+esta\s+semana))?"
)
_WEEKDAY_GUARD_RE = re.compile(r"(?:\b(?:i|we|they|he|she|you|it|had|get|got|be|been|was|were|the)\s+|')$")

# ---------------------------------------------------------------------------------------------------------
# parts of day

_PARTS = (
    (
        "morning",
        re.compile(
            r"\b(?:mornings?|first\s+thing|in\s+the\s+am|a\.m\.\s+hours|temprano|madrugada|before\s+work|"
            r"(?:por|en|de|a|para)\s+la\s+manana|esta\s+manana|(?:por|en)\s+las\s+mananas|antes\s+del\s+trabajo)\b"
        ),
    ),
    (
        "afternoon",
        re.compile(
            r"\b(?:afternoons?|after\s+lunch|in\s+the\s+pm|after\s+school|after\s+noon|"
            r"(?:por|en|de|a|para)\s+la\s+tarde|esta\s+tarde|(?:por|en)\s+las\s+tardes|despues\s+de(?:l)?\s+(?:almuerzo|comida|la\s+escuela))\b"
        ),
    ),
    (
        "evening",
        re.compile(
            r"\b(?:evenings?|tonight|nights?|after\s+work|(?:por|en|de|a|para)\s+la\s+noche|esta\s+noche|(?:por|en)\s+las\s+noches|anoche|"
            r"despues\s+del\s+trabajo)\b"
        ),
    ),
)

_NEGATIVE_TAIL_RE = re.compile(
    r"\b(?:not|can'?t|cannot|won'?t|unable|no|instead\s+of|rather\s+than|except|busy|"
    r"no\s+puedo|en\s+vez\s+del?|en\s+lugar\s+del?|excepto|menos|ni)\b[^.?!;,]{0,18}$"
    r"|\b(?:from|de|del)\s+(?:the\s+|my\s+|el\s+|la\s+|mi\s+)?$"
)
_ARTICLE = r"(?:the\s+|el\s+|la\s+|un\s+|una\s+|a\s+|an\s+)?"
_POSITIVE_TAIL_RE = re.compile(
    r"\b(?:to|instead|rather|how\s+about|what\s+about|prefer|mejor|(?:can|could)\s+(?:you|we|i)\s+do|do)\s+"
    + _ARTICLE
    + "$"
)
_WEAK_POSITIVE_TAIL_RE = re.compile(r"\b(?:for|para)\s+" + _ARTICLE + "$")
_DEADLINE_TAIL_RE = re.compile(r"\b(?:by|before|until|till|hasta|antes\s+del?)\s+" + _ARTICLE + "$")
_MONTH_WORD_RE = re.compile(r"\b(?:" + _MO + r")\b|\d{1,2}[/.-]\d{1,2}")


# ---------------------------------------------------------------------------------------------------------
# small date arithmetic


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _future_month_day(today: date, month: int, day: int, *, past: bool = False) -> date | None:
    """Month/day without a year: this year, or next year once it has passed (Feb 29 waits for a leap year).

    With `past` ("since Nov 20") it is the latest such day up to today instead.
    """
    years = range(today.year, today.year - 5, -1) if past else range(today.year, today.year + 5)
    for year in years:
        candidate = _safe_date(year, month, day)
        if candidate and (candidate <= today if past else candidate >= today):
            return candidate
    return None


def _day_of_month(today: date, day: int) -> date | None:
    """The next date (from today on) whose day of month is `day`: this month, else the next month having it."""
    if not 1 <= day <= 31:
        return None
    for offset in range(13):
        year, month_index = divmod(today.year * 12 + today.month - 1 + offset, 12)
        candidate = _safe_date(year, month_index + 1, day)
        if candidate and candidate >= today:
            return candidate
    return None


def _year(raw: str) -> int:
    value = int(raw)
    return value + 2000 if value < 100 else value


def _count(raw: str | None) -> int:
    if raw is None:
        return 1
    raw = raw.strip()
    if raw.isdigit():
        return int(raw)
    return _COUNT_WORDS.get(raw, 1)


def _span_days(amount: int, unit: str, today: date, sign: int = 1) -> date:
    if unit.startswith(("week", "semana")):
        return today + timedelta(days=7 * amount * sign)
    if unit.startswith(("month", "mes")):
        return _add_months(today, amount * sign)
    if unit == "fortnight":
        return today + timedelta(days=14 * sign)
    return today + timedelta(days=amount * sign)


# ---------------------------------------------------------------------------------------------------------
# the scan


@dataclass(slots=True)
class _Hit:
    kind: str  # "date" | "weekday" | "week" | "time" | "part" | "before"
    pos: int
    rank: float = 0.0
    value: object = None
    extra: object = None


def _clean(text: str, today: date, language: str) -> str:
    s = fold(text)
    s = _NOISE_RE.sub(" ", s)
    if _PAIN_RE.search(s):
        s = _SCORE_RE.sub(" ", s)  # "8/10" is a pain score, not August 10
    s = _DOB_RE.sub(" ", s)
    s = _GREETING_RE.sub(" ", s)
    s = _X_POR_RE.sub("por", s).replace("@", " at ")

    def fix(match: re.Match) -> str:
        token = match.group()
        if token in _TYPOS:
            return _TYPOS[token]
        if language == "es" and token in _ES_WEEKDAY_ABBREVIATIONS:
            return _ES_WEEKDAY_ABBREVIATIONS[token]
        if (
            5 <= len(token) <= 11
            and token.endswith(("day", "dy", "dya"))
            and token not in _WEEKDAYS
            and token not in _DAYLIKE_WORDS
        ):
            best = difflib.get_close_matches(token, _EN_WEEKDAY_NAMES, n=1, cutoff=0.8)
            if best:
                return best[0]
        return token

    s = _TOKEN_RE.sub(fix, s)
    s = _DAY_AMPM_RE.sub(lambda m: f"{m.group(1)} {'morning' if m.group(2) == 'a' else 'afternoon'}", s)
    # Days written as words next to a month ("the tenth of December", "diez de diciembre") become digits.
    s = _WORD_DAY_MONTH_RE.sub(lambda m: str(_day_word(m.group(1))), s)
    s = _MONTH_WORD_DAY_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{_day_word(m.group(3))}", s)
    # Numeric dates with an old 4-digit year are birth dates or history, never an appointment.
    for match in _NUM_YEAR_RE.finditer(s):
        if _year(match.group(4)) < today.year - 1:
            s = s[: match.start()] + " " * (match.end() - match.start()) + s[match.end() :]
    return s


_SINCE_TAIL_RE = re.compile(r"\b(?:since|desde|ever\s+since)\s+(?:the\s+|el\s+)?$")


def _after_since(s: str, position: int) -> bool:
    return bool(_SINCE_TAIL_RE.search(s, max(0, position - 30), position))


def _day_word(word: str) -> int:
    return _DAY_WORDS[" ".join(word.replace("-", " ").split())]


def _blank(s: str, match: re.Match) -> str:
    return s[: match.start()] + " " * (match.end() - match.start()) + s[match.end() :]


def _hour_value(raw: str) -> int:
    return int(raw) if raw.isdigit() else _HOUR_WORDS[raw]


def _scan_times(s: str, hits: list[_Hit]) -> str:
    def add(match: re.Match, hour: int, minute: int, meridiem: str | None) -> None:
        if not (0 <= hour <= 23 and 0 <= minute <= 59) or (meridiem and not 1 <= hour <= 12):
            return
        head = s[: match.start()]
        trail = _TRAIL_RE.match(s, match.end())
        trail_part = None
        if trail:
            word = trail.group(1) or trail.group(2)
            trail_part = _TRAIL_PARTS.get(word, "evening")
        if _BEFORE_TAIL_RE.search(head):
            hits.append(_Hit("before", match.start(), 0, (hour, minute, meridiem, trail_part)))
            return
        after = bool(_AFTER_TAIL_RE.search(head))
        hits.append(_Hit("time", match.start(), 0, (hour, minute, meridiem, trail_part), after))

    def range_meridiem(start_h: int, end_h: int, end_mer: str | None) -> str | None:
        if end_mer is None:
            return None
        if start_h % 12 <= end_h % 12 or start_h == 12:
            return end_mer
        return "a" if end_mer == "p" else "p"

    for regex in (_RANGE_PREFIX_RE, _RANGE_SUFFIX_RE):
        for match in list(regex.finditer(s)):
            if regex is _RANGE_SUFFIX_RE and _OWNED_TAIL_RE.search(s, 0, match.start()):
                continue  # "push my 2pm to 4pm" moves an appointment; it is not a range
            h1, m1, mer1, h2, _m2, mer2 = match.groups()
            start_h, end_h = int(h1), int(h2)
            if not mer1 and not mer2 and (start_h > 23 or end_h > 23):
                continue
            add(match, start_h, int(m1 or 0), mer1 or range_meridiem(start_h, end_h, mer2))
            s = _blank(s, match)
    for regex in (_CLOCK_RE, _DOT_CLOCK_RE):
        for match in list(regex.finditer(s)):
            add(match, int(match.group(1)), int(match.group(2)), match.group(3) or match.group(4))
            s = _blank(s, match)
    for match in list(_AMPM_RE.finditer(s)):
        add(match, int(match.group(1)), 0, match.group(2) or match.group(3))
        s = _blank(s, match)
    for match in list(_HALF_RE.finditer(s)):
        size, direction, raw = match.groups()
        hour, minute = _hour_value(raw), 30 if size == "half" else 15
        if direction in ("to", "of", "til"):
            hour, minute = (hour - 1) or 12, 60 - minute
        add(match, hour, minute, None)
        s = _blank(s, match)
    for match in list(_ES_HALF_RE.finditer(s)):
        raw, tail = match.groups()
        hour = _hour_value(raw)
        if tail.startswith("menos"):
            add(match, (hour - 1) or 12, 45, None)
        else:
            add(match, hour, 30 if tail.endswith("media") else 15, None)
        s = _blank(s, match)
    for match in list(_NOON_RE.finditer(s)):
        add(match, 12, 0, None)
        s = _blank(s, match)
    for match in list(_OCLOCK_RE.finditer(s)):
        add(match, _hour_value(match.group(1)), 0, None)
        s = _blank(s, match)
    for match in list(_AT_RE.finditer(s)):
        trigger, raw = match.group(1), match.group(2)
        vague = trigger in ("around", "arround", "round", "about", "abt") or trigger.startswith("approx")
        if raw == "once" and "la" not in trigger:
            continue  # "at once"
        if not raw.isdigit() and not _WORD_HOUR_FOLLOW_RE.match(s, match.end()):
            continue  # "at one point", "around two people"
        hour = _hour_value(raw)
        if hour > 23 or ((vague or trigger == "by") and hour > 12):
            continue
        if trigger in ("before", "b4", "by") or trigger.startswith("antes"):
            hits.append(_Hit("before", match.start(), 0, (hour, 0, None, None)))
        else:
            add(match, hour, 0, None)
            if trigger == "after" or trigger.startswith("despues"):
                hits[-1].extra = True
        s = _blank(s, match)
    return s


def _scan_dates(s: str, today: date, language: str, hits: list[_Hit]) -> str:
    def add(match: re.Match, value: date | None, rank: float) -> None:
        if value is not None and today.year - 1 <= value.year <= today.year + 3:
            hits.append(_Hit("date", match.start(), rank, value))

    for match in list(_ISO_RE.finditer(s)):
        add(match, _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3))), 3)
        s = _blank(s, match)
    for match in list(_NUM_YEAR_RE.finditer(s)):
        first, _sep, second, year = match.groups()
        month, day = _month_day_order(int(first), int(second), language)
        add(match, _safe_date(_year(year), month, day), 3)
        s = _blank(s, match)
    for match in list(_NUM_RE.finditer(s)):
        month, day = _month_day_order(int(match.group(1)), int(match.group(2)), language)
        add(match, _future_month_day(today, month, day, past=_after_since(s, match.start())), 3)
        s = _blank(s, match)
    for regex, month_group, day_group in ((_MONTH_DAY_RE, 1, 2), (_DAY_MONTH_RE, 2, 1)):
        for match in list(regex.finditer(s)):
            month, day, year = _MONTHS[match.group(month_group)], int(match.group(day_group)), match.group(3)
            past = _after_since(s, match.start())
            value = (
                _safe_date(int(year), month, day) if year else _future_month_day(today, month, day, past=past)
            )
            add(match, value, 3)
            s = _blank(s, match)
    for match in list(_WEEKDAY_NUMBER_RE.finditer(s)):
        value = _day_of_month(today, int(match.group(2)))
        if value and value.weekday() == _WEEKDAYS[match.group(1)]:
            add(match, value, 2.5)
            s = _blank(s, match)
    for match in list(_ORDINAL_RE.finditer(s)):
        if re.search(r"\b(?:my|his|her|our|their|your|mi|su)\s+$", s[: match.start()]):
            continue
        add(match, _day_of_month(today, int(match.group(1))), 2)
        s = _blank(s, match)
    for match in list(_ES_DAY_RE.finditer(s)):
        if _ES_DAY_BLOCK_RE.match(s, match.end()):
            continue
        add(match, _day_of_month(today, int(match.group(1) or match.group(2) or match.group(3))), 2)
        s = _blank(s, match)
    for match in list(_MONTH_ONLY_RE.finditer(s)):
        month = _FULL_MONTHS[match.group(2)]
        start = today if month == today.month else _future_month_day(today, month, 1)
        if match.group(1) in ("mid", "a mediados de") and start:
            start = max(start.replace(day=15), today)
        add(match, start, 1.5)
        s = _blank(s, match)
    for regex, offset in ((_DAY_AFTER_RE, 2), (_DAY_BEFORE_RE, -2)):
        for match in list(regex.finditer(s)):
            add(match, today + timedelta(days=offset), 1)
            s = _blank(s, match)
    for match in list(_RELATIVE_RE.finditer(s)):
        word = match.group(1) or match.group(2)
        if word in ("tomorrow", "manana"):
            offset = 1
        elif word in ("yesterday", "ayer", "anoche") or word.startswith("last"):
            offset = -1
        else:
            offset = 0
        add(match, today + timedelta(days=offset), 1)
        hits.append(_Hit("today_word", match.start(), 0, offset))
        if word in ("tonight", "last night", "anoche") or word.startswith(("this", "esta")):
            continue  # keep the part-of-day word for the part scan
        s = _blank(s, match)
    for match in list(_IN_RE.finditer(s)):
        vague, amount, unit = match.groups()
        amount_value = (3 if "few" in vague or "unos" in vague else 2) if vague else _count(amount)
        add(match, _span_days(amount_value, unit, today), 1)
        s = _blank(s, match)
    for match in list(_FROM_NOW_RE.finditer(s)):
        add(match, _span_days(_count(match.group(1)), match.group(2), today), 1)
        s = _blank(s, match)
    for match in list(_AGO_RE.finditer(s)):
        amount, unit = (
            (match.group(1), match.group(2)) if match.group(2) else (match.group(3), match.group(4))
        )
        add(match, _span_days(_count(amount), unit, today, -1), 1)
        s = _blank(s, match)
    for match in list(_WEEK_RE.finditer(s)):
        hits.append(_Hit("week", match.start(), 0.5, _week_key(match)))
        s = _blank(s, match)
    for match in list(_WEEKDAY_RE.finditer(s)):
        modifier, name, tail = match.groups()
        ambiguous = name in ("sat", "sun", "wed", "mon") and not modifier
        if ambiguous and _WEEKDAY_GUARD_RE.search(s[: match.start()]):
            continue
        if modifier in (None, "el", "on") and _after_since(s, match.start()):
            modifier = "last"  # "fever since Monday", "desde el lunes"
        hits.append(
            _Hit("weekday", match.start(), 1, _WEEKDAYS[name], (modifier or "", (tail or "").strip()))
        )
        s = _blank(s, match)
    return s


def _week_key(match: re.Match) -> str:
    """Reduce a week/month/weekend phrase to '<which>:<unit>' (which: next, this, last, after_next)."""
    if match.group(1):
        return "after_next:week"
    words = [g for g in match.groups()[1:] if g]
    text = " ".join(words)
    unit = (
        "weekend"
        if ("weekend" in text or "fin de semana" in text)
        else "month"
        if "month" in text or "mes" in text
        else "week"
    )
    if any(w in text for w in ("next", "que viene", "proximo", "siguiente", "following")):
        which = "next"
    elif any(w in text for w in ("last", "pasad")):
        which = "last"
    else:
        which = "this"
    return f"{which}:{unit}"


def _month_day_order(first: int, second: int, language: str) -> tuple[int, int]:
    """Numeric day/month order: m/d in English, d/m in Spanish, unless one part can only be a day."""
    if first > 12 >= second:
        return second, first
    if second > 12 >= first:
        return first, second
    return (second, first) if language == "es" else (first, second)


def _scan_parts(s: str, hits: list[_Hit]) -> None:
    for part, regex in _PARTS:
        for match in regex.finditer(s):
            hits.append(_Hit("part", match.start(), 0, part))


# ---------------------------------------------------------------------------------------------------------
# choosing


def _context_bonus(s: str, pos: int) -> float:
    head = s[max(0, pos - 40) : pos]
    if _NEGATIVE_TAIL_RE.search(head):
        return -10.0
    if _POSITIVE_TAIL_RE.search(head):
        return 1.0
    if _WEAK_POSITIVE_TAIL_RE.search(head):
        return 0.5
    if _DEADLINE_TAIL_RE.search(head):
        return -2.0
    return 0.0


def _best(candidates: list[_Hit], s: str, *, prefer_last: bool = False) -> _Hit | None:
    """The best-placed candidate; ties go to the first mention (the last one with `prefer_last`)."""
    if not candidates:
        return None
    order = 1 if prefer_last else -1
    return max(candidates, key=lambda hit: (hit.rank + _context_bonus(s, hit.pos), order * hit.pos))


def _resolve_weekday(hit: _Hit, today: date, week_keys: set[str], says_today: bool) -> date:
    weekday = hit.value
    modifier, tail = hit.extra
    ahead = (weekday - today.weekday()) % 7
    next_week = _monday(today) + timedelta(days=7 + weekday)
    if tail in ("next week", "de la semana que viene", "de la proxima semana", "of next week") or (
        "next:week" in week_keys and modifier not in ("last", "past", "pasado")
    ):
        return next_week
    if tail == "after next" or "after_next:week" in week_keys:
        return next_week + timedelta(days=7)
    if modifier in ("last", "past", "pasado") or tail == "pasado" or "last:week" in week_keys:
        if "last:week" in week_keys:
            return _monday(today) - timedelta(days=7 - weekday)
        return today - timedelta(days=(today.weekday() - weekday) % 7 or 7)
    if modifier in ("next", "proximo") or tail in ("que viene", "proximo"):
        return next_week
    if modifier in ("this", "este") or tail in ("this week", "de esta semana") or "this:week" in week_keys:
        this_week = _monday(today) + timedelta(days=weekday)
        return this_week if this_week >= today else today + timedelta(days=ahead or 7)
    if ahead == 0 and says_today:
        return today
    return today + timedelta(days=ahead or 7)


def _resolve_week(key: str, today: date) -> date | None:
    which, unit = key.split(":")
    monday = _monday(today)
    if unit == "week":
        return {
            "next": monday + timedelta(days=7),
            "after_next": monday + timedelta(days=14),
            "last": monday - timedelta(days=7),
        }.get(which)
    if unit == "month":
        first = today.replace(day=1)
        return {"next": _add_months(first, 1), "last": _add_months(first, -1)}.get(which)
    saturday = monday + timedelta(days=5)
    if which == "next":
        return saturday + timedelta(days=7)
    if which == "last":
        return saturday - timedelta(days=7)
    return max(saturday, today)


def _to_24h(hour: int, meridiem: str | None, hint: str | None) -> int:
    """Hours follow am/pm when given, then a part-of-day hint, then the clinic rule (1–6 pm, 7–11 am)."""
    if meridiem is None and hour == 0:
        return 0
    if meridiem == "a" or (meridiem is None and hint == "morning" and hour <= 12):
        return 0 if hour == 12 and meridiem == "a" else hour
    if meridiem == "p" or (meridiem is None and hint in ("pm", "afternoon", "evening") and hour < 12):
        return hour + 12 if hour < 12 else hour
    if hour == 0 or hour >= 12:
        return hour
    return hour + 12 if hour <= 6 else hour


def resolve_when(text: str, *, now: datetime, language: str = "en") -> When:
    """Resolve the date, time and part of day a message refers to, relative to the aware `now`.

    Returns an empty `When` when the message says nothing about time. See the module docstring for the rules.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("resolve_when needs an aware `now`")
    today = now.date()
    s = _clean(text, today, language)
    hits: list[_Hit] = []
    s = _scan_times(s, hits)
    s = _scan_dates(s, today, language, hits)
    _scan_parts(s, hits)

    parts = [h for h in hits if h.kind == "part"]
    week_keys = {h.value for h in hits if h.kind == "week"}
    says_today = any(h.kind == "today_word" and h.value == 0 for h in hits)

    candidates = [h for h in hits if h.kind == "date"]
    weekday_hits = [h for h in hits if h.kind == "weekday"]
    for hit in weekday_hits:
        candidates.append(
            _Hit("date", hit.pos, hit.rank, _resolve_weekday(hit, today, week_keys, says_today))
        )
    if not weekday_hits:
        for hit in hits:
            if hit.kind == "week":
                value = _resolve_week(hit.value, today)
                if value is not None:
                    candidates.append(_Hit("date", hit.pos, hit.rank, value))
    chosen_date = _best(candidates, s)
    when_date = chosen_date.value if chosen_date else None
    if when_date is None and _MONTH_WORD_RE.search(s):
        when_date = _dateparser_fallback(s, now, language)

    # "too tired in the mornings, can we do an afternoon?": the later part of day is the request.
    part_hit = _best(parts, s, prefer_last=True)
    part = part_hit.value if part_hit else None
    when_time = None
    time_hit = _best([h for h in hits if h.kind == "time"], s)
    if time_hit:
        hour, minute, meridiem, trail_part = time_hit.value
        when_time = time(_to_24h(hour, meridiem, trail_part or part), minute)
        if time_hit.extra and when_time >= _EVENING_FROM:
            return When(date=when_date, time=None, part_of_day="evening")  # "call me after 5"
        if trail_part:
            return When(date=when_date, time=when_time, part_of_day=trail_part)  # "a las 8 de la mañana"
    else:
        before = _best([h for h in hits if h.kind == "before"], s)
        if before and part is None:
            hour, minute, meridiem, trail_part = before.value
            limit = _to_24h(hour, meridiem, trail_part)
            if (limit, minute) <= (12, 0) and (hour, minute) != (0, 0):
                part = "morning"
    if when_time is not None:
        part = None
    return When(date=when_date, time=when_time, part_of_day=part)


_dateparser_settings: dict | None = None


def _dateparser_fallback(s: str, now: datetime, language: str) -> date | None:
    """Ask dateparser about the few words around each month name; only full day+month answers count."""
    import dateparser  # imported lazily: it is slow to load and rarely needed

    tokens = s.split()
    languages = ["es", "en"] if language == "es" else ["en", "es"]
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "REQUIRE_PARTS": ["day", "month"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    for index, token in enumerate(tokens):
        if token.strip(".,") not in _MONTHS:
            continue
        for width in (3, 2):
            window = " ".join(tokens[max(0, index - width) : index + width + 1])
            try:
                parsed = dateparser.parse(window, languages=languages, settings=settings)
            except (ValueError, OverflowError):
                parsed = None
            if parsed is not None and now.year - 1 <= parsed.year <= now.year + 3:
                return parsed.date()
    return None


# ---------------------------------------------------------------------------------------------------------
# evaluation


def date_resolution_accuracy(rows: Iterable[Mapping], now: datetime) -> float:
    """Share of labelled rows whose resolved When matches the label exactly (date, time and part_of_day).

    Each row has "text", optionally "language" (or "lang"), and the expected {"date", "time", "part_of_day"} under "when"
    (or "expected"); rows without a label are skipped. Returns 0.0 when no row is labelled.
    """
    total = correct = 0
    for row in rows:
        expected = row.get("when", row.get("expected"))
        if not isinstance(expected, Mapping) or not expected:
            continue
        total += 1
        language = row.get("language") or row.get("lang") or "en"
        got = resolve_when(row["text"], now=now, language=language).as_json()
        if all(got[key] == expected.get(key) for key in ("date", "time", "part_of_day")):
            correct += 1
    return correct / total if total else 0.0


MONTH_NUMBERS = dict(_MONTHS)

__all__ = ["MONTH_NUMBERS", "date_resolution_accuracy", "fold", "resolve_when"]
