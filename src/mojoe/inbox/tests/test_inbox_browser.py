"""The inbox in a real browser: a new emergency rises to the top of the open list by itself, and the inbox
pages pass axe's WCAG 2 A/AA checks."""

import re

import pytest
from playwright.sync_api import expect

from mojoe.core.roles import Role
from mojoe.inbox import pages
from mojoe.inbox.models import Task, TaskNote
from mojoe.inbox.tests.helpers import chat
from mojoe.practices.models import Membership
from mojoe.ui.testing import sign_in, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHEST_PAIN = "my husband is having crushing chest pain right now"


@pytest.fixture
def quick_polls(monkeypatch):
    # The page asks every 15 seconds in use; a second is enough to prove it asks at all.
    monkeypatch.setattr(pages, "POLL_SECONDS", 1)


def test_a_new_emergency_appears_on_top_highlighted_without_a_reload(page, clinic, colleague, quick_polls):
    waiting = chat(clinic.practice, "I want to speak to a person")
    chat(clinic.practice, "hello")
    sign_in(page, "frontdesk")
    page.goto("/conversations/")
    rows = page.locator("#inbox-live tbody tr")
    expect(rows.first).to_have_attribute("data-conversation", str(waiting.pk))
    page.evaluate("window.__notReloaded = true")

    emergency = chat(clinic.practice, CHEST_PAIN, patient=clinic.patient)

    expect(rows.first).to_have_attribute("data-conversation", str(emergency.pk), timeout=10_000)
    top = rows.first
    expect(top).to_have_class("row-emergency")
    expect(top.get_by_text("Emergency", exact=True)).to_be_visible()
    expect(top).to_contain_text("Jordan Lee")
    background = top.locator("td").first.evaluate("cell => getComputedStyle(cell).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    expect(page.locator("#inbox-announce")).to_contain_text("1 urgent conversation at the top")
    expect(page.locator('[data-filter="urgent"] .count')).to_have_text("1")
    assert page.evaluate("window.__notReloaded") is True  # swapped in place, not a page load
    assert rows.count() == 3


def test_a_hidden_tab_does_not_poll_and_catches_up_when_shown(page, clinic, colleague, quick_polls):
    waiting = chat(clinic.practice, "I want to speak to a person")
    sign_in(page, "frontdesk")
    page.goto("/conversations/")
    rows = page.locator("#inbox-live tbody tr")
    expect(rows.first).to_have_attribute("data-conversation", str(waiting.pk))
    # Headless Chromium is always "visible"; pretend the person switched to another tab.
    page.evaluate(
        "() => { window.__visibility = 'hidden';"
        " Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => window.__visibility}); }"
    )
    polls = []
    page.on(
        "request", lambda request: polls.append(request.url) if "/conversations/" in request.url else None
    )
    emergency = chat(clinic.practice, CHEST_PAIN)
    page.wait_for_timeout(3_000)
    assert polls == []
    expect(rows.first).to_have_attribute("data-conversation", str(waiting.pk))
    # Coming back asks at once rather than at the next tick.
    page.evaluate(
        "() => { window.__visibility = 'visible'; document.dispatchEvent(new Event('visibilitychange')); }"
    )
    expect(rows.first).to_have_attribute("data-conversation", str(emergency.pk), timeout=3_000)


def test_a_list_left_open_after_signing_out_goes_to_the_sign_in_page(page, clinic, colleague, quick_polls):
    chat(clinic.practice, "I want to speak to a person", patient=clinic.patient)
    sign_in(page, "frontdesk")
    page.goto("/tasks/")
    expect(page.locator("#inbox-live tbody tr")).to_have_count(1)
    page.context.clear_cookies()
    chat(clinic.practice, CHEST_PAIN)
    # The refresh is answered with the sign-in page: the list reloads to it rather than showing it inside.
    expect(page).to_have_url(re.compile(r"/login\?next=/tasks/"), timeout=5_000)
    assert page.locator("#inbox-live").count() == 0


def test_inbox_pages_have_no_wcag_violations(page, clinic, colleague, owner, outsider_practice):
    Membership.objects.create(user=colleague, practice=outsider_practice, role=Role.FRONT_DESK)
    handed_off = chat(clinic.practice, "I want to speak to a person", patient=clinic.patient)
    chat(clinic.practice, CHEST_PAIN)
    chat(outsider_practice, "I want to speak to a person")
    task = Task.objects.filter(conversation=handed_off).get()
    TaskNote.objects.create(practice=clinic.practice, task=task, author=colleague, body="Called, no answer.")
    elsewhere_task = Task.objects.filter(practice=outsider_practice).first()
    sign_in(page, "frontdesk")
    page.get_by_role("button", name="Maple Clinic").click()
    for path in (
        "/conversations/",
        "/conversations/?scope=all",
        "/conversations/?show=attention",
        f"/conversations/{handed_off.pk}",
        "/tasks/",
        "/tasks/?scope=all&show=team",
        f"/tasks/{task.pk}",
        f"/tasks/{elsewhere_task.pk}",  # the "switch to open it" page
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert violations(page) == [], path
    # After an action, the page and its notice stay accessible.
    page.goto(f"/tasks/{task.pk}")
    page.get_by_label("Person").select_option(label="frontdesk (me)")
    page.get_by_role("button", name="Reassign").click()
    expect(page.get_by_role("status").first).to_contain_text("Task reassigned")
    assert violations(page) == []


def test_routing_settings_page_has_no_wcag_violations(page, clinic, owner):
    sign_in(page, "owner")
    page.goto("/settings/routing/")
    assert violations(page) == []
    page.get_by_label("Prescription refills").select_option("front_desk")
    page.get_by_role("button", name="Save routing").click()
    expect(page.get_by_role("status")).to_contain_text("Routing saved")
    assert violations(page) == []
