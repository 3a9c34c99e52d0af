from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path

from mojoe.api import api
from mojoe.ui import views as ui_views


def health(_request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", ui_views.home, name="home"),
    path("login", ui_views.SignInView.as_view(), name="login"),
    path("logout", auth_views.LogoutView.as_view(), name="logout"),
    path("choose-practice", ui_views.choose_practice, name="choose-practice"),
    path("schedule/", include("mojoe.scheduling.urls")),
    path("waitlist/", include("mojoe.scheduling.waitlist_urls")),
    path("patients/", include("mojoe.patients.urls")),
    path("settings/routing/", include("mojoe.inbox.routing_urls")),
    path("settings/", include("mojoe.practices.urls")),
    path("outbox/", include("mojoe.messaging.urls")),
    path("tasks/", include("mojoe.inbox.urls")),
    path("conversations/", include("mojoe.inbox.conversation_urls")),
    path("p/<slug:slug>/", include("mojoe.messaging.webchat_urls")),
    path("p/<slug:slug>/", include("mojoe.booking.urls")),
    path("webhooks/twilio/", include("mojoe.messaging.twilio_urls")),
    path("webhooks/email/", include("mojoe.messaging.email_urls")),
    path("healthz", health),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
