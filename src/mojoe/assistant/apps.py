from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "mojoe.assistant"
    label = "assistant"
