from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mojoe.audit"
    label = "audit"
