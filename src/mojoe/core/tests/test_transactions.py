"""A savepoint taken only at a block's first write (core.transactions), on both databases: undone exactly as
with atomic(), free for a block that only reads."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from mojoe.core.errors import Conflict
from mojoe.core.statements import row_insert
from mojoe.core.testing import make_practice
from mojoe.core.transactions import savepoint_before_first_write
from mojoe.messaging.models import Conversation, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation():
    practice = make_practice()
    return row_insert(Conversation(practice=practice, channel="sms", address="+16175550123"))


def _message(conversation, body: str, **fields) -> Message:
    return Message(practice=conversation.practice, conversation=conversation, body=body, **fields)


def _savepoints(queries) -> list[str]:
    return [q["sql"] for q in queries if "SAVEPOINT" in q["sql"].upper()]


def test_a_block_that_only_reads_takes_no_savepoint(conversation):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries, savepoint_before_first_write():
        assert Message.objects.filter(conversation=conversation).count() == 0
    assert _savepoints(queries.captured_queries) == []
    assert len(queries.captured_queries) == 1


def test_a_block_that_writes_keeps_what_it_wrote_through_one_savepoint(conversation):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries, savepoint_before_first_write():
        Message.objects.filter(conversation=conversation).exists()
        row_insert(_message(conversation, "first"))
        row_insert(_message(conversation, "second"))
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert statements == ["SELECT", "SAVEPOINT", "INSERT", "INSERT", "RELEASE"]
    assert Message.objects.count() == 2


@pytest.mark.parametrize(
    "how", ["in the block", "in an inner atomic(savepoint=False)", "in an inner atomic()"]
)
def test_a_block_that_fails_after_writing_is_undone_and_the_transaction_goes_on(conversation, how):
    with transaction.atomic():
        row_insert(_message(conversation, "kept: written before the block"))
        with pytest.raises(Conflict), savepoint_before_first_write():
            if how == "in the block":
                row_insert(_message(conversation, "undone"))
            else:
                with transaction.atomic(savepoint=how.endswith("()")):
                    row_insert(_message(conversation, "undone"))
                    raise Conflict("refused half-way")
            raise Conflict("refused half-way")
        row_insert(_message(conversation, "kept: written after"))
    assert sorted(Message.objects.values_list("body", flat=True)) == [
        "kept: written after",
        "kept: written before the block",
    ]


def test_a_failed_statement_is_undone_too_and_the_transaction_goes_on(conversation):
    """On PostgreSQL a failed statement spoils the transaction: the savepoint taken before it saves it."""
    row_insert(_message(conversation, "first copy", provider_id="SM1"))
    with transaction.atomic():
        with pytest.raises(IntegrityError), savepoint_before_first_write():
            row_insert(_message(conversation, "second copy", provider_id="SM1"))
        row_insert(_message(conversation, "kept"))
    assert sorted(Message.objects.values_list("body", flat=True)) == ["first copy", "kept"]


def test_a_block_that_fails_before_writing_leaves_the_transaction_as_it_was(conversation):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        row_insert(_message(conversation, "kept"))
        with pytest.raises(Conflict), savepoint_before_first_write():
            Message.objects.count()
            raise Conflict("nothing to undo")
        assert not transaction.get_rollback()
        row_insert(_message(conversation, "kept too"))
    assert _savepoints(queries.captured_queries) == []
    assert Message.objects.count() == 2


def test_outside_a_transaction_it_is_atomic(conversation):
    with pytest.raises(Conflict), savepoint_before_first_write():
        row_insert(_message(conversation, "undone"))
        raise Conflict("refused")
    assert not Message.objects.exists()
