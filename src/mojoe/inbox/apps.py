from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "mojoe.inbox"
    label = "inbox"
