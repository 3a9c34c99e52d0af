from django.urls import path

from mojoe.scheduling import waitlist_views as views

app_name = "waitlist"
urlpatterns = [
    path("", views.waitlist_list, name="list"),
    path("new", views.waitlist_add, name="add"),
    path("new/patients", views.patient_picker, name="patient-picker"),
    path("matches", views.waitlist_matches, name="matches"),
    path("<uuid:entry_id>/edit", views.waitlist_edit, name="edit"),
    path("<uuid:entry_id>/remove", views.waitlist_remove, name="remove"),
]
