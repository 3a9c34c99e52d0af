"""The front desk books, moves and cancels from the day view, in a real browser."""

from datetime import timedelta

import pytest

from mojoe.core import testing
from mojoe.core.roles import Role
from mojoe.scheduling.models import Appointment
from mojoe.ui.testing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_front_desk_books_reschedules_and_cancels(page, clinic, colleague, future_day):
    sign_in(page, "frontdesk")
    page.goto(f"/schedule/?date={future_day.isoformat()}")
    assert page.get_by_role("heading", name=future_day.strftime("%A")).is_visible()

    # Book Jordan Lee at 10:00 with Dr Rivera, found by phone number.
    page.get_by_role("button", name=f"Book {clinic.provider.display_name} at 10:00 AM").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Find a patient").fill("617 555 0123")
    dialog.get_by_label("Jordan Lee").check()
    assert (
        dialog.get_by_label("Time").input_value().startswith(f"{future_day.isoformat()}T15:00")
    )  # 10:00 EST
    dialog.get_by_role("button", name="Book appointment").click()
    booked_block = page.locator(".appt", has_text="Jordan Lee")
    booked_block.wait_for()
    appointment = Appointment.objects.get(patient=clinic.patient)
    assert appointment.status == "booked"
    assert appointment.start == clinic.at(future_day, 10)
    assert page.get_by_role("status").filter(has_text="Booked Jordan Lee").is_visible()

    # Move it to the next morning with the other provider.
    booked_block.click()
    page.get_by_role("dialog").get_by_role("button", name="Reschedule").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("heading", name=clinic.other_provider.display_name).wait_for()
    next_day = future_day + timedelta(days=1)
    dialog.get_by_label("Search from").fill(next_day.isoformat())
    dialog.get_by_role("button", name="Show times").click()
    dialog = page.get_by_role("dialog")
    dialog.locator(f"button[data-slot='{clinic.at(next_day, 9).isoformat()}']").last.click()
    page.get_by_role("status").filter(has_text="Moved Jordan Lee").wait_for()
    moved = Appointment.objects.get(patient=clinic.patient, status="booked")
    assert (moved.provider, moved.start) == (clinic.other_provider, clinic.at(next_day, 9))
    assert Appointment.objects.get(pk=appointment.pk).status == "cancelled"

    # Cancel it from the next day's view, with a reason.
    page.goto(f"/schedule/?date={next_day.isoformat()}")
    page.locator(".appt", has_text="Jordan Lee").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Cancellation reason").fill("Patient is travelling")
    dialog.get_by_role("button", name="Cancel appointment").click()
    page.locator(".appt.status-cancelled", has_text="Jordan Lee").wait_for()
    moved.refresh_from_db()
    assert (moved.status, moved.cancellation_reason) == ("cancelled", "Patient is travelling")
    # The time is offered again.
    assert page.get_by_role(
        "button", name=f"Book {clinic.other_provider.display_name} at 9:00 AM"
    ).is_visible()


def test_a_taken_time_shows_a_clear_message(page, clinic, colleague, future_day):
    sign_in(page, "frontdesk")
    page.goto(f"/schedule/?date={future_day.isoformat()}")
    page.get_by_role("button", name=f"Book {clinic.provider.display_name} at 11:00 AM").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Find a patient").fill("Lee")
    dialog.get_by_label("Jordan Lee").check()
    # Someone else takes 11:00 while the dialog is open.
    other = testing.make_patient(clinic.practice)
    from mojoe.scheduling.services import appointment_book

    appointment_book(
        actor=testing.make_actor(colleague, clinic.practice),
        patient=other,
        provider=clinic.provider,
        appointment_type=clinic.visit,
        start=clinic.at(future_day, 11),
    )
    dialog.get_by_role("button", name="Book appointment").click()
    alert = dialog.get_by_role("alert")
    alert.wait_for()
    assert "already taken" in alert.text_content()
    assert not Appointment.objects.filter(patient=clinic.patient).exists()


def test_switching_practice_without_signing_out(page, clinic, outsider_practice, future_day):
    user = testing.make_user(username="floater", practice=clinic.practice, role=Role.SECRETARY)
    from mojoe.practices.models import Membership

    Membership.objects.create(user=user, practice=outsider_practice, role=Role.SECRETARY)
    sign_in(page, "floater")
    page.get_by_role("button", name="Maple Clinic").click()
    assert page.get_by_text(clinic.provider.display_name).first.is_visible()
    page.get_by_role("link", name="Maple Clinic").click()
    page.get_by_role("button", name="Elsewhere Health").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Elsewhere Health").is_visible()
    assert page.get_by_text(clinic.provider.display_name).count() == 0
