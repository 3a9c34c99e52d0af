"""The outbox, mounted at /outbox/."""

from django.urls import path

from mojoe.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("text", views.outbox_text, name="text"),
]
