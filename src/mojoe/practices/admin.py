"""Admin pages for a practice's own configuration: the practice, its places, providers, members and tokens."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone

from mojoe.core.admin import ManagedPracticeFilter, PracticeScopedAdmin, PracticeScopedForm, admin_scope
from mojoe.core.roles import Role
from mojoe.practices.models import ApiToken, Location, Membership, Practice, Provider
from mojoe.scheduling.admin import AvailabilityRuleInline


@admin.register(Practice)
class PracticeAdmin(PracticeScopedAdmin):
    practice_lookup = "pk"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default, chosen now
    list_display = ("name", "slug", "time_zone", "phone", "email")
    search_fields = ("name", "slug")
    fieldsets = (
        (None, {"fields": ("name", "slug", "time_zone")}),
        ("Contact", {"fields": ("phone", "sms_number", "fax", "email", "website")}),
        (
            "Address",
            {"fields": ("address_line1", "address_line2", "city", "state", "postal_code", "country")},
        ),
    )

    # A practice is a tenant: creating or removing one is the operator's job, not a practice's.
    def has_add_permission(self, request):
        return admin_scope(request).everything

    def has_delete_permission(self, request, obj=None):
        return admin_scope(request).everything


@admin.register(Location)
class LocationAdmin(PracticeScopedAdmin):
    list_display = ("name", "practice", "city", "phone", "active")
    list_filter = ("active", ManagedPracticeFilter)
    list_select_related = ("practice",)
    search_fields = ("name", "city")


@admin.register(Provider)
class ProviderAdmin(PracticeScopedAdmin):
    list_display = ("display_name", "practice", "specialty", "npi", "active")
    list_filter = ("active", ManagedPracticeFilter)
    list_select_related = ("practice",)
    search_fields = ("given_name", "family_name", "npi")
    filter_horizontal = ("locations",)
    inlines = (AvailabilityRuleInline,)


class MembershipForm(PracticeScopedForm):
    def clean(self):
        cleaned = super().clean()
        practice, role = cleaned.get("practice"), cleaned.get("role")
        was_owner = not self.instance._state.adding and self.instance.role == Role.OWNER
        promoted = practice and role == Role.OWNER and not was_owner
        if promoted and not self.admin_scope.may_grant(practice.pk, role):
            self.add_error("role", "Only an owner of this practice can make someone an owner.")
        # self.instance still holds the saved values here: the form copies its data onto it after clean().
        steps_down = was_owner and self.instance.active and (role != Role.OWNER or not cleaned.get("active"))
        if steps_down and is_last_active_owner(self.instance):
            raise ValidationError("A practice needs at least one active owner; name another owner first.")
        return cleaned


def is_last_active_owner(membership: Membership) -> bool:
    others = Membership.objects.filter(practice_id=membership.practice_id, role=Role.OWNER, active=True)
    return not others.exclude(pk=membership.pk).exists()


@admin.register(Membership)
class MembershipAdmin(PracticeScopedAdmin):
    form = MembershipForm
    fixed_after_create = ("practice", "user")
    list_display = ("user", "practice", "role", "active")
    list_filter = ("role", "active", ManagedPracticeFilter)
    list_select_related = ("user", "practice")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")

    def _may_touch(self, request, obj) -> bool:
        # An administrator may manage everyone except owners, so that they cannot demote or remove them.
        return obj is None or admin_scope(request).may_grant(obj.practice_id, obj.role)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_touch(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.role == Role.OWNER and obj.active and is_last_active_owner(obj):
            return False
        return super().has_delete_permission(request, obj) and self._may_touch(request, obj)


class ApiTokenForm(PracticeScopedForm):
    def clean(self):
        cleaned = super().clean()
        user, practice = cleaned.get("user"), cleaned.get("practice")
        if user and practice:
            member = Membership.objects.filter(user=user, practice=practice, active=True).exists()
            if not member:
                self.add_error("user", "This person has no active membership in this practice.")
        return cleaned


@admin.register(ApiToken)
class ApiTokenAdmin(PracticeScopedAdmin):
    """Tokens are issued here and shown once; the stored hash is never displayed."""

    form = ApiTokenForm
    fixed_after_create = ("practice", "user")
    list_display = ("name", "hint", "user", "practice", "created_at", "last_used_at", "revoked_at")
    list_filter = (ManagedPracticeFilter, ("revoked_at", admin.EmptyFieldListFilter))
    list_select_related = ("user", "practice")
    search_fields = ("name", "hint", "user__username")
    actions = ("revoke",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("practice", "user", "name")
        return ("practice", "user", "name", "hint", "created_at", "last_used_at", "revoked_at")

    def get_readonly_fields(self, request, obj=None):
        # Revoking is one-way and goes through the action, so a revoked token cannot quietly come back.
        return ("hint", "created_at", "last_used_at", "revoked_at") if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        # A revoked token keeps its history (who, when last used); only the operator removes tokens.
        return admin_scope(request).everything

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        if not admin_scope(request).covers(obj.practice_id):
            raise PermissionDenied
        token, raw = ApiToken.issue(user=obj.user, practice=obj.practice, name=obj.name)
        # The admin goes on with `obj` (its log entry and redirect), so it becomes the issued row.
        obj.pk = token.pk
        obj.refresh_from_db()
        obj._state.adding = False
        messages.warning(
            request,
            f"The new token is {raw} — copy it now: it is not stored and will not be shown again.",
        )

    @admin.action(description="Revoke selected tokens", permissions=("change",))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} token(s) revoked.", messages.SUCCESS)
