"""The Django admin as the configuration console of a practice: who may enter, and what each one sees.

Access follows memberships, not Django's `is_staff` flag or model permissions: an owner or administrator
of a practice (an active membership whose role grants `practice.configure`) may use the admin, and sees and
edits only the rows of the practices they configure. Superusers keep the whole site.

We use Django's own `admin.site` (urls.py mounts it) and change two things on that instance here, because
this module is the one place every process imports before the admin serves a request (admin autodiscovery):
`has_permission` (who may open any admin page) and `login_form` (whose password the admin login accepts).
A subclass of AdminSite would be cleaner but needs a settings or urls change; swapping these attributes is
the smallest change with the same effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, AuthenticationForm
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet

from mojoe.core.models import User
from mojoe.core.roles import Capability, Role, role_can
from mojoe.practices.models import Membership, Practice

CONFIGURING_ROLES = frozenset(role for role in Role.values if role_can(role, Capability.CONFIGURE_PRACTICE))


@dataclass(frozen=True)
class AdminScope:
    """What one signed-in user may configure: every practice (superuser) or those in `roles`."""

    everything: bool = False
    roles: dict[UUID, str] = field(default_factory=dict)  # practice id -> the user's role there

    @property
    def allowed(self) -> bool:
        return self.everything or bool(self.roles)

    @property
    def only_practice_id(self) -> UUID | None:
        """The practice to preselect in add forms, when there is no choice to make."""
        return next(iter(self.roles)) if not self.everything and len(self.roles) == 1 else None

    def covers(self, practice_id) -> bool:
        return self.everything or practice_id in self.roles

    def may_grant(self, practice_id, role: str) -> bool:
        # An administrator must not be able to promote anyone (themselves included) above their own role.
        if self.everything:
            return True
        return practice_id in self.roles and (role != Role.OWNER or self.roles[practice_id] == Role.OWNER)

    def limit(self, queryset: models.QuerySet, lookup: str = "practice") -> models.QuerySet:
        return queryset if self.everything else queryset.filter(**{f"{lookup}__in": list(self.roles)})

    def limit_users(self, queryset: models.QuerySet) -> models.QuerySet:
        """Users are global, so a manager sees only the people who belong (or belonged) to their practices."""
        if self.everything:
            return queryset
        members = Membership.objects.filter(practice_id__in=list(self.roles)).values("user_id")
        return queryset.filter(pk__in=members)


def scope_for_user(user) -> AdminScope:
    if not user.is_authenticated or not user.is_active:
        return AdminScope()
    if user.is_superuser:
        return AdminScope(everything=True)
    memberships = Membership.objects.filter(user=user, active=True, role__in=CONFIGURING_ROLES)
    return AdminScope(roles=dict(memberships.values_list("practice_id", "role")))


def admin_scope(request) -> AdminScope:
    """The scope of the request's user, computed once per request (every admin check asks for it)."""
    scope = getattr(request, "_mojoe_admin_scope", None)
    if scope is None:
        scope = scope_for_user(request.user)
        request._mojoe_admin_scope = scope
    return scope


def practice_id_of(obj):
    return obj.pk if isinstance(obj, Practice) else obj.practice_id


def is_practice_owned(model) -> bool:
    try:
        return model._meta.get_field("practice").related_model is Practice
    except FieldDoesNotExist:
        return False


def practice_mismatches(cleaned_data: dict, practice_id) -> dict[str, str]:
    """Chosen related rows (providers, locations…) that belong to another practice than the row itself.

    Only managers of several practices (or superusers) are offered rows of more than one practice, but for
    them nothing else stops a Maple provider from being booked through an Elsewhere appointment type.
    """
    errors = {}
    for name, value in cleaned_data.items():
        if name == "practice":
            continue
        items = value if isinstance(value, models.QuerySet | list | tuple) else [value]
        strangers = [
            item
            for item in items
            if isinstance(item, models.Model)
            and is_practice_owned(type(item))
            and item.practice_id != practice_id
        ]
        if strangers:
            errors[name] = f"{', '.join(map(str, strangers))}: not part of this practice."
    return errors


