"""The waitlist pages, and the rule of which waiting entries fit a free time."""

from datetime import UTC, timedelta

import pytest
from django.test import Client

from mojoe.audit.models import AuditEvent
from mojoe.core import testing
from mojoe.core.roles import Role
from mojoe.scheduling import services
from mojoe.scheduling.models import WaitlistEntry
from mojoe.scheduling.waitlist import waitlist_matches_for_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(colleague) -> Client:
    client = Client()
    client.force_login(colleague)
    return client


def waiting(actor, clinic, first_day, *, days=6, **extra):
    """An entry for an office visit from `first_day` to `days` later (a week by default)."""
    return services.waitlist_add(
        actor=actor,
        patient=extra.pop("patient", clinic.patient),
        appointment_type=extra.pop("appointment_type", clinic.visit),
        earliest_date=first_day,
        latest_date=first_day + timedelta(days=days),
        **extra,
    )


def form(clinic, first_day, **changes):
    data = {
        "patient": str(clinic.patient.pk),
        "appointment_type": str(clinic.visit.pk),
        "provider": str(clinic.provider.pk),
        "earliest_date": first_day.isoformat(),
        "latest_date": (first_day + timedelta(days=14)).isoformat(),
        "part_of_day": "morning",
        "notes": "Can come at short notice",
    }
    data.update(changes)
    return data


def matches(clinic, start, provider=None, **kwargs):
    return waitlist_matches_for_slot(
        practice=clinic.practice, provider=provider or clinic.provider, start=start, **kwargs
    )


# --- adding -------------------------------------------------------------------------------------------


def test_add_creates_an_entry_and_its_audit_event(desk, clinic, colleague, future_day):
    page = desk.get("/waitlist/new")
    assert page.status_code == 200
    for label in ("Find a patient", "Appointment type", "Provider", "Earliest date", "Latest date", "Notes"):
        assert label in page.content.decode()

    response = desk.post("/waitlist/new", form(clinic, future_day))

    assert response.status_code == 302 and response["Location"] == "/waitlist/"
    entry = WaitlistEntry.objects.get()
    assert (entry.patient, entry.appointment_type, entry.provider) == (
        clinic.patient,
        clinic.visit,
        clinic.provider,
    )
    assert (entry.earliest_date, entry.latest_date) == (future_day, future_day + timedelta(days=14))
    assert (entry.part_of_day, entry.notes, entry.status) == ("morning", "Can come at short notice", "active")
    created = AuditEvent.objects.get(action="create", object_id=str(entry.pk))
    assert (created.patient_id, created.actor) == (clinic.patient.pk, colleague)
    listed = desk.get("/waitlist/").content.decode()
    assert "Jordan Lee is on the waitlist for Office visit." in listed
    assert "Can come at short notice" in listed


def test_any_provider_and_any_time_are_the_empty_choices(desk, clinic, future_day):
    response = desk.post("/waitlist/new", form(clinic, future_day, provider="", part_of_day=""))
    assert response.status_code == 302
    entry = WaitlistEntry.objects.get()
    assert (entry.provider, entry.part_of_day) == (None, "")


def test_the_patient_is_found_live_and_without_javascript(desk, clinic):
    live = desk.get("/waitlist/new/patients", {"q": "617 555 0123"}).content.decode()
    assert 'name="patient"' in live and "Jordan Lee" in live
    assert "<html" not in live
    assert "No patient matches" in desk.get("/waitlist/new/patients", {"q": "Nobody"}).content.decode()
    page = desk.get("/waitlist/new", {"q": "Lee"}).content.decode()
    assert f'value="{clinic.patient.pk}"' in page


def test_an_invalid_range_is_refused_with_its_message_and_nothing_is_saved(desk, clinic, future_day):
    backwards = form(clinic, future_day, latest_date=(future_day - timedelta(days=1)).isoformat())

    response = desk.post("/waitlist/new", backwards)

    assert response.status_code == 422
    page = response.content.decode()
    assert "The latest date is before the earliest date." in page
    # The form comes back as it was sent, the chosen patient still chosen.
    assert "Can come at short notice" in page
    assert f'value="{clinic.patient.pk}" checked' in page
    assert not WaitlistEntry.objects.exists()
    assert not AuditEvent.objects.filter(action="create").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"patient": ""}, "Choose a patient"),
        ({"appointment_type": ""}, "Choose the appointment type."),
        ({"earliest_date": "next week"}, "Enter the earliest date as YYYY-MM-DD."),
        ({"latest_date": ""}, "Enter the latest date."),
        ({"part_of_day": "midnight"}, "Choose a part of the day"),
        ({"notes": "x" * 501}, "Keep the notes under 500 characters."),
    ],
)
def test_incomplete_forms_are_refused(desk, clinic, future_day, changes, message):
    response = desk.post("/waitlist/new", form(clinic, future_day, **changes))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not WaitlistEntry.objects.exists()


