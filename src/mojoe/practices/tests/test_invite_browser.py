"""An owner invites a new secretary; the invitation email lands in the outbox; the link makes an account."""

import pytest

from mojoe.practices.models import Membership
from mojoe.ui.testing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_invite_through_the_outbox_and_join(page, browser, live_server, clinic, owner, settings):
    # The test runner swaps email for an in-memory list; this test uses the embedded default, the outbox.
    settings.EMAIL_BACKEND = "mojoe.messaging.email_backend.OutboxEmailBackend"
    sign_in(page, "owner")
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Staff").first.click()
    page.get_by_label("Email address").fill("sam.new@maple.example.org")
    page.get_by_label("Role").last.select_option("secretary")
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_role("link", name="Outbox").click()
    link = page.locator("a[href*='/settings/invitations/']").first.get_attribute("href")

    newcomer = browser.new_context(base_url=live_server.url).new_page()
    newcomer.goto(link)
    newcomer.get_by_role("heading", name="Join Maple Clinic").wait_for()
    newcomer.get_by_label("Username").fill("samnew")
    newcomer.get_by_label("First name").fill("Sam")
    newcomer.get_by_label("Last name").fill("Newton")
    newcomer.get_by_label("Password", exact=True).fill("a long enough passphrase 42")
    newcomer.get_by_label("Password again").fill("a long enough passphrase 42")
    newcomer.get_by_role("button", name="Create my account and join").click()
    newcomer.wait_for_load_state("networkidle")
    membership = Membership.objects.get(user__username="samnew", practice=clinic.practice)
    assert membership.role == "secretary"

    # The link worked once.
    newcomer.context.clear_cookies()
    newcomer.goto(link)
    assert newcomer.get_by_role("heading", name="This link no longer works").is_visible()
    sign_in(newcomer, "samnew", password="a long enough passphrase 42")
    assert newcomer.get_by_role("link", name="Schedule").is_visible()
    newcomer.context.close()
