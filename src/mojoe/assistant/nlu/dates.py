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

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta

from mojoe.assistant.nlu.date_patterns import (
    _DEADLINE_TAIL_RE,
    _MONTH_WORD_RE,
    _NEGATIVE_TAIL_RE,
    _POSITIVE_TAIL_RE,
    _WEAK_POSITIVE_TAIL_RE,
)
from mojoe.assistant.nlu.date_scan import (
    _add_months,
    _clean,
    _Hit,
    _monday,
    _scan_dates,
    _scan_parts,
    _scan_times,
    fold,
)
from mojoe.assistant.nlu.schema import When
from mojoe.assistant.nlu.vocabulary import _MONTHS, MONTH_NUMBERS

# "after 4", "after 5": the end of the clinic day, i.e. the evening rather than a clock time.
_EVENING_FROM = time(16, 0)


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


__all__ = ["MONTH_NUMBERS", "date_resolution_accuracy", "fold", "resolve_when"]
