"""The demo practice's front desk on a tablet: find a patient, book a free slot, move it, cancel it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mojoe.patients.models import Patient
from mojoe.practices.demo import seed_demo
from mojoe.scheduling.models import Appointment
from mojoe.ui.testing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return seed_demo()


def next_weekday(days_ahead: int):
    day = timezone.localdate() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def test_demo_front_desk_books_moves_and_cancels_on_a_tablet(browser, live_server, demo):
    page = browser.new_context(base_url=live_server.url, viewport={"width": 820, "height": 1180}).new_page()
    page.set_default_timeout(10_000)
    sign_in(page, "frontdesk", password=demo.password)
    assert page.get_by_role("heading", level=1).is_visible()  # home is the schedule

    patient = (
        Patient.objects.filter(practice=demo.practice, phone_mobile__startswith="+1").order_by("mrn").first()
    )
    day = next_weekday(9)
    seeded = set(Appointment.objects.filter(patient=patient).values_list("pk", flat=True))
    page.goto(f"/schedule/?date={day.isoformat()}")
    page.locator("button.slot").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Find a patient").fill(patient.family_name)
    dialog.get_by_label(f"{patient.given_name} {patient.family_name}").first.check()
    dialog.get_by_role("button", name="Book appointment").click()
    page.get_by_role("status").filter(has_text=f"Booked {patient.full_name}").wait_for()
    booked = Appointment.objects.exclude(pk__in=seeded).get(patient=patient)

    page.locator(f"[data-appointment='{booked.pk}']").click()
    page.get_by_role("dialog").get_by_role("button", name="Reschedule").click()
    page.get_by_role("dialog").locator("button[data-slot]").first.click()
    page.get_by_role("status").filter(has_text=f"Moved {patient.full_name}").wait_for()
    moved = Appointment.objects.get(rescheduled_from=booked)
    assert moved.status == "booked"

    page.goto(f"/schedule/?date={timezone.localtime(moved.start, demo.practice.tz).date().isoformat()}")
    page.locator(f"[data-appointment='{moved.pk}']").click()
    page.get_by_role("dialog").get_by_role("button", name="Cancel appointment").click()
    page.get_by_role("status").filter(has_text="cancelled").wait_for()
    moved.refresh_from_db()
    assert moved.status == "cancelled"
    page.context.close()
