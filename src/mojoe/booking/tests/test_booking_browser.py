"""A patient books from a phone in Chromium: every step, the code read from the outbox, then cancels; every
page checked by axe for WCAG 2 A and AA, and none scrolls sideways at 360 px."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from mojoe.messaging.models import OutboxMessage
from mojoe.scheduling.models import Appointment, AppointmentStatus, SourceChannel
from mojoe.ui.testing import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # The live server shares this process's cache, where the limits count.
    cache.clear()
    yield
    cache.clear()


def checked(page) -> None:
    """No accessibility violation, and nothing wider than the phone."""
    assert violations(page) == [], page.url
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_a_newcomer_books_from_a_phone_and_cancels_through_the_link(phone, clinic):
    phone.goto("/p/maple/book")
    expect(phone.get_by_role("heading", name="Book an appointment")).to_be_visible()
    checked(phone)
    phone.get_by_role("link", name=re.compile("Office visit")).click()

    expect(phone.get_by_role("heading", name="Who would you like to see?")).to_be_visible()
    expect(phone.get_by_label(re.compile("First available"))).to_be_checked()
    checked(phone)
    phone.get_by_role("button", name="See times").click()

    expect(phone.get_by_role("heading", name="Choose a time")).to_be_visible()
    checked(phone)
    # Mornings only, then the earliest time offered.
    phone.get_by_label("Time of day").select_option("morning")
    phone.get_by_role("button", name="Show times").click()
    expect(phone.locator(".time").first).to_be_visible()
    assert all("AM" in t for t in phone.locator(".time-at").all_inner_texts())
    phone.locator(".time").first.click()

    expect(phone.get_by_role("heading", name="Your details")).to_be_visible()
    checked(phone)
    # Sent empty: the errors are announced, focused and tied to their fields.
    phone.get_by_role("button", name="Send my code").click()
    summary = phone.get_by_role("alert")
    expect(summary).to_contain_text("Enter your first name.")
    expect(summary).to_be_focused()
    expect(phone.get_by_label("First name")).to_have_attribute("aria-invalid", "true")
    checked(phone)

    phone.get_by_label("First name").fill("Maria")
    phone.get_by_label("Last name").fill("Gomez")
    phone.get_by_label("Month").fill("3")
    phone.get_by_label("Day").fill("14")
    phone.get_by_label("Year").fill("1985")
    phone.get_by_label("Text message to my mobile phone").check()
    phone.get_by_label("Mobile phone number").fill("(617) 555-0199")
    phone.get_by_role("button", name="Send my code").click()

    expect(phone.get_by_role("heading", name="Enter your code")).to_be_visible()
    expect(phone.get_by_label("6-digit code")).to_be_focused()
    checked(phone)
    assert not Appointment.objects.exists()
    # Read the text as the patient would on their phone: the outbox row.
    message = OutboxMessage.objects.get(to="+16175550199")
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    phone.get_by_label("6-digit code").fill(code)
    phone.get_by_role("button", name="Confirm my booking").click()

    expect(phone.get_by_role("heading", name="You are booked.")).to_be_visible()
    checked(phone)
    appointment = Appointment.objects.get()
    assert appointment.patient.given_name == "Maria" and appointment.source_channel == SourceChannel.ONLINE
    assert "/manage/" in phone.url
    confirmation = OutboxMessage.objects.filter(to="+16175550199").order_by("-created_at").first()
    assert phone.url.split("?")[0] in confirmation.body

    phone.get_by_role("link", name="Change the time").click()
    expect(phone.get_by_role("heading", name="Choose a new time")).to_be_visible()
    checked(phone)
    phone.get_by_role("link", name="Keep it").click()

    phone.get_by_role("link", name="Cancel the appointment").click()
    expect(phone.get_by_role("heading", name="Cancel your appointment?")).to_be_visible()
    checked(phone)
    phone.get_by_role("button", name="Yes, cancel it").click()
    expect(phone.get_by_role("heading", name="Your appointment is cancelled")).to_be_visible()
    checked(phone)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_refusals_are_pages_a_patient_can_act_on_at_360_px(browser, live_server, clinic):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    response = page.goto("/p/maple/book/manage/not-a-real-link")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Link not found")).to_be_visible()
    checked(page)
    page.get_by_role("link", name="Book an appointment").click()
    expect(page.get_by_role("heading", name="Book an appointment")).to_be_visible()
    context.close()


def test_a_patient_switches_to_spanish_and_books_in_spanish(phone, clinic):
    phone.goto("/p/maple/book")
    phone.get_by_role("link", name="Español").click()
    expect(phone.get_by_role("heading", name="Reserve una cita")).to_be_visible()
    assert phone.evaluate("document.documentElement.lang") == "es"
    checked(phone)
    phone.get_by_role("link", name=re.compile("Office visit")).click()
    expect(phone.get_by_role("heading", name="¿Con quién quiere su cita?")).to_be_visible()
    phone.get_by_role("button", name="Ver horarios").click()
    expect(phone.get_by_role("heading", name="Elija un horario")).to_be_visible()
    checked(phone)
    phone.locator(".time").first.click()
    expect(phone.get_by_role("heading", name="Sus datos")).to_be_visible()
    phone.get_by_label("Nombre").fill("Ana")
    phone.get_by_label("Apellido").fill("Ruiz")
    phone.get_by_label("Mes").fill("5")
    phone.get_by_label("Día", exact=True).fill("9")
    phone.get_by_label("Año").fill("1975")
    phone.get_by_label("Número de celular").fill("+16175550177")
    checked(phone)
    phone.get_by_role("button", name="Enviar mi código").click()
    expect(phone.get_by_role("heading", name="Escriba su código")).to_be_visible()
    checked(phone)
    body = OutboxMessage.objects.filter(to="+16175550177").latest("created_at").body
    phone.get_by_label("Código de 6 cifras").fill(re.search(r"\b(\d{6})\b", body).group(1))
    phone.get_by_role("button", name="Confirmar mi cita").click()
    expect(phone.get_by_role("heading", name="Su cita está reservada.")).to_be_visible()
    checked(phone)
    assert (
        Appointment.objects.filter(
            status=AppointmentStatus.BOOKED, source_channel=SourceChannel.ONLINE
        ).count()
        == 1
    )
