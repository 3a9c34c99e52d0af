"""Signing in with a username or an email address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    """Accepts either; an email shared by several accounts signs nobody in (it would be a guess)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            matches = list(get_user_model().objects.filter(email__iexact=username.strip())[:2])
            if len(matches) != 1:
                get_user_model()().set_password(password)  # same time spent as a real check
                return None
            username = matches[0].get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)
