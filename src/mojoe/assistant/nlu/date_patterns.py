"""The regular-expression tables `dates.resolve_when` reads messages with.

What is removed before reading (phone numbers, doses, dates of birth, greetings...), clock times, dates,
parts of day and the words around a candidate that make it preferred or rejected. Kept apart from the scanning
code (`date_scan`) and the choosing code (`dates`) so that each module stays a readable size; the word lists
these patterns are built from are in `vocabulary`.
"""

from __future__ import annotations

import re

from mojoe.assistant.nlu.vocabulary import _DAY_WORDS, _FULL_MO, _HW, _MO, _NUM, _WD

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
