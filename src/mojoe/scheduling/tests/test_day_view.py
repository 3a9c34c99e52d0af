"""The day view: what it shows, who may see it, and a number of queries that does not grow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mojoe.audit.models import AuditEvent
from mojoe.core import testing
from mojoe.scheduling.models import Appointment

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def busy_practice(clinic, providers: int, appointments: int, day):
    """`providers` providers working 08:00-18:00 and `appointments` 10-minute visits spread over them."""
    staff = [clinic.provider, clinic.other_provider]
    staff += [
        testing.make_provider(clinic.practice, locations=[clinic.location]) for _ in range(providers - 2)
    ]
    for provider in staff[2:]:
        testing.make_hours(provider, clinic.location)
    visit = testing.make_type(clinic.practice, providers=staff, duration=10)
    patients = [testing.make_patient(clinic.practice) for _ in range(20)]
    rows = []
    for index in range(appointments):
        provider = staff[index % providers]
        start = clinic.at(day, 9) + timedelta(minutes=10 * (index // providers))
        rows.append(
            Appointment(
                practice=clinic.practice,
                patient=patients[index % 20],
                provider=provider,
                location=clinic.location,
                appointment_type=visit,
                start=start,
                end=start + timedelta(minutes=10),
                busy_start=start,
                busy_end=start + timedelta(minutes=10),
            )
        )
    Appointment.objects.bulk_create(rows)
    return staff


def count_queries(client, url) -> tuple[int, str]:
    """Statements other than the audit trail's inserts (which SQLite splits into batches of a few dozen rows)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    reads = [q for q in queries.captured_queries if not q["sql"].startswith('INSERT INTO "audit_auditevent"')]
    return len(reads), response.content.decode()


def test_query_count_does_not_grow_with_appointments(clinic, colleague, future_day):
    client = signed_in(colleague)
    url = f"/schedule/?date={future_day.isoformat()}"
    busy_practice(clinic, providers=8, appointments=12, day=future_day)
    few, html = count_queries(client, url)
    assert html.count('class="appt ') == 12
    more_day = future_day + timedelta(days=1)
    busy_practice_rows = 120
    # A second day with ten times as many appointments, same providers.
    from mojoe.scheduling.models import AppointmentType

    visit = AppointmentType.objects.filter(practice=clinic.practice, duration_minutes=10).get()
    providers = list(visit.providers.all())
    patients = [testing.make_patient(clinic.practice) for _ in range(20)]
    Appointment.objects.bulk_create(
        Appointment(
            practice=clinic.practice,
            patient=patients[i % 20],
            provider=providers[i % 8],
            location=clinic.location,
            appointment_type=visit,
            start=clinic.at(more_day, 9) + timedelta(minutes=10 * (i // 8)),
            end=clinic.at(more_day, 9) + timedelta(minutes=10 * (i // 8) + 10),
            busy_start=clinic.at(more_day, 9) + timedelta(minutes=10 * (i // 8)),
            busy_end=clinic.at(more_day, 9) + timedelta(minutes=10 * (i // 8) + 10),
        )
        for i in range(busy_practice_rows)
    )
    many, html = count_queries(client, f"/schedule/?date={more_day.isoformat()}")
    assert html.count('class="appt ') == busy_practice_rows
    assert many == few, f"{few} queries for 12 appointments but {many} for 120"
    assert many <= 16


def test_the_day_shows_appointments_and_audits_the_patients_shown(clinic, colleague, future_day):
    busy_practice(clinic, providers=3, appointments=6, day=future_day)
    html = signed_in(colleague).get(f"/schedule/?date={future_day.isoformat()}").content.decode()
    assert clinic.provider.display_name in html
    assert AuditEvent.objects.filter(action="read", channel="web", actor=colleague).count() == 6


def test_sign_in_is_required(client, clinic):
    response = client.get("/schedule/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_an_outsider_sees_only_their_own_practice(clinic, outsider, future_day):
    html = signed_in(outsider).get(f"/schedule/?date={future_day.isoformat()}").content.decode()
    assert clinic.provider.display_name not in html
    client = signed_in(outsider)
    appointment = Appointment.objects.create(
        practice=clinic.practice,
        patient=clinic.patient,
        provider=clinic.provider,
        location=clinic.location,
        appointment_type=clinic.visit,
        start=clinic.at(future_day, 9),
        end=clinic.at(future_day, 9, 30),
        busy_start=clinic.at(future_day, 9),
        busy_end=clinic.at(future_day, 9, 30),
    )
    assert client.get(f"/schedule/appointments/{appointment.pk}").status_code == 404
    assert client.post(f"/schedule/appointments/{appointment.pk}/cancel").status_code == 404
    assert client.get(f"/schedule/?location={clinic.location.pk}").status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == "booked"


def test_bad_dates_are_a_clear_400(clinic, colleague):
    response = signed_in(colleague).get("/schedule/?date=tomorrow")
    assert response.status_code == 422
    assert "is not a date" in response.content.decode()


def test_billing_can_look_but_not_book(clinic, future_day):
    from mojoe.core.roles import Role

    billing = testing.make_user(practice=clinic.practice, role=Role.BILLING)
    client = signed_in(billing)
    html = client.get(f"/schedule/?date={future_day.isoformat()}").content.decode()
    assert 'class="slot"' not in html
    start = clinic.at(future_day, 9).isoformat()
    response = client.post(
        "/schedule/book/confirm",
        {
            "provider": clinic.provider.pk,
            "appointment_type": clinic.visit.pk,
            "start": start,
            "patient": clinic.patient.pk,
        },
    )
    assert response.status_code == 403
    assert not Appointment.objects.exists()


def test_a_refused_booking_registers_no_new_patient(clinic, colleague, future_day):
    from mojoe.patients.models import Patient

    before = Patient.objects.count()
    response = signed_in(colleague).post(
        "/schedule/book/confirm",
        {
            "provider": clinic.provider.pk,
            "appointment_type": clinic.visit.pk,
            "start": clinic.at(future_day, 7).isoformat(),
            "given_name": "New",
            "family_name": "Person",
            "birth_date": "1990-05-05",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert "not open for booking" in response.content.decode()
    assert Patient.objects.count() == before


def test_csrf_is_enforced(clinic, colleague, future_day):
    client = Client(enforce_csrf_checks=True)
    client.force_login(colleague)
    response = client.post("/schedule/book/confirm", {"provider": clinic.provider.pk})
    assert response.status_code == 403
