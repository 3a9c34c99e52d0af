from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "mojoe.booking"
    label = "booking"
    verbose_name = "Online self-booking"
