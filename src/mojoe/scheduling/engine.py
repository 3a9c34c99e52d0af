"""Slot computation: pure functions over working hours, exceptions, holidays and busy time.

Nothing here touches the database or the clock; callers pass `now` and the practice's time zone. Working
hours are wall-clock times in the practice's zone and are turned into UTC instants day by day, so a block
of 09:00–17:00 stays 09:00–17:00 on both sides of a DST change. Candidate starts step through each window
in real elapsed time, which keeps durations exact on the days a clock jumps.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

MORNING_ENDS = time(12, 0)
AFTERNOON_ENDS = time(17, 0)


@dataclass(frozen=True, slots=True)
class WeeklyBlock:
    """Recurring hours: on `weekday` (Monday = 0) from `start` to `end`, local time, at `location_id`."""

    weekday: int
    start: time
    end: time
    location_id: object
    valid_from: date | None = None
    valid_until: date | None = None

    def applies_on(self, day: date) -> bool:
        return (
            day.weekday() == self.weekday
            and (self.valid_from is None or day >= self.valid_from)
            and (self.valid_until is None or day <= self.valid_until)
        )


@dataclass(frozen=True, slots=True)
class Interval:
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Window:
    """Bookable working time at one location."""

    start: datetime
    end: datetime
    location_id: object


@dataclass(slots=True)
class ProviderCalendar:
    """Everything the engine needs to know about one provider. `busy` may be in any order."""

    provider_id: object
    blocks: Sequence[WeeklyBlock] = ()
    extra_hours: Sequence[Window] = ()
    time_off: Sequence[Interval] = ()
    busy: Sequence[Interval] = ()


@dataclass(frozen=True, slots=True)
class SlotQuery:
    """What is being looked for. Dates are local to `tz` and inclusive; `now` must be aware."""

    start_date: date
    end_date: date
    tz: ZoneInfo
    now: datetime
    duration: timedelta
    interval: timedelta | None = None
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    min_notice: timedelta = timedelta(0)
    horizon: timedelta | None = None
    holidays: frozenset[date] = field(default_factory=frozenset)
    part_of_day: str | None = None
    location_id: object = None

    def __post_init__(self):
        if self.now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        if self.duration <= timedelta(0):
            raise ValueError("duration must be positive")
        if self.interval is not None and self.interval <= timedelta(0):
            raise ValueError("interval must be positive")


@dataclass(frozen=True, slots=True)
class Slot:
    start: datetime
    end: datetime
    provider_id: object
    location_id: object


def part_of_day(local_start: time) -> str:
    if local_start < MORNING_ENDS:
        return "morning"
    if local_start < AFTERNOON_ENDS:
        return "afternoon"
    return "evening"


def local_to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def subtract(windows: Iterable[Window], removed: Sequence[Interval]) -> list[Window]:
    """The parts of `windows` not covered by any interval in `removed`."""
    result: list[Window] = []
    for window in windows:
        pieces = [window]
        for cut in removed:
            next_pieces = []
            for piece in pieces:
                if cut.end <= piece.start or cut.start >= piece.end:
                    next_pieces.append(piece)
                    continue
                if cut.start > piece.start:
                    next_pieces.append(Window(piece.start, cut.start, piece.location_id))
                if cut.end < piece.end:
                    next_pieces.append(Window(cut.end, piece.end, piece.location_id))
            pieces = next_pieces
        result.extend(pieces)
    return result


def working_windows(calendar: ProviderCalendar, query: SlotQuery) -> list[Window]:
    """The provider's working time over the query's dates, holidays and time off removed, sorted."""
    range_start = local_to_utc(query.start_date, time.min, query.tz)
    range_end = local_to_utc(query.end_date + timedelta(days=1), time.min, query.tz)
    windows: list[Window] = []
    for day in _days(query.start_date, query.end_date):
        if day in query.holidays:
            continue
        for block in calendar.blocks:
            if block.applies_on(day):
                windows.append(
                    Window(
                        local_to_utc(day, block.start, query.tz),
                        local_to_utc(day, block.end, query.tz),
                        block.location_id,
                    )
                )
    for extra in calendar.extra_hours:
        if extra.end > range_start and extra.start < range_end:
            local_day = extra.start.astimezone(query.tz).date()
            if local_day not in query.holidays:
                windows.append(
                    Window(max(extra.start, range_start), min(extra.end, range_end), extra.location_id)
                )
    if query.location_id is not None:
        windows = [w for w in windows if w.location_id == query.location_id]
    windows = subtract(windows, calendar.time_off)
    windows.sort(key=lambda w: (w.start, w.end))
    return windows


class _BusyIndex:
    """Answers "does [start, end) overlap any busy interval?" in O(log n), busy intervals may overlap."""

    def __init__(self, busy: Iterable[Interval]):
        ordered = sorted(busy, key=lambda i: i.start)
        self._starts = [i.start for i in ordered]
        self._max_end = list(accumulate((i.end for i in ordered), max))

    def overlaps(self, start: datetime, end: datetime) -> bool:
        count = bisect_left(self._starts, end)  # intervals starting before `end`
        return count > 0 and self._max_end[count - 1] > start


def provider_slots(calendar: ProviderCalendar, query: SlotQuery) -> list[Slot]:
    """Free starts for one provider, earliest first."""
    step = query.interval or query.duration
    earliest = query.now + query.min_notice
    latest = query.now + query.horizon if query.horizon is not None else None
    busy = _BusyIndex(calendar.busy)
    slots: list[Slot] = []
    seen: set[datetime] = set()  # overlapping blocks (a rule and extra hours) must not offer a start twice
    for window in working_windows(calendar, query):
        start = window.start
        while start + query.duration <= window.end:
            end = start + query.duration
            if latest is not None and start > latest:
                break
            if (
                start >= earliest
                and start not in seen
                and (
                    query.part_of_day is None
                    or part_of_day(start.astimezone(query.tz).time()) == query.part_of_day
                )
                and not busy.overlaps(start - query.buffer_before, end + query.buffer_after)
            ):
                seen.add(start)
                slots.append(Slot(start, end, calendar.provider_id, window.location_id))
            start += step
    slots.sort(key=lambda s: s.start)
    return slots


def find_slots(
    calendars: Sequence[ProviderCalendar], query: SlotQuery, *, limit: int | None = None
) -> list[Slot]:
    """Free starts across providers, earliest first; at the same time, providers in the order given."""
    rank = {calendar.provider_id: order for order, calendar in enumerate(calendars)}
    per_provider = [provider_slots(calendar, query) for calendar in calendars]
    merged = heapq.merge(*per_provider, key=lambda s: (s.start, rank[s.provider_id]))
    result = []
    for slot in merged:
        result.append(slot)
        if limit is not None and len(result) >= limit:
            break
    return result
