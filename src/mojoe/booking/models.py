"""What online self-booking keeps: the pending request behind a one-time code, and the links that manage a booking.

A `BookingRequest` is the only row written before the patient proves, with the code, that they control the
phone or email they gave; the patient and the appointment are written only after that. A `BookingLink` is the
"cancel or change" link sent with the confirmation. Neither stores a secret in the clear: the code is kept as
an HMAC keyed by the install's secret key (a six-digit code hashed plainly could be found by trying a million
values), the link's token as its SHA-256 (32 random bytes cannot be tried).
"""

from django.db import models

from mojoe.core.models import BaseModel
from mojoe.practices.models import Location, Practice, Provider
from mojoe.scheduling.models import Appointment, AppointmentType


class CodeChannel(models.TextChoices):
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the code"
    VERIFIED = "verified", "Code accepted"
    BOOKED = "booked", "Booked"
    LOCKED = "locked", "Too many wrong codes"


class BookingRequest(BaseModel):
    """Someone asked for a time and was sent a code; who they say they are, and the time they chose."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="booking_requests")
    appointment_type = models.ForeignKey(AppointmentType, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField()
    any_provider = models.BooleanField(default=False, help_text="The patient asked for the first available.")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    birth_date = models.DateField()
    channel = models.CharField(max_length=5, choices=CodeChannel.choices)
    contact = models.CharField(max_length=254, help_text="The phone (E.164) or email the code went to.")
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    code_expires_at = models.DateTimeField()
    codes_sent = models.PositiveSmallIntegerField(default=1)
    wrong_codes = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    verified_at = models.DateTimeField(null=True, blank=True)
    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"], name="booking_request_created")]

    def __str__(self) -> str:
        return f"Online booking request {self.pk} ({self.status})"


class BookingLink(BaseModel):
    """The secret link that lets whoever booked cancel or move that one appointment, until it starts."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="booking_links")
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="booking_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    channel = models.CharField(max_length=5, choices=CodeChannel.choices)
    contact = models.CharField(
        max_length=254, help_text="Where the link was sent; changes are confirmed there."
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(
        null=True, blank=True, help_text="When it cancelled the appointment or was replaced by a move."
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Booking link for {self.appointment_id}"
