from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "mojoe.messaging"
    label = "messaging"
