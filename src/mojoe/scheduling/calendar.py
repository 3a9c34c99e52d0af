"""The staff calendar: a day (one column per provider) or a week (one column per day) laid out on a time grid.

A fixed number of queries whatever the number of appointments: providers, appointments of the range (with
patient and type), and the hours, exceptions and holidays the engine needs to show open time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from mojoe.practices.models import Practice, Provider
from mojoe.scheduling import engine
from mojoe.scheduling.models import RELEASED_STATUSES, Appointment
from mojoe.scheduling.selectors import provider_calendars, slot_query_for_range

HOUR_PX = 80  # one hour of the grid, in CSS pixels
FREE_STEP = timedelta(minutes=15)  # granularity of the clickable free time
DEFAULT_FIRST_HOUR, DEFAULT_LAST_HOUR = 8, 18


@dataclass
class Block:
    top: float
    height: float


@dataclass
class AppointmentBlock(Block):
    appointment: Appointment
    local_start: datetime
    local_end: datetime


@dataclass
class FreeBlock(Block):
    start: datetime  # UTC
    local_start: datetime
    location_id: object
    provider_id: object

    # Built here rather than with template filters: a day has hundreds of free quarter-hours.
    @property
    def label(self) -> str:
        return f"{self.local_start:%-I:%M %p}"

    @property
    def short_label(self) -> str:
        return f"{self.local_start:%-I:%M}"

    @property
    def query(self) -> str:
        return urlencode(
            {
                "provider": self.provider_id,
                "start": self.local_start.isoformat(),
                "location": self.location_id,
            }
        )


@dataclass
class Column:
    key: str
    title: str
    subtitle: str
    provider: Provider
    day: date
    origin_ms: int  # the column's first grid hour as epoch milliseconds, for the "now" marker
    open: list[Block] = field(default_factory=list)
    free: list[FreeBlock] = field(default_factory=list)
    appointments: list[AppointmentBlock] = field(default_factory=list)


@dataclass
class Grid:
    columns: list[Column]
    first_hour: int
    last_hour: int
    ticks: list[tuple[float, str]]
    hour_px: int = HOUR_PX

    @property
    def hours(self) -> int:
        return self.last_hour - self.first_hour

    @property
    def minutes(self) -> int:
        return self.hours * 60


def _grid_hours(windows: list[engine.Window], appointments: list[Appointment], tz) -> tuple[int, int]:
    starts = [w.start.astimezone(tz) for w in windows] + [a.start.astimezone(tz) for a in appointments]
    ends = [w.end.astimezone(tz) for w in windows] + [a.end.astimezone(tz) for a in appointments]
    if not starts:
        return DEFAULT_FIRST_HOUR, DEFAULT_LAST_HOUR
    first = min(DEFAULT_FIRST_HOUR, min(s.hour for s in starts))
    last = max(DEFAULT_LAST_HOUR, max(e.hour + (1 if e.minute or e.second else 0) for e in ends))
    return first, min(last, 24)


def _place(start: datetime, end: datetime, origin: datetime) -> tuple[float, float]:
    top = (start - origin).total_seconds() / 3600 * HOUR_PX
    height = max((end - start).total_seconds() / 3600 * HOUR_PX, 18)
    return round(top, 1), round(height, 1)


def _free_blocks(
    windows, busy: list[engine.Interval], now: datetime, origin: datetime, tz, provider_id
) -> list[FreeBlock]:
    """Clickable free starts every FREE_STEP inside working time, not touching busy time, not in the past."""
    blocks = []
    for window in windows:
        start = window.start
        while start + FREE_STEP <= window.end:
            end = start + FREE_STEP
            if start >= now and not any(b.start < end and b.end > start for b in busy):
                top, height = _place(start, end, origin)
                blocks.append(
                    FreeBlock(top, height, start, start.astimezone(tz), window.location_id, provider_id)
                )
            start = end
    return blocks


def build_grid(
    *,
    practice: Practice,
    providers: list[Provider],
    days: list[date],
    now: datetime,
    location_id=None,
) -> Grid:
    """Columns for every (provider, day) pair: one provider over a week, or every provider on one day."""
    tz = practice.tz
    first_day, last_day = days[0], days[-1]
    query = slot_query_for_range(
        practice=practice, start_date=first_day, end_date=last_day, location_id=location_id
    )
    calendars = {
        c.provider_id: c for c in provider_calendars(practice=practice, providers=providers, query=query)
    }
    range_start = engine.local_to_utc(first_day, time.min, tz)
    range_end = engine.local_to_utc(last_day + timedelta(days=1), time.min, tz)
    appointments = list(
        Appointment.objects.filter(
            practice=practice, provider__in=providers, start__gte=range_start, start__lt=range_end
        )
        .select_related("patient", "appointment_type")
        .order_by("start")
    )
    if location_id is not None:
        appointments = [a for a in appointments if a.location_id == location_id]
    by_key = defaultdict(list)
    for appointment in appointments:
        by_key[(appointment.provider_id, appointment.start.astimezone(tz).date())].append(appointment)

    windows = {pid: engine.working_windows(calendars[pid], query) for pid in calendars}
    first_hour, last_hour = _grid_hours([w for ws in windows.values() for w in ws], appointments, tz)
    columns = []
    for provider in providers:
        for day in days:
            origin = datetime.combine(day, time(first_hour), tzinfo=tz)
            day_windows = [w for w in windows[provider.pk] if w.start.astimezone(tz).date() == day]
            day_appointments = by_key[(provider.pk, day)]
            busy = [
                engine.Interval(a.busy_start, a.busy_end)
                for a in day_appointments
                if a.status not in RELEASED_STATUSES
            ]
            column = Column(
                key=f"{provider.pk}-{day.isoformat()}",
                title=provider.display_name if len(days) == 1 else f"{day:%a %b} {day.day}",
                subtitle=provider.specialty if len(days) == 1 else provider.display_name,
                provider=provider,
                day=day,
                origin_ms=int(origin.timestamp() * 1000),
            )
            column.open = [Block(*_place(w.start, w.end, origin)) for w in day_windows]
            column.free = _free_blocks(day_windows, busy, now, origin, tz, provider.pk)
            column.appointments = [
                AppointmentBlock(
                    *_place(a.start, a.end, origin), a, a.start.astimezone(tz), a.end.astimezone(tz)
                )
                for a in day_appointments
            ]
            columns.append(column)
    ticks = [
        ((h - first_hour) * HOUR_PX, f"{h % 12 or 12} {'am' if h < 12 else 'pm'}")
        for h in range(first_hour, last_hour)
    ]
    return Grid(
        columns=columns,
        first_hour=first_hour,
        last_hour=last_hour,
        ticks=ticks,
    )
