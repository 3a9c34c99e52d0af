"""Who may use the API: tokens, memberships, and the wall between practices."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mojoe.core import testing
from mojoe.practices.models import ApiToken, Membership
from mojoe.scheduling.models import Appointment

pytestmark = pytest.mark.django_db


def test_no_token_or_a_bad_token_is_401_with_a_readable_error(clinic):
    client = Client()
    response = client.get("/api/v1/practice")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Send a valid API token as 'Authorization: Bearer <token>'.",
        "code": "unauthorized",
    }
    assert client.get("/api/v1/practice", headers={"Authorization": "Bearer mj_forged"}).status_code == 401
    assert client.get("/api/v1/practice", headers={"Authorization": "Basic abc"}).status_code == 401


def test_token_is_stored_hashed_and_works(api, clinic, colleague):
    token = ApiToken.objects.get(user=colleague)
    raw = api.headers["Authorization"].split()[1]
    assert raw not in token.token_hash and len(token.token_hash) == 64
    response = api.get("/api/v1/practice")
    assert response.status_code == 200
    assert response.json()["slug"] == "maple"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_and_ended_membership_lose_access(api, clinic, colleague):
    ApiToken.objects.filter(user=colleague).update(revoked_at=timezone.now())
    assert api.get("/api/v1/practice").status_code == 401
    ApiToken.objects.filter(user=colleague).update(revoked_at=None)
    Membership.objects.filter(user=colleague).update(active=False)
    assert api.get("/api/v1/practice").status_code == 401
    Membership.objects.filter(user=colleague).update(active=True)
    colleague.is_active = False
    colleague.save()
    assert api.get("/api/v1/practice").status_code == 401


def test_a_token_sees_only_its_own_practice(outsider_api, clinic, future_day):
    assert outsider_api.get("/api/v1/practice").json()["slug"] == "elsewhere"
    assert str(clinic.provider.pk) not in str(outsider_api.get("/api/v1/providers").json())
    assert str(clinic.visit.pk) not in str(outsider_api.get("/api/v1/appointment-types").json())
    assert clinic.patient.family_name not in str(outsider_api.get("/api/v1/patients", {"q": "lee"}).json())


def test_another_practices_ids_are_404(outsider_api, api, clinic, future_day):
    booked = api.post(
        "/api/v1/appointments",
        {
            "patient_id": str(clinic.patient.pk),
            "provider_id": str(clinic.provider.pk),
            "appointment_type_id": str(clinic.visit.pk),
            "start": clinic.at(future_day, 9).isoformat(),
        },
    ).json()
    entry = api.post(
        "/api/v1/waitlist",
        {
            "patient_id": str(clinic.patient.pk),
            "appointment_type_id": str(clinic.visit.pk),
            "earliest_date": future_day.isoformat(),
            "latest_date": (future_day + timedelta(days=7)).isoformat(),
        },
    ).json()
    reads = [
        f"/api/v1/patients/{clinic.patient.pk}",
        f"/api/v1/appointments/{booked['id']}",
        f"/api/v1/waitlist/{entry['id']}",
    ]
    for path in reads:
        response = outsider_api.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"].endswith("not_found")
    for action in ("cancel", "check-in", "no-show", "complete"):
        assert outsider_api.post(f"/api/v1/appointments/{booked['id']}/{action}").status_code == 404
    assert outsider_api.patch(f"/api/v1/patients/{clinic.patient.pk}", {"given_name": "X"}).status_code == 404
    assert outsider_api.delete(f"/api/v1/waitlist/{entry['id']}").status_code == 404
    slots = outsider_api.get(
        "/api/v1/slots",
        {
            "appointment_type_id": clinic.visit.pk,
            "start": future_day.isoformat(),
            "end": future_day.isoformat(),
        },
    )
    assert slots.status_code == 404
    # Booking the clinic's patient with the outsider's own provider and type is refused just the same.
    own_type = outsider_api.get("/api/v1/appointment-types").json()["items"][0]
    stolen = outsider_api.post(
        "/api/v1/appointments",
        {
            "patient_id": str(clinic.patient.pk),
            "provider_id": own_type["provider_ids"][0],
            "appointment_type_id": own_type["id"],
            "start": clinic.at(future_day, 9).isoformat(),
        },
    )
    assert stolen.status_code == 404
    assert Appointment.objects.get(pk=booked["id"]).status == "booked"
    clinic.patient.refresh_from_db()
    assert clinic.patient.given_name == "Jordan"


def test_a_user_in_two_practices_uses_one_token_per_practice(clinic, outsider_practice):
    from mojoe.conftest import ApiClient

    user = testing.make_user(practice=clinic.practice)
    Membership.objects.create(user=user, practice=outsider_practice, role="secretary")
    first = ApiClient(testing.make_token(user, clinic.practice))
    second = ApiClient(testing.make_token(user, outsider_practice))
    assert first.get("/api/v1/practice").json()["slug"] == "maple"
    assert second.get("/api/v1/practice").json()["slug"] == "elsewhere"


def test_openapi_and_docs_are_served(clinic):
    client = Client()
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/slots",
        "/api/v1/appointments",
        "/api/v1/appointments/{appointment_id}/cancel",
        "/api/v1/patients",
        "/api/v1/waitlist",
    ):
        assert path in paths
    assert client.get("/api/v1/docs").status_code == 200
