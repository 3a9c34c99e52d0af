"""Self-booking pages, mounted at /p/<practice slug>/ next to the chat (no account needed)."""

from django.urls import path

from mojoe.booking import views, views_manage

app_name = "booking"
urlpatterns = [
    path("book", views.start, name="start"),
    path("book/provider", views.provider, name="provider"),
    path("book/times", views.times, name="times"),
    path("book/details", views.details, name="details"),
    path("book/verify", views.verify, name="verify"),
    path("book/resend", views.resend, name="resend"),
    path("book/restart", views.restart, name="restart"),
    path("book/manage/<str:token>", views_manage.manage, name="manage"),
    path("book/manage/<str:token>/cancel", views_manage.cancel, name="cancel"),
    path("book/manage/<str:token>/reschedule", views_manage.reschedule, name="reschedule"),
    path(
        "book/manage/<str:token>/reschedule/confirm",
        views_manage.reschedule_confirm,
        name="reschedule-confirm",
    ),
]
