"""Sessions end a fixed time after login, however busy the person was (not sliding)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone

LOGIN_AT_KEY = "accounts:login_at"


def mark_login_time(request) -> None:
    """Remember when this session logged in: its end is counted from then."""
    request.session[LOGIN_AT_KEY] = timezone.now().timestamp()


def session_expires_at(request) -> datetime | None:
    """Return when the logged-in session of `request` ends, or None without one."""
    login_at = request.session.get(LOGIN_AT_KEY)
    if login_at is None:
        return None
    started = datetime.fromtimestamp(login_at, tz=timezone.get_current_timezone())
    return started + timedelta(seconds=settings.SESSION_MAX_AGE_SECONDS)


class AbsoluteSessionExpiryMiddleware:
    """Log out a session SESSION_MAX_AGE_SECONDS after its login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expires_at = session_expires_at(request)
            if expires_at is None:
                # A session from before this rule: its clock starts now.
                mark_login_time(request)
            elif timezone.now() >= expires_at:
                logout(request)
        return self.get_response(request)
