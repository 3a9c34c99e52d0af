"""The patient's web chat page and the snippet that puts it on a practice's own website.

Both are public and both are meant to be used from other sites: the page is the one Mojoe page that may be
shown in a frame, and the snippet is a script any website may load. Neither sets a cookie nor reads one;
the conversation lives behind the token the page keeps in the browser tab (see webchat.py).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from mojoe.messaging.attachments import KEPT_TYPES, MAX_BYTES
from mojoe.messaging.services import MAX_MESSAGE_LENGTH
from mojoe.practices.models import Practice
from mojoe.practices.office import practice_phone
from mojoe.ui.languages import language_switch, patient_language

# Everything the page loads comes from Mojoe itself; nothing inline, so an injected script cannot run.
# frame-ancestors is left out on purpose: any practice website may frame the chat.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)
# Staff replies reach an open page only by asking: while a person handles the conversation the page asks
# this often (well under the per-minute message limit).
HANDOFF_POLL_SECONDS = 15
WIDGET_SOURCE = Path(__file__).parent / "static" / "messaging" / "webchat-widget.js"
WIDGET_CONFIG_MARKER = "__MOJOE_WIDGET_CONFIG__"
# Practices paste the snippet once; an hour lets a renamed practice or a Mojoe upgrade reach their
# visitors the same day while sparing the server a request on every page view of their site.
WIDGET_MAX_AGE = 3600
JAVASCRIPT = "text/javascript; charset=utf-8"


@xframe_options_exempt
@require_safe
def chat_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The chat as a page of its own: linked from anywhere, or framed by the snippet below. In the patient's
    language (`?lang=`, else the browser's): never a cookie, which a practice's website could not keep for
    a frame anyway."""
    practice = Practice.objects.filter(slug=slug).first()
    with translation.override(patient_language(request, cookie=False)):
        if practice is None:
            response = render(request, "messaging/webchat_missing.html", status=404)
        else:
            response = render(
                request,
                "messaging/webchat.html",
                {
                    "practice": practice,
                    "phone": practice_phone(practice),
                    "language_switch": language_switch(request),
                    "chat_text": _chat_text(),
                    "max_length": MAX_MESSAGE_LENGTH,
                    "poll_seconds": HANDOFF_POLL_SECONDS,
                    "max_file_bytes": MAX_BYTES,
                    "file_types": ",".join(KEPT_TYPES),
                },
            )
    response["Content-Security-Policy"] = PAGE_POLICY
    patch_vary_headers(response, ["Accept-Language"])
    return response


def _chat_text() -> dict:
    """What the page's script says, in the active language; `{…}` are filled in by the script."""
    text = {
        "you": _("You"),
        "assistant": _("Assistant"),
        "staff": _("Office staff"),
        "typing_who": _("The assistant is "),
        "typing": _("typing…"),
        "sent_file": _("Sent a file: "),
        "or_call": _(", or call us at {phone}"),
        "wait": _("You are sending messages quickly; please wait {seconds} seconds and try again."),
        "a_few": _("a few"),
        "our_side": _("Something went wrong on our side. Please try again in a moment{call}."),
        "not_sent": _("That message could not be sent. Please try again{call}."),
        "unreachable": _("We could not reach the office. Check your connection and try again{call}."),
        "staff_will_answer": _("A member of our staff will answer here. Please keep this page open."),
        "history_problem": _("Your earlier messages could not be shown: {problem}"),
        "history_offline": _(
            "Your earlier messages could not be shown. Check your connection and reload the page."
        ),
        "file_too_large": _("This file is larger than {mb} MB; please send a smaller one."),
        "codes": {},
    }
    if translation.get_language() != "en":
        # The endpoints explain refusals in English, with details; a page in another language says the same
        # in its own words, by the refusal's code.
        text["codes"] = {
            "rate_limited": text["wait"],
            "empty_message": _("Write a message first."),
            "message_too_long": _("That message is too long; please keep it under {max} characters.").replace(
                "{max}", str(MAX_MESSAGE_LENGTH)
            ),
            "invalid_token": _("This chat's token is not valid; reload the page to start again."),
            "too_large": text["file_too_large"],
            "unsupported_file": _(
                "This file cannot be sent here: we take pictures (JPEG, PNG, GIF, WebP, HEIC) and PDFs. You "
                "can bring it to your visit."
            ),
            "no_file": _("Choose a picture or a PDF to send."),
        }
    return text


def _widget_template() -> str:
    source = WIDGET_SOURCE.read_text(encoding="utf-8")
    if source.count(WIDGET_CONFIG_MARKER) != 1:
        raise RuntimeError(f"{WIDGET_SOURCE} must name {WIDGET_CONFIG_MARKER} exactly once.")
    return source


# Read once per process; in development the file is read on every request so edits show at once.
_widget_template_cached = functools.cache(_widget_template)


@require_safe
def widget_script(request: HttpRequest, slug: str) -> HttpResponse:
    """The script a practice puts on its website: a "Chat with us" button that opens the page in a panel."""
    practice = Practice.objects.filter(slug=slug).first()
    if practice is None:
        # Still JavaScript, so that a mistyped address shows in the console and breaks nothing on the site.
        return HttpResponse(
            "/* Mojoe: there is no practice at this address. */\n", status=404, content_type=JAVASCRIPT
        )
    config = {
        "chatPath": reverse("webchat:chat", kwargs={"slug": practice.slug}),
        "slug": practice.slug,
        "title": f"Chat with {practice.name}",
        "label": "Chat with us",
    }
    # A JSON literal is a JavaScript expression whatever the name holds: quotes and line breaks come escaped.
    template = _widget_template() if settings.DEBUG else _widget_template_cached()
    body = template.replace(WIDGET_CONFIG_MARKER, json.dumps(config))
    etag = quote_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    response = HttpResponse(body, content_type=JAVASCRIPT)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=WIDGET_MAX_AGE)
    # Other sites load it: allowed even where they isolate themselves (COEP) or check it with integrity=.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Access-Control-Allow-Origin"] = "*"
    return get_conditional_response(request, etag=etag, response=response)
