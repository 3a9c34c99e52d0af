"""Settings: safe defaults, a key per install, and bad values stopped at start with a clear message."""

import os
import subprocess
import sys

import pytest

LOAD = "import django; django.setup(); from django.conf import settings; print(settings.{})"


def load(tmp_path, expression="DEBUG", **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MOJOE_") and k != "DATABASE_URL"}
    environment.update(MOJOE_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="mojoe.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", LOAD.format(expression)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_defaults_are_safe(tmp_path):
    result = load(
        tmp_path,
        "DEBUG, settings.DATABASES['default']['ENGINE'], settings.HUEY['huey_class'], settings.PASSWORD_HASHERS[0]",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.db.backends.sqlite3",
        "mojoe.core.queue.MojoeSqliteHuey",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


def test_each_install_generates_and_keeps_its_own_secret_key(tmp_path):
    first = load(tmp_path / "a", "SECRET_KEY").stdout.strip()
    again = load(tmp_path / "a", "SECRET_KEY").stdout.strip()
    other = load(tmp_path / "b", "SECRET_KEY").stdout.strip()
    assert len(first) >= 50
    assert first == again
    assert first != other
    assert oct((tmp_path / "a" / "secret_key").stat().st_mode)[-3:] == "600"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MOJOE_DEBUG": "maybe"}, "MOJOE_DEBUG='maybe' is not a boolean"),
        ({"MOJOE_SECRET_KEY": "short"}, "at least 32 characters"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL must point to PostgreSQL"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL must start with redis://"),
        ({"MOJOE_SESSION_MINUTES": "ten"}, "MOJOE_SESSION_MINUTES='ten' is not a whole number"),
        ({"MOJOE_DEFAULT_TIME_ZONE": "Mars/Olympus"}, "is not an IANA time zone"),
    ],
)
def test_bad_values_stop_the_start_with_a_clear_message(tmp_path, env, message):
    result = load(tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_redis_url_selects_the_redis_queue(tmp_path):
    result = load(tmp_path, "HUEY['huey_class']", REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.stdout.strip() == "huey.RedisHuey"


def test_postgresql_prepares_statements_unless_told_not_and_keeps_the_urls_options(tmp_path):
    url = "postgres://mojoe@db.example.org:5432/mojoe?sslmode=require"
    options = "DATABASES['default']['OPTIONS']"
    prepared = load(tmp_path, options, DATABASE_URL=url)
    assert prepared.returncode == 0, prepared.stderr
    assert prepared.stdout.strip() == str(
        {"sslmode": "require", "server_side_binding": True, "prepare_threshold": 5}
    )
    plain = load(tmp_path, options, DATABASE_URL=url, MOJOE_DB_PREPARED_STATEMENTS="false")
    assert plain.stdout.strip() == str({"sslmode": "require"})
    refused = load(tmp_path, options, DATABASE_URL=url, MOJOE_DB_PREPARED_STATEMENTS="sometimes")
    assert "MOJOE_DB_PREPARED_STATEMENTS='sometimes' is not a boolean" in refused.stderr
