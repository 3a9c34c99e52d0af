"""The office's opening hours, derived from the providers' weekly hours, and how they are written out.

The hours are not typed twice: a location is open when at least one active provider works there, so its hours
are the union of those providers' blocks for each weekday. The practice's holidays close every location.
Times are local wall-clock times of the practice's time zone, as the blocks are stored.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from mojoe.practices.models import Practice
from mojoe.practices.snapshot import PracticeSnapshot, practice_snapshot

HOLIDAY_LOOKAHEAD_DAYS = 14


class Span(NamedTuple):
    """A stretch of local time the office is open."""

    start: time
    end: time


@dataclass(frozen=True)
class Closure:
    """A day the whole practice is closed (a holiday)."""

    day: date
    name: str


@dataclass(frozen=True)
class LocationHours:
    """When one location is open: `week` has Monday to Sunday, each the day's open spans in local time."""

    location_id: uuid.UUID
    name: str
    week: tuple[tuple[Span, ...], ...]
    closures: tuple[Closure, ...]


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    """Overlapping and touching spans as one: 8–12 and 10–13 and 13–17 are 8–17."""
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            if span.end > merged[-1].end:
                merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return tuple(merged)


def office_hours(
    practice: Practice, *, now: datetime, snapshot: PracticeSnapshot | None = None
) -> list[LocationHours]:
    """Each active location's opening hours, derived from the weekly hours of the active providers who work
    there (their union per weekday), with the practice's holidays of the next 14 days. From the practice's
    snapshot (one query when it is current), or `snapshot` when the caller has it already.

    Seasonal blocks count while they are in effect today; one provider's time off does not close the office.
    Locations where nobody works are left out.
    """
    snapshot = snapshot or practice_snapshot(practice)
    today = now.astimezone(practice.tz).date()
    by_location: dict[uuid.UUID, dict[int, list[Span]]] = defaultdict(lambda: defaultdict(list))
    names: dict[uuid.UUID, str] = {}
    for block in snapshot.weekly_blocks:
        if block.in_effect(today):
            names[block.location_id] = block.location_name
            by_location[block.location_id][block.weekday].append(Span(block.start, block.end))
    if not by_location:
        return []
    last = today + timedelta(days=HOLIDAY_LOOKAHEAD_DAYS)
    closures = tuple(Closure(day, name) for day, name in snapshot.holidays if today <= day <= last)
    return [
        LocationHours(
            location_id=location_id,
            name=names[location_id],
            week=tuple(_merge(by_location[location_id][weekday]) for weekday in range(7)),
            closures=closures,
        )
        for location_id in sorted(names, key=lambda pk: names[pk])
    ]


# --- formatting -----------------------------------------------------------------------------------------

DAY_ABBREVIATIONS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "es": ("lun", "mar", "mié", "jue", "vie", "sáb", "dom"),
}
DAY_NAMES = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
MONTH_ABBREVIATIONS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"),
}


def language_code(language: str) -> str:
    """ "es" for Spanish ("es", "es-MX"), "en" for anything else."""
    return "es" if (language or "").lower().startswith("es") else "en"


def format_time(value: time, language: str) -> str:
    """8:00 AM in English, 8:00 (24-hour clock) in Spanish."""
    if language_code(language) == "es":
        return f"{value.hour}:{value.minute:02d}"
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}"


def format_spans(spans: tuple[Span, ...], language: str) -> str:
    joiner = " y " if language_code(language) == "es" else " and "
    return joiner.join(f"{format_time(s.start, language)}–{format_time(s.end, language)}" for s in spans)


def format_days(weekdays: list[int], language: str) -> str:
    """[0, 1, 2, 3, 4] -> "Mon–Fri"; [0, 2, 4] -> "Mon, Wed, Fri"."""
    names = DAY_ABBREVIATIONS[language_code(language)]
    runs: list[list[int]] = []
    for weekday in sorted(weekdays):
        if runs and weekday == runs[-1][-1] + 1:
            runs[-1].append(weekday)
        else:
            runs.append([weekday])
    return ", ".join(names[run[0]] if len(run) == 1 else f"{names[run[0]]}–{names[run[-1]]}" for run in runs)


def format_week(week: tuple[tuple[Span, ...], ...], language: str = "en") -> str:
    """ "Mon–Fri 8:00 AM–5:00 PM; Sat 9:00 AM–12:00 PM; closed Sun" (Spanish: "lun–vie 8:00–17:00; …")."""
    groups: dict[tuple[Span, ...], list[int]] = {}
    closed = []
    for weekday, spans in enumerate(week):
        if spans:
            groups.setdefault(spans, []).append(weekday)
        else:
            closed.append(weekday)
    parts = [
        f"{format_days(days, language)} {format_spans(spans, language)}"
        for spans, days in sorted(groups.items(), key=lambda item: item[1][0])
    ]
    if closed:
        parts.append(
            f"{'cerrado' if language_code(language) == 'es' else 'closed'} {format_days(closed, language)}"
        )
    return "; ".join(parts)


def format_date(day: date, language: str) -> str:
    """ "Thu, Nov 26" in English, "jue 26 nov" in Spanish."""
    lang = language_code(language)
    weekday, month = DAY_ABBREVIATIONS[lang][day.weekday()], MONTH_ABBREVIATIONS[lang][day.month - 1]
    return f"{weekday} {day.day} {month}" if lang == "es" else f"{weekday}, {month} {day.day}"


def format_closures(closures: tuple[Closure, ...], language: str = "en") -> str:
    """ "Thu, Nov 26 (Thanksgiving)" for each closure, joined."""
    return "; ".join(f"{format_date(c.day, language)} ({c.name})" for c in closures)