class PracticeScopedForm(forms.ModelForm):
    """Checks that everything a row points to lives in the row's practice."""

    # Set by PracticeScopedAdmin.get_form on the class it builds for one request.
    admin_scope: AdminScope
    fixed_after_create: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            for name in self.fixed_after_create:
                if name in self.fields:
                    self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        practice = cleaned.get("practice")
        if isinstance(practice, Practice):
            for name, message in practice_mismatches(cleaned, practice.pk).items():
                self.add_error(name, message)
        return cleaned


class PracticeScopedInlineFormSet(BaseInlineFormSet):
    """Inline rows take the practice of the row they are edited with, and may only point into it."""

    def clean(self):
        super().clean()
        practice_id = practice_id_of(self.instance)
        if practice_id is None:  # the parent form is invalid and reports its own errors
            return
        for form in self.forms:
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form):
                for name, message in practice_mismatches(form.cleaned_data, practice_id).items():
                    form.add_error(name, message)

    def save_new(self, form, commit=True):
        form.instance.practice_id = practice_id_of(self.instance)
        return super().save_new(form, commit=commit)


class ScopedChoicesMixin:
    """Foreign-key and many-to-many choices offer only rows of the practices the user configures."""

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        scope = admin_scope(request)
        if scope.everything:
            return queryset
        related = db_field.related_model
        if queryset is None:
            queryset = related._default_manager.using(db)
        if related is Practice:
            return scope.limit(queryset, "pk")
        if related is User:
            return scope.limit_users(queryset)
        if is_practice_owned(related):
            return scope.limit(queryset)
        return queryset


class ManagedPracticeFilter(admin.SimpleListFilter):
    """Filter by practice, offered only to those who configure several; lists them without reading the rows."""

    title = "practice"
    parameter_name = "practice"

    def lookups(self, request, model_admin):
        practices = admin_scope(request).limit(Practice.objects.all(), "pk")
        choices = [(str(practice.pk), practice.name) for practice in practices]
        return choices if len(choices) > 1 else []

    def queryset(self, request, queryset):
        return queryset.filter(practice_id=self.value()) if self.value() else queryset


class PracticeScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """A ModelAdmin for rows that belong to a practice; `practice_lookup` is how the row reaches it.

    Another practice's row is not in the queryset, so its URL answers like a missing row. Fields named in
    `fixed_after_create` (the practice, by default) are shown but cannot change: moving a row to another
    practice would strand everything that points to it. They stay in the form (disabled, not read-only) so
    that unique constraints involving them are still checked by the form instead of failing in the database.
    """

    practice_lookup = "practice"
    fixed_after_create: tuple[str, ...] = ("practice",)
    form = PracticeScopedForm

    def get_queryset(self, request):
        return admin_scope(request).limit(super().get_queryset(request), self.practice_lookup)

    def _may(self, request, obj=None) -> bool:
        scope = admin_scope(request)
        return scope.allowed and (obj is None or scope.covers(practice_id_of(obj)))

    def has_module_permission(self, request):
        return admin_scope(request).allowed

    def has_view_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_add_permission(self, request):
        return admin_scope(request).allowed

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        only = admin_scope(request).only_practice_id
        if only is not None and is_practice_owned(self.model):
            initial.setdefault("practice", only)
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        # modelform_factory builds a new class on every call, so its attributes belong to this request. (Its
        # fields do not all: declared fields are shared with the base class, so forms change them in __init__.)
        form_class = super().get_form(request, obj, change=change, **kwargs)
        form_class.admin_scope = admin_scope(request)
        form_class.fixed_after_create = self.fixed_after_create
        return form_class

    def save_model(self, request, obj, form, change):
        # The choices already stop this; the check stays so that a subclass with its own form cannot skip it.
        if not admin_scope(request).covers(practice_id_of(obj)):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


class PracticeScopedInline(ScopedChoicesMixin, admin.TabularInline):
    """An inline whose rows share the practice of the row they are edited with (`practice` is not shown)."""

    formset = PracticeScopedInlineFormSet
    exclude = ("practice",)
    extra = 0

    def _may(self, request, obj=None) -> bool:
        scope = admin_scope(request)
        return scope.allowed and (obj is None or scope.covers(practice_id_of(obj)))

    def has_view_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj)


