"""Permissions per unit: a person's roles count only in the unit the request is for.

An authentication backend, rather than scoping in each admin: `has_perm` is what every
admin page, action and view already asks, so one place decides for all of them. It reads
the request's unit through `current_unit()`, which the unit middleware sets.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from anphu_portal.current_unit import current_unit


def roles_in_unit(user, unit):
    """Return the groups `user` holds in `unit`.

    Memberships name them; in the default unit a person's plain Django groups count too,
    so a single-unit install keeps working with no membership rows at all.
    """
    held = Q(memberships__user=user, memberships__unit=unit)
    if unit is None or unit.is_default:
        held |= Q(user=user)
    return Group.objects.filter(held).distinct()


class UnitRoleBackend(ModelBackend):
    """Django's model backend, with group permissions taken from the current unit's roles."""

    def _get_group_permissions(self, user_obj):
        roles = roles_in_unit(user_obj, current_unit())
        return Permission.objects.filter(group__in=roles.values("pk"))


def has_perm_in_unit(user, unit, perm: str) -> bool:
    """Return whether `user` holds `perm` ("app_label.codename") in `unit`, whatever unit
    the request is for: used where one action spans two units (sharing an article upward)."""
    if user is None or not user.is_active or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    app_label, codename = perm.split(".", 1)
    named = Q(content_type__app_label=app_label, codename=codename)
    own = Q(user=user) | Q(group__in=roles_in_unit(user, unit).values("pk"))
    return Permission.objects.filter(named & own).exists()
