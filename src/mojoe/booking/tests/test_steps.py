"""Self-booking step by step through HTTP: visit type, provider, time, details, code, booked."""

import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from mojoe.audit.models import AuditAction, AuditEvent
from mojoe.booking.models import BookingLink, BookingRequest, RequestStatus
from mojoe.booking.tests.helpers import (
    BOOK,
    PHONE,
    ask_for_code,
    csrf_post,
    details,
    enter_code,
    first_time_url,
    last_code,
)
from mojoe.core import testing
from mojoe.inbox.models import Task
from mojoe.messaging.models import OutboxMessage
from mojoe.patients.models import Patient
from mojoe.scheduling.models import Appointment, AppointmentStatus, SourceChannel
from mojoe.scheduling.services import appointment_book

pytestmark = pytest.mark.django_db


# --- steps 1 to 3: nothing but reading -------------------------------------------------------------------


def test_the_first_step_lists_only_what_patients_may_book_online(visitor, clinic):
    testing.make_type(
        clinic.practice, providers=[clinic.provider], name="Annual physical", new_patients_allowed=False
    )
    testing.make_type(clinic.practice, providers=[clinic.provider], name="Procedure", bookable_online=False)
    testing.make_type(clinic.practice, providers=[clinic.provider], name="Retired visit", active=False)
    testing.make_type(clinic.practice, providers=[], name="Nobody does this")
    response = visitor.get(BOOK)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Office visit" in html and "Annual physical" in html
    assert "for patients seen here before" in html  # the established-only type says so
    assert "Procedure" not in html and "Retired visit" not in html and "Nobody does this" not in html
    # Public, strict, never cached.
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_an_unknown_practice_gets_a_patient_page_not_a_sign_in(visitor, db):
    response = visitor.get("/p/nowhere/book")
    assert response.status_code == 404
    assert "This booking page could not be found" in response.content.decode()


def test_the_provider_step_offers_first_available_and_each_provider(visitor, clinic):
    response = visitor.get(f"{BOOK}/provider", {"type": clinic.visit.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "First available" in html
    assert clinic.provider.display_name in html and clinic.other_provider.display_name in html


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"type": "not-a-uuid"},
        {"type": "00000000-0000-0000-0000-000000000000"},
    ],
)
def test_a_visit_type_that_is_not_offered_online_is_a_404_that_says_what_to_do(visitor, clinic, params):
    response = visitor.get(f"{BOOK}/provider", params)
    assert response.status_code == 404
    html = response.content.decode()
    assert "cannot be booked online" in html and "Choose a visit" in html


def test_another_practices_visit_type_is_not_found_here(visitor, clinic, outsider_practice):
    their_type = outsider_practice.appointment_types.get()
    assert visitor.get(f"{BOOK}/times", {"type": their_type.pk}).status_code == 404


