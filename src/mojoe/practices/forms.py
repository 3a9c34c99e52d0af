"""The configuration pages' forms: they parse and label input; the services decide what is allowed.

The model forms here skip Django's model validation (`_post_clean`): the service runs it (and its own rules)
on the row it loads and locks, and its errors come back onto the fields with `add_service_errors`.
"""

from __future__ import annotations

from zoneinfo import available_timezones

from django import forms

from mojoe.core.errors import MojoeError
from mojoe.core.roles import Role
from mojoe.practices.models import FaqEntry, Location, OfficeFacts, Practice, Provider
from mojoe.practices.services import InvalidFields
from mojoe.scheduling.models import AppointmentType

TIME_ZONES = sorted(zone for zone in available_timezones() if "/" in zone and not zone.startswith("Etc/"))


def add_service_errors(form: forms.Form, error: MojoeError) -> None:
    """Show a service's refusal on the form: beside each field it names, else at the top."""
    if isinstance(error, InvalidFields):
        for name, messages in error.fields.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.detail)


class ServiceModelForm(forms.ModelForm):
    def _post_clean(self):
        # Model validation runs in the service, on the locked row; the instance here stays untouched.
        pass


class PracticeForm(ServiceModelForm):
    time_zone = forms.ChoiceField(
        choices=[(zone, zone.replace("_", " ")) for zone in TIME_ZONES],
        help_text="Hours, time off and reminders are all in this time zone.",
    )
    website = forms.URLField(required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Practice
        fields = [
            "name",
            "time_zone",
            "phone",
            "sms_number",
            "fax",
            "email",
            "website",
            "address_line1",
            "address_line2",
            "city",
            "state",
            "postal_code",
            "country",
        ]
        labels = {
            "sms_number": "Texting number",
            "address_line1": "Address",
            "address_line2": "Address (line 2)",
            "country": "Country code",
        }
        help_texts = {
            "phone": "With the area code, e.g. (617) 555-0100.",
            "sms_number": "The number patients text (your Twilio number); texts to it reach this practice.",
            "country": "Two letters, e.g. US.",
        }


class LocationForm(ServiceModelForm):
    class Meta:
        model = Location
        fields = ["name", "phone", "address_line1", "address_line2", "city", "state", "postal_code", "active"]
        labels = {
            "sms_number": "Texting number",
            "address_line1": "Address",
            "address_line2": "Address (line 2)",
        }
        help_texts = {"active": "Inactive locations are kept for past visits but offer no new times."}


class ProviderForm(ServiceModelForm):
    locations = forms.ModelMultipleChoiceField(
        queryset=Location.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Works at",
    )

    class Meta:
        model = Provider
        fields = ["given_name", "family_name", "credentials", "specialty", "npi", "active"]
        labels = {"given_name": "First name", "family_name": "Last name", "npi": "NPI"}
        help_texts = {
            "npi": "The 10-digit National Provider Identifier (checked with its check digit).",
            "active": "Inactive providers keep their history but cannot be booked.",
        }

    def __init__(self, *args, practice: Practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = Location.objects.filter(practice=practice).order_by("name")
        if self.instance.pk:
            self.initial.setdefault("locations", list(self.instance.locations.values_list("pk", flat=True)))


class AppointmentTypeForm(ServiceModelForm):
    providers = forms.ModelMultipleChoiceField(
        queryset=Provider.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Providers who perform it",
    )

    class Meta:
        model = AppointmentType
        fields = [
            "name",
            "description",
            "duration_minutes",
            "slot_interval_minutes",
            "buffer_before_minutes",
            "buffer_after_minutes",
            "min_notice_minutes",
            "horizon_days",
            "bookable_online",
            "new_patients_allowed",
            "color",
            "active",
        ]
        labels = {
            "duration_minutes": "Duration (minutes)",
            "slot_interval_minutes": "Start times every (minutes)",
            "buffer_before_minutes": "Buffer before (minutes)",
            "buffer_after_minutes": "Buffer after (minutes)",
            "min_notice_minutes": "Minimum notice (minutes)",
            "horizon_days": "Booking horizon (days)",
            "new_patients_allowed": "New patients may book it",
        }
        help_texts = {"duration_minutes": "From 5 to 720 minutes."}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "color": forms.TextInput(attrs={"type": "color"}),
        }

    def __init__(self, *args, practice: Practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["providers"].queryset = Provider.objects.filter(practice=practice).order_by(
            "family_name", "given_name"
        )
        if self.instance.pk:
            self.initial.setdefault("providers", list(self.instance.providers.values_list("pk", flat=True)))


def _text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class OfficeFactsForm(ServiceModelForm):
    """What the assistant tells patients about the office; the Spanish fields are optional translations."""

    class Meta:
        model = OfficeFacts
        fields = [
            "parking",
            "parking_es",
            "directions",
            "directions_es",
            "after_hours",
            "after_hours_es",
            "services",
            "services_es",
            "insurances_accepted",
            "languages_spoken",
        ]
        labels = {
            "parking_es": "Parking (Spanish)",
            "directions_es": "Directions (Spanish)",
            "after_hours": "After hours",
            "after_hours_es": "After hours (Spanish)",
            "services_es": "Services (Spanish)",
            "insurances_accepted": "Insurance accepted",
        }
        help_texts = {
            "parking": "Where patients park, what it costs, accessible spaces.",
            "directions": "Entrance, floor, nearest bus or train stop.",
            "after_hours": "What patients should do when the office is closed (on-call line, urgent care). "
            "The assistant adds “For an emergency, call 911.” when this does not mention 911.",
            "services": "One service per line, e.g. Flu shots and vaccines.",
            "services_es": "One per line, in the same order as the English list; leave empty to use the English.",
            "insurances_accepted": "One plan per line, e.g. Aetna or Blue Cross Blue Shield. A patient asking "
            "about a plan that is not listed is told the front desk will confirm.",
            "languages_spoken": "One language per line, e.g. English, Spanish.",
        }
        widgets = {
            "parking": _text_area(),
            "parking_es": _text_area(),
            "directions": _text_area(),
            "directions_es": _text_area(),
            "after_hours": _text_area(),
            "after_hours_es": _text_area(),
            "services": _text_area(6),
            "services_es": _text_area(6),
            "insurances_accepted": _text_area(6),
            "languages_spoken": _text_area(3),
        }

    def rows(self) -> list[list[forms.BoundField]]:
        """The fields two by two, each English text beside its Spanish translation."""
        names = list(self.fields)
        return [[self[name] for name in names[index : index + 2]] for index in range(0, len(names), 2)]


class FaqEntryForm(ServiceModelForm):
    position = forms.IntegerField(
        required=False, min_value=0, help_text="Smaller numbers are listed first; empty puts it last."
    )

    class Meta:
        model = FaqEntry
        fields = ["question", "answer", "question_es", "answer_es", "position", "active"]
        labels = {"question_es": "Question (Spanish)", "answer_es": "Answer (Spanish)"}
        help_texts = {
            "question": "As a patient would ask it; the assistant matches patients' questions by their words.",
            "answer": "Given word for word; short enough for a text message.",
            "answer_es": "Optional; without it Spanish speakers get the English answer.",
        }
        widgets = {"answer": _text_area(4), "answer_es": _text_area(4)}


class TimeOffForm(forms.Form):
    provider = forms.ModelChoiceField(queryset=Provider.objects.none())
    start_date = forms.DateField(label="From (date)", widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label="From (time)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="Empty: from the start of the day.",
    )
    end_date = forms.DateField(label="Until (date)", widget=forms.DateInput(attrs={"type": "date"}))
    end_time = forms.TimeField(
        label="Until (time)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="Empty: to the end of the day.",
    )
    reason = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, practice: Practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(practice=practice, active=True)


class HolidayForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(max_length=100, help_text="E.g. Thanksgiving.")


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField()

    def __init__(self, *args, grantable_roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (value, label) for value, label in Role.choices if value in grantable_roles
        ]


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class AcceptInvitationForm(forms.Form):
    """A new account for someone who accepts an invitation; the email address is the invitation's."""

    username = forms.CharField(max_length=150, help_text="What you will sign in with.")
    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name")
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text="At least 10 characters; not a common password.",
    )
    password_again = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        label="Password again",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", "The two passwords are not the same.")
        return cleaned
