"""Twilio's webhooks for texts, mounted at /webhooks/twilio/ (docs/sms.md gives the URLs to paste in Twilio)."""

from django.urls import path

from mojoe.messaging import webhooks

app_name = "twilio"
urlpatterns = [
    path("sms", webhooks.sms_inbound, name="sms"),
    path("sms/status", webhooks.sms_status, name="sms-status"),
]