# --- listing, editing, removing -----------------------------------------------------------------------


def test_the_list_shows_waiting_entries_filters_them_and_audits_the_reads(desk, actor, clinic, future_day):
    checkup = testing.make_type(clinic.practice, providers=[clinic.other_provider], name="Checkup")
    anyone = waiting(actor, clinic, future_day, notes="any provider")
    for_rivera = waiting(actor, clinic, future_day, provider=clinic.provider, notes="wants Rivera")
    for_okafor = waiting(
        actor,
        clinic,
        future_day,
        provider=clinic.other_provider,
        appointment_type=checkup,
        notes="wants Okafor",
    )
    gone = waiting(actor, clinic, future_day, notes="changed their mind")
    services.waitlist_remove(actor=actor, entry=gone)

    page = desk.get("/waitlist/").content.decode()
    assert all(f'data-entry="{e.pk}"' in page for e in (anyone, for_rivera, for_okafor))
    assert "changed their mind" not in page
    assert ">Any<" in page
    reads = AuditEvent.objects.filter(action="read", object_type="scheduling.waitlistentry")
    assert sorted(reads.values_list("object_id", flat=True)) == sorted(
        str(e.pk) for e in (anyone, for_rivera, for_okafor)
    )

    by_type = desk.get("/waitlist/", {"appointment_type": str(checkup.pk)}).content.decode()
    assert "wants Okafor" in by_type and "wants Rivera" not in by_type
    # A provider's waitlist includes the patients who would see anyone.
    by_provider = desk.get("/waitlist/", {"provider": str(clinic.provider.pk)}).content.decode()
    assert (
        "wants Rivera" in by_provider and "any provider" in by_provider and "wants Okafor" not in by_provider
    )


def test_edit_changes_the_entry(desk, actor, clinic, future_day):
    entry = waiting(actor, clinic, future_day, provider=clinic.provider, part_of_day="morning")
    page = desk.get(f"/waitlist/{entry.pk}/edit")
    assert page.status_code == 200
    assert 'value="morning" selected' in page.content.decode()

    later = future_day + timedelta(days=3)
    response = desk.post(
        f"/waitlist/{entry.pk}/edit",
        form(
            clinic,
            future_day,
            provider="",
            part_of_day="afternoon",
            latest_date=later.isoformat(),
            notes="Moved",
        ),
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.provider, entry.part_of_day, entry.latest_date, entry.notes) == (
        None,
        "afternoon",
        later,
        "Moved",
    )
    update = AuditEvent.objects.get(action="update", object_id=str(entry.pk))
    assert update.detail["fields"] == ["latest_date", "notes", "part_of_day", "provider"]


def test_a_refused_edit_changes_nothing(desk, actor, clinic, future_day):
    entry = waiting(actor, clinic, future_day)
    response = desk.post(
        f"/waitlist/{entry.pk}/edit",
        form(clinic, future_day, latest_date=(future_day - timedelta(days=2)).isoformat()),
    )
    assert response.status_code == 422
    assert "The latest date is before the earliest date." in response.content.decode()
    entry.refresh_from_db()
    assert entry.latest_date == future_day + timedelta(days=6)


def test_remove_asks_first_then_removes(desk, actor, clinic, future_day):
    entry = waiting(actor, clinic, future_day)

    confirm = desk.get(f"/waitlist/{entry.pk}/remove")
    assert confirm.status_code == 200
    assert "Remove from waitlist" in confirm.content.decode()
    entry.refresh_from_db()
    assert entry.status == "active"
    dialog = desk.get(f"/waitlist/{entry.pk}/remove", headers={"HX-Request": "true"}).content.decode()
    assert dialog.lstrip().startswith('<dialog class="modal"')

    response = desk.post(f"/waitlist/{entry.pk}/remove")

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "removed"
    assert AuditEvent.objects.filter(action="delete", object_id=str(entry.pk)).count() == 1
    assert f'data-entry="{entry.pk}"' not in desk.get("/waitlist/").content.decode()
    # A second click finds nothing left to remove.
    again = desk.post(f"/waitlist/{entry.pk}/remove")
    assert again.status_code == 409
    assert desk.post(f"/waitlist/{entry.pk}/edit", form(clinic, future_day)).status_code == 409


