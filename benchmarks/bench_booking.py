"""Bookings per second through the service and through the API, against a bare insert in a transaction."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.test import Client

from fixtures import build_practice, window_start
from mojoe.core import testing
from mojoe.core.context import Channel
from mojoe.scheduling.models import Appointment
from mojoe.scheduling.selectors import slot_search
from mojoe.scheduling.services import appointment_book

OPERATIONS = 200


def _row(name, ms, baseline_ms, target):
    return {
        "name": name,
        "value": f"{1000 / ms:.0f}/s",
        "baseline": f"{1000 / baseline_ms:.0f}/s",
        "ratio": ms / baseline_ms,
        "target": target,
        "median_ms": ms,
        "baseline_ms": baseline_ms,
    }


def run(median_ms) -> list[dict]:
    practice, location, providers, visit, patients, user = build_practice(
        providers=6, patients=OPERATIONS * 3
    )
    first_day, now = window_start(days_ahead=2)
    free = iter(
        slot_search(
            practice=practice,
            appointment_type=visit,
            start_date=first_day,
            end_date=first_day + timedelta(days=90),
        )
    )
    by_id = {p.pk: p for p in providers}
    people = iter(patients)
    actor = testing.make_actor(user, practice, channel=Channel.API)

    # The baseline: the same row inserted with no checks, in a transaction of its own.
    bare_times = iter(now + timedelta(days=400, minutes=30 * i) for i in range(10_000))

    def bare_insert():
        start = next(bare_times)
        with transaction.atomic():
            Appointment.objects.create(
                practice=practice,
                patient=patients[0],
                provider=providers[0],
                location=location,
                appointment_type=visit,
                start=start,
                end=start + timedelta(minutes=30),
                busy_start=start,
                busy_end=start + timedelta(minutes=30),
            )

    def book_through_service():
        slot = next(free)
        appointment_book(
            actor=actor,
            patient=next(people),
            provider=by_id[slot.provider_id],
            appointment_type=visit,
            start=slot.start,
        )

    client = Client()
    headers = {"Authorization": f"Bearer {testing.make_token(user, practice)}"}

    def book_through_api():
        slot = next(free)
        response = client.post(
            "/api/v1/appointments",
            {
                "patient_id": str(next(people).pk),
                "provider_id": str(slot.provider_id),
                "appointment_type_id": str(visit.pk),
                "start": slot.start.isoformat(),
            },
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 201, response.content

    bare_ms = median_ms(bare_insert, repeat=OPERATIONS)
    service_ms = median_ms(book_through_service, repeat=OPERATIONS)
    api_ms = median_ms(book_through_api, repeat=OPERATIONS // 2)
    return [
        _row("bookings through the service", service_ms, bare_ms, "<=3x bare insert"),
        _row("bookings through the API (HTTP, auth, JSON)", api_ms, bare_ms, "reported"),
    ]
