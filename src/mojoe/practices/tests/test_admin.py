"""The admin as a practice's configuration console: who gets in, and the wall between practices."""

import re
from datetime import UTC, date, time

import pytest
from django.test import Client

from mojoe.audit.models import AuditEvent
from mojoe.core import testing
from mojoe.core.models import User
from mojoe.core.roles import Role
from mojoe.practices.models import ApiToken, Location, Membership, Practice
from mojoe.scheduling.models import AppointmentType, AvailabilityException, AvailabilityRule

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def choice_values(response, field: str) -> set[str]:
    return {str(value) for value, _label in response.context["adminform"].form.fields[field].choices if value}


# --- who gets in -------------------------------------------------------------------------------------


def test_owner_without_staff_flag_opens_the_admin_and_sees_own_providers_only(owner, clinic, outsider):
    assert not owner.is_staff
    client = signed_in(owner)
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/practices/provider/")
    assert response.status_code == 200
    shown = set(response.context["cl"].queryset)
    assert shown == {clinic.provider, clinic.other_provider}
    assert "Mojoe administration" in response.content.decode()


def test_front_desk_and_anonymous_are_sent_to_the_login(colleague):
    for client in (signed_in(colleague), Client()):
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert client.get("/admin/practices/provider/").status_code == 302


def test_inactive_admin_membership_gives_no_access(owner):
    Membership.objects.filter(user=owner).update(active=False)
    assert signed_in(owner).get("/admin/").status_code == 302


def test_login_form_accepts_an_owner_and_refuses_front_desk(owner, colleague):
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "owner", "password": "correct horse battery"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    refused = Client().post("/admin/login/", {"username": "frontdesk", "password": "correct horse battery"})
    assert refused.status_code == 200
    assert refused.context["form"].errors
    assert "_auth_user_id" not in refused.wsgi_request.session


def test_patient_data_has_no_admin_pages(owner):
    client = signed_in(owner)
    index = client.get("/admin/").content.decode()
    assert "/admin/patients/" not in index and "/admin/scheduling/appointment/" not in index
    assert client.get("/admin/patients/patient/").status_code == 404
    assert client.get("/admin/scheduling/appointment/").status_code == 404
    assert client.get("/admin/scheduling/waitlistentry/").status_code == 404


# --- the wall between practices -----------------------------------------------------------------------


def test_outsider_cannot_see_or_open_the_clinics_rows(outsider, clinic):
    client = signed_in(outsider)
    listed = client.get("/admin/practices/provider/")
    assert clinic.provider not in set(listed.context["cl"].queryset)
    for url in (
        f"/admin/practices/provider/{clinic.provider.pk}/change/",
        f"/admin/practices/practice/{clinic.practice.pk}/change/",
        f"/admin/scheduling/appointmenttype/{clinic.visit.pk}/change/",
        f"/admin/practices/provider/{clinic.provider.pk}/delete/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 404), url
    # A POST to the change URL changes nothing either.
    client.post(f"/admin/practices/location/{clinic.location.pk}/change/", {"name": "Taken over"})
    clinic.location.refresh_from_db()
    assert clinic.location.name == "Main office"


def test_owner_adds_an_appointment_type_with_choices_of_own_practice_only(owner, clinic, outsider_practice):
    client = signed_in(owner)
    form_page = client.get("/admin/scheduling/appointmenttype/add/")
    assert choice_values(form_page, "practice") == {str(clinic.practice.pk)}
    assert choice_values(form_page, "providers") == {str(clinic.provider.pk), str(clinic.other_provider.pk)}

    response = client.post(
        "/admin/scheduling/appointmenttype/add/",
        {
            "practice": clinic.practice.pk,
            "name": "New patient visit",
            "color": "#4f7cac",
            "active": "on",
            "providers": [clinic.provider.pk],
            "duration_minutes": 45,
            "buffer_before_minutes": 0,
            "buffer_after_minutes": 0,
            "bookable_online": "on",
            "new_patients_allowed": "on",
            "min_notice_minutes": 0,
            "horizon_days": 60,
        },
    )
    assert response.status_code == 302
    created = AppointmentType.objects.get(name="New patient visit")
    assert created.practice == clinic.practice
    assert list(created.providers.all()) == [clinic.provider]


def test_a_location_cannot_be_put_into_another_practice(owner, clinic, outsider_practice):
    response = signed_in(owner).post(
        "/admin/practices/location/add/", {"practice": outsider_practice.pk, "name": "Annex", "active": "on"}
    )
    assert response.status_code == 200
    assert "practice" in response.context["adminform"].form.errors
    assert not Location.objects.filter(name="Annex").exists()


def test_a_manager_of_two_practices_cannot_mix_their_rows(owner, clinic, outsider_practice):
    Membership.objects.create(user=owner, practice=outsider_practice, role=Role.ADMIN)
    response = signed_in(owner).post(
        "/admin/scheduling/availabilityrule/add/",
        {
            "practice": outsider_practice.pk,
            "provider": clinic.provider.pk,
            "location": clinic.location.pk,
            "weekday": 0,
            "start_time": "09:00",
            "end_time": "12:00",
        },
    )
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"provider", "location"}
    assert not AvailabilityRule.objects.filter(practice=outsider_practice, provider=clinic.provider).exists()


