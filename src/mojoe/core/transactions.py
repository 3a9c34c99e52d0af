"""A savepoint taken only when a block writes, for blocks inside a transaction that mostly only read.

`transaction.atomic()` inside a transaction takes a savepoint on entry and releases it on exit: two statements,
two round trips on PostgreSQL, whatever the block does. The assistant's answer is such a block: it must be
undone as a whole when a service refuses something half-way (a person then takes over), but most answers only
read (an office question, a question about who the patient is). `savepoint_before_first_write` takes the
savepoint just before the block's first statement that is not a SELECT, through the connection's execute
wrappers, so that a block that writes is undone exactly as with `atomic()`, and one that only reads costs
nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction


def _reads_only(sql: str) -> bool:
    # A locking read is counted as a write, so that its locks are let go with the rest when the block is undone.
    statement = sql.lstrip()
    return statement[:6].upper() == "SELECT" and "FOR UPDATE" not in statement.upper()


@contextmanager
def savepoint_before_first_write(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Like `transaction.atomic()` for a block inside a transaction: when the block raises, what it wrote is
    undone and the transaction goes on; but the savepoint is taken only before the block's first write.

    Outside a transaction it is `transaction.atomic()` itself (which then starts one, taking no savepoint).
    Unlike `atomic()`, an undone block's on-commit callbacks still run at commit: Mojoe's queue the delivery
    or the fetching of rows by their ids, and then find no such rows.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        with transaction.atomic(using=using):
            yield
        return
    already_doomed = transaction.get_rollback(using)
    sid: str | None = None
    taking = False

    def savepoint_first(execute, sql, params, many, context):
        nonlocal sid, taking
        if sid is None and not taking and not already_doomed and (many or not _reads_only(sql)):
            taking = True  # the SAVEPOINT statement itself comes through here
            sid = transaction.savepoint(using)
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(savepoint_first):
            yield
    except BaseException:
        if not already_doomed:
            # An inner atomic(savepoint=False) the error went through may have marked the whole transaction
            # for rollback: what the block wrote is undone here (or it wrote nothing), so the transaction goes
            # on, as atomic() lets it after rolling back to its savepoint.
            transaction.set_rollback(False, using)
            if sid is not None:
                try:
                    transaction.savepoint_rollback(sid, using)
                except DatabaseError:
                    transaction.set_rollback(True, using)  # it cannot go on: its end rolls it all back
        raise
    if sid is not None:
        transaction.savepoint_commit(sid, using)
