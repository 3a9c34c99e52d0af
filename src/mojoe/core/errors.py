"""Errors a person can act on.

Services raise these; the API and the pages turn them into a status and `{"detail", "code"}` without
knowing the rule that failed. `code` is stable for programs, `detail` is written for people.
"""


class MojoeError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, detail: str, *, code: str | None = None):
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code


class NotFound(MojoeError):
    status = 404
    code = "not_found"


class PermissionDenied(MojoeError):
    status = 403
    code = "forbidden"


class Conflict(MojoeError):
    status = 409
    code = "conflict"


class InvalidInput(MojoeError):
    status = 422
    code = "invalid"
