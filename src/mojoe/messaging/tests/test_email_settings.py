"""The email settings: the provider switch selects the SMTP adapter, and bad inbound values stop the start."""

import pytest

from mojoe.core.tests.test_settings import load


def test_the_smtp_provider_selects_the_smtp_adapter(tmp_path):
    result = load(tmp_path, "MOJOE_CHANNEL_ADAPTERS['email']", MOJOE_EMAIL_PROVIDER="smtp")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "mojoe.messaging.channels.email.SmtpAdapter"


def test_inbound_email_is_off_by_default(tmp_path):
    result = load(tmp_path, "MOJOE_EMAIL_INBOUND_SECRET == '', settings.MOJOE_CHANNEL_ADAPTERS['email']")
    assert result.stdout.split() == ["True", "mojoe.messaging.channels.console.ConsoleAdapter"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MOJOE_EMAIL_PROVIDER": "sendgrid"}, "MOJOE_EMAIL_PROVIDER='sendgrid' is not one of console, smtp"),
        ({"MOJOE_EMAIL_INBOUND_SECRET": "short"}, "MOJOE_EMAIL_INBOUND_SECRET must be at least 16"),
        ({"MOJOE_EMAIL_INBOUND_ADDRESS": "chat+maple@mojoe.test"}, "without a plus part"),
        ({"MOJOE_EMAIL_INBOUND_ADDRESS": "not an address"}, "MOJOE_EMAIL_INBOUND_ADDRESS"),
        ({"MOJOE_EMAIL_INBOUND_MAX_BYTES": "12"}, "MOJOE_EMAIL_INBOUND_MAX_BYTES='12' must be at least 1024"),
        ({"MOJOE_DEFAULT_FROM_EMAIL": "Mojoe"}, "MOJOE_DEFAULT_FROM_EMAIL='Mojoe' is not an address"),
        ({"MOJOE_IMAP_SECURITY": "tls"}, "MOJOE_IMAP_SECURITY='tls' must be ssl (port 993), starttls"),
        ({"MOJOE_IMAP_HOST": "imap.example.org"}, "set MOJOE_IMAP_USER and MOJOE_IMAP_PASSWORD too"),
        (
            {"MOJOE_IMAP_HOST": "imap.example.org", "MOJOE_IMAP_SECURITY": "none", "MOJOE_IMAP_USER": "a"}
            | {"MOJOE_IMAP_PASSWORD": "b"},
            "MOJOE_IMAP_SECURITY=none is only for a mailbox on this machine",
        ),
    ],
)
def test_bad_email_values_stop_the_start_with_a_clear_message(tmp_path, env, message):
    result = load(tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_the_mailbox_port_follows_its_security(tmp_path):
    assert load(tmp_path, "MOJOE_IMAP_PORT").stdout.strip() == "993"
    assert load(tmp_path, "MOJOE_IMAP_PORT", MOJOE_IMAP_SECURITY="starttls").stdout.strip() == "143"
