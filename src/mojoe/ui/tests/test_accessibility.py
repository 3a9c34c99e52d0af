"""WCAG 2 A and AA checks by axe-core (bundled with axe-playwright-python) on the pages staff live in."""

import pytest

from mojoe.ui.testing import sign_in, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page(page, clinic):
    page.goto("/login")
    assert violations(page) == []


def test_staff_pages(page, clinic, colleague, future_day):
    sign_in(page, "frontdesk")
    for path in (
        f"/schedule/?date={future_day.isoformat()}",
        f"/schedule/week?date={future_day.isoformat()}",
        "/patients/?q=lee",
        f"/patients/{clinic.patient.pk}",
        f"/patients/{clinic.patient.pk}/edit",
    ):
        page.goto(path)
        assert violations(page) == [], path


def test_booking_dialog(page, clinic, colleague, future_day):
    sign_in(page, "frontdesk")
    page.goto(f"/schedule/?date={future_day.isoformat()}")
    page.get_by_role("button", name=f"Book {clinic.provider.display_name} at 10:00 AM").click()
    page.get_by_role("dialog").get_by_label("Find a patient").fill("Lee")
    page.get_by_role("dialog").get_by_label("Jordan Lee").wait_for()
    assert violations(page) == []


def test_owner_pages(page, clinic, owner):
    sign_in(page, "owner")
    for path in (
        "/settings/",
        "/settings/practice",
        "/settings/providers",
        "/settings/staff",
        "/settings/types",
        "/settings/time-off",
        "/settings/holidays",
        "/outbox/",
        "/tasks/",
        "/waitlist/",
        "/waitlist/new",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert violations(page) == [], path
    page.goto(f"/settings/providers/{clinic.provider.pk}/hours")
    assert violations(page) == [], page.url
