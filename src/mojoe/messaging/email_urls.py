"""The inbound email webhook, mounted at /webhooks/email/."""

from django.urls import path

from mojoe.messaging.email_inbound import email_inbound_webhook

urlpatterns = [
    path("inbound", email_inbound_webhook, name="email-inbound"),
]
