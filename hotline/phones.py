"""Phone number fields holding one or more Vietnamese numbers (the rules: anphu_portal.phones)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from anphu_portal.phones import (
    MOBILE_PREFIXES,
    PHONE_PUNCTUATION,
    PHONE_RULES_HINT,
    SHORT_NUMBERS,
    TOLL_PREFIXES,
    PhoneNumber,
    format_phone,
    is_landline_number,
    is_mobile_number,
    is_service_number,
    normalize_phone,
)

__all__ = [
    "MOBILE_PREFIXES",
    "PHONE_PUNCTUATION",
    "PHONE_RULES_HINT",
    "SHORT_NUMBERS",
    "TOLL_PREFIXES",
    "PhoneNumber",
    "PhoneNumbersField",
    "PhoneNumbersFormField",
    "format_phone",
    "format_phone_list",
    "is_landline_number",
    "is_mobile_number",
    "is_service_number",
    "normalize_phone",
    "normalize_phone_list",
    "split_phones",
]

# Several numbers in one field are separated by commas, semicolons, slashes or new lines.
PHONE_SEPARATORS = re.compile(r"[,;/\n\r]+")
STORED_SEPARATOR = ","
STORED_PHONES = re.compile(r"^\d+(,\d+)*$")


def split_phones(raw: str | None) -> list[str]:
    """Return the non-empty pieces of a field holding one or more numbers."""
    return [piece.strip() for piece in PHONE_SEPARATORS.split(raw or "") if piece.strip()]


def normalize_phone_list(raw: str | None) -> str:
    """Return the stored form (digits joined by commas) of the numbers typed in one field."""
    numbers: list[str] = []
    errors: list[ValidationError] = []
    for piece in split_phones(raw):
        try:
            digits = normalize_phone(piece)
        except ValidationError as error:
            errors.append(error)
            continue
        if digits not in numbers:
            numbers.append(digits)
    if errors:
        raise ValidationError(errors)
    return STORED_SEPARATOR.join(numbers)


def format_phone_list(stored: str | None) -> str:
    """Return the stored numbers for display in a form field: "0919.272.108, 02963.957.006"."""
    return ", ".join(format_phone(digits) for digits in split_phones(stored))


class PhoneNumbersFormField(forms.CharField):
    """Accept numbers typed the way people write them; show stored numbers the Vietnamese way."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_phone_list(value) if value else ""

    def prepare_value(self, value):
        # Stored values (digits and commas) are shown formatted; anything the user typed,
        # valid or not, is shown back exactly as typed.
        if isinstance(value, str) and STORED_PHONES.match(value):
            return format_phone_list(value)
        return value


class PhoneNumbersField(models.CharField):
    """One or more Vietnamese phone numbers, stored as digits separated by commas."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_phone_list(value) if value else ""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneNumbersFormField, **kwargs})
