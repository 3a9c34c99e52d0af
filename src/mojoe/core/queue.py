"""The job queue of the embedded set-up: Huey on its own SQLite file, committed without waiting for the disk.

Huey opens its SQLite file with the library's default, which in WAL mode syncs the log to disk on every
commit: an inbound text that is answered waits for two disk syncs (its transaction, then its delivery job)
where one would do. Mojoe's main database already runs with `synchronous=NORMAL` (see settings); the queue
can too, with less at stake: in WAL mode NORMAL never corrupts the file, and a crash of the machine can only
lose the last jobs queued. Those jobs are nudges: what they act on is a row in the main database (an outbox
message), and the outbox sweep finds and sends any row whose job never ran. The saving is one disk sync per
answered text, whatever a sync costs on the server's disk; on the development machine's virtual disk it
measured about 0.2 ms of 6 ms (`make bench`, within the run-to-run noise).
"""

from __future__ import annotations

from huey import SqliteHuey
from huey.storage import SqliteStorage


class NormalSyncSqliteStorage(SqliteStorage):
    def _create_connection(self):
        connection = super()._create_connection()
        connection.execute("pragma synchronous=NORMAL")
        return connection


class MojoeSqliteHuey(SqliteHuey):
    storage_class = NormalSyncSqliteStorage
