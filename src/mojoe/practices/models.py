"""The practice (the tenant) and the people and places that belong to it."""

import hashlib
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models

from mojoe.core.models import BaseModel
from mojoe.core.roles import Role
from mojoe.core.validators import validate_e164, validate_npi, validate_time_zone


class Practice(BaseModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in patient-facing addresses.")
    time_zone = models.CharField(max_length=64, default="America/New_York", validators=[validate_time_zone])
    phone = models.CharField(max_length=20, blank=True, validators=[validate_e164])
    fax = models.CharField(max_length=20, blank=True, validators=[validate_e164])
    # The number patients text (a Twilio number): inbound texts find their practice by it, replies leave from it.
    sms_number = models.CharField(
        "SMS number",
        max_length=20,
        blank=True,
        validators=[validate_e164],
        help_text="The Twilio number patients text, in E.164 (+16175550100). One practice per number.",
    )
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=50, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="US")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sms_number"], condition=~models.Q(sms_number=""), name="practice_sms_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class Location(BaseModel):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=20, blank=True, validators=[validate_e164])
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=50, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "name"], name="location_name_unique_in_practice")
        ]

    def __str__(self) -> str:
        return self.name


class Provider(BaseModel):
    """Someone patients are booked with: a physician, nurse practitioner, physician assistant…"""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="providers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="provider_profiles",
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    credentials = models.CharField(max_length=50, blank=True, help_text="MD, DO, NP, PA-C…")
    specialty = models.CharField(max_length=100, blank=True)
    npi = models.CharField("NPI", max_length=10, blank=True, validators=[validate_npi])
    locations = models.ManyToManyField(Location, related_name="providers", blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "npi"],
                condition=~models.Q(npi=""),
                name="provider_npi_unique_in_practice",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.given_name} {self.family_name}"
        return f"{name}, {self.credentials}" if self.credentials else name


class Membership(BaseModel):
    """A user's role in one practice. A user may hold one in several practices."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "practice"], name="one_membership_per_practice")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.practice}"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(BaseModel):
    """A personal API token bound to one user in one practice. Only its SHA-256 is stored."""

    PREFIX = "mj_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(
        max_length=12, editable=False, help_text="The first characters, to tell tokens apart."
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, *, user, practice, name: str) -> tuple["ApiToken", str]:
        """Create a token; the raw value is returned once and never stored."""
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, practice=practice, name=name, token_hash=_hash_token(raw), hint=raw[:10]
        )
        return token, raw

    @classmethod
    def find_active(cls, raw: str) -> "ApiToken | None":
        if not raw.startswith(cls.PREFIX):
            return None
        return (
            cls.objects.select_related("user", "practice")
            .filter(token_hash=_hash_token(raw), revoked_at__isnull=True, user__is_active=True)
            .first()
        )


INVITATION_LIFETIME_DAYS = 7


class Invitation(BaseModel):
    """An offer to join a practice in a role, sent by email as a one-time link.

    Only the SHA-256 of the link's token is stored, like API tokens: a copy of the database does not let
    anyone join. The link works once (`accepted_at`), until `expires_at`, and not after it is revoked.
    """

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation of {self.email} as {self.get_role_display()} to {self.practice}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        """A fresh raw token (for the link, never stored) and its hash (stored)."""
        raw = secrets.token_urlsafe(32)
        return raw, _hash_token(raw)

    @classmethod
    def find(cls, raw: str) -> "Invitation | None":
        return cls.objects.select_related("practice").filter(token_hash=_hash_token(raw)).first()

    def is_pending(self, now) -> bool:
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at


# What the assistant says word for word (parking, directions, a FAQ answer) must fit a text message or two;
# lists (insurance plans, services) are cut when answered, so they may be longer.
OFFICE_ANSWER_MAX_LENGTH = 450
OFFICE_LIST_MAX_LENGTH = 2000


class OfficeFacts(BaseModel):
    """What the practice tells patients about its office, in its own words: the assistant answers only from
    these (and from the practice's address, phone, fax, email, website and weekly hours).

    The Spanish fields are optional; a Spanish answer falls back to the English text when one is empty.
    """

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="office_facts")
    parking = models.TextField(blank=True, max_length=OFFICE_ANSWER_MAX_LENGTH)
    parking_es = models.TextField("parking (Spanish)", blank=True, max_length=OFFICE_ANSWER_MAX_LENGTH)
    directions = models.TextField(blank=True, max_length=OFFICE_ANSWER_MAX_LENGTH)
    directions_es = models.TextField("directions (Spanish)", blank=True, max_length=OFFICE_ANSWER_MAX_LENGTH)
    insurances_accepted = models.TextField(
        blank=True, max_length=OFFICE_LIST_MAX_LENGTH, help_text="One insurance plan per line."
    )
    services = models.TextField(
        blank=True, max_length=OFFICE_LIST_MAX_LENGTH, help_text="One service per line."
    )
    services_es = models.TextField(
        "services (Spanish)",
        blank=True,
        max_length=OFFICE_LIST_MAX_LENGTH,
        help_text="One service per line, in the same order as the English list.",
    )
    languages_spoken = models.TextField(
        blank=True, max_length=OFFICE_LIST_MAX_LENGTH, help_text="One language per line."
    )
    after_hours = models.TextField(
        blank=True,
        max_length=OFFICE_ANSWER_MAX_LENGTH,
        help_text="What patients should do when the office is closed.",
    )
    after_hours_es = models.TextField(
        "after hours (Spanish)", blank=True, max_length=OFFICE_ANSWER_MAX_LENGTH
    )

    class Meta:
        verbose_name = "office facts"
        verbose_name_plural = "office facts"

    def __str__(self) -> str:
        return f"Office facts of {self.practice}"


class FaqEntry(BaseModel):
    """A question patients often ask and the practice's answer; the assistant gives the answer word for word."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="faq_entries")
    question = models.CharField(max_length=300)
    answer = models.TextField(max_length=OFFICE_ANSWER_MAX_LENGTH)
    question_es = models.CharField("question (Spanish)", max_length=300, blank=True)
    answer_es = models.TextField("answer (Spanish)", blank=True, max_length=OFFICE_ANSWER_MAX_LENGTH)
    position = models.PositiveIntegerField(default=0, help_text="Smaller numbers are listed first.")
    active = models.BooleanField(default=True, help_text="Inactive entries are kept but never answered.")

    class Meta:
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"
        ordering = ["position", "created_at"]
        indexes = [models.Index(fields=["practice", "position"], name="faq_entry_practice_position")]

    def __str__(self) -> str:
        return self.question
