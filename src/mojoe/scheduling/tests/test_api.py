"""The scheduling API contract: slots, booking, cancel, reschedule, status changes, errors."""

from datetime import datetime, time, timedelta

import pytest

from mojoe.audit.models import AuditEvent
from mojoe.core import testing
from mojoe.core.roles import Role
from mojoe.scheduling.models import Appointment, AvailabilityException, ExceptionKind, Holiday

pytestmark = pytest.mark.django_db


def slots(api, clinic, day, **params):
    response = api.get(
        "/api/v1/slots",
        {"appointment_type_id": clinic.visit.pk, "start": day.isoformat(), "end": day.isoformat(), **params},
    )
    assert response.status_code == 200, response.content
    return response.json()["items"]


def book(api, clinic, start, patient=None, provider=None, **extra):
    return api.post(
        "/api/v1/appointments",
        {
            "patient_id": str((patient or clinic.patient).pk),
            "provider_id": str((provider or clinic.provider).pk),
            "appointment_type_id": str(clinic.visit.pk),
            "start": start if isinstance(start, str) else start.isoformat(),
            **extra,
        },
    )


def test_slots_are_local_iso_times_earliest_first(api, clinic, future_day):
    items = slots(api, clinic, future_day)
    assert len(items) == 2 * 16  # two providers, 09:00-17:00 in 30-minute visits
    first = items[0]
    assert set(first) == {"start", "end", "provider_id", "location_id"}
    start = datetime.fromisoformat(first["start"])
    assert start.utcoffset() == clinic.at(future_day, 9).utcoffset()
    assert start == clinic.at(future_day, 9)
    assert [datetime.fromisoformat(i["start"]) for i in items] == sorted(
        datetime.fromisoformat(i["start"]) for i in items
    )
    only_one = slots(api, clinic, future_day, provider_id=clinic.provider.pk, part_of_day="afternoon")
    assert {i["provider_id"] for i in only_one} == {str(clinic.provider.pk)}
    assert datetime.fromisoformat(only_one[0]["start"]) == clinic.at(future_day, 12)


def test_book_then_cancel_offers_the_time_again(api, clinic, future_day):
    start = clinic.at(future_day, 10)
    response = book(api, clinic, start)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "booked"
    assert datetime.fromisoformat(body["start"]) == start
    assert datetime.fromisoformat(body["end"]) == start + timedelta(minutes=30)
    assert body["location_id"] == str(clinic.location.pk)
    offered = {(i["provider_id"], i["start"]) for i in slots(api, clinic, future_day)}
    assert (str(clinic.provider.pk), start.isoformat()) not in offered
    assert (str(clinic.other_provider.pk), start.isoformat()) in offered

    cancelled = api.post(f"/api/v1/appointments/{body['id']}/cancel", {"reason": "Feeling better"})
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancellation_reason"] == "Feeling better"
    offered = {(i["provider_id"], i["start"]) for i in slots(api, clinic, future_day)}
    assert (str(clinic.provider.pk), start.isoformat()) in offered
    again = api.post(f"/api/v1/appointments/{body['id']}/cancel")
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_status"


def test_taken_time_is_a_409_with_a_reason(api, clinic, future_day):
    start = clinic.at(future_day, 11)
    assert book(api, clinic, start).status_code == 201
    other_patient = testing.make_patient(clinic.practice)
    taken = book(api, clinic, start, patient=other_patient)
    assert taken.status_code == 409
    assert taken.json()["code"] == "slot_taken"
    assert "taken" in taken.json()["detail"]
    # The same patient cannot be in two places at once, even with another provider.
    double = book(api, clinic, start, provider=clinic.other_provider)
    assert double.status_code == 409
    assert double.json()["code"] == "patient_conflict"
    assert Appointment.objects.count() == 1


@pytest.mark.parametrize(
    ("hour", "minute", "code"),
    [(7, 0, "slot_not_bookable"), (9, 10, "slot_not_bookable"), (16, 45, "slot_not_bookable")],
)
def test_times_outside_hours_or_off_grid_are_409(api, clinic, future_day, hour, minute, code):
    response = book(api, clinic, clinic.at(future_day, hour, minute))
    assert response.status_code == 409
    assert response.json()["code"] == code


