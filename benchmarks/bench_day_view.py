"""The staff day view: 8 providers, 120 appointments, rendered by the server (Django's test client, no network)."""

from __future__ import annotations

from datetime import time, timedelta

from django.test import Client

from fixtures import build_practice, window_start
from mojoe.scheduling.engine import local_to_utc
from mojoe.scheduling.models import Appointment

PROVIDERS, APPOINTMENTS = 8, 120


def run(median_ms) -> list[dict]:
    practice, location, providers, visit, patients, user = build_practice(providers=PROVIDERS, patients=120)
    day, _ = window_start(days_ahead=3)
    while day.weekday() >= 5:  # a weekday, when everyone works
        day += timedelta(days=1)
    first = local_to_utc(day, time(8, 0), practice.tz)
    rows = []
    for index in range(APPOINTMENTS):
        start = first + timedelta(minutes=30 * (index // PROVIDERS))
        rows.append(
            Appointment(
                practice=practice,
                patient=patients[index],
                provider=providers[index % PROVIDERS],
                location=location,
                appointment_type=visit,
                start=start,
                end=start + timedelta(minutes=30),
                busy_start=start,
                busy_end=start + timedelta(minutes=30),
            )
        )
    Appointment.objects.bulk_create(rows)
    client = Client()
    client.force_login(user)
    url = f"/schedule/?date={day.isoformat()}"
    assert client.get(url).content.decode().count('class="appt ') == APPOINTMENTS

    def bare_query():
        return list(
            Appointment.objects.filter(
                practice=practice, start__gte=first, start__lt=first + timedelta(days=1)
            ).select_related("patient", "appointment_type")
        )

    view_ms = median_ms(lambda: client.get(url), repeat=30)
    bare_ms = median_ms(bare_query, repeat=30)
    return [
        {
            "name": f"day view: {PROVIDERS} providers, {APPOINTMENTS} appointments",
            "value": f"{view_ms:.1f} ms",
            "baseline": f"{bare_ms:.1f} ms",
            "ratio": view_ms / bare_ms,
            "target": "<50 ms",
            "median_ms": view_ms,
            "baseline_ms": bare_ms,
        }
    ]
