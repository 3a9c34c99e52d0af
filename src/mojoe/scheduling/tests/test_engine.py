"""The slot engine on its own: hours, exceptions, holidays, buffers, notice, horizon, DST."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mojoe.scheduling.engine import (
    Interval,
    ProviderCalendar,
    SlotQuery,
    WeeklyBlock,
    Window,
    find_slots,
    provider_slots,
)

NY = ZoneInfo("America/New_York")
MONDAY = date(2026, 3, 2)
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def every_day(start=time(9), end=time(12), location="main"):
    return [WeeklyBlock(weekday=d, start=start, end=end, location_id=location) for d in range(7)]


def query(start=MONDAY, end=None, **overrides):
    values = {
        "start_date": start,
        "end_date": end or start,
        "tz": NY,
        "now": LONG_AGO,
        "duration": timedelta(minutes=30),
    }
    values.update(overrides)
    return SlotQuery(**values)


def local_times(slots):
    return [s.start.astimezone(NY).strftime("%H:%M") for s in slots]


def test_slots_fill_each_block_at_the_duration():
    calendar = ProviderCalendar("dr", blocks=every_day())
    assert local_times(provider_slots(calendar, query())) == [
        "09:00",
        "09:30",
        "10:00",
        "10:30",
        "11:00",
        "11:30",
    ]


def test_several_blocks_a_day_and_the_interval():
    blocks = [WeeklyBlock(0, time(9), time(10), "main"), WeeklyBlock(0, time(14), time(15), "east")]
    slots = provider_slots(ProviderCalendar("dr", blocks=blocks), query(interval=timedelta(minutes=15)))
    assert local_times(slots) == ["09:00", "09:15", "09:30", "14:00", "14:15", "14:30"]
    assert {s.location_id for s in slots} == {"main", "east"}


def test_busy_time_and_buffers_are_respected():
    busy = [Interval(datetime(2026, 3, 2, 10, 0, tzinfo=NY), datetime(2026, 3, 2, 10, 30, tzinfo=NY))]
    calendar = ProviderCalendar("dr", blocks=every_day(), busy=busy)
    assert local_times(provider_slots(calendar, query())) == ["09:00", "09:30", "10:30", "11:00", "11:30"]
    padded = query(buffer_before=timedelta(minutes=10), buffer_after=timedelta(minutes=10))
    assert local_times(provider_slots(calendar, padded)) == ["09:00", "11:00", "11:30"]


def test_time_off_extra_hours_and_holidays():
    time_off = [Interval(datetime(2026, 3, 2, 9, 0, tzinfo=NY), datetime(2026, 3, 2, 11, 0, tzinfo=NY))]
    extra = [Window(datetime(2026, 3, 3, 18, 0, tzinfo=NY), datetime(2026, 3, 3, 19, 0, tzinfo=NY), "main")]
    calendar = ProviderCalendar("dr", blocks=every_day(), time_off=time_off, extra_hours=extra)
    slots = provider_slots(
        calendar, query(end=MONDAY + timedelta(days=2), holidays=frozenset({date(2026, 3, 4)}))
    )
    by_day = {}
    for slot in slots:
        by_day.setdefault(slot.start.astimezone(NY).date(), []).append(
            slot.start.astimezone(NY).strftime("%H:%M")
        )
    assert by_day[date(2026, 3, 2)] == ["11:00", "11:30"]
    assert by_day[date(2026, 3, 3)][-2:] == ["18:00", "18:30"]
    assert date(2026, 3, 4) not in by_day


def test_minimum_notice_and_horizon():
    now = datetime(2026, 3, 2, 9, 10, tzinfo=NY)
    calendar = ProviderCalendar("dr", blocks=every_day())
    slots = provider_slots(
        calendar,
        query(
            end=MONDAY + timedelta(days=3), now=now, min_notice=timedelta(hours=1), horizon=timedelta(days=1)
        ),
    )
    assert slots[0].start == datetime(2026, 3, 2, 10, 30, tzinfo=NY)
    assert slots[-1].start <= now + timedelta(days=1)
    assert slots[-1].start.astimezone(NY).date() == date(2026, 3, 3)


def test_part_of_day_filter():
    calendar = ProviderCalendar("dr", blocks=every_day(time(8), time(20)))
    assert local_times(provider_slots(calendar, query(part_of_day="morning")))[-1] == "11:30"
    assert local_times(provider_slots(calendar, query(part_of_day="afternoon")))[0] == "12:00"
    assert local_times(provider_slots(calendar, query(part_of_day="evening"))) == [
        "17:00",
        "17:30",
        "18:00",
        "18:30",
        "19:00",
        "19:30",
    ]


@pytest.mark.parametrize("day", [date(2026, 3, 8), date(2026, 11, 1)], ids=["spring-forward", "fall-back"])
def test_wall_clock_hours_hold_across_dst(day):
    calendar = ProviderCalendar("dr", blocks=every_day(time(9), time(11)))
    slots = provider_slots(calendar, query(start=day - timedelta(days=1), end=day + timedelta(days=1)))
    assert local_times(slots) == ["09:00", "09:30", "10:00", "10:30"] * 3
    assert all(s.end - s.start == timedelta(minutes=30) for s in slots)


def test_a_block_through_the_missing_hour_keeps_real_durations():
    calendar = ProviderCalendar("dr", blocks=every_day(time(1), time(4)))
    slots = provider_slots(calendar, query(start=date(2026, 3, 8), duration=timedelta(hours=1)))
    # 01:00-04:00 on the spring-forward day is two real hours: 01:00 and 03:00 local.
    assert local_times(slots) == ["01:00", "03:00"]


def test_several_providers_merge_earliest_first_then_in_given_order():
    a = ProviderCalendar("a", blocks=every_day(time(10), time(11)))
    b = ProviderCalendar("b", blocks=every_day(time(9), time(11)))
    slots = find_slots([a, b], query())
    assert [(s.provider_id, s.start.astimezone(NY).strftime("%H:%M")) for s in slots] == [
        ("b", "09:00"),
        ("b", "09:30"),
        ("a", "10:00"),
        ("b", "10:00"),
        ("a", "10:30"),
        ("b", "10:30"),
    ]
    assert len(find_slots([a, b], query(), limit=3)) == 3


def test_overlapping_rules_do_not_offer_a_start_twice():
    blocks = [WeeklyBlock(0, time(9), time(10), "main"), WeeklyBlock(0, time(9), time(10), "main")]
    assert local_times(provider_slots(ProviderCalendar("dr", blocks=blocks), query())) == ["09:00", "09:30"]


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        query(now=datetime(2026, 3, 2, 9, 0))


@settings(max_examples=60, deadline=None)
@given(
    busy_starts=st.lists(st.integers(min_value=0, max_value=20 * 60), max_size=12),
    length=st.integers(min_value=5, max_value=120),
    buffer=st.integers(min_value=0, max_value=30),
)
def test_no_offered_slot_ever_touches_busy_time(busy_starts, length, buffer):
    base = datetime(2026, 3, 2, 0, 0, tzinfo=NY)
    busy = [Interval(base + timedelta(minutes=m), base + timedelta(minutes=m + length)) for m in busy_starts]
    calendar = ProviderCalendar("dr", blocks=every_day(time(6), time(22)), busy=busy)
    padding = timedelta(minutes=buffer)
    for slot in provider_slots(calendar, query(buffer_before=padding, buffer_after=padding)):
        for interval in busy:
            assert slot.end + padding <= interval.start or slot.start - padding >= interval.end
