"""Validators for identifiers used across Mojoe."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError


def validate_npi(value: str) -> None:
    """A National Provider Identifier: ten digits whose last is a Luhn check over "80840" + the first nine."""
    if len(value) != 10 or not value.isdigit():
        raise ValidationError("An NPI is exactly ten digits.")
    digits = [int(c) for c in "80840" + value[:9]]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    if (10 - total % 10) % 10 != int(value[9]):
        raise ValidationError("This NPI's check digit is wrong; please check the number.")


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"{value!r} is not a time zone; use a name such as America/New_York.") from None
    if value not in available_timezones():
        raise ValidationError(f"{value!r} is not a time zone; use a name such as America/New_York.")


def normalize_phone(value: str, region: str | None = None) -> str:
    """The number in E.164 (+15551234567), or ValidationError with a message a person can act on."""
    raw = (value or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, region or settings.MOJOE_DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(f"{raw!r} is not a phone number.") from None
    if not phonenumbers.is_possible_number(number):
        raise ValidationError(f"{raw!r} is not a complete phone number; include the area code.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_e164(value: str) -> None:
    if value and normalize_phone(value) != value:
        raise ValidationError("Phone numbers are stored in E.164 form, such as +15551234567.")
