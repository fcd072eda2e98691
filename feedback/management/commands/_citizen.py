"""The arguments naming one citizen, shared by the export and erase commands."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from anphu_portal.phones import normalize_phone
from anphu_portal.units import unit_by_slug


def add_citizen_arguments(parser) -> None:
    parser.add_argument("--phone", default="", help="Số điện thoại của người dân.")
    parser.add_argument("--email", default="", help="Thư điện tử của người dân.")
    parser.add_argument("--unit", default=None, help="Mã đơn vị (mặc định: mọi đơn vị).")


def citizen_lookup(options) -> dict:
    phone, email = options["phone"].strip(), options["email"].strip()
    if not phone and not email:
        raise CommandError("Cần --phone hoặc --email để xác định người dân.")
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
    unit = unit_by_slug(options["unit"]) if options["unit"] else None
    return {"phone": phone, "email": email, "unit": unit}
