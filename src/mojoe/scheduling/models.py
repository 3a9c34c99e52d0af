"""What can be booked, when providers work, and the appointments themselves."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from mojoe.core.models import BaseModel
from mojoe.patients.models import Patient
from mojoe.practices.models import Location, Practice, Provider


class PartOfDay(models.TextChoices):
    MORNING = "morning", "Morning (before noon)"
    AFTERNOON = "afternoon", "Afternoon (noon to 5 pm)"
    EVENING = "evening", "Evening (after 5 pm)"


class AppointmentType(BaseModel):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="appointment_types")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    duration_minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(12 * 60)]
    )
    slot_interval_minutes = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(12 * 60)],
        help_text="How far apart offered start times are; empty means the duration.",
    )
    buffer_before_minutes = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(240)])
    buffer_after_minutes = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(240)])
    min_notice_minutes = models.PositiveIntegerField(
        default=0, help_text="How soon before its start it may be booked."
    )
    horizon_days = models.PositiveIntegerField(
        default=90, validators=[MinValueValidator(1)], help_text="How far ahead it may be booked."
    )
    bookable_online = models.BooleanField(default=True, help_text="Patients may book it themselves.")
    new_patients_allowed = models.BooleanField(default=True)
    providers = models.ManyToManyField(Provider, related_name="appointment_types", blank=True)
    color = models.CharField(max_length=7, default="#4f7cac")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "name"], name="appointment_type_name_unique_in_practice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.duration_minutes} min)"

    @property
    def interval_minutes(self) -> int:
        return self.slot_interval_minutes or self.duration_minutes


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class AvailabilityRule(BaseModel):
    """A recurring block of working hours: provider, location, weekday, local start and end time.

    Several rules may cover one day (a morning and an afternoon block, or two locations).
    """

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="availability_rules")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="availability_rules")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="availability_rules")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["provider", "weekday", "start_time"]
        indexes = [models.Index(fields=["practice", "provider"], name="availability_rule_provider")]

    def __str__(self) -> str:
        return f"{self.provider} {self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError("A block of hours must end after it starts.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError("'Valid until' must not be before 'valid from'.")


class ExceptionKind(models.TextChoices):
    TIME_OFF = "time_off", "Time off"
    EXTRA_HOURS = "extra_hours", "Extra hours"


class AvailabilityException(BaseModel):
    """A one-off change to a provider's hours: time off removes time, extra hours add it."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="availability_exceptions")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="availability_exceptions")
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, help_text="Required for extra hours."
    )
    kind = models.CharField(max_length=20, choices=ExceptionKind.choices)
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["provider", "start"], name="availability_exception_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.provider} {self.start:%Y-%m-%d %H:%M}"

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError("The exception must end after it starts.")
        if self.kind == ExceptionKind.EXTRA_HOURS and not self.location_id:
            raise ValidationError("Extra hours need a location.")


class Holiday(BaseModel):
    """A day the whole practice is closed."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField()
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["practice", "date"], name="one_holiday_per_day")]

    def __str__(self) -> str:
        return f"{self.name} ({self.date})"


class AppointmentStatus(models.TextChoices):
    # FHIR R4 Appointment.status codes
    PROPOSED = "proposed", "Proposed"
    PENDING = "pending", "Pending"
    BOOKED = "booked", "Booked"
    ARRIVED = "arrived", "Arrived"
    CHECKED_IN = "checked-in", "Checked in"
    FULFILLED = "fulfilled", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    NOSHOW = "noshow", "No-show"
    ENTERED_IN_ERROR = "entered-in-error", "Entered in error"


# Statuses that no longer hold the provider's time. Kept in one place: the PostgreSQL exclusion constraint
# (migration 0002) and the SQLite overlap check both use this list.
RELEASED_STATUSES = (
    AppointmentStatus.CANCELLED,
    AppointmentStatus.NOSHOW,
    AppointmentStatus.ENTERED_IN_ERROR,
)


class SourceChannel(models.TextChoices):
    STAFF = "staff", "Staff"
    API = "api", "API"
    ONLINE = "online", "Online self-booking"
    SMS = "sms", "Text message"
    VOICE = "voice", "Phone call"
    CHAT = "chat", "Web chat"
    EMAIL = "email", "Email"
    IMPORT = "import", "Import"


class Appointment(BaseModel):
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="appointments")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="appointments")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="appointments")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="appointments")
    appointment_type = models.ForeignKey(
        AppointmentType, on_delete=models.PROTECT, related_name="appointments"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    # The time the provider is held, buffers included; what the slot engine treats as busy.
    busy_start = models.DateTimeField(editable=False)
    busy_end = models.DateTimeField(editable=False)
    status = models.CharField(
        max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    source_channel = models.CharField(
        max_length=10, choices=SourceChannel.choices, default=SourceChannel.STAFF
    )
    reason = models.CharField(max_length=500, blank=True, help_text="Internal: why the patient is coming.")
    cancellation_reason = models.CharField(max_length=500, blank=True)
    rescheduled_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rescheduled_to"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the patient said they will come (the status stays booked)."
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["start"]
        indexes = [
            models.Index(fields=["provider", "busy_start", "busy_end"], name="appointment_provider_busy"),
            models.Index(fields=["practice", "start"], name="appointment_practice_start"),
            models.Index(fields=["patient", "start"], name="appointment_patient_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="appointment_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.patient_id} with {self.provider_id} at {self.start:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def holds_time(self) -> bool:
        return self.status not in RELEASED_STATUSES


class WaitlistStatus(models.TextChoices):
    ACTIVE = "active", "Waiting"
    BOOKED = "booked", "Booked"
    REMOVED = "removed", "Removed"
    EXPIRED = "expired", "Expired"


class WaitlistEntry(BaseModel):
    """A patient who wants an earlier or a specific time than the schedule could give them."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="waitlist_entries")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="waitlist_entries")
    appointment_type = models.ForeignKey(
        AppointmentType, on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.SET_NULL, help_text="Empty means any provider."
    )
    earliest_date = models.DateField()
    latest_date = models.DateField()
    part_of_day = models.CharField(max_length=10, choices=PartOfDay.choices, blank=True)
    notes = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=WaitlistStatus.choices, default=WaitlistStatus.ACTIVE)
    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.SET_NULL, related_name="waitlist_entries"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "waitlist entries"
        indexes = [models.Index(fields=["practice", "status", "earliest_date"], name="waitlist_active")]

    def __str__(self) -> str:
        return f"Waitlist: {self.patient_id} for {self.appointment_type_id} ({self.status})"
