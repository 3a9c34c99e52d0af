"""The patient's chat page, the embeddable snippet and the chat endpoints' refusals, through HTTP."""

import json
import re

import pytest
from django.test import Client, override_settings

from mojoe.messaging.models import Conversation
from mojoe.messaging.services import MAX_MESSAGE_LENGTH

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

MESSAGES = "/p/maple/chat/messages"
HISTORY = "/p/maple/chat/history"


def post(client, path, data):
    body = data if isinstance(data, (str, bytes)) else json.dumps(data)
    return client.post(path, body, content_type="application/json")


# --- the page ----------------------------------------------------------------------------------------


def test_the_chat_page_introduces_the_practice(visitor, clinic):
    clinic.practice.phone = "+16175550100"
    clinic.practice.save()
    response = visitor.get("/p/maple/chat")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Chat with Maple Clinic</title>" in html
    assert "I'm the virtual assistant of Maple Clinic" in html
    assert "For a medical emergency call" in html and 'href="tel:911"' in html
    assert '<p lang="es">Escríbanos en español si prefiere.</p>' in html
    assert 'href="tel:+16175550100">(617) 555-0100</a>' in html
    assert 'name="viewport"' in html
    assert 'role="log" aria-live="polite"' in html
    assert '<label class="visually-hidden" for="chat-input">Your message</label>' in html
    # The script finds the endpoints in data attributes, never in code.
    assert f'data-messages-url="{MESSAGES}"' in html
    assert f'data-history-url="{HISTORY}"' in html
    assert not response.cookies


def test_without_a_practice_phone_the_page_offers_an_office_phone(visitor, clinic):
    clinic.location.phone = "+16175550199"
    clinic.location.save()
    html = visitor.get("/p/maple/chat").content.decode()
    assert 'href="tel:+16175550199">(617) 555-0199</a>' in html


def test_the_page_loads_nothing_from_elsewhere_and_runs_no_inline_script(visitor, clinic):
    response = visitor.get("/p/maple/chat")
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith(("/", "tel:")) for s in sources), sources
    # No script runs from the page itself; its words for the script are a JSON data block, which never runs.
    assert re.findall(r'<script(?![^>]*\bsrc=)(?![^>]*type="application/json")', html) == []
    assert len(re.findall(r'<script id="chat-text" type="application/json">', html)) == 1
    assert " style=" not in html


def test_an_unknown_practice_has_no_chat_page(visitor, clinic):
    response = visitor.get("/p/nowhere/chat")
    assert response.status_code == 404
    assert "This chat could not be found" in response.content.decode()


def _chat_text(html: str) -> dict:
    return json.loads(
        re.search(r'<script id="chat-text" type="application/json">(.*?)</script>', html, re.S)[1]
    )


def test_a_browser_that_asks_for_spanish_gets_the_page_in_spanish(clinic):
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")
    response = spanish.get("/p/maple/chat")
    html = response.content.decode()
    assert '<html lang="es">' in html and "<title>Chat con Maple Clinic</title>" in html
    assert 'placeholder="Escriba su mensaje"' in html and ">Enviar</button>" in html
    assert 'href="/p/maple/chat?lang=es">Empezar de nuevo</a>' in html  # starting over stays in Spanish
    assert 'href="/p/maple/book?lang=es"' in html
    assert '<p lang="en">Write to us in English if you prefer.</p>' in html
    assert 'href="/p/maple/chat?lang=en" hreflang="en" lang="en">English</a>' in html
    text = _chat_text(html)
    assert text["typing"] == "escribiendo…" and text["you"] == "Usted"
    assert "{seconds}" in text["codes"]["rate_limited"] and "2000" in text["codes"]["message_too_long"]
    assert "Accept-Language" in response["Vary"]
    assert not response.cookies  # the chat sets no cookie, for the language either


def test_the_language_chosen_on_the_page_wins_over_the_browsers(clinic):
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es")
    english = spanish.get("/p/maple/chat", {"lang": "en"}).content.decode()
    assert '<html lang="en">' in english and ">Send</button>" in english
    assert _chat_text(english)["codes"] == {}  # in English, the endpoints' own explanations are shown
    assert 'href="/p/maple/chat?lang=es" hreflang="es" lang="es">Español</a>' in english
    chosen = Client().get("/p/maple/chat", {"lang": "es"}).content.decode()
    assert '<html lang="es">' in chosen
    unknown = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/p/maple/chat", {"lang": "fr"}).content.decode()
    assert '<html lang="en">' in unknown


def test_an_unknown_practice_has_no_chat_page_in_spanish_either(clinic):
    response = Client(HTTP_ACCEPT_LANGUAGE="es").get("/p/nowhere/chat")
    assert response.status_code == 404 and "No encontramos este chat" in response.content.decode()


def test_only_the_chat_page_may_be_framed(visitor, clinic):
    assert "X-Frame-Options" not in visitor.get("/p/maple/chat")
    assert "frame-ancestors" not in visitor.get("/p/maple/chat")["Content-Security-Policy"]
    assert visitor.get("/login")["X-Frame-Options"] == "DENY"
    assert visitor.get("/schedule/")["X-Frame-Options"] == "DENY"


# --- the snippet -------------------------------------------------------------------------------------


