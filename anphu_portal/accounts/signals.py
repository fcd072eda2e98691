"""Every login event goes to the audit trail, connected here in one place."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from anphu_portal.accounts.sessions import mark_login_time
from anphu_portal.audit import Action, record_event

USER_TYPE = "auth.user"


def on_login(sender, request, user, **kwargs):
    mark_login_time(request)
    record_event(action=Action.LOGIN, actor=user, request=request, obj=user)


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event(action=Action.LOGOUT, actor=user, request=request, obj=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    # The username as typed (it may name no account); Django has already masked the password.
    record_event(
        action=Action.LOGIN_FAILED,
        request=request,
        object_type=USER_TYPE,
        object_label=str(credentials.get("username", "")),
    )


def on_locked_out(sender, request, username, ip_address, **kwargs):
    record_event(
        action=Action.LOCKED_OUT,
        request=request,
        object_type=USER_TYPE,
        object_label=str(username or ""),
        detail="Khóa 1 giờ sau 5 lần sai mật khẩu",
    )


def connect() -> None:
    """Connect the audit receivers of Django's auth signals and django-axes' lockout."""
    user_logged_in.connect(on_login, dispatch_uid="anphu_portal.audit.login")
    user_logged_out.connect(on_logout, dispatch_uid="anphu_portal.audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="anphu_portal.audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="anphu_portal.audit.locked_out")
