"""Migrations that change data on installations already running: tried on data written before them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mojoe.practices.models import Practice

BEFORE = [("messaging", "0004_email_threading")]
AFTER = [("messaging", "0005_one_open_conversation_per_address")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_extra_open_conversations_are_closed_before_the_one_open_per_address_constraint():
    apps = _migrate(BEFORE)
    try:
        # The practices' tables stay as they are now (only messaging goes back): today's model writes them.
        practice = Practice.objects.create(name="Maple Clinic", slug="maple")
        Conversation = apps.get_model("messaging", "Conversation")

        def conversation(address, *, day, status="assistant"):
            return Conversation.objects.create(
                practice_id=practice.pk,
                channel="sms",
                address=address,
                status=status,
                last_message_at=datetime(2026, 11, day, 12, tzinfo=UTC) if day else None,
            ).pk

        # Two texts that raced opened two conversations, and the patient went on in the later one.
        raced_earlier = conversation("+16175550123", day=1)
        raced_later = conversation("+16175550123", day=3, status="handed_off")
        never_written = conversation("+16175550123", day=None)
        closed_long_ago = conversation("+16175550123", day=2, status="closed")
        someone_else = conversation("+16175550124", day=1)

        apps = _migrate(AFTER)
        status = dict(apps.get_model("messaging", "Conversation").objects.values_list("pk", "status"))
        assert status == {
            raced_earlier: "closed",
            raced_later: "handed_off",
            never_written: "closed",
            closed_long_ago: "closed",
            someone_else: "assistant",
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
