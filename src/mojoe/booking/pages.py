"""What every self-booking page shares: the practice from the address, its time zone, strict headers, and
refusals shown as a page that says what to do next."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import wraps
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from mojoe.booking.models import BookingRequest
from mojoe.booking.services import RateLimited
from mojoe.core.errors import MojoeError
from mojoe.practices.models import Practice
from mojoe.practices.office import format_phone, practice_phone
from mojoe.scheduling.models import PartOfDay
from mojoe.ui.languages import language_switch, patient_language

# Everything comes from Mojoe itself and nothing is inline, so an injected script cannot run; forms post
# only here; no other site may frame the pages (a framed booking form invites clickjacking).
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SESSION_PREFIX = "mojoe_booking:"


class Problem(Exception):
    """A refusal shown as a page: what happened and one thing to do about it."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str = "",
        action_url: str = "",
        action_label: str = "",
        retry_after: int | None = None,
    ):
        super().__init__(detail)
        self.status, self.detail, self.title = status, detail, title or _("That did not work")
        self.action_url, self.action_label, self.retry_after = action_url, action_label, retry_after


def contact_display(channel: str, contact: str) -> str:
    """A phone as people write it in this region ((617) 555-0123), an email as it is."""
    return format_phone(contact) if channel == "sms" else contact


def page(request: HttpRequest, practice: Practice, template: str, context: dict, status: int = 200):
    return render(
        request,
        template,
        {
            "practice": practice,
            "phone": practice_phone(practice),
            "language_switch": language_switch(request),
            **context,
        },
        status=status,
    )


def problem_page(request: HttpRequest, practice: Practice, problem: Problem) -> HttpResponse:
    response = page(
        request,
        practice,
        "booking/problem.html",
        {
            "problem": problem,
            "start_url": reverse("booking:start", kwargs={"slug": practice.slug}),
        },
        status=problem.status,
    )
    if problem.retry_after:
        response["Retry-After"] = str(problem.retry_after)
    return response


def patient_page(view):
    """Resolve the practice from the slug, compute times in its zone, and turn refusals into pages."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, **kwargs) -> HttpResponse:
        language = patient_language(request)
        with translation.override(language):
            response = _answer(view, request, slug, **kwargs)
        if request.GET.get("lang") == language:  # chosen on the page: the next pages keep it
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=365 * 24 * 3600,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=True,
            )
        response["Content-Language"] = language
        response["Content-Security-Policy"] = PAGE_POLICY
        # Pages carry a patient's details and one-time links: never kept by a shared browser's cache.
        patch_cache_control(response, no_store=True, private=True)
        return response

    return wrapper


def _answer(view, request: HttpRequest, slug: str, **kwargs) -> HttpResponse:
    practice = Practice.objects.filter(slug=slug).first()
    if practice is None:
        return render(request, "booking/missing.html", status=404)
    with timezone.override(practice.tz):
        try:
            return view(request, practice, **kwargs)
        except Problem as problem:
            return problem_page(request, practice, problem)
        except RateLimited as error:
            problem = Problem(
                429, error.detail, title=_("Please wait a little"), retry_after=error.retry_after
            )
            return problem_page(request, practice, problem)
        except MojoeError as error:
            return problem_page(request, practice, Problem(error.status, error.detail))


# --- reading the address's parameters ----------------------------------------------------------------------


def uuid_param(value: str | None) -> UUID | None:
    try:
        return UUID(value) if value else None
    except (ValueError, TypeError, AttributeError):
        return None


def date_param(value: str | None, *, again_url: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Problem(
            400,
            _("That date is not one we can read."),
            action_url=again_url,
            action_label=_("See the earliest times"),
        ) from None


def part_param(value: str | None, *, again_url: str) -> str:
    if not value or value == "any":
        return ""
    if value not in PartOfDay.values:
        raise Problem(
            400,
            _("Choose morning, afternoon, evening or any time."),
            action_url=again_url,
            action_label=_("See all times"),
        )
    return value


def start_param(value: str | None) -> datetime | None:
    try:
        start = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return start if start.tzinfo is not None else None


def start_value(start: datetime) -> str:
    """A start time for an address: UTC with Z, so no "+" turns into a space in a query string."""
    return start.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def with_query(url: str, **params) -> str:
    present = {k: v for k, v in params.items() if v not in (None, "")}
    if not present:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode(present)}"


def public_url(request: HttpRequest, path: str) -> str:
    """An address for a message: the configured public address when there is one, else this request's host."""
    base = settings.MOJOE_PUBLIC_URL
    return f"{base}{path}" if base else request.build_absolute_uri(path)


# --- the request in progress, kept in the browser's session ------------------------------------------------


def session_request(request: HttpRequest, practice: Practice) -> BookingRequest | None:
    pk = uuid_param(request.session.get(SESSION_PREFIX + str(practice.pk)))
    if pk is None:
        return None
    return (
        BookingRequest.objects.select_related("practice", "appointment_type", "provider", "location")
        .filter(pk=pk, practice=practice)
        .first()
    )


def session_remember(request: HttpRequest, practice: Practice, booking_request: BookingRequest) -> None:
    request.session[SESSION_PREFIX + str(practice.pk)] = str(booking_request.pk)


def session_forget(request: HttpRequest, practice: Practice) -> None:
    request.session.pop(SESSION_PREFIX + str(practice.pk), None)
