"""Slot search: one provider over 30 days with 3,000 appointments; 20 providers over 14 days."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q

from fixtures import build_practice, fill_appointments, window_start
from mojoe.scheduling.models import RELEASED_STATUSES, Appointment
from mojoe.scheduling.selectors import slot_search


def _bare_busy_query(provider_ids, start, end):
    """What the engine cannot do without: the busy intervals in the window, and nothing else."""
    return list(
        Appointment.objects.filter(Q(provider_id__in=provider_ids), busy_start__lt=end, busy_end__gt=start)
        .exclude(status__in=RELEASED_STATUSES)
        .values_list("provider_id", "busy_start", "busy_end")
    )


def _case(median_ms, *, name, practice, visit, providers, days, target, provider_id=None, repeat=30):
    first_day, now = window_start()
    last_day = first_day + timedelta(days=days - 1)
    range_start = now
    range_end = now + timedelta(days=days)

    def search():
        return slot_search(
            practice=practice,
            appointment_type=visit,
            start_date=first_day,
            end_date=last_day,
            provider_id=provider_id,
            now=now,
        )

    found = len(search())
    search_ms = median_ms(search, repeat=repeat)
    bare_ms = median_ms(
        lambda: _bare_busy_query([p.pk for p in providers], range_start, range_end), repeat=repeat
    )
    return {
        "name": f"{name} ({found} free slots)",
        "value": f"{search_ms:.2f} ms",
        "baseline": f"{bare_ms:.2f} ms",
        "ratio": search_ms / bare_ms,
        "target": target,
        "median_ms": search_ms,
        "baseline_ms": bare_ms,
    }


def run(median_ms) -> list[dict]:
    first_day, _ = window_start()
    practice, location, providers, visit, patients, _user = build_practice(providers=20, patients=400)
    solo = providers[0]
    # 3,000 appointments for one provider: about seven months of history and the month searched.
    # Each provider sees its own patients: one patient is never booked twice at the same time.
    share = len(patients) // len(providers)
    fill_appointments(
        practice,
        location,
        solo,
        visit,
        patients[:share],
        first_day=first_day - timedelta(days=200),
        last_day=first_day + timedelta(days=40),
        count=3000,
    )
    for index, provider in enumerate(providers[1:], start=1):
        own = patients[index * share : (index + 1) * share]
        fill_appointments(
            practice,
            location,
            provider,
            visit,
            own,
            first_day=first_day - timedelta(days=30),
            last_day=first_day + timedelta(days=20),
            count=400,
            seed=index,
        )
    return [
        _case(
            median_ms,
            name="slots: 1 provider, 30 days, 3,000 appointments",
            practice=practice,
            visit=visit,
            providers=[solo],
            provider_id=solo.pk,
            days=30,
            target="<20 ms, <=3x",
        ),
        _case(
            median_ms,
            name="slots: 20 providers, 14 days",
            practice=practice,
            visit=visit,
            providers=providers,
            days=14,
            target="reported",
            repeat=15,
        ),
    ]