def test_times_are_offered_earliest_first_a_few_days_per_page(visitor, clinic):
    response = visitor.get(f"{BOOK}/times", {"type": clinic.visit.pk, "provider": "any"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<section class="day"') == 3
    tomorrow = timezone.localdate(timezone=clinic.tz) + timedelta(days=1)
    # Today may be over already; tomorrow's 9:00 is always among the first.
    assert "9:00 AM" in html
    assert "Later dates" in html
    # First available: each time once, with whoever is free (two providers work the same hours), whatever the
    # hour the test runs at (today's first times may be gone already).
    for day in html.split('<section class="day"')[1:]:
        times = re.findall(r"\b\d{1,2}:\d{2} [AP]M\b", day)
        assert times and len(times) == len(set(times)), times
    # The next page starts after the days shown.
    later = visitor.get(
        f"{BOOK}/times",
        {"type": clinic.visit.pk, "provider": "any", "from": (tomorrow + timedelta(days=3)).isoformat()},
    )
    assert later.status_code == 200 and "Earliest dates" in later.content.decode()


def test_the_part_of_day_filter_keeps_only_those_times(visitor, clinic):
    html = visitor.get(f"{BOOK}/times", {"type": clinic.visit.pk, "part": "afternoon"}).content.decode()
    assert "9:00 AM" not in html and "1:00 PM" in html
    evening = visitor.get(f"{BOOK}/times", {"type": clinic.visit.pk, "part": "evening"}).content.decode()
    assert "No free times at that time of day" in evening


@pytest.mark.parametrize("params", [{"part": "midnight"}, {"from": "yesterday"}])
def test_unreadable_filters_are_a_400_with_a_way_back(visitor, clinic, params):
    response = visitor.get(f"{BOOK}/times", {"type": clinic.visit.pk, **params})
    assert response.status_code == 400
    assert "See " in response.content.decode()


def test_a_provider_who_does_not_do_the_visit_is_refused(visitor, clinic):
    third = testing.make_provider(clinic.practice, locations=[clinic.location], family_name="Nguyen")
    response = visitor.get(f"{BOOK}/times", {"type": clinic.visit.pk, "provider": third.pk})
    assert response.status_code == 404
    assert "does not offer Office visit online" in response.content.decode()


def test_a_chosen_provider_gets_only_their_times(visitor, clinic):
    url = first_time_url(visitor, clinic.visit.pk, provider=clinic.other_provider.pk)
    assert f"provider={clinic.other_provider.pk}" in url
    page = visitor.get(url).content.decode()
    assert clinic.other_provider.display_name in page


# --- step 4: details; nothing of the patient written ---------------------------------------------------------


def counts():
    return (Patient.objects.count(), Appointment.objects.count(), AuditEvent.objects.count())


def test_asking_for_a_code_writes_only_the_request_and_the_message(visitor, clinic, jordan):
    before = counts()
    ask_for_code(visitor, clinic.visit.pk)
    assert counts() == before
    request = BookingRequest.objects.get()
    assert request.status == RequestStatus.PENDING and request.contact == PHONE
    assert len(request.code_hash) == 64
    message = OutboxMessage.objects.get(to=PHONE)
    assert message.channel == "sms" and "Maple Clinic booking code" in message.body
    # The code is nowhere but in the message: not in the request, not on the page.
    code = last_code(PHONE)
    assert code not in request.code_hash
    page = visitor.get(f"{BOOK}/verify").content.decode()
    assert code not in page and "(617) 555-0123" in page


def test_the_details_form_says_what_is_wrong_next_to_each_field(visitor, clinic):
    url = first_time_url(visitor, clinic.visit.pk)
    response = csrf_post(visitor, url, details(given="", born=(2, 30, 1980), phone="12"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Enter your first name." in html
    assert "Enter your date of birth as month, day and a four-digit year" in html
    assert "is not a complete phone number" in html or "is not a phone number" in html
    assert 'aria-invalid="true" aria-describedby="id_given_name-error"' in html
    assert 'id="id_given_name-error"' in html
    assert 'role="alert"' in html  # the summary, focused and announced
    # What was typed is kept.
    assert 'value="Lee"' in html
    assert not BookingRequest.objects.exists() and not OutboxMessage.objects.exists()


def test_an_email_needs_an_email_address_when_chosen(visitor, clinic):
    url = first_time_url(visitor, clinic.visit.pk)
    response = csrf_post(visitor, url, details(channel="email", phone="", email="not an address"))
    assert response.status_code == 422
    assert "Enter an email address such as name@example.com." in response.content.decode()


def test_a_birth_date_in_the_future_is_refused(visitor, clinic):
    url = first_time_url(visitor, clinic.visit.pk)
    next_year = timezone.localdate().year + 1
    response = csrf_post(visitor, url, details(born=(1, 1, next_year)))
    assert response.status_code == 422
    assert "Enter a date of birth in the past." in response.content.decode()


def test_forms_without_the_csrf_token_are_refused(visitor, clinic):
    url = first_time_url(visitor, clinic.visit.pk)
    response = visitor.post(url, details())
    assert response.status_code == 403
    assert not BookingRequest.objects.exists()


def test_a_forged_time_is_a_400(visitor, clinic):
    url = first_time_url(visitor, clinic.visit.pk)
    response = visitor.get(url.replace("start=", "start=garbage"))
    assert response.status_code == 400
    assert "That time is not one we offer" in response.content.decode()


def test_a_time_off_the_grid_is_not_offered(visitor, clinic):
    url = first_time_url(visitor, clinic.visit.pk)
    response = visitor.get(url.replace("%3A00Z", "%3A07Z").replace("%3A30Z", "%3A07Z"))
    assert response.status_code == 409
    assert "no longer available" in response.content.decode()


# --- step 5: the code, then booked -----------------------------------------------------------------------------


def test_an_existing_patient_is_booked_on_their_record(visitor, clinic, jordan):
    ask_for_code(visitor, clinic.visit.pk)
    response = enter_code(visitor, last_code(PHONE))
    assert response.status_code == 302
    manage = response["Location"]
    assert manage.startswith(f"{BOOK}/manage/") and manage.endswith("?new=1")
    appointment = Appointment.objects.get()
    assert appointment.patient == jordan
    assert appointment.source_channel == SourceChannel.ONLINE
    assert appointment.status == AppointmentStatus.BOOKED
    assert Patient.objects.count() == 1
    # Audited: the verification read and the booking, by Mojoe's public page, from the patient's address.
    events = AuditEvent.objects.filter(patient=jordan).order_by("at")
    assert [e.action for e in events] == [AuditAction.READ, AuditAction.BOOK]
    assert {e.actor_label for e in events} == {"mojoe:web"}
    assert events[1].client_ip == "127.0.0.1"
    # The confirmation carries the link; its token is kept only as a hash.
    confirmation = OutboxMessage.objects.filter(to=PHONE).order_by("-created_at").first()
    token = manage.split("/manage/")[1].split("?")[0]
    assert f"http://testserver{BOOK}/manage/{token}" in confirmation.body
    assert "you are booked for Office visit" in confirmation.body
    link = BookingLink.objects.get()
    assert token not in link.token_hash and link.appointment == appointment
    page = visitor.get(manage)
    assert page.status_code == 200
    assert "You are booked." in page.content.decode()
    assert BookingRequest.objects.get().status == RequestStatus.BOOKED


def test_a_preferred_name_and_different_case_and_accents_still_match(visitor, clinic, jordan):
    jordan.preferred_name = "Jo"
    jordan.family_name = "Lée"
    jordan.save()
    ask_for_code(visitor, clinic.visit.pk, given="jo", family="LEE")
    enter_code(visitor, last_code(PHONE))
    assert Appointment.objects.get().patient == jordan


def test_a_newcomer_is_registered_together_with_the_booking(visitor, clinic, jordan):
    ask_for_code(
        visitor, clinic.visit.pk, given="Maria", family="Gomez", born=(3, 14, 1985), phone="(617) 555-0199"
    )
    assert Patient.objects.count() == 1  # not yet
    response = enter_code(visitor, last_code("+16175550199"))
    assert response.status_code == 302
    maria = Patient.objects.get(given_name="Maria")
    assert maria.family_name == "Gomez" and str(maria.birth_date) == "1985-03-14"
    assert maria.phone_mobile == "+16175550199" and maria.preferred_channel == "sms"
    assert Appointment.objects.get().patient == maria
    assert {e.action for e in AuditEvent.objects.filter(patient=maria)} == {
        AuditAction.CREATE,
        AuditAction.BOOK,
    }
    assert not Task.objects.exists()


def test_a_newcomer_may_get_the_code_by_email(visitor, clinic):
    ask_for_code(
        visitor,
        clinic.visit.pk,
        given="Ana",
        family="Silva",
        channel="email",
        phone="",
        email="Ana@Example.org",
    )
    message = OutboxMessage.objects.get()
    assert (
        message.channel == "email" and message.to == "ana@example.org" and "booking code" in message.subject
    )
    enter_code(visitor, last_code("ana@example.org"))
    ana = Patient.objects.get(given_name="Ana")
    assert ana.email == "ana@example.org" and ana.phone_mobile == "" and ana.preferred_channel == "email"


def test_a_matching_name_with_a_phone_not_on_the_record_is_not_booked_on_that_record(visitor, clinic, jordan):
    """Someone who knows Jordan's name and birth date, with their own phone: the same pages as a newcomer,
    never Jordan's record; the front desk is asked to check for a duplicate."""
    ask_for_code(visitor, clinic.visit.pk, phone="+16175550177")
    # Nothing different from any other request before the code.
    assert OutboxMessage.objects.get().to == "+16175550177"
    response = enter_code(visitor, last_code("+16175550177"))
    assert response.status_code == 302 and response["Location"].endswith("?new=1")
    appointment = Appointment.objects.get()
    assert appointment.patient != jordan
    assert appointment.patient.phone_mobile == "+16175550177"
    assert not AuditEvent.objects.filter(patient=jordan).exists()  # Jordan's record was not touched
    task = Task.objects.get()
    assert task.kind == "online_booking_review" and task.patient == appointment.patient
    assert "not on it" in task.details
    # The confirmation page shows only what this person chose and typed.
    page = visitor.get(response["Location"]).content.decode()
    assert "MRN" not in page and jordan.mrn not in page


def test_an_established_only_visit_books_an_established_patient(visitor, clinic, jordan, future_day):
    annual = testing.make_type(
        clinic.practice, providers=[clinic.provider], name="Annual physical", new_patients_allowed=False
    )
    past = Appointment.objects.create(
        practice=clinic.practice, patient=jordan, provider=clinic.provider, location=clinic.location,
        appointment_type=clinic.visit, start=clinic.at(future_day - timedelta(days=400), 9),
        end=clinic.at(future_day - timedelta(days=400), 9, 30), busy_start=clinic.at(future_day - timedelta(days=400), 9),
        busy_end=clinic.at(future_day - timedelta(days=400), 9, 30), status=AppointmentStatus.FULFILLED,
    )  # fmt: skip
    ask_for_code(visitor, annual.pk)
    assert enter_code(visitor, last_code(PHONE)).status_code == 302
    assert Appointment.objects.exclude(pk=past.pk).get().appointment_type == annual


def test_an_established_only_visit_refuses_a_newcomer_with_a_way_to_choose_another(visitor, clinic):
    annual = testing.make_type(
        clinic.practice, providers=[clinic.provider], name="Annual physical", new_patients_allowed=False
    )
    ask_for_code(visitor, annual.pk, given="Maria", family="Gomez", phone="+16175550199")
    response = enter_code(visitor, last_code("+16175550199"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Annual physical is for patients who have been seen here before" in html
    assert "Choose another visit" in html
    assert not Patient.objects.filter(given_name="Maria").exists() and not Appointment.objects.exists()
    # Still verified: another visit and time book without a new code.
    url = first_time_url(visitor, clinic.visit.pk)
    page = visitor.get(url).content.decode()
    assert "You are booking as Maria Gomez" in page
    booked = csrf_post(visitor, url)
    assert booked.status_code == 302 and "/manage/" in booked["Location"]
    assert Appointment.objects.get().patient.given_name == "Maria"
    assert OutboxMessage.objects.filter(body__contains="booking code").count() == 1


def take(actor, clinic, start):
    """The front desk books `start` with both providers for other patients."""
    for provider in (clinic.provider, clinic.other_provider):
        appointment_book(
            actor=actor, patient=testing.make_patient(clinic.practice), provider=provider,
            appointment_type=clinic.visit, start=start,
        )  # fmt: skip


def test_a_time_taken_between_choosing_and_confirming_offers_others_without_a_new_code(
    visitor, clinic, jordan, actor
):
    ask_for_code(visitor, clinic.visit.pk)
    request = BookingRequest.objects.get()
    take(actor, clinic, request.start)
    response = enter_code(visitor, last_code(PHONE))
    assert response.status_code == 302
    assert "notice=taken" in response["Location"] and "/times" in response["Location"]
    times = visitor.get(response["Location"]).content.decode()
    assert "<h1>Choose a time</h1>" in times and "that time was just taken" in times
    assert not Appointment.objects.filter(patient=jordan).exists()
    assert BookingRequest.objects.get().status == RequestStatus.VERIFIED
    # Another time books at once: the code proved who this is.
    second = first_time_url(visitor, clinic.visit.pk)
    assert "You are booking as Jordan Lee" in visitor.get(second).content.decode()
    booked = csrf_post(visitor, second)
    assert booked.status_code == 302 and booked["Location"].endswith("?new=1")
    assert Appointment.objects.get(patient=jordan).start > request.start
    assert OutboxMessage.objects.filter(body__contains="booking code").count() == 1


def test_a_time_taken_before_the_code_is_sent_is_a_409_with_a_way_back(visitor, clinic, actor):
    url = first_time_url(visitor, clinic.visit.pk)
    assert visitor.get(url).status_code == 200
    take(actor, clinic, datetime.fromisoformat(parse_qs(urlparse(url).query)["start"][0]))
    response = csrf_post(visitor, url, details(given="Maria", family="Gomez", phone="+16175550199"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "no longer available" in html and "See the free times" in html
    assert not BookingRequest.objects.exists() and not OutboxMessage.objects.exists()


def test_the_verify_page_without_a_request_in_progress_says_start_again(visitor, clinic):
    response = visitor.get(f"{BOOK}/verify")
    assert response.status_code == 410
    assert "Please start again" in response.content.decode()


def test_starting_over_forgets_the_verified_person(visitor, clinic, jordan):
    annual = testing.make_type(
        clinic.practice, providers=[clinic.provider], name="Annual physical", new_patients_allowed=False
    )
    ask_for_code(visitor, annual.pk, given="Maria", family="Gomez", phone="+16175550199")
    enter_code(visitor, last_code("+16175550199"))
    assert "You are booking as Maria Gomez" in visitor.get(BOOK).content.decode()
    response = csrf_post(visitor, f"{BOOK}/restart")
    assert response.status_code == 302
    assert "You are booking as" not in visitor.get(BOOK).content.decode()


def test_a_verified_request_books_only_on_a_button_never_on_a_get(visitor, clinic, jordan, actor):
    ask_for_code(visitor, clinic.visit.pk)
    take(actor, clinic, BookingRequest.objects.get().start)
    enter_code(visitor, last_code(PHONE))  # verified, but the time went
    response = visitor.get(f"{BOOK}/verify")
    assert response.status_code == 302 and "/details?" in response["Location"]
    page = visitor.get(response["Location"])
    assert page.status_code == 409  # that time is still taken: choose another
    assert not Appointment.objects.filter(patient=jordan).exists()
