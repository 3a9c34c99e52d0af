from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mojoe.core"
    label = "core"
    verbose_name = "Mojoe core"
