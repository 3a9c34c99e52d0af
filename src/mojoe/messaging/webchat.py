"""The web chat's message endpoint: a visitor's browser posts what the patient wrote and gets the replies.

No account and no cookie: the browser holds a random conversation token (returned with the first reply) and
sends it back with each message. The endpoints are CSRF-exempt because nothing ambient authenticates them: a
forged request without the token only opens a new conversation.

A patient may also send a picture or a PDF (an insurance card, a rash, a form), one per request to
`chat/files`: checked before anything is written (its size, and its content, which must be a kept type
whatever it is called), then kept with the message as texted and emailed ones are (messaging.attachments).
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mojoe.assistant.services import assistant_handle
from mojoe.core.errors import MojoeError
from mojoe.core.http import client_ip
from mojoe.core.ratelimit import rate_limit_exceeded
from mojoe.messaging.attachments import KEPT_DESCRIPTION, MAX_BYTES, attachment_upload, file_too_large
from mojoe.messaging.models import (
    ConversationChannel,
    ConversationStatus,
    MessageAttachment,
    MessageDirection,
)
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
    return _token_refused(data.get("token")) or data


def _token_refused(token) -> JsonResponse | None:
    """A 400 for a token given that is not one this chat could have handed out."""
    if token is not None and (not isinstance(token, str) or not _TOKEN.match(token)):
        return _error(400, "This chat's token is not valid; reload the page to start again.", "invalid_token")
    return None


def _practice(slug: str) -> Practice | JsonResponse:
    """The practice at this address, or the JSON 404 every chat endpoint answers without one."""
    practice = Practice.objects.filter(slug=slug).first()
    if practice is None:
        return _error(404, "There is no practice at this address.", "not_found")
    return practice


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
    messages = conversation_history(conversation)
    files: dict = {}
    for message_id, filename in MessageAttachment.objects.filter(message__in=messages).values_list(
        "message_id", "filename"
    ):
        files.setdefault(message_id, []).append(filename or "a file")
    transcript = []
    for message in messages:
        author = "patient" if message.direction == MessageDirection.INBOUND else message.author
        entry = {"from": author, "text": message.body}
        if message.pk in files:
            entry["files"] = files[message.pk]
        transcript.append(entry)
    return transcript


@csrf_exempt
@require_POST
def chat_messages(request: HttpRequest, slug: str) -> JsonResponse:
    """POST {"text", "token"?} → {"token", "replies": [{"text"}], "handed_off"}."""
    practice = _practice(slug)
    if isinstance(practice, JsonResponse):
        return practice
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
    return _answered(practice, token, text)


# What a picture's form may weigh beyond the picture: the token, a few words, the multipart framing.
_FORM_ALLOWANCE = 64 * 1024


@csrf_exempt
@require_POST
def chat_files(request: HttpRequest, slug: str) -> JsonResponse:
    """POST multipart {"file", "text"?, "token"?} → as `chat_messages`: one picture or PDF sent in the chat."""
    practice = _practice(slug)
    if isinstance(practice, JsonResponse):
        return practice
    # Refused by its announced size before Django reads the body into a temporary file.
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BYTES + _FORM_ALLOWANCE:
        return _refusal(file_too_large())
    if request.content_type != "multipart/form-data":
        return _not_a_form()
    try:
        form, files = request.POST, request.FILES
    except MultiPartParserError:  # a broken body (no boundary, cut short)
        return _not_a_form()
    token = form.get("token") or None
    refused = _token_refused(token)
    if refused:
        return refused
    limited = _limited(request, token)
    if limited:
        return limited
    upload = files.get("file")
    if upload is None:
        return _error(400, f"Choose a file to send: {KEPT_DESCRIPTION}.", "no_file")
    if upload.size > MAX_BYTES:  # refused unread
        return _refusal(file_too_large())
    try:
        attachment = attachment_upload(filename=upload.name or "", content=upload.read())
    except MojoeError as error:
        return _refusal(error)
    return _answered(practice, token, form.get("text", ""), attachments=[attachment])


def _not_a_form() -> JsonResponse:
    return _error(400, "Send the file as multipart/form-data, in a field named file.", "invalid_form")


def _refusal(error: MojoeError) -> JsonResponse:
    return _error(error.status, error.detail, error.code)


def _answered(practice: Practice, token: str | None, text: str, *, attachments=()) -> JsonResponse:
    """The message through the assistant, in this browser's conversation (a new one without a token)."""
    try:
        # Before a conversation exists: a refused first message leaves nothing behind.
        text = clean_body(text, empty_allowed=bool(attachments))
        token = token or webchat_token_new()
        conversation = conversation_for_address(
            practice=practice, channel=ConversationChannel.WEBCHAT, address=webchat_address(token)
        )
        replies = assistant_handle(conversation=conversation, body=text, attachments=attachments)
    except MojoeError as error:
        return _refusal(error)
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
    if isinstance(practice, JsonResponse):
        return practice
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