def test_a_booked_entry_is_not_turned_into_a_removed_one(desk, actor, clinic, future_day):
    entry = waiting(actor, clinic, future_day)
    WaitlistEntry.objects.filter(pk=entry.pk).update(status="booked")
    assert desk.post(f"/waitlist/{entry.pk}/remove").status_code == 409
    entry.refresh_from_db()
    assert entry.status == "booked"


# --- who fits a free time -----------------------------------------------------------------------------


def test_a_morning_entry_for_any_provider_this_week(actor, clinic, future_day):
    entry = waiting(actor, clinic, future_day, part_of_day="morning", days=6)
    stranger = testing.make_provider(clinic.practice, locations=[clinic.location], family_name="Nguyen")

    assert matches(clinic, clinic.at(future_day, 9)) == [entry]
    assert matches(clinic, clinic.at(future_day + timedelta(days=6), 11, 30)) == [entry]
    assert matches(clinic, clinic.at(future_day, 9), provider=clinic.other_provider) == [entry]
    assert matches(clinic, clinic.at(future_day, 14)) == []
    assert matches(clinic, clinic.at(future_day, 12)) == []  # noon starts the afternoon
    assert matches(clinic, clinic.at(future_day + timedelta(days=7), 9)) == []
    assert matches(clinic, clinic.at(future_day - timedelta(days=1), 9)) == []
    # Nguyen does not perform office visits.
    assert matches(clinic, clinic.at(future_day, 9), provider=stranger) == []


def test_provider_type_and_length_narrow_the_matches(actor, clinic, future_day):
    for_rivera = waiting(actor, clinic, future_day, provider=clinic.provider)
    long_type = testing.make_type(clinic.practice, providers=[clinic.provider], name="Physical", duration=60)
    long_visit = waiting(actor, clinic, future_day, appointment_type=long_type)
    nine = clinic.at(future_day, 9)

    assert matches(clinic, nine) == [for_rivera, long_visit]
    assert matches(clinic, nine, provider=clinic.other_provider) == []
    assert matches(clinic, nine, end=nine + timedelta(minutes=30)) == [for_rivera]
    assert matches(clinic, nine, end=nine + timedelta(minutes=60)) == [for_rivera, long_visit]
    assert matches(clinic, nine, end=nine) == []
    assert matches(clinic, nine, appointment_type=long_type) == [long_visit]
    long_type.active = False
    long_type.save()
    assert matches(clinic, nine) == [for_rivera]


def test_matches_are_first_come_first_served_and_only_waiting(actor, clinic, future_day):
    second_patient = testing.make_patient(clinic.practice, given_name="Sam", family_name="Ortiz")
    first = waiting(actor, clinic, future_day)
    second = waiting(actor, clinic, future_day, patient=second_patient)
    removed = waiting(actor, clinic, future_day)
    services.waitlist_remove(actor=actor, entry=removed)
    WaitlistEntry.objects.filter(pk=first.pk).update(created_at=second.created_at + timedelta(seconds=1))

    assert matches(clinic, clinic.at(future_day, 10)) == [second, first]


def test_the_slot_is_read_in_the_practice_time_zone(actor, clinic, future_day):
    evening = waiting(actor, clinic, future_day, part_of_day="evening", days=0)
    # 10 pm in New York is already the next day in UTC: the local date and hour decide.
    late = clinic.at(future_day, 22).astimezone(UTC)
    assert late.date() != future_day
    assert matches(clinic, late) == [evening]
    with pytest.raises(ValueError, match="timezone-aware"):
        matches(clinic, late.replace(tzinfo=None))


def test_another_practice_never_matches(actor, clinic, future_day, outsider_practice):
    theirs = outsider_practice.appointment_types.get()
    their_provider = outsider_practice.providers.get()
    WaitlistEntry.objects.create(
        practice=outsider_practice,
        patient=testing.make_patient(outsider_practice, given_name="Other", family_name="Person"),
        appointment_type=theirs,
        earliest_date=future_day,
        latest_date=future_day + timedelta(days=6),
    )
    ours = waiting(actor, clinic, future_day)
    assert matches(clinic, clinic.at(future_day, 9)) == [ours]
    assert matches(clinic, clinic.at(future_day, 9), provider=their_provider) == []


