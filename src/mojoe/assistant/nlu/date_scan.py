"""Reading a message for WHEN candidates: cleaning the text, then scanning it for times, dates and parts of day.

`dates.resolve_when` calls `_clean`, `_scan_times`, `_scan_dates` and `_scan_parts`, then chooses among the
`_Hit`s they collect (see the `dates` module docstring for the rules). The small date arithmetic both need is
here too. Split out of `dates` to keep each module a readable size; the patterns are in `date_patterns` and
the word lists in `vocabulary`.
"""

from __future__ import annotations

import calendar
import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from mojoe.assistant.nlu.date_patterns import (
    _AFTER_TAIL_RE,
    _AGO_RE,
    _AMPM_RE,
    _AT_RE,
    _BEFORE_TAIL_RE,
    _CLOCK_RE,
    _DAY_AFTER_RE,
    _DAY_AMPM_RE,
    _DAY_BEFORE_RE,
    _DAY_MONTH_RE,
    _DOB_RE,
    _DOT_CLOCK_RE,
    _ES_DAY_BLOCK_RE,
    _ES_DAY_RE,
    _ES_HALF_RE,
    _FROM_NOW_RE,
    _GREETING_RE,
    _HALF_RE,
    _IN_RE,
    _ISO_RE,
    _MONTH_DAY_RE,
    _MONTH_ONLY_RE,
    _MONTH_WORD_DAY_RE,
    _NOISE_RE,
    _NOON_RE,
    _NUM_RE,
    _NUM_YEAR_RE,
    _OCLOCK_RE,
    _ORDINAL_RE,
    _OWNED_TAIL_RE,
    _PAIN_RE,
    _PARTS,
    _RANGE_PREFIX_RE,
    _RANGE_SUFFIX_RE,
    _RELATIVE_RE,
    _SCORE_RE,
    _TOKEN_RE,
    _TRAIL_PARTS,
    _TRAIL_RE,
    _WEEK_RE,
    _WEEKDAY_GUARD_RE,
    _WEEKDAY_NUMBER_RE,
    _WEEKDAY_RE,
    _WORD_DAY_MONTH_RE,
    _WORD_HOUR_FOLLOW_RE,
    _X_POR_RE,
)
from mojoe.assistant.nlu.vocabulary import (
    _COUNT_WORDS,
    _DAY_WORDS,
    _DAYLIKE_WORDS,
    _EN_WEEKDAY_NAMES,
    _ES_WEEKDAY_ABBREVIATIONS,
    _FULL_MONTHS,
    _HOUR_WORDS,
    _MONTHS,
    _TYPOS,
    _WEEKDAYS,
)


def fold(text: str) -> str:
    """Lowercase and strip accents (ñ → n) one character for one, so spans stay aligned with `text`."""
    if text.isascii():  # most messages: no accent to strip, and the backtick is the only quote to straighten
        return text.lower().replace("`", "'")
    out = []
    for char in text:
        low = char.lower()
        if len(low) != 1:
            low = char
        base = unicodedata.normalize("NFKD", low)[:1] or low
        out.append("'" if base in "’‘`´" else base)
    return "".join(out)


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
