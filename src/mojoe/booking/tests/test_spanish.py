"""Self-booking in Spanish: chosen by the browser or on the page, kept through the steps, and in every message
the patient receives (the catalogues themselves: core/tests/test_catalogues.py)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from mojoe.booking.tests.helpers import BOOK, PHONE, ask_for_code, enter_code, first_time_url, last_code
from mojoe.messaging.models import OutboxMessage
from mojoe.scheduling.models import Appointment

pytestmark = pytest.mark.django_db

SPANISH_DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


@pytest.fixture
def hispanohablante():
    """A patient's browser that asks for Spanish."""
    return Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")


def text(response) -> str:
    return response.content.decode()


def test_a_spanish_browser_gets_the_pages_in_spanish(hispanohablante, clinic):
    page = hispanohablante.get(BOOK)
    assert page.status_code == 200 and page["Content-Language"] == "es"
    body = text(page)
    assert '<html lang="es">' in body
    assert "Reserve una cita" in body and "¿Qué tipo de consulta necesita?" in body
    assert "Book an appointment" not in body
    # The way back to English is on the page, in English.
    assert 'hreflang="en" lang="en">English</a>' in body


def test_an_english_browser_gets_english_and_a_way_to_spanish(visitor, clinic):
    body = text(visitor.get(BOOK))
    assert '<html lang="en">' in body and "Book an appointment" in body
    assert 'hreflang="es" lang="es">Español</a>' in body


def test_the_language_chosen_on_the_page_is_kept_through_the_steps(visitor, clinic):
    chosen = visitor.get(BOOK, {"lang": "es"})
    assert "Reserve una cita" in text(chosen)
    assert chosen.cookies["mojoe_language"].value == "es"
    times = visitor.get(f"{BOOK}/times", {"type": clinic.visit.pk, "provider": "any"})
    body = text(times)
    assert "Elija un horario" in body and "Mañana (antes del mediodía)" in body
    assert any(f"{day} " in body for day in SPANISH_DAYS)
    # And back: English again, remembered too.
    assert "Book an appointment" in text(visitor.get(BOOK, {"lang": "en"}))
    assert "Choose a time" in text(visitor.get(f"{BOOK}/times", {"type": clinic.visit.pk}))


def test_an_unknown_language_is_ignored(visitor, clinic):
    response = visitor.get(BOOK, {"lang": "xx"})
    assert "Book an appointment" in text(response) and "mojoe_language" not in response.cookies


def test_a_spanish_booking_end_to_end_with_its_messages_in_spanish(hispanohablante, clinic, jordan):
    ask_for_code(hispanohablante, clinic.visit.pk)
    code_message = OutboxMessage.objects.filter(to=PHONE).order_by("-created_at").first()
    assert "es su código para reservar en" in code_message.body and "Vence en 10 minutos" in code_message.body
    verify = text(hispanohablante.get(f"{BOOK}/verify"))
    assert "Escriba su código" in verify and "Enviamos un código de 6 cifras por mensaje de texto" in verify
    wrong = enter_code(hispanohablante, "000000" if last_code(PHONE) != "000000" else "111111")
    assert "Ese código no es correcto" in text(wrong) and "le quedan 4 intentos" in text(wrong)
    booked = enter_code(hispanohablante, last_code(PHONE))
    assert booked.status_code == 302
    manage = text(hispanohablante.get(booked["Location"]))
    assert "Su cita está reservada." in manage and "Cambiar el horario" in manage
    confirmation = OutboxMessage.objects.filter(to=PHONE).order_by("-created_at").first()
    assert (
        "su cita quedó reservada" in confirmation.body and "Para cancelarla o cambiarla" in confirmation.body
    )
    assert re.search(r"el (" + "|".join(SPANISH_DAYS) + r") \d{1,2} de \w+ a las", confirmation.body)
    assert Appointment.objects.filter(patient=jordan).count() == 1


def test_form_errors_are_in_spanish(hispanohablante, clinic):
    url = first_time_url(hispanohablante, clinic.visit.pk)
    hispanohablante.get(url)
    token = hispanohablante.cookies["csrftoken"].value
    response = hispanohablante.post(url, {"csrfmiddlewaretoken": token, "channel": "sms"})
    body = text(response)
    assert response.status_code == 422
    assert "Escriba su nombre." in body and "Escriba su fecha de nacimiento." in body
    assert "Escriba su número de celular." in body


def test_a_refusal_page_is_in_spanish(hispanohablante, clinic):
    response = hispanohablante.get(f"{BOOK}/provider", {"type": "not-a-visit"})
    assert response.status_code == 404
    assert "Consulta no encontrada" in text(response) and "Elegir una consulta" in text(response)
