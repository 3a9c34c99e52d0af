"""The routing rules settings page, mounted at /settings/routing/."""

from django.urls import path

from mojoe.inbox import views_routing

app_name = "routing"
urlpatterns = [path("", views_routing.routing_rules, name="rules")]
