"""The SMS settings: a bad value stops the start with a message naming the variable (docs/configuration.md)."""

import os
import subprocess
import sys

import pytest

LOAD = "import django; django.setup(); from django.conf import settings; print({})"
SID = "AC" + "0123456789abcdef" * 2


def load(tmp_path, expression, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MOJOE_") and k != "DATABASE_URL"}
    environment.update(MOJOE_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="mojoe.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", LOAD.format(expression)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_twilio_settings_are_read_and_tidied(tmp_path):
    result = load(
        tmp_path,
        "settings.MOJOE_CHANNEL_ADAPTERS['sms'], settings.MOJOE_TWILIO_API_BASE, settings.MOJOE_PUBLIC_URL",
        MOJOE_SMS_PROVIDER="twilio",
        MOJOE_TWILIO_ACCOUNT_SID=SID,
        MOJOE_TWILIO_AUTH_TOKEN="secret",
        MOJOE_TWILIO_FROM="+16175550100",
        MOJOE_PUBLIC_URL="https://mojoe.example.org/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "mojoe.messaging.channels.twilio.TwilioAdapter",
        "https://api.twilio.com",
        "https://mojoe.example.org",
    ]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MOJOE_SMS_PROVIDER": "twilio"}, "needs MOJOE_TWILIO_ACCOUNT_SID and MOJOE_TWILIO_AUTH_TOKEN"),
        ({"MOJOE_TWILIO_ACCOUNT_SID": "AC123"}, "MOJOE_TWILIO_ACCOUNT_SID='AC123' is not an Account SID"),
        ({"MOJOE_TWILIO_FROM": "617-555-0100"}, "MOJOE_TWILIO_FROM='617-555-0100' is not a number in E.164"),
        (
            {"MOJOE_PUBLIC_URL": "mojoe.example.org"},
            "MOJOE_PUBLIC_URL='mojoe.example.org' must be an http(s)",
        ),
        ({"MOJOE_PUBLIC_URL": "https://u:p@mojoe.example.org"}, "MOJOE_PUBLIC_URL="),
        ({"MOJOE_TWILIO_API_BASE": "ftp://api.twilio.com"}, "MOJOE_TWILIO_API_BASE="),
        (
            {"MOJOE_SMS_INBOUND_PER_MINUTE": "lots"},
            "MOJOE_SMS_INBOUND_PER_MINUTE='lots' is not a whole number",
        ),
        ({"MOJOE_TWILIO_TIMEOUT": "0"}, "MOJOE_TWILIO_TIMEOUT='0' must be at least 1"),
    ],
)
def test_bad_sms_settings_stop_the_start(tmp_path, env, message):
    result = load(tmp_path, "settings.DEBUG", **env)
    assert result.returncode != 0
    assert message in result.stderr
