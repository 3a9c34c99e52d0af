"""The two forms a patient fills in: who they are and where the code goes, then the code."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mojoe.booking.models import CodeChannel
from mojoe.booking.services import CODE_DIGITS, NAME_MAX, contact_clean
from mojoe.core.errors import InvalidInput


class DetailsForm(forms.Form):
    given_name = forms.CharField(
        max_length=NAME_MAX, error_messages={"required": gettext_lazy("Enter your first name.")}
    )
    family_name = forms.CharField(
        max_length=NAME_MAX, error_messages={"required": gettext_lazy("Enter your last name.")}
    )
    # Three boxes rather than a date picker: quicker to type a birth year decades back, and the same on
    # every phone and screen reader.
    birth_month = forms.CharField(max_length=2, required=False)
    birth_day = forms.CharField(max_length=2, required=False)
    birth_year = forms.CharField(max_length=4, required=False)
    channel = forms.ChoiceField(
        choices=CodeChannel.choices,
        initial=CodeChannel.SMS,
        error_messages={
            "required": gettext_lazy("Choose text message or email."),
            "invalid_choice": gettext_lazy("Choose text message or email."),
        },
    )
    phone = forms.CharField(max_length=40, required=False)
    email = forms.CharField(max_length=254, required=False)

    def clean(self):
        data = super().clean()
        self._clean_birth_date(data)
        channel = data.get("channel")
        if channel:
            field = "phone" if channel == CodeChannel.SMS else "email"
            try:
                data["contact"] = contact_clean(channel=channel, value=data.get(field, ""))
            except InvalidInput as error:
                self.add_error(field, error.detail)
        return data

    def _clean_birth_date(self, data) -> None:
        parts = [(data.get(k) or "").strip() for k in ("birth_month", "birth_day", "birth_year")]
        if not any(parts):
            self.add_error("birth_month", _("Enter your date of birth."))
            return
        try:
            month, day, year = (int(part) for part in parts)
            if len(parts[2]) != 4:
                raise ValueError
            born = date(year, month, day)
        except ValueError:
            self.add_error(
                "birth_month",
                _("Enter your date of birth as month, day and a four-digit year, such as 3 14 1985."),
            )
            return
        if not date(1880, 1, 1) <= born <= timezone.localdate():
            self.add_error("birth_month", _("Enter a date of birth in the past."))
            return
        data["birth_date"] = born


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=20,
        error_messages={
            "required": format_lazy(
                gettext_lazy("Enter the {digits}-digit code we sent you."), digits=CODE_DIGITS
            )
        },
    )
