from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "mojoe.core"
    label = "core"
    verbose_name = "Mojoe core"

    def ready(self):
        # Background jobs live in each app's jobs.py; importing them registers Huey's periodic tasks in both
        # the web process (which enqueues) and the worker (which runs them).
        autodiscover_modules("jobs")
