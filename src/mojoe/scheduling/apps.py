from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "mojoe.scheduling"
    label = "scheduling"
