from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "mojoe.patients"
    label = "patients"
