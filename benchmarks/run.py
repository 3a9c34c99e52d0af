"""Mojoe's benchmarks: slot search, booking, the day view, understanding and inbound texts, each against a
baseline measured in the same run.

    make bench                      # SQLite in var/bench
    MOJOE_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mojoe_bench make bench
    .venv/bin/python benchmarks/run.py sms_webhook slots   # only these (bench_<name>.py)

Timings on shared machines are noisy, so every figure comes with the ratio to a bare operation measured
moments before on the same database: the query that fetches the same busy intervals, or a bare insert.
Prints a table and, last, one line of JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

if os.environ.get("MOJOE_BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["MOJOE_BENCH_DATABASE_URL"]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mojoe.settings")
os.environ.setdefault("MOJOE_TASKS_IMMEDIATE", "true")


def median_ms(operation: Callable[[], object], *, repeat: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        operation()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        operation()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def fresh_database() -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(settings.DATABASES["default"]["NAME"]) + suffix).unlink(missing_ok=True)
    else:
        call_command("flush", interactive=False, verbosity=0) if _has_tables() else None
    call_command("migrate", interactive=False, verbosity=0)


def _has_tables() -> bool:
    from django.db import connection

    return "scheduling_appointment" in connection.introspection.table_names()


# In the order they run; each is benchmarks/bench_<name>.py with a run(median_ms) -> rows.
BENCHMARKS = ("slots", "booking", "day_view", "nlu", "sms_webhook")


def main(argv: list[str]) -> int:
    import importlib

    chosen = argv or list(BENCHMARKS)
    unknown = sorted(set(chosen) - set(BENCHMARKS))
    if unknown:
        print(
            f"No benchmark named {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}.", file=sys.stderr
        )
        return 2

    import django

    django.setup()
    from django.db import connection

    fresh_database()
    rows = []
    for name in BENCHMARKS:
        if name in chosen:
            rows += importlib.import_module(f"bench_{name}").run(median_ms)
    results = {"database": connection.vendor, "rows": rows}

    print(f"\nMojoe benchmarks on {connection.vendor} (median of repeated runs)\n")
    print(f"{'benchmark':58} {'value':>12} {'baseline':>12} {'ratio':>7} {'target':>16}")
    for row in results["rows"]:
        print(
            f"{row['name']:58} {row['value']:>12} {row['baseline']:>12} {row['ratio']:>7.2f} {row['target']:>16}"
        )
    print()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
