"""The embedded job queue: Huey's SQLite storage with commits that do not wait for the disk."""

from __future__ import annotations

from mojoe.core.queue import MojoeSqliteHuey


def test_the_queue_commits_with_synchronous_normal_in_wal_mode(tmp_path):
    huey = MojoeSqliteHuey("test-queue", filename=str(tmp_path / "queue.sqlite3"))
    connection = huey.storage.conn
    assert connection.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert connection.execute("pragma synchronous").fetchone()[0] == 1  # NORMAL (FULL is 2)


def test_a_job_queued_there_is_taken_and_run(tmp_path):
    huey = MojoeSqliteHuey("test-queue", filename=str(tmp_path / "queue.sqlite3"))

    @huey.task()
    def add(a, b):
        return a + b

    result = add(2, 3)
    assert huey.pending_count() == 1
    task = huey.dequeue()
    huey.execute(task)
    assert result.get() == 5
    assert huey.pending_count() == 0
