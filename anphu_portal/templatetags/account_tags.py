"""Template tags of staff accounts: when the admin session ends."""

from django import template
from django.conf import settings
from django.utils import timezone

from anphu_portal.accounts.sessions import session_expires_at

register = template.Library()


@register.simple_tag(takes_context=True)
def session_expiry(context) -> dict | None:
    """Return the end of the current session (ISO and local hh:mm) for the warning script."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    expires_at = session_expires_at(request)
    if expires_at is None:
        return None
    return {
        "iso": expires_at.isoformat(),
        "label": f"{timezone.localtime(expires_at):%H:%M}",
        "warn_seconds": settings.SESSION_EXPIRY_WARNING_SECONDS,
    }
