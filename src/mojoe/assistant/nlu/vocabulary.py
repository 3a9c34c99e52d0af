"""Word lists shared by the date resolver (`dates`) and the entity extractor (`entities`).

Month, weekday, hour, count and day-of-month words in English and Spanish, the common typos and SMS spellings
of time words, and the regular-expression alternations built from them. They live here, apart from the code
that reads them, so that `dates` and `entities` stay a readable size and share one copy of each list.
Also the small helpers that turn a space-separated string into a word list, set or mapping, and the plain
word pattern (`_WORD_RE`) used by the entity readers.
Every word is in folded form (lowercase, no accents; see `dates.fold`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _word_list(words: str) -> list[str]:
    return words.split()


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _mapping(pairs: str) -> dict[str, str]:
    """ "a: b | c d: e" gives {"a": "b", "c d": "e"}."""
    return {key.strip(): value.strip() for key, value in (pair.split(":") for pair in pairs.split("|"))}


# A plain word in folded text ("dr hartwel", "metformina").
_WORD_RE = re.compile(r"[a-z][a-z'-]*")


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

# Month word -> month number (1-12), e.g. "dec" -> 12, "diciembre" -> 12.
MONTH_NUMBERS = dict(_MONTHS)
