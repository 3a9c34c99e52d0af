"""The practice's snapshot, kept per process: an edit by staff is seen on the very next message."""

from __future__ import annotations

import time as time_module
from datetime import UTC, date, datetime, time

import pytest

from mojoe.assistant.services import assistant_handle
from mojoe.core import testing
from mojoe.messaging.models import Conversation, ConversationChannel
from mojoe.practices import services
from mojoe.practices.models import FaqEntry, Provider
from mojoe.practices.office import office_hours, office_info_answer
from mojoe.practices.snapshot import practice_snapshot
from mojoe.scheduling import config_services
from mojoe.scheduling.config_services import HoursBlock

NOW = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)  # a Friday afternoon in New York


@pytest.fixture
def actor(clinic, owner):
    return testing.make_actor(owner, clinic.practice)


def _text_in(conversation: Conversation, body: str) -> str:
    return " ".join(assistant_handle(conversation=conversation, body=body))


def test_a_parking_change_is_in_the_answer_to_the_next_text(clinic, actor):
    services.office_facts_update(actor=actor, parking="Free lot behind the building.")
    conversation = Conversation.objects.create(
        practice=clinic.practice, channel=ConversationChannel.SMS, address="+16175550999"
    )
    assert "Free lot behind the building." in _text_in(conversation, "Where do I park?")
    services.office_facts_update(actor=actor, parking="The lot is closed; park on Elm Street.")
    # The same conversation and practice instances as before: nothing but the database says it changed.
    answer = _text_in(conversation, "Where do I park?")
    assert "park on Elm Street" in answer and "Free lot" not in answer


def test_faq_entries_added_and_removed_are_seen_at_once(clinic, actor):
    def ask():
        return office_info_answer(practice=clinic.practice, text="do you accept walk-ins?", now=NOW)

    assert "same-day" not in (ask() or "")
    entry = services.faq_entry_save(
        actor=actor, data={"question": "Do you accept walk-ins?", "answer": "No, but same-day visits."}
    )
    assert ask() == "No, but same-day visits."
    services.faq_entry_remove(actor=actor, entry=FaqEntry.objects.get(pk=entry.pk))
    assert "same-day" not in (ask() or "")


def test_weekly_hours_written_in_bulk_are_seen_at_once(clinic, actor):
    """weekly_hours_replace writes its blocks with bulk_create, which sends no signal: the fingerprint sees
    the new rows anyway."""
    annex = testing.make_location(clinic.practice, name="Annex")
    newcomer = testing.make_provider(clinic.practice, locations=[annex], family_name="Novak")
    assert [h.name for h in office_hours(clinic.practice, now=NOW)] == ["Main office"]  # nobody at the Annex
    config_services.weekly_hours_replace(
        actor=actor,
        provider=newcomer,
        blocks=[HoursBlock(weekday=5, start=time(9), end=time(12), location=annex)],
    )
    hours = {h.name: h.week for h in office_hours(clinic.practice, now=NOW)}
    assert hours["Annex"][5] == ((time(9), time(12)),)


def test_a_holiday_added_closes_the_office_in_the_next_answer(clinic, actor):
    assert office_hours(clinic.practice, now=NOW)[0].closures == ()
    config_services.holiday_add(actor=actor, day=date(2026, 11, 26), name="Thanksgiving")
    assert [c.name for c in office_hours(clinic.practice, now=NOW)[0].closures] == ["Thanksgiving"]


def test_providers_renamed_or_deactivated_change_the_names_understanding_uses(clinic):
    names = dict(practice_snapshot(clinic.practice).providers)
    assert clinic.provider.pk in names and clinic.other_provider.pk in names
    provider = Provider.objects.get(pk=clinic.provider.pk)
    provider.family_name = "Rivera-Soto"
    provider.save()
    assert "Rivera-Soto" in dict(practice_snapshot(clinic.practice).providers)[provider.pk]
    provider.active = False
    provider.save()
    assert provider.pk not in dict(practice_snapshot(clinic.practice).providers)


def test_an_unchanged_snapshot_costs_one_query_and_is_not_reloaded(clinic, django_assert_num_queries):
    first = practice_snapshot(clinic.practice)
    with django_assert_num_queries(1):
        assert practice_snapshot(clinic.practice) is first


def test_practices_do_not_share_snapshots(clinic, outsider_practice):
    mine = practice_snapshot(clinic.practice)
    theirs = practice_snapshot(outsider_practice)
    assert {pk for pk, _name in mine.providers}.isdisjoint({pk for pk, _name in theirs.providers})


def test_a_snapshot_is_reloaded_after_max_age_even_if_nothing_seems_changed(clinic, monkeypatch):
    """The backstop for an edit the fingerprint cannot see (a clock set back between two edits)."""
    from mojoe.practices import snapshot

    first = practice_snapshot(clinic.practice)
    later = time_module.monotonic() + snapshot.MAX_AGE + 1
    monkeypatch.setattr(snapshot.time, "monotonic", lambda: later)
    assert practice_snapshot(clinic.practice) is not first
