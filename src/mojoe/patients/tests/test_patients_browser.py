"""Patients in a real browser: finding one, and the wall between practices."""

import pytest

from mojoe.ui.testing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_front_desk_finds_a_patient_by_phone_and_opens_the_record(page, clinic, colleague):
    sign_in(page, "frontdesk")
    page.get_by_role("link", name="Patients").click()
    page.get_by_role("searchbox").fill("(617) 555-0123")
    page.get_by_role("searchbox").press("Enter")
    page.get_by_role("link", name="Lee, Jordan").click()
    page.get_by_role("heading", name="Jordan Lee").wait_for()
    assert clinic.patient.mrn in page.content()


def test_an_outsider_cannot_open_another_practices_patient_by_url(page, clinic, outsider):
    sign_in(page, "outsider")
    response = page.goto(f"/patients/{clinic.patient.pk}")
    assert response.status == 404
    assert "Jordan" not in page.content()
    response = page.goto(f"/patients/{clinic.patient.pk}/edit")
    assert response.status == 404


def test_sign_in_with_email_and_a_wrong_password(page, clinic, colleague):
    colleague.email = "desk@maple.example.org"
    colleague.save()
    sign_in(page, "desk@maple.example.org", password="wrong password")
    assert page.get_by_role("alert").is_visible()
    sign_in(page, "desk@maple.example.org")
    assert page.get_by_role("link", name="Schedule").is_visible()
