"""The staff patient pages: search, record, register, edit; who may see them, audit, CSRF."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from mojoe.audit.models import AuditEvent
from mojoe.core import roles, testing
from mojoe.core.errors import InvalidInput
from mojoe.core.roles import Capability, Role
from mojoe.patients.forms import PatientForm
from mojoe.patients.models import Patient
from mojoe.scheduling import services as scheduling
from mojoe.scheduling.models import Appointment, AppointmentStatus

pytestmark = pytest.mark.django_db


def signed_in(user, **client_options) -> Client:
    client = Client(**client_options)
    client.force_login(user)
    return client


@pytest.fixture
def desk(colleague) -> Client:
    return signed_in(colleague)


def detail_url(patient) -> str:
    return reverse("patients:detail", args=[patient.pk])


def edit_url(patient) -> str:
    return reverse("patients:edit", args=[patient.pk])


def form_data(patient, **changes) -> dict:
    """What the edit form posts when the user changes `changes` and leaves the rest as shown."""
    data = {
        name: getattr(patient, name)
        for name in (
            "given_name",
            "middle_name",
            "family_name",
            "preferred_name",
            "sex",
            "mrn",
            "phone_mobile",
            "phone_home",
            "email",
            "address_line1",
            "address_line2",
            "city",
            "state",
            "postal_code",
            "preferred_language",
            "preferred_channel",
        )
    }
    data["birth_date"] = patient.birth_date.isoformat()
    for consent in ("consent_sms", "consent_email", "consent_voice", "active"):
        if getattr(patient, consent):
            data[consent] = "on"  # an unticked checkbox is simply absent
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


# --- search -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["lee", "Lee, Jordan", "1/1/1980", "1980-01-01", "(617) 555-0123", "6175550123"]
)
def test_search_finds_by_name_birth_date_and_phone(desk, clinic, query):
    testing.make_patient(clinic.practice, given_name="Ann", family_name="Other", birth_date=date(1990, 5, 5))
    response = desk.get(reverse("patients:search"), {"q": query})
    assert response.status_code == 200
    assert detail_url(clinic.patient) in response.content.decode()
    assert "Other, Ann" not in response.content.decode()
    assert "1 patient matches" in response.content.decode()


def test_search_is_audited_per_result(desk, clinic, colleague):
    desk.get(reverse("patients:search"), {"q": "jordan"})
    event = AuditEvent.objects.get(action="search")
    assert (event.patient_id, event.actor, event.detail) == (
        clinic.patient.pk,
        colleague,
        {"query": "jordan"},
    )
    assert event.channel == "web"


def test_live_search_answers_htmx_with_the_results_only(desk, clinic):
    response = desk.get(reverse("patients:search"), {"q": "lee"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert detail_url(clinic.patient) in html
    assert 'id="patient-status"' in html and 'hx-swap-oob="true"' in html


def test_search_page_without_js_has_a_labelled_get_form(desk, clinic):
    html = desk.get(reverse("patients:search")).content.decode()
    assert 'method="get"' in html and '<label for="patient-q">' in html and 'id="patient-q"' in html
    assert 'aria-current="page"' in html  # the Patients tab is highlighted
    assert AuditEvent.objects.count() == 0  # an empty search shows nobody


def test_a_one_letter_search_explains_instead_of_failing(desk, clinic):
    response = desk.get(reverse("patients:search"), {"q": "l"})
    assert response.status_code == 200
    assert "at least two characters" in response.content.decode()
    assert AuditEvent.objects.count() == 0


def test_outsider_finds_nobody_of_the_clinic(outsider, clinic):
    response = signed_in(outsider).get(reverse("patients:search"), {"q": "lee"})
    assert response.status_code == 200
    assert detail_url(clinic.patient) not in response.content.decode()
    assert "No patient matches" in response.content.decode()
    assert not AuditEvent.objects.filter(patient=clinic.patient).exists()


# --- the record ---------------------------------------------------------------------------------------


def test_record_shows_appointments_in_practice_time_and_waitlist(desk, clinic, colleague, future_day):
    actor = testing.make_actor(colleague, clinic.practice)
    scheduling.appointment_book(
        actor=actor,
        patient=clinic.patient,
        provider=clinic.provider,
        appointment_type=clinic.visit,
        start=clinic.at(future_day, 10, 30),
    )
    last_month = clinic.at(future_day - timedelta(days=40), 14)
    Appointment.objects.create(
        practice=clinic.practice,
        patient=clinic.patient,
        provider=clinic.other_provider,
        location=clinic.location,
        appointment_type=clinic.visit,
        start=last_month,
        end=last_month + timedelta(minutes=30),
        busy_start=last_month,
        busy_end=last_month + timedelta(minutes=30),
        status=AppointmentStatus.NOSHOW,
    )
    scheduling.waitlist_add(
        actor=actor,
        patient=clinic.patient,
        appointment_type=clinic.visit,
        earliest_date=future_day,
        latest_date=future_day + timedelta(days=10),
        notes="Mornings before work",
    )
    earlier = list(AuditEvent.objects.values_list("pk", flat=True))

    response = desk.get(detail_url(clinic.patient))

    html = response.content.decode()
    assert response.status_code == 200
    upcoming, past = html.split('id="upcoming"')[1].split('id="past"')
    # 10:30 in New York is shown as such, not as the stored UTC time.
    assert "10:30 AM–11:00 AM" in upcoming and clinic.provider.display_name in upcoming
    assert 'class="badge status-booked">Booked' in upcoming
    assert "2:00 PM–2:30 PM" in past and 'class="badge status-noshow">No-show' in past
    assert "Mornings before work" in html
    events = AuditEvent.objects.exclude(pk__in=earlier)
    assert [(e.action, e.patient_id, e.object_id) for e in events] == [
        ("read", clinic.patient.pk, str(clinic.patient.pk))
    ]


def test_record_shows_demographics_and_consents(desk, clinic):
    Patient.objects.filter(pk=clinic.patient.pk).update(
        email="jordan@example.org", consent_sms=True, city="Boston", preferred_name="Jo"
    )
    html = desk.get(detail_url(clinic.patient)).content.decode()
    for text in (
        "Jordan Lee",
        "jordan@example.org",
        "+16175550123",
        "Boston",
        "Jo",
        "Consented",
        "No consent",
    ):
        assert text in html
    assert reverse("patients:edit", args=[clinic.patient.pk]) in html


def test_other_practices_patient_is_not_found(outsider, clinic):
    client = signed_in(outsider)
    assert client.get(detail_url(clinic.patient)).status_code == 404
    assert client.get(edit_url(clinic.patient)).status_code == 404
    response = client.post(edit_url(clinic.patient), form_data(clinic.patient, family_name="Hacked"))
    assert response.status_code == 404
    clinic.patient.refresh_from_db()
    assert clinic.patient.family_name == "Lee"
    assert not AuditEvent.objects.filter(patient=clinic.patient).exists()


def test_anonymous_is_sent_to_sign_in(clinic):
    for url in (reverse("patients:search"), detail_url(clinic.patient), edit_url(clinic.patient)):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


# --- editing ------------------------------------------------------------------------------------------


def test_edit_form_shows_current_values_with_labels(desk, clinic):
    html = desk.get(edit_url(clinic.patient)).content.decode()
    assert 'value="Jordan"' in html and 'value="+16175550123"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    for field in ("given_name", "birth_date", "phone_mobile", "consent_sms", "preferred_channel"):
        assert f'<label for="id_{field}">' in html
    assert AuditEvent.objects.filter(action="read", patient=clinic.patient).count() == 1


def test_edit_saves_normalized_phone_and_audits_the_change(desk, clinic, colleague):
    response = desk.post(
        edit_url(clinic.patient),
        form_data(clinic.patient, phone_home="(617) 555-0199", consent_sms="on", city="Boston"),
    )
    assert response.status_code == 302 and response["Location"] == detail_url(clinic.patient)
    clinic.patient.refresh_from_db()
    assert (clinic.patient.phone_home, clinic.patient.consent_sms, clinic.patient.city) == (
        "+16175550199",
        True,
        "Boston",
    )
    update = AuditEvent.objects.get(action="update")
    assert update.actor == colleague
    assert update.detail == {"fields": ["city", "consent_sms", "phone_home"]}
    assert "record is saved" in desk.get(detail_url(clinic.patient)).content.decode()


def test_bad_phone_is_refused_next_to_the_field_and_nothing_is_saved(desk, clinic):
    response = desk.post(
        edit_url(clinic.patient), form_data(clinic.patient, family_name="Changed", phone_mobile="555-01")
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_phone_mobile_error"' in html
    error = html.split('id="id_phone_mobile_error"')[1].split("</ul>")[0]
    assert "is not a complete phone number; include the area code." in error
    assert 'value="Changed"' in html  # what was typed is kept for correcting
    assert "Edit Jordan Lee" in html  # the header shows the stored name, not the refused one
    clinic.patient.refresh_from_db()
    assert (clinic.patient.family_name, clinic.patient.phone_mobile) == ("Lee", "+16175550123")
    assert not AuditEvent.objects.filter(action="update").exists()


def test_future_birth_date_and_missing_name_are_refused(desk, clinic):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    response = desk.post(edit_url(clinic.patient), form_data(clinic.patient, birth_date=tomorrow))
    assert response.status_code == 422
    assert (
        "a date of birth must be in the past"
        in response.content.decode().split('id="id_birth_date_error"')[1]
    )
    response = desk.post(edit_url(clinic.patient), form_data(clinic.patient, given_name=""))
    assert response.status_code == 422
    assert 'id="id_given_name_error"' in response.content.decode()
    clinic.patient.refresh_from_db()
    assert clinic.patient.birth_date == date(1980, 1, 1) and clinic.patient.given_name == "Jordan"


def test_taken_mrn_is_a_conflict_on_the_mrn_field(desk, clinic):
    other = testing.make_patient(clinic.practice)
    response = desk.post(edit_url(clinic.patient), form_data(clinic.patient, mrn=other.mrn))
    assert response.status_code == 409
    assert (
        f"Another patient already has MRN {other.mrn}"
        in response.content.decode().split('id="id_mrn_error"')[1]
    )


def test_saving_unchanged_form_writes_nothing(desk, clinic):
    response = desk.post(edit_url(clinic.patient), form_data(clinic.patient))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="update").exists()


def test_post_without_csrf_token_is_refused(colleague, clinic):
    client = signed_in(colleague, enforce_csrf_checks=True)
    response = client.post(edit_url(clinic.patient), form_data(clinic.patient, family_name="Forged"))
    assert response.status_code == 403
    clinic.patient.refresh_from_db()
    assert clinic.patient.family_name == "Lee"
    assert client.post(reverse("patients:create"), {"given_name": "A"}).status_code == 403


# --- registering --------------------------------------------------------------------------------------


def test_register_a_patient_then_see_the_record(desk, clinic):
    response = desk.post(
        reverse("patients:create"),
        {
            "given_name": "Ana",
            "family_name": "Silva",
            "birth_date": "1988-02-29",
            "sex": "female",
            "phone_mobile": "617 555 0177",
            "preferred_language": "pt",
            "preferred_channel": "sms",
            "consent_sms": "on",
        },
    )
    created = Patient.objects.get(family_name="Silva")
    assert response.status_code == 302 and response["Location"] == detail_url(created)
    assert created.practice == clinic.practice and created.mrn and created.active
    assert (created.phone_mobile, created.consent_sms, created.consent_email) == ("+16175550177", True, False)
    assert AuditEvent.objects.filter(action="create", patient=created).exists()


def test_register_with_bad_input_keeps_the_form(desk, clinic):
    response = desk.post(
        reverse("patients:create"),
        {"given_name": "Ana", "family_name": "", "birth_date": "someday", "phone_mobile": "12"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_family_name_error"' in html and 'id="id_birth_date_error"' in html
    assert 'value="Ana"' in html
    assert not Patient.objects.filter(given_name="Ana").exists()


# --- roles --------------------------------------------------------------------------------------------


def test_billing_can_view_and_edit(clinic):
    billing = signed_in(testing.make_user(username="billing", practice=clinic.practice, role=Role.BILLING))
    assert billing.get(detail_url(clinic.patient)).status_code == 200
    assert billing.get(edit_url(clinic.patient)).status_code == 200


def test_role_without_edit_sees_but_cannot_change(clinic, monkeypatch):
    # Every role may edit patients today; take the grant away from billing to check the pages still ask.
    monkeypatch.setitem(
        roles.GRANTS, Capability.EDIT_PATIENTS, roles.GRANTS[Capability.EDIT_PATIENTS] - {Role.BILLING}
    )
    billing = signed_in(testing.make_user(username="billing", practice=clinic.practice, role=Role.BILLING))
    search = billing.get(reverse("patients:search"), {"q": "zzz"}).content.decode()
    record = billing.get(detail_url(clinic.patient)).content.decode()
    assert reverse("patients:create") not in search
    assert edit_url(clinic.patient) not in record and "Jordan Lee" in record
    assert billing.get(edit_url(clinic.patient)).status_code == 403
    assert billing.post(edit_url(clinic.patient), form_data(clinic.patient, city="X")).status_code == 403
    assert billing.get(reverse("patients:create")).status_code == 403


def test_front_desk_sees_the_new_patient_link(desk):
    assert reverse("patients:create") in desk.get(reverse("patients:search")).content.decode()


def test_service_messages_land_next_to_the_fields_they_name(clinic):
    # The format of services._clean: "field: messages" joined by "; ", whole-record messages unprefixed.
    form = PatientForm(data=form_data(clinic.patient))
    assert form.is_valid(), form.errors
    form.add_service_error(
        InvalidInput(
            "Check the record.; given_name: Too long; at most 100.; phone_home: '12' is not complete; add more.",
            code="invalid_patient",
        )
    )
    assert form.errors["given_name"] == ["Too long; at most 100."]
    assert form.errors["phone_home"] == ["'12' is not complete; add more."]
    assert form.non_field_errors() == ["Check the record."]
