"""The `mojoe` command: run, serve, worker, demo, manage."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mojoe.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    _django_setup()
    from django.core.management import call_command

    call_command(*args)


def _serve_command(host: str, port: int, workers: int) -> list[str]:
    # Requests run on a few threads per process: Django with SQLite gains nothing from hundreds.
    threads = os.environ.get("MOJOE_WEB_THREADS", "4")
    return [
        *(sys.executable, "-m", "granian", "--interface", "wsgi", "--no-ws"),
        *("--host", host, "--port", str(port), "--workers", str(workers)),
        *("--blocking-threads", threads, "--backpressure", threads),
        "mojoe.wsgi:application",
    ]


def cmd_serve(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mojoe.settings")
    os.execv(sys.executable, _serve_command(args.host, args.port, args.workers))
    return 0  # not reached


def cmd_worker(_args) -> int:
    _manage("run_huey")
    return 0


def cmd_demo(_args) -> int:
    _manage("demo")
    return 0


def cmd_nlu(args) -> int:
    options = {"tz": args.tz, "practice": args.practice}
    if args.now:
        options["now"] = args.now
    _django_setup()
    from django.core.management import call_command

    call_command("nlu", **options)
    return 0


def cmd_manage(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mojoe.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mojoe manage", *args.args])
    return 0


def cmd_run(args) -> int:
    """Migrate, seed the demo practice on an empty database, then run the web server and the worker together."""
    _django_setup()
    from django.core.management import call_command

    from mojoe.practices.models import Practice

    call_command("migrate", interactive=False, verbosity=0)
    if not Practice.objects.exists():
        print("Empty database: creating the demo practice…", flush=True)
        call_command("demo")
    else:
        call_command("demo", "--credentials-only")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mojoe.settings"}
    children = [
        subprocess.Popen([sys.executable, "-m", "mojoe.cli", "worker"], env=env),
        subprocess.Popen(_serve_command(args.host, args.port, args.workers), env=env),
    ]
    print(
        f"Mojoe is running on http://{args.host}:{args.port}/  (Ctrl-C stops the server and the worker)",
        flush=True,
    )

    def stop(*_):
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    status = 0
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        status = next(child.returncode for child in children if child.poll() is not None) or 0
        if status:
            print("A Mojoe process stopped unexpectedly; stopping the other one.", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mojoe", description="Mojoe, the virtual medical secretary.")
    sub = parser.add_subparsers(dest="command", required=True)

    def add_server_options(p):
        p.add_argument("--host", default=os.environ.get("MOJOE_HOST", "127.0.0.1"))
        p.add_argument("--port", type=int, default=int(os.environ.get("MOJOE_PORT", "8000")))
        p.add_argument("--workers", type=int, default=int(os.environ.get("MOJOE_WEB_WORKERS", "1")))

    p = sub.add_parser("run", help="migrate, seed the demo on an empty database, run web server and worker")
    add_server_options(p)
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("serve", help="run the web server only")
    add_server_options(p)
    p.set_defaults(func=cmd_serve)
    sub.add_parser("worker", help="run the background worker only").set_defaults(func=cmd_worker)
    sub.add_parser("demo", help="create or refresh the demo practice (idempotent)").set_defaults(
        func=cmd_demo
    )
    p = sub.add_parser("nlu", help="understand JSON lines {'text': ...} from standard input")
    p.add_argument("--now", help="the current time, ISO 8601 (default: now)")
    p.add_argument("--tz", default="America/New_York", help="time zone (default: the demo practice's)")
    p.add_argument("--practice", default="riverside", help="recognise this practice's provider names")
    p.set_defaults(func=cmd_nlu)
    p = sub.add_parser("manage", help="run a Django management command")
    p.add_argument("args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
