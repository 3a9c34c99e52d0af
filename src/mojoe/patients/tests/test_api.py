"""Patients through the API: search, create, read, update; errors and audit."""

from datetime import date

import pytest

from mojoe.audit.models import AuditEvent
from mojoe.core import testing
from mojoe.patients.models import Patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(clinic):
    return {
        "jose": testing.make_patient(
            clinic.practice,
            given_name="José",
            family_name="García",
            birth_date=date(1975, 4, 9),
            phone_mobile="+16175550188",
        ),
        "maria": testing.make_patient(
            clinic.practice,
            given_name="Maria",
            family_name="Garcia-Lopez",
            birth_date=date(1990, 12, 1),
            phone_home="+16175550199",
        ),
        "sam": testing.make_patient(
            clinic.practice, given_name="Sam", family_name="Okonkwo", birth_date=date(1975, 4, 9)
        ),
    }


def names(response):
    assert response.status_code == 200, response.content
    return sorted(p["given_name"] for p in response.json()["items"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("garcia", ["José", "Maria"]),
        ("jose garcia", ["José"]),
        ("García, José", ["José"]),
        ("1975-04-09", ["José", "Sam"]),
        ("4/9/1975", ["José", "Sam"]),
        ("(617) 555-0188", ["José"]),
        ("617.555.0199", ["Maria"]),
        ("+1 617 555 0188", ["José"]),
        ("okon 04/09/1975", ["Sam"]),
        ("nobody", []),
    ],
)
def test_search_by_name_birth_date_and_phone(api, people, query, expected):
    assert names(api.get("/api/v1/patients", {"q": query})) == expected


def test_search_needs_two_characters(api):
    response = api.get("/api/v1/patients", {"q": "a"})
    assert response.status_code == 422
    assert response.json()["code"] == "query_too_short"


def test_search_results_are_audited_per_patient(api, people, colleague):
    api.get("/api/v1/patients", {"q": "garcia"})
    events = AuditEvent.objects.filter(action="search")
    assert {e.patient_id for e in events} == {people["jose"].pk, people["maria"].pk}
    assert all(e.actor == colleague and e.detail == {"query": "garcia"} for e in events)


def test_create_read_update(api, clinic):
    created = api.post(
        "/api/v1/patients",
        {
            "given_name": "Ana",
            "family_name": "Silva",
            "birth_date": "1988-02-29",
            "phone_mobile": "(617) 555-0142",
            "email": "ana@example.org",
            "consent_sms": True,
            "preferred_language": "es",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["phone_mobile"] == "+16175550142"
    assert body["mrn"]
    read = api.get(f"/api/v1/patients/{body['id']}")
    assert read.json()["email"] == "ana@example.org"
    updated = api.patch(
        f"/api/v1/patients/{body['id']}", {"phone_mobile": "617-555-0143", "consent_sms": False}
    )
    assert updated.status_code == 200
    assert updated.json()["phone_mobile"] == "+16175550143"
    assert updated.json()["consent_sms"] is False
    actions = list(AuditEvent.objects.filter(object_id=body["id"]).values_list("action", flat=True))
    assert actions == ["create", "read", "update"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"given_name": "", "family_name": "X", "birth_date": "1990-01-01"}, "given_name"),
        ({"given_name": "A", "family_name": "X", "birth_date": "1990-02-30"}, "birth_date"),
        ({"given_name": "A", "family_name": "X", "birth_date": "1990-01-01", "phone_mobile": "12"}, "phone"),
        (
            {"given_name": "A", "family_name": "X", "birth_date": "1990-01-01", "email": "not-an-email"},
            "email",
        ),
        ({"given_name": "A", "family_name": "X", "birth_date": "1990-01-01", "sex": "robot"}, "sex"),
        ({"family_name": "X", "birth_date": "1990-01-01"}, "given_name"),
    ],
)
def test_bad_patient_input_is_422_and_stores_nothing(api, clinic, payload, field):
    before = Patient.objects.count()
    response = api.post("/api/v1/patients", payload)
    assert response.status_code == 422, response.content
    assert field in response.json()["detail"]
    assert Patient.objects.count() == before


def test_duplicate_mrn_is_409(api, clinic):
    response = api.post(
        "/api/v1/patients",
        {"given_name": "A", "family_name": "B", "birth_date": "1990-01-01", "mrn": clinic.patient.mrn},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "mrn_taken"


def test_future_birth_date_is_refused(api):
    response = api.post(
        "/api/v1/patients", {"given_name": "A", "family_name": "B", "birth_date": "2999-01-01"}
    )
    assert response.status_code == 422
    assert "birth" in response.json()["detail"]


def test_list_without_query_pages_by_name(api, people, clinic):
    first = api.get("/api/v1/patients", {"limit": 2}).json()["items"]
    second = api.get("/api/v1/patients", {"limit": 2, "offset": 2}).json()["items"]
    assert len(first) == 2
    assert {p["id"] for p in first}.isdisjoint({p["id"] for p in second})


def test_patch_nulls_clear_optional_fields_and_refuse_required_ones(api, clinic):
    path = f"/api/v1/patients/{clinic.patient.pk}"
    cleared = api.patch(path, {"phone_mobile": None, "middle_name": None})
    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["phone_mobile"] == ""
    refused = api.patch(path, {"family_name": None, "consent_sms": None})
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("consent_sms, family_name cannot be empty")
    clinic.patient.refresh_from_db()
    assert clinic.patient.family_name == "Lee"


def test_patch_to_an_invalid_phone_changes_nothing(api, clinic):
    response = api.patch(f"/api/v1/patients/{clinic.patient.pk}", {"phone_mobile": "555", "given_name": "Jo"})
    assert response.status_code == 422
    assert "phone" in response.json()["detail"]
    clinic.patient.refresh_from_db()
    assert (clinic.patient.given_name, clinic.patient.phone_mobile) == ("Jordan", "+16175550123")