def test_past_and_too_far_are_409(api, clinic, future_day):
    past = book(api, clinic, clinic.at(future_day - timedelta(days=14), 9))
    assert past.status_code == 409
    assert past.json()["code"] == "too_short_notice"
    far = book(api, clinic, clinic.at(future_day + timedelta(days=200), 9))
    assert far.status_code == 409
    assert far.json()["code"] == "beyond_horizon"


def test_holidays_and_time_off_remove_slots(api, clinic, future_day):
    Holiday.objects.create(practice=clinic.practice, date=future_day, name="Founders' Day")
    assert slots(api, clinic, future_day) == []
    next_day = future_day + timedelta(days=1)
    AvailabilityException.objects.create(
        practice=clinic.practice,
        provider=clinic.provider,
        kind=ExceptionKind.TIME_OFF,
        start=clinic.at(next_day, 0),
        end=clinic.at(next_day, 23, 59),
    )
    assert {i["provider_id"] for i in slots(api, clinic, next_day)} == {str(clinic.other_provider.pk)}


@pytest.mark.parametrize(
    "payload_change",
    [
        {"start": "next tuesday"},
        {"start": "2026-12-01T09:00:00"},  # no offset: ambiguous
        {"patient_id": "not-a-uuid"},
        {"provider_id": None},
    ],
)
def test_invalid_input_is_422_with_a_readable_detail(api, clinic, future_day, payload_change):
    payload = {
        "patient_id": str(clinic.patient.pk),
        "provider_id": str(clinic.provider.pk),
        "appointment_type_id": str(clinic.visit.pk),
        "start": clinic.at(future_day, 9).isoformat(),
        **payload_change,
    }
    response = api.post("/api/v1/appointments", payload)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"]
    assert Appointment.objects.count() == 0


def test_missing_body_and_bad_json_are_422(api):
    assert api.post("/api/v1/appointments", {}).status_code == 422
    response = api.client.post(
        "/api/v1/appointments", "{not json", content_type="application/json", headers=api.headers
    )
    assert response.status_code in (400, 422)
    assert "detail" in response.json()


def test_slot_query_errors(api, clinic, future_day):
    backwards = api.get(
        "/api/v1/slots",
        {
            "appointment_type_id": clinic.visit.pk,
            "start": future_day.isoformat(),
            "end": (future_day - timedelta(days=1)).isoformat(),
        },
    )
    assert backwards.status_code == 422
    assert backwards.json()["code"] == "invalid_date_range"
    too_long = api.get(
        "/api/v1/slots", {"appointment_type_id": clinic.visit.pk, "start": "2026-01-01", "end": "2026-12-31"}
    )
    assert too_long.status_code == 422
    bad_date = api.get(
        "/api/v1/slots", {"appointment_type_id": clinic.visit.pk, "start": "tomorrow", "end": "2026-12-31"}
    )
    assert bad_date.status_code == 422
    assert "start" in bad_date.json()["detail"]


def test_reschedule_moves_atomically(api, clinic, future_day):
    original = book(api, clinic, clinic.at(future_day, 9)).json()
    # Move by 30 minutes into time the old appointment held only partly: allowed since the old is released.
    moved = api.post(
        f"/api/v1/appointments/{original['id']}/reschedule",
        {"start": clinic.at(future_day, 9, 30).isoformat()},
    )
    assert moved.status_code == 200, moved.content
    new = moved.json()
    assert new["id"] != original["id"]
    assert new["rescheduled_from_id"] == original["id"]
    assert new["status"] == "booked"
    assert api.get(f"/api/v1/appointments/{original['id']}").json()["status"] == "cancelled"

    blocker = testing.make_patient(clinic.practice)
    assert book(api, clinic, clinic.at(future_day, 14), patient=blocker).status_code == 201
    refused = api.post(
        f"/api/v1/appointments/{new['id']}/reschedule", {"start": clinic.at(future_day, 14).isoformat()}
    )
    assert refused.status_code == 409
    # Nothing changed: the appointment still holds its time and is still booked.
    assert api.get(f"/api/v1/appointments/{new['id']}").json()["status"] == "booked"
    assert Appointment.objects.filter(patient=clinic.patient).exclude(status="cancelled").count() == 1

    other = api.post(
        f"/api/v1/appointments/{new['id']}/reschedule",
        {"start": clinic.at(future_day, 14).isoformat(), "provider_id": str(clinic.other_provider.pk)},
    )
    assert other.status_code == 200
    assert other.json()["provider_id"] == str(clinic.other_provider.pk)


