"""Settings pages, mounted at /settings/ (owners and administrators; the invitation page is public)."""

from django.urls import path

from mojoe.practices import views, views_hours, views_office, views_staff

app_name = "practices"
urlpatterns = [
    path("", views.overview, name="settings"),
    path("practice", views.practice_edit, name="practice"),
    path("locations", views.location_list, name="locations"),
    path("locations/new", views.location_edit, name="location-add"),
    path("locations/<uuid:location_id>", views.location_edit, name="location-edit"),
    path("providers", views.provider_list, name="providers"),
    path("providers/new", views.provider_edit, name="provider-add"),
    path("providers/<uuid:provider_id>", views.provider_edit, name="provider-edit"),
    path("types", views.type_list, name="types"),
    path("types/new", views.type_edit, name="type-add"),
    path("types/<uuid:type_id>", views.type_edit, name="type-edit"),
    path("hours", views_hours.hours_start, name="hours-start"),
    path("providers/<uuid:provider_id>/hours", views_hours.hours, name="hours"),
    path("providers/<uuid:provider_id>/hours/row", views_hours.hours_row, name="hours-row"),
    path("time-off", views_hours.time_off, name="time-off"),
    path("time-off/<uuid:exception_id>/remove", views_hours.time_off_remove, name="time-off-remove"),
    path("holidays", views_hours.holidays, name="holidays"),
    path("holidays/<uuid:holiday_id>/remove", views_hours.holiday_remove, name="holiday-remove"),
    path("office", views_office.office, name="office"),
    path("office/faq/new", views_office.faq_edit, name="faq-add"),
    path("office/faq/<uuid:entry_id>", views_office.faq_edit, name="faq-edit"),
    path("office/faq/<uuid:entry_id>/remove", views_office.faq_remove, name="faq-remove"),
    path("staff", views_staff.staff, name="staff"),
    path("staff/invite", views_staff.invite, name="invite"),
    path("staff/<uuid:membership_id>/role", views_staff.change_role, name="member-role"),
    path(
        "staff/<uuid:membership_id>/deactivate",
        views_staff.set_active,
        {"active": False},
        name="member-deactivate",
    ),
    path(
        "staff/<uuid:membership_id>/reactivate",
        views_staff.set_active,
        {"active": True},
        name="member-reactivate",
    ),
    path(
        "invitations/<uuid:invitation_id>/revoke",
        views_staff.revoke_invitation,
        name="invitation-revoke",
    ),
    path("invitations/<str:token>", views_staff.accept_invitation, name="accept-invitation"),
]
