"""Admin pages for what can be booked and when: appointment types, hours, exceptions, holidays.

Appointments and waitlist entries are patient data: they change only through the audited scheduling
services (API and staff pages), so they have no admin page.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.utils import timezone

from mojoe.core.admin import (
    ManagedPracticeFilter,
    PracticeScopedAdmin,
    PracticeScopedForm,
    PracticeScopedInline,
    admin_scope,
)
from mojoe.practices.models import Practice
from mojoe.scheduling.models import AppointmentType, AvailabilityException, AvailabilityRule, Holiday


class AvailabilityRuleInline(PracticeScopedInline):
    """A provider's weekly hours, edited on the provider's page."""

    model = AvailabilityRule
    fields = ("location", "weekday", "start_time", "end_time", "valid_from", "valid_until")


@admin.register(AppointmentType)
class AppointmentTypeAdmin(PracticeScopedAdmin):
    list_display = (
        "name",
        "practice",
        "duration_minutes",
        "bookable_online",
        "new_patients_allowed",
        "active",
    )
    list_filter = ("active", "bookable_online", ManagedPracticeFilter)
    list_select_related = ("practice",)
    search_fields = ("name",)
    filter_horizontal = ("providers",)
    fieldsets = (
        (None, {"fields": ("practice", "name", "description", "color", "active")}),
        ("Who and how long", {"fields": ("providers", "duration_minutes", "slot_interval_minutes")}),
        ("Buffers", {"fields": ("buffer_before_minutes", "buffer_after_minutes")}),
        (
            "Booking",
            {"fields": ("bookable_online", "new_patients_allowed", "min_notice_minutes", "horizon_days")},
        ),
    )


@admin.register(AvailabilityRule)
class AvailabilityRuleAdmin(PracticeScopedAdmin):
    list_display = ("provider", "weekday", "start_time", "end_time", "location", "valid_from", "valid_until")
    list_filter = ("weekday", ManagedPracticeFilter, ("provider", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("provider", "location")
    fields = (
        "practice",
        "provider",
        "location",
        "weekday",
        "start_time",
        "end_time",
        "valid_from",
        "valid_until",
    )


class AvailabilityExceptionForm(PracticeScopedForm):
    def clean(self):
        cleaned = super().clean()
        practice = cleaned.get("practice")
        if isinstance(practice, Practice):
            # The wall time typed in is meant in the practice's zone, whatever zone the page was shown in.
            for name in ("start", "end"):
                if cleaned.get(name):
                    naive = timezone.make_naive(cleaned[name])
                    cleaned[name] = timezone.make_aware(naive, practice.tz)
        return cleaned


@admin.register(AvailabilityException)
class AvailabilityExceptionAdmin(PracticeScopedAdmin):
    """Time off and extra hours, entered and shown in the practice's own time zone (the server's is UTC)."""

    form = AvailabilityExceptionForm
    list_display = ("provider", "kind", "local_start", "local_end", "location", "reason")
    list_filter = ("kind", ManagedPracticeFilter, ("provider", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("practice", "provider", "location")
    fields = ("practice", "provider", "kind", "location", "start", "end", "reason")
    date_hierarchy = "start"

    @admin.display(description="start", ordering="start")
    def local_start(self, obj):
        return f"{timezone.localtime(obj.start, obj.practice.tz):%Y-%m-%d %H:%M %Z}"

    @admin.display(description="end", ordering="end")
    def local_end(self, obj):
        return f"{timezone.localtime(obj.end, obj.practice.tz):%Y-%m-%d %H:%M %Z}"

    def _zone(self, request, object_id):
        if object_id:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                return obj.practice.tz
        only = admin_scope(request).only_practice_id
        return Practice.objects.get(pk=only).tz if only else None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The page is rendered inside the zone too: template responses render after the view returns.
        with timezone.override(self._zone(request, object_id)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
        return response


@admin.register(Holiday)
class HolidayAdmin(PracticeScopedAdmin):
    list_display = ("date", "name", "practice")
    list_filter = (ManagedPracticeFilter,)
    list_select_related = ("practice",)
    search_fields = ("name",)
    date_hierarchy = "date"
