from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "mojoe.practices"
    label = "practices"