def test_a_row_cannot_move_to_another_practice(owner, clinic, outsider_practice):
    Membership.objects.create(user=owner, practice=outsider_practice, role=Role.OWNER)
    signed_in(owner).post(
        f"/admin/practices/location/{clinic.location.pk}/change/",
        {"practice": outsider_practice.pk, "name": "Main office", "active": "on"},
    )
    clinic.location.refresh_from_db()
    assert clinic.location.practice == clinic.practice


def test_owner_changes_own_practice_but_cannot_add_or_delete_practices(owner, clinic):
    client = signed_in(owner)
    assert client.get(f"/admin/practices/practice/{clinic.practice.pk}/change/").status_code == 200
    assert client.get("/admin/practices/practice/add/").status_code == 403
    assert client.get(f"/admin/practices/practice/{clinic.practice.pk}/delete/").status_code == 403
    assert Practice.objects.filter(pk=clinic.practice.pk).exists()


# --- hours, members, tokens ---------------------------------------------------------------------------


def test_hours_added_inline_on_the_provider_take_its_practice(owner, clinic):
    provider = testing.make_provider(clinic.practice, locations=[clinic.location], family_name="Nguyen")
    prefix = "availability_rules"
    response = signed_in(owner).post(
        f"/admin/practices/provider/{provider.pk}/change/",
        {
            "practice": clinic.practice.pk,
            "given_name": provider.given_name,
            "family_name": provider.family_name,
            "credentials": "MD",
            "locations": [clinic.location.pk],
            "active": "on",
            f"{prefix}-TOTAL_FORMS": 1,
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-0-location": clinic.location.pk,
            f"{prefix}-0-weekday": 2,
            f"{prefix}-0-start_time": "08:00",
            f"{prefix}-0-end_time": "12:00",
        },
    )
    assert response.status_code == 302
    rule = AvailabilityRule.objects.get(provider=provider)
    assert rule.practice == clinic.practice and rule.start_time == time(8, 0)


@pytest.mark.parametrize("practices_managed", [1, 2])
def test_time_off_is_entered_in_the_practices_time_zone(owner, clinic, outsider_practice, practices_managed):
    # With one practice the page is shown in its zone; with two it is shown in the server's (UTC) zone.
    if practices_managed == 2:
        Membership.objects.create(user=owner, practice=outsider_practice, role=Role.OWNER)
    response = signed_in(owner).post(
        "/admin/scheduling/availabilityexception/add/",
        {
            "practice": clinic.practice.pk,
            "provider": clinic.provider.pk,
            "kind": "time_off",
            "start_0": "2030-07-04",
            "start_1": "09:00",
            "end_0": "2030-07-04",
            "end_1": "13:00",
        },
    )
    assert response.status_code == 302
    time_off = AvailabilityException.objects.get(provider=clinic.provider)
    assert time_off.start == clinic.at(date(2030, 7, 4), 9)
    assert time_off.start.astimezone(UTC).hour == 13  # New York is four hours behind UTC in July
    page = signed_in(owner).get(f"/admin/scheduling/availabilityexception/{time_off.pk}/change/")
    assert 'name="start_1" value="09:00:00"' in page.content.decode()


def test_an_administrator_cannot_make_an_owner_or_demote_one(owner, clinic):
    manager = testing.make_user(username="manager", practice=clinic.practice, role=Role.ADMIN)
    client = signed_in(manager)
    response = client.post(
        f"/admin/practices/membership/{Membership.objects.get(user=manager).pk}/change/",
        {"role": Role.OWNER, "active": "on"},
    )
    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    owner_membership = Membership.objects.get(user=owner)
    client.post(f"/admin/practices/membership/{owner_membership.pk}/change/", {"role": Role.FRONT_DESK})
    owner_membership.refresh_from_db()
    assert owner_membership.role == Role.OWNER
    assert client.get(f"/admin/practices/membership/{owner_membership.pk}/delete/").status_code == 403


