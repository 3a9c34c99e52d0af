from django.contrib import admin
from django.http import HttpResponse
from django.urls import path
from django.views.generic import RedirectView

from mojoe.api import api


def health(_request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("healthz", health),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
