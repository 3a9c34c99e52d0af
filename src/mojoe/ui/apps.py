from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "mojoe.ui"
    label = "ui"
    verbose_name = "Staff workspace"