def test_the_last_owner_cannot_step_down(owner, clinic):
    membership = Membership.objects.get(user=owner)
    response = signed_in(owner).post(
        f"/admin/practices/membership/{membership.pk}/change/", {"role": Role.ADMIN, "active": "on"}
    )
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_new_staff_account_starts_with_a_membership(owner, clinic, outsider_practice):
    client = signed_in(owner)
    assert choice_values(client.get("/admin/core/user/add/"), "practice") == {str(clinic.practice.pk)}
    response = client.post(
        "/admin/core/user/add/",
        {
            "username": "newnurse",
            "usable_password": "true",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "practice": clinic.practice.pk,
            "role": Role.NURSE,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newnurse")
    assert Membership.objects.get(user=user).practice == clinic.practice
    assert not user.is_staff and not user.is_superuser


def test_users_of_other_practices_are_invisible_and_shared_accounts_are_read_only(
    owner, colleague, outsider, clinic, outsider_practice
):
    client = signed_in(owner)
    listed = set(client.get("/admin/core/user/").context["cl"].queryset)
    assert listed == {owner, colleague}
    assert client.get(f"/admin/core/user/{outsider.pk}/change/").status_code == 302
    assert client.get(f"/admin/core/user/{colleague.pk}/password/").status_code == 200
    # Once the colleague also works elsewhere, the clinic's owner can no longer reset their password.
    Membership.objects.create(user=colleague, practice=outsider_practice, role=Role.NURSE)
    assert client.get(f"/admin/core/user/{colleague.pk}/password/").status_code == 403
    page = client.get(f"/admin/core/user/{colleague.pk}/change/")
    assert page.status_code == 200 and colleague.password not in page.content.decode()


def test_issued_token_is_shown_once_and_only_its_hash_is_kept(owner, clinic):
    client = signed_in(owner)
    response = client.post(
        "/admin/practices/apitoken/add/",
        {"practice": clinic.practice.pk, "user": owner.pk, "name": "EHR sync"},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="EHR sync")
    raw = re.search(r"mj_[\w-]+", response.content.decode()).group()
    assert ApiToken.find_active(raw) == token
    change_page = client.get(f"/admin/practices/apitoken/{token.pk}/change/").content.decode()
    assert token.token_hash not in change_page and raw not in change_page


def test_token_for_someone_outside_the_practice_is_refused(owner, clinic, outsider):
    response = signed_in(owner).post(
        "/admin/practices/apitoken/add/", {"practice": clinic.practice.pk, "user": outsider.pk, "name": "x"}
    )
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert not ApiToken.objects.filter(name="x").exists()


# --- the audit trail -----------------------------------------------------------------------------------


def test_audit_log_is_read_only_and_practice_scoped(owner, outsider, clinic, outsider_practice):
    from django.utils import timezone

    event = AuditEvent.objects.create(
        practice=clinic.practice,
        actor=owner,
        actor_label="owner",
        action="read",
        object_type="patient",
        object_id=str(clinic.patient.pk),
        patient=clinic.patient,
        at=timezone.now(),
        channel="web",
    )
    client = signed_in(owner)
    listed = client.get("/admin/audit/auditevent/", {"action__exact": "read", "q": "owner"})
    assert listed.status_code == 200 and event in set(listed.context["cl"].queryset)
    detail = client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert detail.status_code == 200 and clinic.patient.family_name not in detail.content.decode()
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()

    outsider_client = signed_in(outsider)
    assert event not in set(outsider_client.get("/admin/audit/auditevent/").context["cl"].queryset)
    assert outsider_client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 302


# --- every page opens -----------------------------------------------------------------------------------

CONFIGURATION_PAGES = [
    "practices/practice",
    "practices/location",
    "practices/provider",
    "practices/membership",
    "practices/apitoken",
    "scheduling/appointmenttype",
    "scheduling/availabilityrule",
    "scheduling/availabilityexception",
    "scheduling/holiday",
    "core/user",
]


def test_owner_opens_every_list_add_and_change_page(owner, clinic):
    client = signed_in(owner)
    testing.make_token(owner, clinic.practice)
    for page in CONFIGURATION_PAGES:
        assert client.get(f"/admin/{page}/").status_code == 200, page
        if page != "practices/practice":
            assert client.get(f"/admin/{page}/add/").status_code == 200, page
    rule = AvailabilityRule.objects.filter(practice=clinic.practice).first()
    for url in (
        f"/admin/practices/provider/{clinic.provider.pk}/change/",
        f"/admin/scheduling/availabilityrule/{rule.pk}/change/",
        f"/admin/practices/membership/{Membership.objects.get(user=owner).pk}/change/",
        f"/admin/practices/apitoken/{ApiToken.objects.get(user=owner).pk}/change/",
        f"/admin/core/user/{owner.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/audit/auditevent/").status_code == 200


def test_superuser_sees_every_practice_and_may_add_one(clinic, outsider_practice):
    root = User.objects.create_superuser(username="root", password="correct horse battery")
    client = signed_in(root)
    listed = set(client.get("/admin/practices/practice/").context["cl"].queryset)
    assert listed == {clinic.practice, outsider_practice}
    assert client.get("/admin/practices/practice/add/").status_code == 200
    assert client.get(f"/admin/core/user/{root.pk}/change/").status_code == 200


def test_the_practice_filter_appears_for_managers_of_several_practices(owner, clinic, outsider_practice):
    client = signed_in(owner)
    assert "?practice=" not in client.get("/admin/practices/location/").content.decode()
    Membership.objects.create(user=owner, practice=outsider_practice, role=Role.ADMIN)
    assert f"?practice={outsider_practice.pk}" in client.get("/admin/practices/location/").content.decode()
    filtered = client.get("/admin/practices/location/", {"practice": str(outsider_practice.pk)})
    assert {location.practice for location in filtered.context["cl"].queryset} == {outsider_practice}
