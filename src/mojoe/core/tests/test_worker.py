"""A real worker process runs jobs from the queue: SQLite-backed by default, Redis when REDIS_URL is set."""

import os
import subprocess
import sys
import time

import pytest


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        MOJOE_DATA_DIR=str(tmp_path),
        MOJOE_TASKS_IMMEDIATE="false",
        DJANGO_SETTINGS_MODULE="mojoe.settings",
        **extra,
    )
    return env


def _check_through_worker(env):
    worker = subprocess.Popen(
        [sys.executable, "-m", "mojoe.cli", "worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(0.5)
        check = subprocess.run(
            [sys.executable, "-m", "mojoe.cli", "manage", "check_worker", "--timeout", "30"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        worker.terminate()
        worker.wait(timeout=10)
    return check


def test_the_sqlite_queue_worker_answers(tmp_path):
    check = _check_through_worker(_env(tmp_path))
    assert check.returncode == 0, check.stderr
    assert "answered at" in check.stdout


def test_the_redis_queue_worker_answers(tmp_path):
    redis_url = os.environ.get("MOJOE_TEST_REDIS_URL", "")
    if not redis_url:
        if os.environ.get("CI") == "true":
            pytest.fail("MOJOE_TEST_REDIS_URL must be set under CI")
        pytest.skip("set MOJOE_TEST_REDIS_URL=redis://127.0.0.1:6379/15 to test the Redis queue")
    check = _check_through_worker(_env(tmp_path, REDIS_URL=redis_url))
    assert check.returncode == 0, check.stderr


def test_without_a_worker_the_check_says_what_to_do(tmp_path):
    check = subprocess.run(
        [sys.executable, "-m", "mojoe.cli", "manage", "check_worker", "--timeout", "1"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 1
    assert "mojoe worker" in check.stderr
