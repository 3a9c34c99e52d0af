"""Service errors on pages: a message a person can act on, with the right status, never a 500."""

from django.shortcuts import render

from mojoe.core.errors import MojoeError


class MojoeErrorMiddleware:
    """Turns a `MojoeError` raised by a page into its status and message.

    An htmx request gets the small `ui/_error.html` fragment (htmx is configured in base.html to swap 4xx
    answers), so a dialog shows "That time was just taken" in place; a full page gets the error page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, MojoeError):
            return None
        template = "ui/_error.html" if getattr(request, "htmx", False) else "ui/error.html"
        return render(request, template, {"error": exception}, status=exception.status)