def test_check_in_complete_and_no_show(api, clinic, future_day):
    appointment = book(api, clinic, clinic.at(future_day, 9)).json()
    early_no_show = api.post(f"/api/v1/appointments/{appointment['id']}/no-show")
    assert early_no_show.status_code == 409
    assert early_no_show.json()["code"] == "not_started"
    checked_in = api.post(f"/api/v1/appointments/{appointment['id']}/check-in")
    assert checked_in.json()["status"] == "checked-in"
    completed = api.post(f"/api/v1/appointments/{appointment['id']}/complete")
    assert completed.json()["status"] == "fulfilled"
    assert api.post(f"/api/v1/appointments/{appointment['id']}/cancel").status_code == 409

    past = Appointment.objects.create(
        practice=clinic.practice,
        patient=testing.make_patient(clinic.practice),
        provider=clinic.provider,
        location=clinic.location,
        appointment_type=clinic.visit,
        start=clinic.at(future_day - timedelta(days=10), 9),
        end=clinic.at(future_day - timedelta(days=10), 9, 30),
        busy_start=clinic.at(future_day - timedelta(days=10), 9),
        busy_end=clinic.at(future_day - timedelta(days=10), 9, 30),
    )
    no_show = api.post(f"/api/v1/appointments/{past.pk}/no-show")
    assert no_show.status_code == 200
    assert no_show.json()["status"] == "noshow"


def test_appointment_lists(api, clinic, future_day):
    book(api, clinic, clinic.at(future_day, 9))
    book(
        api,
        clinic,
        clinic.at(future_day, 10),
        patient=testing.make_patient(clinic.practice),
        provider=clinic.other_provider,
    )
    day = api.get("/api/v1/appointments", {"date": future_day.isoformat()}).json()["items"]
    assert [datetime.fromisoformat(a["start"]).time() for a in day] == [time(9), time(10)]
    by_provider = api.get("/api/v1/appointments", {"provider_id": clinic.other_provider.pk}).json()["items"]
    assert len(by_provider) == 1
    by_patient = api.get("/api/v1/appointments", {"patient_id": clinic.patient.pk}).json()["items"]
    assert [a["patient_id"] for a in by_patient] == [str(clinic.patient.pk)]
    unfiltered = api.get("/api/v1/appointments")
    assert unfiltered.status_code == 422
    assert unfiltered.json()["code"] == "filter_required"


def test_established_only_types_refuse_new_patients(api, clinic, future_day):
    clinic.visit.new_patients_allowed = False
    clinic.visit.save()
    response = book(api, clinic, clinic.at(future_day, 9))
    assert response.status_code == 409
    assert response.json()["code"] == "new_patient_not_allowed"


def test_provider_must_perform_the_type(api, clinic, future_day):
    clinic.visit.providers.remove(clinic.other_provider)
    response = book(api, clinic, clinic.at(future_day, 9), provider=clinic.other_provider)
    assert response.status_code == 409
    assert response.json()["code"] == "provider_not_eligible"


def test_booking_and_reads_are_audited(api, clinic, future_day, colleague):
    appointment = book(api, clinic, clinic.at(future_day, 9)).json()
    booked = AuditEvent.objects.get(action="book")
    assert booked.actor == colleague
    assert booked.patient_id == clinic.patient.pk
    assert booked.object_id == appointment["id"]
    assert booked.channel == "api"
    assert booked.client_ip == "127.0.0.1"
    api.get("/api/v1/appointments", {"date": future_day.isoformat()})
    assert AuditEvent.objects.filter(action="read", patient=clinic.patient).count() == 1


def test_billing_may_look_but_not_book(clinic, future_day):
    from mojoe.conftest import ApiClient

    billing = testing.make_user(practice=clinic.practice, role=Role.BILLING)
    client = ApiClient(testing.make_token(billing, clinic.practice))
    assert (
        client.get(
            "/api/v1/slots",
            {
                "appointment_type_id": clinic.visit.pk,
                "start": future_day.isoformat(),
                "end": future_day.isoformat(),
            },
        ).status_code
        == 200
    )
    response = book(client, clinic, clinic.at(future_day, 9))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert Appointment.objects.count() == 0
