"""`make bench` still runs: every benchmark, start to end, on a fresh SQLite database of its own.

Nothing here is about speed (the figures are the benchmarks' business, see docs/performance.md): a change to
a function a benchmark calls must not leave `make bench` broken until somebody next runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

RUN = Path(__file__).resolve().parent / "run.py"


@pytest.mark.django_db
def test_every_benchmark_runs_and_reports_a_ratio(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("run once per `make test`, by the SQLite suite: the benchmarks choose their own database")
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "MOJOE_BENCH_DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment["MOJOE_DATA_DIR"] = str(tmp_path)
    finished = subprocess.run(
        [sys.executable, str(RUN)], env=environment, capture_output=True, text=True, timeout=600, check=False
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    report = json.loads(finished.stdout.strip().splitlines()[-1])
    assert report["database"] == "sqlite"
    names = [row["name"] for row in report["rows"]]
    assert any(name.startswith("inbound SMS webhooks") for name in names)
    assert len(names) >= 9 and all(row["ratio"] > 0 for row in report["rows"])