def test_the_matches_page(desk, actor, clinic, future_day, outsider_practice):
    entry = waiting(actor, clinic, future_day, part_of_day="morning")
    WaitlistEntry.objects.create(
        practice=outsider_practice,
        patient=testing.make_patient(outsider_practice, given_name="Other", family_name="Person"),
        appointment_type=outsider_practice.appointment_types.get(),
        earliest_date=future_day,
        latest_date=future_day + timedelta(days=6),
    )
    params = {"provider": str(clinic.provider.pk), "start": clinic.at(future_day, 9).isoformat()}

    page = desk.get("/waitlist/matches", params)

    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-entry="{entry.pk}"' in html and "+16175550123" in html
    assert "Other Person" not in html
    assert AuditEvent.objects.filter(action="read", object_id=str(entry.pk)).count() == 1
    afternoon = desk.get("/waitlist/matches", {**params, "start": clinic.at(future_day, 14).isoformat()})
    assert "Nobody on the waitlist fits this time." in afternoon.content.decode()
    too_short = desk.get("/waitlist/matches", {**params, "minutes": "15"})
    assert f'data-entry="{entry.pk}"' not in too_short.content.decode()
    # The list page's form sends a local date and time; htmx gets the fragment alone.
    checked = desk.get(
        "/waitlist/matches",
        {"provider": str(clinic.provider.pk), "date": future_day.isoformat(), "time": "09:00"},
        headers={"HX-Request": "true"},
    )
    assert f'data-entry="{entry.pk}"' in checked.content.decode() and "<html" not in checked.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"start": "tomorrow"},
        {"date": "2030-01-01"},
        {"minutes": "0"},
        {"minutes": "lots"},
    ],
)
def test_the_matches_page_explains_bad_input(desk, clinic, future_day, params):
    query = {"provider": str(clinic.provider.pk), "start": clinic.at(future_day, 9).isoformat()}
    query.update(params)
    if "date" in params:
        del query["start"]
    assert desk.get("/waitlist/matches", query).status_code == 422
    assert desk.get("/waitlist/matches", {"start": query.get("start", "")}).status_code == 422


# --- who may see and do what --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/waitlist/", "/waitlist/new", "/waitlist/matches"])
def test_anonymous_people_are_sent_to_sign_in(client, clinic, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login?next=")


def test_another_practice_sees_nothing_of_the_clinics_waitlist(actor, clinic, outsider, future_day):
    entry = waiting(actor, clinic, future_day)
    client = Client()
    client.force_login(outsider)

    assert client.get(f"/waitlist/{entry.pk}/edit").status_code == 404
    assert client.get(f"/waitlist/{entry.pk}/remove").status_code == 404
    assert client.post(f"/waitlist/{entry.pk}/remove").status_code == 404
    assert client.post(f"/waitlist/{entry.pk}/edit", form(clinic, future_day)).status_code == 404
    assert "Jordan Lee" not in client.get("/waitlist/").content.decode()
    assert (
        client.get(
            "/waitlist/matches", {"provider": str(clinic.provider.pk), "start": "2030-01-01T09:00"}
        ).status_code
        == 404
    )
    # Nor can they file the clinic's patient on their own list.
    their_type = outsider.memberships.get().practice.appointment_types.get()
    stolen = form(clinic, future_day, appointment_type=str(their_type.pk), provider="")
    assert client.post("/waitlist/new", stolen).status_code == 404
    entry.refresh_from_db()
    assert entry.status == "active"
    assert WaitlistEntry.objects.count() == 1


def test_malformed_ids_are_not_found(desk, clinic):
    assert desk.get("/waitlist/", {"provider": "abc"}).status_code == 404
    assert desk.get("/waitlist/matches", {"provider": "abc", "start": "2030-01-01T09:00"}).status_code == 404


def test_a_role_without_waitlist_rights_reads_but_does_not_change(actor, clinic, future_day):
    entry = waiting(actor, clinic, future_day)
    billing = testing.make_user(username="billing", practice=clinic.practice, role=Role.BILLING)
    client = Client()
    client.force_login(billing)

    page = client.get("/waitlist/")
    assert page.status_code == 200
    assert f'data-entry="{entry.pk}"' in page.content.decode()
    assert f"/waitlist/{entry.pk}/edit" not in page.content.decode()
    assert client.get("/waitlist/new").status_code == 403
    assert client.post("/waitlist/new", form(clinic, future_day)).status_code == 403
    assert client.post(f"/waitlist/{entry.pk}/remove").status_code == 403
    entry.refresh_from_db()
    assert entry.status == "active"