def test_the_snippet_is_javascript_that_opens_this_practices_chat(visitor, clinic):
    response = visitor.get("/p/maple/chat/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "max-age=3600" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    script = response.content.decode()
    assert '"chatPath": "/p/maple/chat"' in script
    assert '"title": "Chat with Maple Clinic"' in script
    assert "document.currentScript" in script
    assert "__MOJOE_WIDGET_CONFIG__" not in script


def test_the_snippet_answers_not_modified_to_a_browser_that_has_it(visitor, clinic):
    etag = visitor.get("/p/maple/chat/widget.js")["ETag"]
    again = visitor.get("/p/maple/chat/widget.js", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_a_practice_name_cannot_break_out_of_the_snippet(visitor, clinic):
    clinic.practice.name = 'Smith "&" Sons </script><b>'
    clinic.practice.save()
    script = visitor.get("/p/maple/chat/widget.js").content.decode()
    config = json.loads(re.search(r"\}\)\((\{.*\})\);\s*$", script, re.S).group(1))
    assert config["title"] == 'Chat with Smith "&" Sons </script><b>'


def test_an_unknown_practice_has_no_snippet(visitor, clinic):
    response = visitor.get("/p/nowhere/chat/widget.js")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/javascript")


# --- the endpoints ------------------------------------------------------------------------------------


def test_a_conversation_keeps_its_token_and_its_history(visitor, clinic):
    first = post(visitor, MESSAGES, {"text": "hello"})
    assert first.status_code == 200
    token = first.json()["token"]
    assert first.json()["replies"] and first.json()["handed_off"] is False
    second = post(visitor, MESSAGES, {"text": "hello again", "token": token})
    assert second.json()["token"] == token
    assert Conversation.objects.filter(practice=clinic.practice).count() == 1
    history = post(visitor, HISTORY, {"token": token}).json()["messages"]
    assert [m["text"] for m in history if m["from"] == "patient"] == ["hello", "hello again"]
    replies = len(first.json()["replies"]) + len(second.json()["replies"])
    assert [m["from"] for m in history].count("assistant") == replies
    assert history[0] == {"from": "patient", "text": "hello"}
    assert not first.cookies and not second.cookies


def test_history_without_a_token_or_with_an_unknown_one_is_empty(visitor, clinic):
    assert post(visitor, HISTORY, {}).json() == {"messages": []}
    assert post(visitor, HISTORY, {"token": "a" * 32}).json() == {"messages": []}


def test_another_practices_token_shows_nothing(visitor, clinic, outsider_practice):
    token = post(visitor, MESSAGES, {"text": "hello"}).json()["token"]
    assert post(visitor, "/p/elsewhere/chat/history", {"token": token}).json() == {"messages": []}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("{not json", 400, "invalid_json"),
        ("[1, 2]", 400, "invalid_json"),
        ({"token": "x" * 40}, 400, "empty_message"),
        ({"text": ["hello"]}, 400, "empty_message"),
        ({"text": "hello", "token": "short"}, 400, "invalid_token"),
        ({"text": "hello", "token": 12345}, 400, "invalid_token"),
        ({"text": "hello", "token": "has spaces in it, not allowed"}, 400, "invalid_token"),
        # An empty or overlong text is a service's refusal: 422, as everywhere in Mojoe (docs/api.md).
        ({"text": ""}, 422, "empty_message"),
        ({"text": "   \n  "}, 422, "empty_message"),
        ({"text": "x" * (MAX_MESSAGE_LENGTH + 1)}, 422, "message_too_long"),
    ],
)
def test_refusals_say_why_in_json(visitor, clinic, body, status, code):
    response = post(visitor, MESSAGES, body)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == code
    assert response.json()["detail"]


def test_history_refuses_a_malformed_token(visitor, clinic):
    response = post(visitor, HISTORY, {"token": "short"})
    assert (response.status_code, response.json()["code"]) == (400, "invalid_token")


def test_the_longest_allowed_message_is_accepted(visitor, clinic):
    assert post(visitor, MESSAGES, {"text": "x" * MAX_MESSAGE_LENGTH}).status_code == 200


@pytest.mark.parametrize("path", ["/p/nowhere/chat/messages", "/p/nowhere/chat/history"])
def test_an_unknown_practice_is_a_json_404(visitor, clinic, path):
    response = post(visitor, path, {"text": "hello"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_endpoints_only_take_posts(visitor, clinic):
    assert visitor.get(MESSAGES).status_code == 405
    assert visitor.get(HISTORY).status_code == 405


@override_settings(MOJOE_CHAT_MESSAGES_PER_MINUTE=2)
def test_too_many_messages_are_told_to_wait(visitor, clinic):
    token = post(visitor, MESSAGES, {"text": "one"}).json()["token"]
    assert post(visitor, MESSAGES, {"text": "two", "token": token}).status_code == 200
    response = post(visitor, MESSAGES, {"text": "three", "token": token})
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Retry-After"] in response.json()["detail"]


@override_settings(MOJOE_CHAT_MESSAGES_PER_MINUTE=2)
def test_the_limit_counts_per_address_whatever_the_token(visitor, clinic):
    post(visitor, MESSAGES, {"text": "one"})
    post(visitor, MESSAGES, {"text": "two"})
    assert post(visitor, MESSAGES, {"text": "three"}).status_code == 429
    other_address = Client(REMOTE_ADDR="192.0.2.7")
    assert post(other_address, MESSAGES, {"text": "hello"}).status_code == 200
