"""The settings pages for owners and administrators, through HTTP, with the services behind them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mojoe.audit.models import AuditEvent
from mojoe.core import testing
from mojoe.core.roles import Role
from mojoe.practices import services
from mojoe.practices.models import Invitation, Provider
from mojoe.scheduling.models import AppointmentType, AvailabilityException, AvailabilityRule, Holiday
from mojoe.scheduling.selectors import slot_search

VALID_NPI = "1234567893"  # the check digit is right (the CMS example number)


@pytest.fixture(autouse=True)
def outbox_email(settings):
    settings.EMAIL_BACKEND = "mojoe.messaging.email_backend.OutboxEmailBackend"


@pytest.fixture
def admin(clinic):
    return testing.make_user(
        username="manager", practice=clinic.practice, role=Role.ADMIN, email="m@maple.test"
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def week_post(blocks) -> dict:
    """The hours form as the browser sends it: one row per block, told apart by a key."""
    data: dict[str, list[str]] = {"row": []}
    for index, (weekday, start, end, location) in enumerate(blocks):
        key = f"k{index}"
        data["row"].append(key)
        data[f"weekday-{key}"] = [str(weekday)]
        data[f"start-{key}"] = [start]
        data[f"end-{key}"] = [end]
        data[f"location-{key}"] = [str(location.pk)]
    return data


def next_weekday(weekday: int) -> date:
    day = timezone.localdate() + timedelta(days=7)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def local_starts(clinic, slots) -> list[str]:
    return [f"{slot.start.astimezone(clinic.tz):%H:%M}" for slot in slots]


# --- who may open the pages ----------------------------------------------------------------------------

SETTINGS_PAGES = [
    "practices:settings",
    "practices:practice",
    "practices:locations",
    "practices:location-add",
    "practices:providers",
    "practices:provider-add",
    "practices:types",
    "practices:type-add",
    "practices:hours-start",
    "practices:time-off",
    "practices:holidays",
    "practices:staff",
]


@pytest.mark.parametrize("name", SETTINGS_PAGES)
def test_owner_opens_every_settings_page(clinic, owner, name):
    response = client_for(owner).get(reverse(name), follow=True)
    assert response.status_code == 200
    assert b'aria-current="page"' in response.content


@pytest.mark.parametrize("name", SETTINGS_PAGES)
def test_front_desk_is_refused_every_settings_page(clinic, colleague, name):
    assert client_for(colleague).get(reverse(name)).status_code == 403


def test_front_desk_cannot_post_changes(clinic, colleague):
    client = client_for(colleague)
    response = client.post(reverse("practices:practice"), {"name": "Taken over"})
    assert response.status_code == 403
    response = client.post(reverse("practices:invite"), {"email": "x@example.test", "role": Role.OWNER})
    assert response.status_code == 403
    clinic.practice.refresh_from_db()
    assert clinic.practice.name == "Maple Clinic"
    assert not Invitation.objects.exists()


def test_anonymous_is_sent_to_sign_in(clinic):
    response = Client().get(reverse("practices:staff"))
    assert response.status_code == 302 and response["Location"].startswith("/login")


def test_outsider_gets_404_for_the_clinics_provider(clinic, outsider):
    client = client_for(outsider)
    url = reverse("practices:provider-edit", args=[clinic.provider.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"given_name": "X", "family_name": "Y", "active": "on"}).status_code == 404
    assert client.get(reverse("practices:hours", args=[clinic.provider.pk])).status_code == 404
    clinic.provider.refresh_from_db()
    assert clinic.provider.family_name == "Rivera"


def test_forms_need_the_csrf_token(clinic, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(reverse("practices:holidays"), {"date": "2030-01-01", "name": "X"}).status_code == 403
    assert not Holiday.objects.exists()


# --- practice, providers, types ------------------------------------------------------------------------


def practice_form(**changes) -> dict:
    data = {"name": "Maple Family Clinic", "time_zone": "America/New_York", "phone": "(617) 555-0100"}
    data.update(country="US", **changes)
    return data


def test_owner_edits_the_practice_details(clinic, owner):
    response = client_for(owner).post(reverse("practices:practice"), practice_form())
    assert response.status_code == 302
    clinic.practice.refresh_from_db()
    assert clinic.practice.name == "Maple Family Clinic"
    assert clinic.practice.phone == "+16175550100"  # stored in E.164
    event = AuditEvent.objects.get(practice=clinic.practice, object_id=str(clinic.practice.pk))
    assert event.action == "update" and event.actor == owner and event.patient is None
    assert event.detail["changes"]["name"] == ["Maple Clinic", "Maple Family Clinic"]


def test_bad_practice_details_are_a_422_and_nothing_changes(clinic, owner):
    response = client_for(owner).post(
        reverse("practices:practice"), practice_form(phone="12", name="New name")
    )
    assert response.status_code == 422
    assert b"not a complete phone number" in response.content
    clinic.practice.refresh_from_db()
    assert clinic.practice.name == "Maple Clinic"


def test_provider_is_added_with_a_checked_npi_and_locations(clinic, owner):
    client = client_for(owner)
    data = {
        "given_name": "Sam",
        "family_name": "Ng",
        "credentials": "NP",
        "npi": "1234567890",
        "active": "on",
    }
    data["locations"] = [str(clinic.location.pk)]
    response = client.post(reverse("practices:provider-add"), data)
    assert response.status_code == 422
    assert b"check digit" in response.content
    assert not Provider.objects.filter(family_name="Ng").exists()

    response = client.post(reverse("practices:provider-add"), {**data, "npi": VALID_NPI})
    assert response.status_code == 302
    provider = Provider.objects.get(family_name="Ng")
    assert provider.practice == clinic.practice and list(provider.locations.all()) == [clinic.location]
    assert AuditEvent.objects.filter(object_id=str(provider.pk), action="create").exists()


def type_form(**changes) -> dict:
    data = {
        "name": "Annual physical",
        "duration_minutes": "45",
        "buffer_before_minutes": "0",
        "buffer_after_minutes": "5",
        "min_notice_minutes": "120",
        "horizon_days": "60",
        "bookable_online": "on",
        "new_patients_allowed": "on",
        "color": "#336699",
        "active": "on",
    }
    data.update(changes)
    return data


def test_appointment_type_is_created_with_its_providers(clinic, owner):
    client = client_for(owner)
    response = client.post(reverse("practices:type-add"), type_form(providers=[str(clinic.provider.pk)]))
    assert response.status_code == 302
    created = AppointmentType.objects.get(name="Annual physical")
    assert list(created.providers.all()) == [clinic.provider]
    assert created.duration_minutes == 45 and created.practice == clinic.practice


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"duration_minutes": "3"}, b"greater than or equal to 5"),
        ({"duration_minutes": "721"}, b"less than or equal to 720"),
        ({"min_notice_minutes": str(60 * 24 * 60)}, b"shorter than the booking horizon"),
        ({"name": "office visit"}, b"already an appointment type named"),
    ],
)
def test_bad_appointment_types_are_refused(clinic, owner, changes, message):
    response = client_for(owner).post(reverse("practices:type-add"), type_form(**changes))
    assert response.status_code == 422
    assert message in response.content
    assert AppointmentType.objects.filter(practice=clinic.practice).count() == 1


def test_another_practices_provider_cannot_perform_our_type(clinic, owner, outsider_practice):
    stranger = Provider.objects.get(practice=outsider_practice)
    url = reverse("practices:type-edit", args=[clinic.visit.pk])
    response = client_for(owner).post(url, type_form(name="Office visit", providers=[str(stranger.pk)]))
    assert response.status_code == 422
    assert set(clinic.visit.providers.all()) == {clinic.provider, clinic.other_provider}

    from mojoe.scheduling.config_services import appointment_type_save

    with pytest.raises(services.InvalidFields):
        appointment_type_save(
            actor=testing.make_actor(owner, clinic.practice),
            appointment_type=clinic.visit,
            data={},
            providers=[stranger],
        )


# --- weekly hours --------------------------------------------------------------------------------------


def test_hours_editor_shows_the_week(clinic, owner):
    response = client_for(owner).get(reverse("practices:hours", args=[clinic.provider.pk]))
    content = response.content.decode()
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        assert f"Add a block on {day}" in content
    assert 'value="09:00"' in content and 'value="17:00"' in content


def test_hours_editor_saves_blocks_and_slots_follow(clinic, owner):
    monday, tuesday = next_weekday(0), next_weekday(1)
    blocks = [(0, "08:00", "10:00", clinic.location), (0, "13:00", "14:00", clinic.location)]
    response = client_for(owner).post(
        reverse("practices:hours", args=[clinic.provider.pk]), week_post(blocks)
    )
    assert response.status_code == 302

    rules = AvailabilityRule.objects.filter(provider=clinic.provider).order_by("start_time")
    stored = [(r.weekday, r.start_time, r.end_time) for r in rules]
    assert stored == [(0, time(8), time(10)), (0, time(13), time(14))]
    search = {
        "practice": clinic.practice,
        "appointment_type": clinic.visit,
        "provider_id": clinic.provider.pk,
    }
    slots = slot_search(start_date=monday, end_date=monday, **search)
    assert local_starts(clinic, slots) == ["08:00", "08:30", "09:00", "09:30", "13:00", "13:30"]
    assert slot_search(start_date=tuesday, end_date=tuesday, **search) == []
    event = AuditEvent.objects.get(object_id=str(clinic.provider.pk), action="update")
    assert (
        len(event.detail["weekly_hours"]["before"]) == 7 and len(event.detail["weekly_hours"]["after"]) == 2
    )


def test_overlapping_blocks_are_a_422_and_nothing_changes(clinic, owner):
    before = list(AvailabilityRule.objects.filter(provider=clinic.provider).values_list("pk", flat=True))
    blocks = [(2, "09:00", "12:00", clinic.location), (2, "11:00", "13:00", clinic.location)]
    response = client_for(owner).post(
        reverse("practices:hours", args=[clinic.provider.pk]), week_post(blocks)
    )
    assert response.status_code == 422
    assert "Wednesday: 09:00–12:00 overlaps 11:00–13:00" in response.content.decode()
    assert (
        list(AvailabilityRule.objects.filter(provider=clinic.provider).values_list("pk", flat=True)) == before
    )
    # What was typed is shown again, to correct it.
    assert 'value="11:00"' in response.content.decode()


def test_a_block_must_end_after_it_starts(clinic, owner):
    blocks = [(4, "15:00", "09:00", clinic.location)]
    response = client_for(owner).post(
        reverse("practices:hours", args=[clinic.provider.pk]), week_post(blocks)
    )
    assert response.status_code == 422
    assert "Friday 15:00–09:00: a block must end after it starts." in response.content.decode()
    assert AvailabilityRule.objects.filter(provider=clinic.provider).count() == 7


def test_hours_of_another_practices_location_are_refused(clinic, owner, outsider_practice):
    foreign = outsider_practice.locations.get()
    blocks = [(0, "09:00", "12:00", foreign)]
    response = client_for(owner).post(
        reverse("practices:hours", args=[clinic.provider.pk]), week_post(blocks)
    )
    assert response.status_code == 422
    assert AvailabilityRule.objects.filter(provider=clinic.provider).count() == 7


def test_add_block_row_fragment(clinic, owner):
    url = reverse("practices:hours-row", args=[clinic.provider.pk])
    response = client_for(owner).get(url, {"weekday": 3}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b'aria-label="Thursday: start"' in response.content


# --- time off and holidays -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "utc_hours"),
    [(1, (14, 17)), (7, (13, 16))],  # New York is UTC-5 in winter, UTC-4 in summer
)
def test_time_off_is_entered_in_local_time(clinic, owner, month, utc_hours):
    day = date(timezone.localdate().year + 1, month, 15)
    data = {
        "provider": str(clinic.provider.pk),
        "start_date": day.isoformat(),
        "start_time": "09:00",
        "end_date": day.isoformat(),
        "end_time": "12:00",
        "reason": "Conference",
    }
    response = client_for(owner).post(reverse("practices:time-off"), data)
    assert response.status_code == 302
    stored = AvailabilityException.objects.get(provider=clinic.provider)
    assert stored.start == datetime.combine(day, time(utc_hours[0]), tzinfo=UTC)
    assert stored.end == datetime.combine(day, time(utc_hours[1]), tzinfo=UTC)


def test_time_off_removes_and_gives_back_slots(clinic, owner, future_day):
    client = client_for(owner)
    search = {
        "practice": clinic.practice,
        "appointment_type": clinic.visit,
        "provider_id": clinic.provider.pk,
    }
    data = {"provider": str(clinic.provider.pk), "start_date": future_day.isoformat()}
    response = client.post(reverse("practices:time-off"), {**data, "end_date": future_day.isoformat()})
    assert response.status_code == 302  # no times: the whole day
    assert slot_search(start_date=future_day, end_date=future_day, **search) == []
    exception = AvailabilityException.objects.get()
    response = client.post(reverse("practices:time-off-remove", args=[exception.pk]))
    assert response.status_code == 302
    assert slot_search(start_date=future_day, end_date=future_day, **search)


def test_time_off_must_end_after_it_starts(clinic, owner, future_day):
    data = {
        "provider": str(clinic.provider.pk),
        "start_date": future_day.isoformat(),
        "start_time": "12:00",
        "end_date": future_day.isoformat(),
        "end_time": "09:00",
    }
    response = client_for(owner).post(reverse("practices:time-off"), data)
    assert response.status_code == 422
    assert b"must end after it starts" in response.content
    assert not AvailabilityException.objects.exists()


def test_holiday_removes_the_days_slots(clinic, owner, future_day):
    client = client_for(owner)
    search = {"practice": clinic.practice, "appointment_type": clinic.visit}
    assert slot_search(start_date=future_day, end_date=future_day, **search)
    response = client.post(reverse("practices:holidays"), {"date": future_day.isoformat(), "name": "Closed"})
    assert response.status_code == 302
    assert slot_search(start_date=future_day, end_date=future_day, **search) == []

    again = client.post(reverse("practices:holidays"), {"date": future_day.isoformat(), "name": "Twice"})
    assert again.status_code == 422 and b"already a holiday" in again.content

    holiday = Holiday.objects.get()
    assert client.post(reverse("practices:holiday-remove", args=[holiday.pk])).status_code == 302
    assert slot_search(start_date=future_day, end_date=future_day, **search)
    assert AuditEvent.objects.filter(object_id=str(holiday.pk), action="delete").exists()


def test_outsider_cannot_remove_the_clinics_holiday(clinic, outsider, future_day):
    holiday = Holiday.objects.create(practice=clinic.practice, date=future_day, name="Closed")
    response = client_for(outsider).post(reverse("practices:holiday-remove", args=[holiday.pk]))
    assert response.status_code == 404
    assert Holiday.objects.filter(pk=holiday.pk).exists()


def test_the_texting_number_is_set_on_the_practice_page_and_normalized(clinic, owner):
    from mojoe.core import testing
    from mojoe.practices.services import practice_update

    actor = testing.make_actor(owner, clinic.practice)
    practice_update(actor=actor, data={"sms_number": "(617) 555-0177"})
    clinic.practice.refresh_from_db()
    assert clinic.practice.sms_number == "+16175550177"
