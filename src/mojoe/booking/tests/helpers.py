"""Helpers for the self-booking tests: the steps a patient takes, and the code read from the outbox as the
patient reads it on their phone."""

from __future__ import annotations

import re

from django.test import Client

from mojoe.messaging.models import OutboxMessage

BOOK = "/p/maple/book"
PHONE = "+16175550123"  # Jordan Lee's mobile in the clinic fixture


def csrf_post(client: Client, path: str, data: dict | None = None, **extra):
    """POST a form as a browser does: with the CSRF token the page's cookie holds."""
    if "csrftoken" not in client.cookies:
        client.get(path)  # the page with the form sets the cookie
    token = client.cookies["csrftoken"].value
    return client.post(path, {**(data or {}), "csrfmiddlewaretoken": token}, **extra)


def first_time_url(client: Client, type_id, provider="any", **params) -> str:
    """The address behind the earliest time offered on the times page."""
    response = client.get(f"{BOOK}/times", {"type": type_id, "provider": provider, **params})
    assert response.status_code == 200, response.content.decode()[:500]
    match = re.search(r'<a class="time" href="([^"]+)"', response.content.decode())
    assert match, "no time offered"
    return match.group(1).replace("&amp;", "&")


def details(given="Jordan", family="Lee", born=(1, 1, 1980), channel="sms", phone=PHONE, email=""):
    month, day, year = born
    return {
        "given_name": given,
        "family_name": family,
        "birth_month": str(month),
        "birth_day": str(day),
        "birth_year": str(year),
        "channel": channel,
        "phone": phone,
        "email": email,
    }


def last_code(to: str) -> str:
    message = OutboxMessage.objects.filter(to=to).order_by("-created_at").first()
    assert message is not None, f"no message to {to}"
    match = re.search(r"\b(\d{6})\b", message.body)
    assert match, message.body
    return match.group(1)


def ask_for_code(client: Client, type_id, **person) -> str:
    """Steps 3–4: pick the earliest time and send the details; the address of the chosen time."""
    url = first_time_url(client, type_id)
    response = csrf_post(client, url, details(**person))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"{BOOK}/verify"
    return url


def enter_code(client: Client, code: str):
    return csrf_post(client, f"{BOOK}/verify", {"code": code})
