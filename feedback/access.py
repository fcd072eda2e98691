"""Who may see a citizen's contact data and files: the feedback role, the unit's administrator
and superusers. The inspector reads the handling and its history, never the contact values.
"""

from anphu_portal.accounts.unit_roles import roles_in_unit
from anphu_portal.roles import FEEDBACK_STAFF, UNIT_ADMIN

PERSONAL_DATA_ROLES = (FEEDBACK_STAFF, UNIT_ADMIN)


def may_see_personal_data(user, unit) -> bool:
    """Return whether `user` may read citizens' contact data and files in `unit`."""
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    return roles_in_unit(user, unit).filter(name__in=PERSONAL_DATA_ROLES).exists()
