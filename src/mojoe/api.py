"""The JSON API under /api/v1: authentication, the error format, and each app's router.

Every error is `{"detail": "<what a person can act on>", "code": "<stable code>"}`.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from mojoe.core.context import Actor, Channel
from mojoe.core.errors import MojoeError
from mojoe.core.http import client_ip
from mojoe.practices.models import ApiToken, Membership

LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mj_…`: a personal token, valid while its user is an active member of its practice."""

    openapi_description = "A personal API token; create one in the admin or with `mojoe demo`."

    def authenticate(self, request: HttpRequest, token: str):
        api_token = ApiToken.find_active(token)
        if api_token is None:
            return None
        membership = (
            Membership.objects.filter(user=api_token.user, practice=api_token.practice, active=True)
            .only("role")
            .first()
        )
        if membership is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.actor = Actor(
            practice=api_token.practice,
            user=api_token.user,
            role=membership.role,
            channel=Channel.API,
            client_ip=client_ip(request),
        )
        return api_token


api = NinjaAPI(
    title="Mojoe API",
    version="1",
    description="Scheduling, patients and the waitlist of one practice, as the token's user sees them.",
    auth=TokenAuth(),
    urls_namespace="api-v1",
)


def _error(request, status: int, detail: str, code: str, **extra):
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


@api.exception_handler(MojoeError)
def _mojoe_error(request, exc: MojoeError):
    return _error(request, exc.status, exc.detail, exc.code)


def _describe(error: dict) -> str:
    location = ".".join(
        str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")
    )
    message = error.get("msg", "is invalid")
    return f"{location}: {message}" if location else message


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors]
    detail = "; ".join(_describe(e) for e in exc.errors) or "The request is not valid."
    return _error(request, 422, detail, "invalid", errors=errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, "Send a valid API token as 'Authorization: Bearer <token>'.", "unauthorized")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "Not found.", "not_found")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, exc.status_code, str(exc), "error")


def _register_routers() -> None:
    from mojoe.patients.api import router as patients_router
    from mojoe.practices.api import router as practices_router
    from mojoe.scheduling.api import router as scheduling_router

    api.add_router("", practices_router)
    api.add_router("", patients_router)
    api.add_router("", scheduling_router)


_register_routers()
