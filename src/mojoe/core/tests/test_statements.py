"""The hot paths' statements (core.statements) write and read exactly what the ORM would, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from mojoe.core.statements import RowLookup, row_insert, row_insert_unless_duplicate, row_update
from mojoe.core.testing import make_patient, make_practice
from mojoe.messaging.models import Conversation, ConversationStatus, Message
from mojoe.patients.models import Patient

pytestmark = pytest.mark.django_db

OPEN = RowLookup(
    Conversation, by=("practice", "channel", "address"), excluding={"status": ConversationStatus.CLOSED}
)
BY_PHONE = RowLookup(Patient, by=("practice", "active"), any_of={"phone": ("phone_mobile", "phone_home")})


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_a_row_inserted_reads_back_as_the_orm_would_have_written_it():
    practice = make_practice()
    patient = make_patient(practice)
    verified = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    conversation = row_insert(
        Conversation(
            practice=practice,
            channel="sms",
            address="+16175550123",
            patient=patient,
            verified_at=verified,
            flagged=True,
            state={"flow": "book", "data": {"slots": [1, 2]}, "ñ": "sí"},
        )
    )
    assert not conversation._state.adding
    assert (
        conversation.created_at is not None and conversation.updated_at is not None
    )  # auto_now(_add) stamped
    stored = Conversation.objects.get(pk=conversation.pk)
    assert _fields(stored) == _fields(conversation)
    assert stored.state["ñ"] == "sí" and stored.flagged is True and stored.verified_at == verified


def test_a_duplicate_insert_fails_as_the_orm_does_and_the_transaction_goes_on_after_its_savepoint():
    practice = make_practice()
    conversation = row_insert(Conversation(practice=practice, channel="sms", address="+16175550123"))
    first = row_insert(Message(practice=practice, conversation=conversation, body="hi", provider_id="SM1"))
    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic():
            row_insert(Message(practice=practice, conversation=conversation, body="again", provider_id="SM1"))
        assert Message.objects.filter(provider_id="SM1").get().pk == first.pk


def test_an_insert_unless_duplicate_writes_nothing_for_a_duplicate_and_the_transaction_goes_on():
    practice = make_practice()
    conversation = row_insert(Conversation(practice=practice, channel="sms", address="+16175550123"))
    first = Message(practice=practice, conversation=conversation, body="hi", provider_id="SM1")
    with transaction.atomic():
        assert row_insert_unless_duplicate(first) is True
        assert not first._state.adding
        again = Message(practice=practice, conversation=conversation, body="again", provider_id="SM1")
        assert row_insert_unless_duplicate(again) is False
        assert again._state.adding  # not written
        # No savepoint was needed: the transaction still works (PostgreSQL aborts one after an error).
        assert list(Message.objects.values_list("body", flat=True)) == ["hi"]
    assert _fields(Message.objects.get(pk=first.pk)) == _fields(first)


def test_an_insert_unless_duplicate_honours_a_partial_unique_constraint():
    practice = make_practice()
    address = "+16175550123"
    open_one = row_insert(Conversation(practice=practice, channel="sms", address=address))
    assert not row_insert_unless_duplicate(Conversation(practice=practice, channel="sms", address=address))
    Conversation.objects.filter(pk=open_one.pk).update(status=ConversationStatus.CLOSED)
    # The constraint holds for open conversations only: with the first one closed, a new one opens.
    assert row_insert_unless_duplicate(Conversation(practice=practice, channel="sms", address=address))
    assert Conversation.objects.filter(address=address).count() == 2


def test_an_insert_unless_duplicate_still_refuses_a_row_that_breaks_another_rule():
    """Only a duplicate is skipped: a missing required value fails as the ORM's insert would (SQLite's
    INSERT OR IGNORE would have skipped it silently)."""
    practice = make_practice()
    conversation = row_insert(Conversation(practice=practice, channel="sms", address="+16175550123"))
    broken = Message(practice=practice, conversation=conversation, body=None, provider_id="SM2")
    with pytest.raises(IntegrityError), transaction.atomic():
        row_insert_unless_duplicate(broken)
    assert not Message.objects.exists()


def test_an_update_writes_only_the_fields_named_and_stamps_updated_at():
    practice = make_practice()
    conversation = row_insert(Conversation(practice=practice, channel="sms", address="+16175550123"))
    before = conversation.updated_at
    Conversation.objects.filter(pk=conversation.pk).update(language="es")  # someone else's change
    conversation.state = {"step": "identify"}
    conversation.flagged = True
    conversation.patient = make_patient(practice)
    assert row_update(conversation, ["state", "patient", "updated_at"]) == 1
    stored = Conversation.objects.get(pk=conversation.pk)
    assert stored.state == {"step": "identify"}
    assert stored.patient_id == conversation.patient.pk
    assert stored.updated_at > before
    assert stored.flagged is False  # not named, not written
    assert stored.language == "es"  # not overwritten


def test_the_lookup_finds_the_open_conversation_with_every_field_as_the_orm_reads_it():
    practice, other = make_practice(), make_practice()
    closed = row_insert(
        Conversation(practice=practice, channel="sms", address="+1", status=ConversationStatus.CLOSED)
    )
    row_insert(Conversation(practice=other, channel="sms", address="+1"))  # another practice's
    row_insert(Conversation(practice=practice, channel="email", address="+1"))  # another channel
    wanted = row_insert(
        Conversation(practice=practice, channel="sms", address="+1", state={"flow": "book"}, flagged=True)
    )
    found = OPEN.first(practice=practice, channel="sms", address="+1")
    assert found is not None and found.pk == wanted.pk
    assert _fields(found) == _fields(Conversation.objects.get(pk=wanted.pk))
    assert not found._state.adding and found.practice == practice  # a model instance like any other
    assert OPEN.first(practice=practice.pk, channel="sms", address="+1").pk == wanted.pk  # pk or instance
    assert OPEN.first(practice=practice, channel="sms", address="+2") is None
    assert OPEN.exists(practice=practice, channel="sms", address="+1")
    Conversation.objects.filter(pk=wanted.pk).update(status=ConversationStatus.CLOSED)
    assert not OPEN.exists(practice=practice, channel="sms", address="+1")
    assert closed.status == ConversationStatus.CLOSED


def test_a_lookups_fixed_values_are_written_into_its_sql_quoted():
    """Fixed values are SQL literals (SQLite plans a query against a partial index once only then)."""
    practice = make_practice()
    quoted = row_insert(Conversation(practice=practice, channel="email", address="o'neil@example.org"))
    plain = row_insert(Conversation(practice=practice, channel="email", address="ann@example.org"))
    not_oneil = RowLookup(
        Conversation, by=("practice", "channel"), excluding={"address": "o'neil@example.org"}
    )
    assert not_oneil.pks(practice=practice, channel="email", limit=5) == [plain.pk]
    assert quoted.pk not in RowLookup(
        Conversation, by=("practice",), excluding={"address": "o'neil@example.org"}
    ).pks(practice=practice, limit=5)
    with pytest.raises(TypeError, match="fixed values"):
        RowLookup(Conversation, by=("practice",), excluding={"flagged": True}).first(practice=practice)


def test_the_lookup_with_alternatives_finds_either_field_and_lists_primary_keys():
    practice = make_practice()
    mobile = make_patient(practice, phone_mobile="+16175550100")
    home = make_patient(practice, phone_home="+16175550100")
    make_patient(practice, phone_mobile="+16175550100", active=False)
    make_patient(make_practice(), phone_mobile="+16175550100")
    found = BY_PHONE.pks(limit=5, practice=practice, active=True, phone="+16175550100")
    assert sorted(found, key=str) == sorted([mobile.pk, home.pk], key=str)
    assert len(BY_PHONE.pks(limit=1, practice=practice, active=True, phone="+16175550100")) == 1
    assert BY_PHONE.pks(limit=2, practice=practice, active=True, phone="+16175550199") == []


def test_a_lookup_given_the_wrong_values_says_which_it_takes():
    with pytest.raises(TypeError, match="address, channel, practice"):
        OPEN.first(practice=make_practice(), channel="sms")


def test_the_statements_are_single_plain_statements():
    practice = make_practice()
    with CaptureQueriesContext(connection) as captured:
        conversation = row_insert(Conversation(practice=practice, channel="sms", address="+1"))
        OPEN.first(practice=practice, channel="sms", address="+1")
        row_update(conversation, ["state"])
    assert [query["sql"].split()[0] for query in captured.captured_queries] == ["INSERT", "SELECT", "UPDATE"]