# --- who may enter -------------------------------------------------------------------------------------


class PracticeAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login for practice owners and administrators; `is_staff` plays no part."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "Please enter the username and password of an owner or administrator of a practice. "
            "Both fields may be case-sensitive."
        ),
    }

    def confirm_login_allowed(self, user):
        AuthenticationForm.confirm_login_allowed(self, user)  # refuses inactive accounts
        if not scope_for_user(user).allowed:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")


def _may_use_admin(request) -> bool:
    return admin_scope(request).allowed


admin.site.has_permission = _may_use_admin
admin.site.login_form = PracticeAdminAuthenticationForm
admin.site.site_header = "Mojoe administration"
admin.site.site_title = "Mojoe administration"
admin.site.index_title = "Practice configuration"


# --- staff accounts ------------------------------------------------------------------------------------


class StaffCreationForm(AdminUserCreationForm):
    """A new account always starts with a membership, so it is never an orphan no manager can see."""

    practice = forms.ModelChoiceField(queryset=Practice.objects.none())
    role = forms.ChoiceField(choices=Role.choices)
    admin_scope: AdminScope  # set by StaffAdmin.get_form

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = self.admin_scope.limit(Practice.objects.all(), "pk")

    def clean(self):
        cleaned = super().clean()
        practice, role = cleaned.get("practice"), cleaned.get("role")
        if practice and role and not self.admin_scope.may_grant(practice.pk, role):
            self.add_error("role", "Only an owner of this practice can make someone an owner.")
        return cleaned


@admin.register(User)
class StaffAdmin(UserAdmin):
    add_form = StaffCreationForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("First membership", {"fields": ("practice", "role")}),
    )
    # Managers never see the global switches (superuser, staff, groups, permissions).
    manager_fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Account", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    list_display = ("username", "first_name", "last_name", "email", "is_active")
    list_filter = ("is_active",)

    def get_queryset(self, request):
        return admin_scope(request).limit_users(super().get_queryset(request))

    def may_change(self, request, user) -> bool:
        """An account is global: a manager may change it only if every practice it belongs to is theirs.

        Otherwise the owner of one practice could reset the password of a colleague who also works at
        another practice, and act there as them. Owners' accounts are left to owners for the same reason.
        """
        scope = admin_scope(request)
        if scope.everything or user.pk == request.user.pk:
            return scope.allowed
        if user.is_superuser or not scope.allowed:
            return False
        memberships = list(user.memberships.values_list("practice_id", "role"))
        return bool(memberships) and all(scope.may_grant(practice, role) for practice, role in memberships)

    def has_module_permission(self, request):
        return admin_scope(request).allowed

    def has_view_permission(self, request, obj=None):
        return admin_scope(request).allowed

    def has_add_permission(self, request):
        return admin_scope(request).allowed

    def has_change_permission(self, request, obj=None):
        return self.may_change(request, obj) if obj is not None else admin_scope(request).allowed

    def has_delete_permission(self, request, obj=None):
        # Deleting an account removes it from every practice; managers end memberships instead.
        return admin_scope(request).everything

    def get_fieldsets(self, request, obj=None):
        if obj is None or admin_scope(request).everything:
            return super().get_fieldsets(request, obj)
        if not self.may_change(request, obj):
            # Read-only pages render every field as text, which for `password` would be the hash itself.
            return tuple(
                (name, {**opts, "fields": tuple(f for f in opts["fields"] if f != "password")})
                for name, opts in self.manager_fieldsets
            )
        return self.manager_fieldsets

    def get_readonly_fields(self, request, obj=None):
        return ("last_login", "date_joined") if obj is not None else ()

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        form_class.admin_scope = admin_scope(request)
        return form_class

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if admin_scope(request).only_practice_id is not None:
            initial.setdefault("practice", admin_scope(request).only_practice_id)
        return initial

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            Membership.objects.create(
                user=obj, practice=form.cleaned_data["practice"], role=form.cleaned_data["role"]
            )
