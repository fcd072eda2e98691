"""What a session remembers between the password step and the second-factor step."""

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

PENDING_KEY = "accounts:pending_login"


def start_second_step(request, *, user, redirect_to: str) -> None:
    """Remember who gave the right password; nobody is logged in until the code is given."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,
        "started": timezone.now().timestamp(),
        "next": redirect_to,
    }


def pending_user(request):
    """Return the user who gave the password in the last few minutes, or None."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    age = timezone.now().timestamp() - pending["started"]
    if age > settings.SECOND_FACTOR_STEP_SECONDS:
        del request.session[PENDING_KEY]
        return None
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user


def second_step_user(request):
    """Return the person of the code step: logged in already, or half-way through login."""
    if request.user.is_authenticated:
        return request.user if request.user.is_staff else None
    return pending_user(request)


def redirect_after_login(request) -> str:
    """Return the admin page the person asked for before logging in, if it is ours."""
    wanted = request.session.get(PENDING_KEY, {}).get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return f"/{settings.ADMIN_PATH}"


def finish_login(request, *, user, device) -> None:
    """Log `user` in (if the password step left them half-way) as verified by `device`."""
    if not request.user.is_authenticated:
        login(request, user, backend=user.backend)
    otp_login(request, device)
    request.session.pop(PENDING_KEY, None)
