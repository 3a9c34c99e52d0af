"""The staff forms for registering and editing a patient.

Plain forms, not ModelForms: a ModelForm would run the model's validation itself (and refuse a phone typed
as "(617) 555-0123" before the service could normalize it). Here the form checks shapes (a date, an email, a
known choice, a dialable phone); the rules stay in `services.patient_create` / `patient_update`, and their
errors are put back next to the field they name.
"""

from __future__ import annotations

import re

from django import forms

from mojoe.core.errors import MojoeError
from mojoe.core.validators import normalize_phone
from mojoe.patients.models import Patient

# People type phones with spaces, brackets and extensions; the service makes them E.164.
PHONE_INPUT_LENGTH = 30


def _from_model(name: str, **overrides) -> forms.Field:
    """The form field Django derives from the model field (length, choices, required), with our wording."""
    return Patient._meta.get_field(name).formfield(**overrides)


def _phone(name: str, label: str) -> forms.Field:
    return _from_model(
        name,
        label=label,
        max_length=PHONE_INPUT_LENGTH,
        help_text="Any format, e.g. (617) 555-0123.",
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )


class PatientForm(forms.Form):
    """Demographics, contact points, preferences and consents of an existing patient."""

    given_name = _from_model("given_name", label="First name")
    middle_name = _from_model("middle_name", label="Middle name")
    family_name = _from_model("family_name", label="Last name")
    preferred_name = _from_model(
        "preferred_name", label="Preferred name", help_text="What the patient likes to be called."
    )
    birth_date = _from_model(
        "birth_date",
        label="Date of birth",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    sex = _from_model("sex", label="Sex")
    mrn = _from_model("mrn", label="MRN", help_text="Medical record number, unique in the practice.")

    phone_mobile = _phone("phone_mobile", "Mobile phone")
    phone_home = _phone("phone_home", "Home phone")
    email = _from_model("email", label="Email")
    address_line1 = _from_model("address_line1", label="Address")
    address_line2 = _from_model("address_line2", label="Address line 2", help_text="Apartment, suite, unit.")
    city = _from_model("city", label="City")
    state = _from_model("state", label="State")
    postal_code = _from_model("postal_code", label="ZIP code")

    preferred_language = _from_model(
        "preferred_language", label="Preferred language", help_text="A language tag: en, es, pt, zh…"
    )
    preferred_channel = _from_model("preferred_channel", label="Preferred way to reach them")
    consent_sms = _from_model("consent_sms", label="Agrees to text messages")
    consent_email = _from_model("consent_email", label="Agrees to email")
    consent_voice = _from_model("consent_voice", label="Agrees to automated phone calls")
    active = _from_model("active", label="Active patient", help_text="Clear for a patient who has left.")

    # How the template groups the fields; a field left out of every group would not be shown.
    GROUPS = (
        (
            "Identity",
            ("given_name", "middle_name", "family_name", "preferred_name", "birth_date", "sex", "mrn"),
        ),
        (
            "Contact",
            (
                "phone_mobile",
                "phone_home",
                "email",
                "address_line1",
                "address_line2",
                "city",
                "state",
                "postal_code",
            ),
        ),
        (
            "Preferences and consents",
            ("preferred_language", "preferred_channel", "consent_sms", "consent_email", "consent_voice"),
        ),
        ("Record", ("active",)),
    )

    @classmethod
    def for_patient(cls, patient: Patient, data=None) -> PatientForm:
        """The form filled with the patient's current values (so `changed_data` is what the user changed)."""
        return cls(data=data, initial={name: getattr(patient, name) for name in cls.base_fields})

    def groups(self):
        """(legend, bound fields) per fieldset, skipping fields this form does not have."""
        for legend, names in self.GROUPS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield legend, fields

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data}

    def add_service_error(self, error: MojoeError) -> None:
        """Put a service's refusal next to the field it names; anything else goes above the form.

        The patient services report "field: message; other_field: message" (see `services._clean`). A message
        may itself contain "; ", so the text is cut only where a known field name follows.
        """
        if error.code == "mrn_taken":
            self.add_error("mrn", error.detail)
            return
        text = error.detail
        names = "|".join(re.escape(name) for name in self.fields)
        found = list(re.finditer(rf"(?:^|;\s+)({names}):\s+", text))
        leading = text[: found[0].start()] if found else text
        if leading.strip():
            self.add_error(None, leading.strip())
        ends = [match.start() for match in found[1:]] + ([len(text)] if found else [])
        for match, end in zip(found, ends, strict=True):
            self.add_error(match.group(1), text[match.end() : end].strip())

    # The services normalize phones too, but their phone message does not say which of the two numbers
    # it is about; checking here with the same function puts it next to the right field.
    def _clean_phone(self, name: str) -> str:
        return normalize_phone(self.cleaned_data.get(name, ""))

    def clean_phone_mobile(self) -> str:
        return self._clean_phone("phone_mobile")

    def clean_phone_home(self) -> str:
        return self._clean_phone("phone_home")


class NewPatientForm(PatientForm):
    """Registering a patient: the MRN may be left to Mojoe, and a new patient is active."""

    mrn = _from_model("mrn", label="MRN", required=False, help_text="Leave empty and Mojoe assigns one.")
    active = None
