"""The languages patient pages speak (self-booking, the web chat), and how a page picks one."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

# By code: each language's name in itself, for the link that switches between them.
PATIENT_LANGUAGES = {"en": "English", "es": "Español"}


def patient_language(request: HttpRequest, *, cookie: bool = True) -> str:
    """The page's language: chosen on the page (?lang=, then remembered in a cookie where the page sets one),
    else the browser's, else English."""
    chosen = request.GET.get("lang") or (
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) if cookie else None
    )
    if chosen in PATIENT_LANGUAGES:
        return chosen
    browser = translation.get_language_from_request(request)[:2]
    return browser if browser in PATIENT_LANGUAGES else "en"


def language_switch(request: HttpRequest) -> tuple[str, str, str]:
    """(code, name, this page's address in it) of the other language than the active one, for the link
    between them."""
    other = "en" if translation.get_language() == "es" else "es"
    query = request.GET.copy()
    query["lang"] = other
    return other, PATIENT_LANGUAGES[other], f"{request.path}?{query.urlencode()}"
