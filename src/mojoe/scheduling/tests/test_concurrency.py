"""Never a double booking: 20 threads released at once for one provider's overlapping times.

Runs on whichever database the suite runs on; `make test` runs it on SQLite and again on PostgreSQL.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections

from mojoe.core import testing
from mojoe.core.errors import Conflict
from mojoe.scheduling.models import Appointment
from mojoe.scheduling.services import appointment_book

THREADS = 20


def _race(worker, count=THREADS):
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(index):
        try:
            barrier.wait()
            outcomes[index] = worker(index)
        except Exception as error:  # every thread must report, whatever it raised
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_twenty_overlapping_bookings_one_wins(clinic, colleague, future_day):
    clinic.visit.slot_interval_minutes = 5  # starts 5 minutes apart, so the 20 requests all overlap
    clinic.visit.duration_minutes = 120
    clinic.visit.save()
    actor = testing.make_actor(colleague, clinic.practice)
    patients = [testing.make_patient(clinic.practice) for _ in range(THREADS)]
    base = clinic.at(future_day, 9)

    def book(index):
        return appointment_book(
            actor=actor,
            patient=patients[index],
            provider=clinic.provider,
            appointment_type=clinic.visit,
            start=base + timedelta(minutes=5 * (index % 12)),
        )

    outcomes = _race(book)
    booked = [o for o in outcomes if isinstance(o, Appointment)]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(booked) == 1, outcomes
    assert len(conflicts) == THREADS - 1, outcomes
    assert {c.code for c in conflicts} == {"slot_taken"}
    assert Appointment.objects.filter(provider=clinic.provider).count() == 1
    print(f"\n{connection.vendor}: 1 booked, {len(conflicts)} conflicts, 1 row")


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_one_patient_racing_for_two_providers_gets_one(clinic, colleague, future_day):
    actor = testing.make_actor(colleague, clinic.practice)
    start = clinic.at(future_day, 10)
    providers = [clinic.provider, clinic.other_provider]

    outcomes = _race(
        lambda i: appointment_book(
            actor=actor,
            patient=clinic.patient,
            provider=providers[i % 2],
            appointment_type=clinic.visit,
            start=start,
        ),
        count=10,
    )
    assert sum(isinstance(o, Appointment) for o in outcomes) == 1, outcomes
    assert all(isinstance(o, (Appointment, Conflict)) for o in outcomes), outcomes
    assert Appointment.objects.filter(patient=clinic.patient).count() == 1


@pytest.mark.django_db
def test_the_database_itself_refuses_an_overlap_on_postgresql(clinic, future_day):
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL; SQLite relies on the serialized service")
    from django.db import IntegrityError, transaction

    def insert(patient, start, status="booked"):
        end = start + timedelta(minutes=30)
        return Appointment.objects.create(
            practice=clinic.practice,
            patient=patient,
            provider=clinic.provider,
            location=clinic.location,
            appointment_type=clinic.visit,
            start=start,
            end=end,
            busy_start=start,
            busy_end=end,
            status=status,
        )

    insert(clinic.patient, clinic.at(future_day, 9))
    with pytest.raises(IntegrityError, match="appointment_no_provider_overlap"), transaction.atomic():
        insert(testing.make_patient(clinic.practice), clinic.at(future_day, 9, 15))
    # Cancelled appointments do not hold time; back-to-back appointments do not overlap.
    insert(testing.make_patient(clinic.practice), clinic.at(future_day, 9, 15), status="cancelled")
    insert(testing.make_patient(clinic.practice), clinic.at(future_day, 9, 30))
