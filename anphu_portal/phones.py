"""Vietnamese phone numbers: one number validated, stored as digits, shown as 0919.272.108.

Shared by every app that takes a phone number (the hotline's contacts, citizens' questions).
"""

import re
from typing import NamedTuple

from django.core.exceptions import ValidationError

# Characters people put inside one number: spaces, dots, dashes and brackets.
PHONE_PUNCTUATION = re.compile(r"[\s.\-()]+")
MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
# National emergency and support numbers (police, fire, ambulance, rescue, child protection).
SHORT_NUMBERS = frozenset({"111", "112", "113", "114", "115"})
TOLL_PREFIXES = ("1800", "1900")

PHONE_RULES_HINT = (
    "Số di động có 10 chữ số và bắt đầu bằng 03, 05, 07, 08 hoặc 09; "
    "số máy bàn có 11 chữ số và bắt đầu bằng 02."
)


class PhoneNumber(NamedTuple):
    """One stored number with its Vietnamese display form."""

    digits: str
    display: str

    @property
    def international(self) -> str:
        """Return the number as +84… for vCards, or unchanged for short service numbers."""
        if self.digits.startswith("0"):
            return "+84" + self.digits[1:]
        return self.digits

    @property
    def is_mobile(self) -> bool:
        return is_mobile_number(self.digits)


def is_mobile_number(digits: str) -> bool:
    """Return True for a 10-digit Vietnamese mobile number."""
    return len(digits) == 10 and digits.startswith(MOBILE_PREFIXES)


def is_landline_number(digits: str) -> bool:
    """Return True for an 11-digit Vietnamese landline number (area code 02…)."""
    return len(digits) == 11 and digits.startswith("02")


def is_service_number(digits: str) -> bool:
    """Return True for an emergency number (113…) or a 1800/1900 switchboard number."""
    return digits in SHORT_NUMBERS or (digits.startswith(TOLL_PREFIXES) and len(digits) in (8, 10))


def normalize_phone(raw: str) -> str:
    """Return the digits of one Vietnamese phone number, or raise a Vietnamese ValidationError."""
    typed = raw.strip()
    compact = PHONE_PUNCTUATION.sub("", typed)
    if compact.startswith("+84"):
        compact = "0" + compact[3:]
    elif compact.startswith("0084"):
        compact = "0" + compact[4:]
    if compact.startswith("00"):  # "+84 (0) 919…" keeps a trunk zero after the country code
        compact = compact[1:]
    if not compact.isdigit():
        raise ValidationError(
            "Số điện thoại “%(value)s” chỉ được gồm chữ số, dấu cách, dấu chấm, dấu gạch ngang "
            "hoặc mã quốc gia +84.",
            code="phone_characters",
            params={"value": typed},
        )
    if is_mobile_number(compact) or is_landline_number(compact) or is_service_number(compact):
        return compact
    raise ValidationError(_length_message(compact), code="phone_invalid", params={"value": typed})


def _length_message(digits: str) -> str:
    count = len(digits)
    if digits.startswith("02"):
        return f"Số máy bàn “%(value)s” có {count} chữ số; số máy bàn phải có đúng 11 chữ số (02…)."
    if digits.startswith(MOBILE_PREFIXES):
        return f"Số di động “%(value)s” có {count} chữ số; số di động phải có đúng 10 chữ số."
    return "“%(value)s” không phải số điện thoại Việt Nam hợp lệ. " + PHONE_RULES_HINT


def format_phone(digits: str) -> str:
    """Return a number the Vietnamese way: 0919.272.108 (mobile), 02963.957.006 (landline)."""
    if is_mobile_number(digits):
        return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
    if is_landline_number(digits):
        return f"{digits[:5]}.{digits[5:8]}.{digits[8:]}"
    if digits.startswith(TOLL_PREFIXES) and len(digits) == 8:
        return f"{digits[:4]}.{digits[4:]}"
    if digits.startswith(TOLL_PREFIXES) and len(digits) == 10:
        return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
    return digits
