"""Models of the hotline app, split by topic: phone numbers, then groups and contacts."""

from hotline.models.contacts import Contact, ContactGroup
from hotline.models.phones import (
    PHONE_RULES_HINT,
    PhoneNumber,
    PhoneNumbersField,
    PhoneNumbersFormField,
    format_phone,
    format_phone_list,
    is_landline_number,
    is_mobile_number,
    is_service_number,
    normalize_phone,
    normalize_phone_list,
    split_phones,
)

__all__ = [
    "PHONE_RULES_HINT",
    "Contact",
    "ContactGroup",
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
