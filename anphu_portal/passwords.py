"""A password validator that refuses the names anyone would try first against this portal."""

import ipaddress
import re

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from anphu_portal.folding import fold

# "matkhau" (mật khẩu) or the district's name with only digits after it: AnPhu2026, MậtKhẩu123.
GUESSABLE = re.compile(r"^(matkhau|anphu)\d*$")
# Shorter names (a three-letter username) would refuse too many honest passwords.
MIN_NAME_LENGTH = 4


def compact(text: str) -> str:
    """Return folded text (lowercase ASCII, đ→d) with only its letters and digits."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def portal_names() -> list[str]:
    """Return the unit's name and title and the portal's host names, compacted."""
    from anphu_portal.models import Unit

    identity = Unit.load()
    names = [identity.unit_name, identity.portal_title]
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host == "*" or _is_ip(host.strip("[]")):
            continue
        names += [host, host.split(".")[0]]
    return [name for name in map(compact, names) if len(name) >= MIN_NAME_LENGTH]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class PortalNamePasswordValidator:
    """Refuse the username, the unit's name or host, and "matkhau"/"anphu" plus digits."""

    def validate(self, password: str, user=None) -> None:
        text = compact(password)
        if GUESSABLE.match(text):
            raise ValidationError(
                "Mật khẩu không được là “mật khẩu” hay “An Phú” kèm theo vài chữ số.",
                code="password_guessable",
            )
        username = compact(user.get_username()) if user is not None else ""
        if len(username) >= MIN_NAME_LENGTH and username in text:
            raise ValidationError(
                "Mật khẩu không được chứa tên đăng nhập.", code="password_has_username"
            )
        if any(name in text for name in portal_names()):
            raise ValidationError(
                "Mật khẩu không được chứa tên đơn vị hay tên miền của cổng thông tin.",
                code="password_has_portal_name",
            )

    def get_help_text(self) -> str:
        return (
            "Mật khẩu không được chứa tên đăng nhập, tên đơn vị hay tên miền của cổng thông "
            "tin, và không được là “mật khẩu”/“An Phú” kèm vài chữ số."
        )


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with its message in Vietnamese.

    Django 5.2 changed the English message, so its Vietnamese catalogue no longer matches
    and the message would appear in English.
    """

    def get_error_message(self) -> str:
        return f"Mật khẩu này quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self) -> str:
        return f"Mật khẩu phải có ít nhất {self.min_length} ký tự."
