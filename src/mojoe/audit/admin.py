"""The audit trail, readable by a practice's owners and administrators and changeable by nobody."""

from django.contrib import admin
from django.utils import timezone

from mojoe.audit.models import AuditEvent
from mojoe.core.admin import ManagedPracticeFilter, PracticeScopedAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(PracticeScopedAdmin):
    list_display = (
        "local_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "channel",
        "client_ip",
        "practice",
    )
    # The trail grows without end: no date hierarchy (it reads every row's date on every page) and no full
    # count; the fixed date ranges of the "at" filter are plain indexed range queries.
    list_filter = ("action", "channel", "at", ManagedPracticeFilter)
    show_full_result_count = False
    list_select_related = ("practice",)
    search_fields = ("actor_label", "object_id")
    ordering = ("-at",)
    # The patient is shown by id: the trail says whose record was touched without being a way to read it.
    fields = (
        "local_at",
        "practice",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "patient_id",
        "channel",
        "client_ip",
        "detail",
    )
    readonly_fields = fields

    @admin.display(description="at", ordering="at")
    def local_at(self, obj):
        return f"{timezone.localtime(obj.at, obj.practice.tz):%Y-%m-%d %H:%M:%S %Z}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
