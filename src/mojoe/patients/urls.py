from django.urls import path

from mojoe.patients import views

app_name = "patients"
urlpatterns = [
    path("", views.search, name="search"),
    path("new", views.create, name="create"),
    path("<uuid:patient_id>", views.detail, name="detail"),
    path("<uuid:patient_id>/edit", views.edit, name="edit"),
]
