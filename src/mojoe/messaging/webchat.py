"""The web chat's message endpoint: a visitor's browser posts what the patient wrote and gets the replies.

No account and no cookie: the browser holds a random conversation token (returned with the first reply) and
sends it back with each message. The endpoint is CSRF-exempt because nothing ambient authenticates it: a
forged request without the token only opens a new, empty conversation.
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mojoe.assistant.services import assistant_handle
from mojoe.core.errors import MojoeError
from mojoe.core.http import client_ip
from mojoe.core.ratelimit import rate_limit_exceeded
from mojoe.messaging.models import ConversationChannel, ConversationStatus, MessageDirection
from mojoe.messaging.services import (
    clean_body,
    conversation_for_address,
    conversation_history,
    conversation_open,
    webchat_address,
    webchat_token_new,
)
from mojoe.practices.models import Practice

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _error(status: int, detail: str, code: str, **headers) -> JsonResponse:
    response = JsonResponse({"detail": detail, "code": code}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _read(request: HttpRequest) -> dict | JsonResponse:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _error(400, 'Send the message as JSON: {"text": "…", "token": "…"}.', "invalid_json")
    if not isinstance(data, dict):
        return _error(400, "Send the message as a JSON object.", "invalid_json")
    token = data.get("token")
    if token is not None and (not isinstance(token, str) or not _TOKEN.match(token)):
        return _error(400, "This chat's token is not valid; reload the page to start again.", "invalid_token")
    return data


def _practice(slug: str) -> Practice | None:
    return Practice.objects.filter(slug=slug).first()


def _limited(request: HttpRequest, token: str | None) -> JsonResponse | None:
    limit = settings.MOJOE_CHAT_MESSAGES_PER_MINUTE
    for key in (f"chat-ip:{client_ip(request)}", f"chat-token:{token}" if token else None):
        wait = key and rate_limit_exceeded(key, limit=limit)
        if wait:
            return _error(
                429,
                f"You are sending messages faster than we can answer; please wait {wait} seconds.",
                "rate_limited",
                **{"Retry-After": str(wait)},
            )
    return None


def _transcript(conversation) -> list[dict]:
    return [
        {"from": "patient" if m.direction == MessageDirection.INBOUND else m.author, "text": m.body}
        for m in conversation_history(conversation)
    ]


@csrf_exempt
@require_POST
def chat_messages(request: HttpRequest, slug: str) -> JsonResponse:
    """POST {"text", "token"?} → {"token", "replies": [{"text"}], "handed_off"}."""
    practice = _practice(slug)
    if practice is None:
        return _error(404, "There is no practice at this address.", "not_found")
    data = _read(request)
    if isinstance(data, JsonResponse):
        return data
    token = data.get("token")
    limited = _limited(request, token)
    if limited:
        return limited
    text = data.get("text")
    if not isinstance(text, str):
        return _error(400, "Write a message first.", "empty_message")
    try:
        text = clean_body(text)  # before a conversation exists: a refused first message leaves nothing behind
        token = token or webchat_token_new()
        conversation = conversation_for_address(
            practice=practice, channel=ConversationChannel.WEBCHAT, address=webchat_address(token)
        )
        replies = assistant_handle(conversation=conversation, body=text)
    except MojoeError as error:
        return _error(error.status, error.detail, error.code)
    conversation.refresh_from_db(fields=["status"])
    return JsonResponse(
        {
            "token": token,
            "replies": [{"text": reply} for reply in replies],
            "handed_off": conversation.status == ConversationStatus.HANDED_OFF,
        }
    )


@csrf_exempt
@require_POST
def chat_history(request: HttpRequest, slug: str) -> JsonResponse:
    """POST {"token"} → {"messages": [{"from", "text"}]}: a reloaded page shows the conversation again."""
    practice = _practice(slug)
    if practice is None:
        return _error(404, "There is no practice at this address.", "not_found")
    data = _read(request)
    if isinstance(data, JsonResponse):
        return data
    token = data.get("token")
    if not token:
        return JsonResponse({"messages": []})
    limited = _limited(request, token)
    if limited:
        return limited
    conversation = conversation_open(
        practice=practice, channel=ConversationChannel.WEBCHAT, address=webchat_address(token)
    )
    return JsonResponse({"messages": _transcript(conversation) if conversation else []})
