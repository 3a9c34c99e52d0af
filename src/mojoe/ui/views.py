"""Signing in and out, and choosing the practice to work in."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from mojoe.ui.context import SESSION_KEY, active_memberships


class SignInForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Username or email"


class SignInView(auth_views.LoginView):
    template_name = "ui/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
def choose_practice(request):
    memberships = list(active_memberships(request.user))
    if request.method == "POST":
        chosen = next((m for m in memberships if str(m.practice_id) == request.POST.get("practice")), None)
        if chosen is None:
            return HttpResponseBadRequest("You are not a member of that practice.")
        request.session[SESSION_KEY] = str(chosen.practice_id)
        messages.success(request, f"You are working in {chosen.practice.name}.")
        return redirect(_safe_next(request, reverse("home")))
    return render(
        request, "ui/choose_practice.html", {"memberships": memberships, "next": _safe_next(request, "")}
    )


def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    if request.actor is None:
        return redirect("choose-practice")
    return redirect("scheduling:day")
