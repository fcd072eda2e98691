"""Who must log in with a second factor, and whether a session has given one."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Q
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from anphu_portal.roles import SECOND_FACTOR_ROLES


def second_factor_required(user) -> bool:
    """Return True when `user` may not use the admin without a second factor."""
    if not settings.REQUIRE_2FA or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # A role held in any unit counts: the login page of one unit opens a session that
    # the same person could use where the role is held.
    held = Q(memberships__user=user) | Q(user=user)
    return Group.objects.filter(held, name__in=SECOND_FACTOR_ROLES).exists()


def asks_for_second_factor(user) -> bool:
    """Return True when the login of `user` needs a code: required, or a device set up."""
    return second_factor_required(user) or user_has_device(user)


def has_authenticator_app(user) -> bool:
    """Return True when `user` has a confirmed authenticator-app (TOTP) device."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def is_verified(user) -> bool:
    """Return True when this session's user gave a second factor (see OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def passes_second_factor(user) -> bool:
    """Return True when `user` may use the admin as far as the second factor goes."""
    return is_verified(user) or not asks_for_second_factor(user)
