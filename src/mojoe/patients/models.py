"""Patients of a practice, their contact points and their consents."""

import unicodedata

from django.db import models

from mojoe.core.models import BaseModel
from mojoe.core.validators import validate_e164
from mojoe.practices.models import Practice


def fold(text: str) -> str:
    """Lower case without accents, so "José" is found by "jose"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


class Sex(models.TextChoices):
    # FHIR AdministrativeGender
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Unknown"


class ContactChannel(models.TextChoices):
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"
    VOICE = "voice", "Phone call"
    NONE = "none", "No contact"


class Patient(BaseModel):
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="patients")
    mrn = models.CharField("MRN", max_length=32, help_text="Medical record number, unique in the practice.")
    given_name = models.CharField(max_length=100)
    middle_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    birth_date = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    phone_mobile = models.CharField(max_length=20, blank=True, validators=[validate_e164])
    phone_home = models.CharField(max_length=20, blank=True, validators=[validate_e164])
    email = models.EmailField(blank=True)
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=50, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    preferred_language = models.CharField(max_length=10, default="en", help_text="BCP 47 tag: en, es…")
    preferred_channel = models.CharField(
        max_length=10, choices=ContactChannel.choices, default=ContactChannel.SMS
    )
    consent_sms = models.BooleanField(default=False)
    consent_email = models.BooleanField(default=False)
    consent_voice = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    # Folded copies of the names, kept by save(), so that search is an indexed prefix match.
    search_given = models.CharField(max_length=100, editable=False, default="")
    search_family = models.CharField(max_length=100, editable=False, default="")

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "mrn"], name="patient_mrn_unique_in_practice")
        ]
        indexes = [
            models.Index(fields=["practice", "search_family", "search_given"], name="patient_name_search"),
            models.Index(fields=["practice", "birth_date"], name="patient_birth_date"),
            models.Index(fields=["practice", "phone_mobile"], name="patient_phone_mobile"),
            models.Index(fields=["practice", "phone_home"], name="patient_phone_home"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.mrn})"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    def save(self, *args, **kwargs):
        self.search_given = fold(self.given_name)[:100]
        self.search_family = fold(self.family_name)[:100]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_given", "search_family"}
        super().save(*args, **kwargs)
