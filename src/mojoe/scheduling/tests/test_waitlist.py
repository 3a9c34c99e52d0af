"""The waitlist through the API and the periodic expiry."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mojoe.scheduling.jobs import expire_waitlist_entries
from mojoe.scheduling.models import WaitlistEntry

pytestmark = pytest.mark.django_db


def add(api, clinic, future_day, **extra):
    return api.post(
        "/api/v1/waitlist",
        {
            "patient_id": str(clinic.patient.pk),
            "appointment_type_id": str(clinic.visit.pk),
            "earliest_date": future_day.isoformat(),
            "latest_date": (future_day + timedelta(days=14)).isoformat(),
            **extra,
        },
    )


def test_add_list_update_remove(api, clinic, future_day):
    created = add(
        api,
        clinic,
        future_day,
        part_of_day="morning",
        provider_id=str(clinic.provider.pk),
        notes="Prefers Dr Rivera",
    )
    assert created.status_code == 201, created.content
    entry = created.json()
    assert entry["status"] == "active"
    assert [e["id"] for e in api.get("/api/v1/waitlist").json()["items"]] == [entry["id"]]
    updated = api.patch(f"/api/v1/waitlist/{entry['id']}", {"part_of_day": "afternoon", "provider_id": None})
    assert updated.status_code == 200, updated.content
    assert updated.json()["part_of_day"] == "afternoon"
    assert updated.json()["provider_id"] is None
    removed = api.delete(f"/api/v1/waitlist/{entry['id']}")
    assert removed.json()["status"] == "removed"
    assert api.get("/api/v1/waitlist").json()["items"] == []
    assert api.patch(f"/api/v1/waitlist/{entry['id']}", {"notes": "x"}).status_code == 409


def test_bad_waitlist_input(api, clinic, future_day):
    backwards = add(api, clinic, future_day, latest_date=(future_day - timedelta(days=1)).isoformat())
    assert backwards.status_code == 422
    assert backwards.json()["code"] == "invalid_date_range"
    assert add(api, clinic, future_day, part_of_day="midnight").status_code == 422
    entry = add(api, clinic, future_day).json()
    assert api.patch(f"/api/v1/waitlist/{entry['id']}", {"earliest_date": None}).status_code == 422
    assert WaitlistEntry.objects.count() == 1


def test_past_entries_expire(clinic):
    today = timezone.localdate()
    old = WaitlistEntry.objects.create(
        practice=clinic.practice,
        patient=clinic.patient,
        appointment_type=clinic.visit,
        earliest_date=today - timedelta(days=10),
        latest_date=today - timedelta(days=1),
    )
    current = WaitlistEntry.objects.create(
        practice=clinic.practice,
        patient=clinic.patient,
        appointment_type=clinic.visit,
        earliest_date=today,
        latest_date=today + timedelta(days=3),
    )
    expire_waitlist_entries.call_local()
    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.status, current.status) == ("expired", "active")


def test_the_service_refuses_entries_that_could_never_match(api, clinic, future_day):
    clinic.visit.providers.remove(clinic.other_provider)
    wrong_provider = add(api, clinic, future_day, provider_id=str(clinic.other_provider.pk))
    assert wrong_provider.status_code == 422
    assert wrong_provider.json()["code"] == "provider_not_eligible"
    entry = add(api, clinic, future_day).json()
    refused = api.patch(f"/api/v1/waitlist/{entry['id']}", {"provider_id": str(clinic.other_provider.pk)})
    assert refused.status_code == 422
    assert WaitlistEntry.objects.get(pk=entry["id"]).provider_id is None


def test_removing_twice_is_a_conflict(api, clinic, future_day):
    entry = add(api, clinic, future_day).json()
    assert api.delete(f"/api/v1/waitlist/{entry['id']}").status_code == 200
    again = api.delete(f"/api/v1/waitlist/{entry['id']}")
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_status"


def test_malformed_ids_are_404_on_pages(clinic, colleague):
    from django.test import Client

    client = Client()
    client.force_login(colleague)
    assert client.get("/schedule/week?provider=abc").status_code == 404
