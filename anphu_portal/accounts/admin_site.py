"""The admin site: Django's, with a second login step and pages to set up the second factor."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import path, reverse

from anphu_portal.accounts import views
from anphu_portal.accounts.policy import passes_second_factor


class PortalAdminSite(admin.AdminSite):
    """Ask for a code after the password when the account has or needs a second factor."""

    def has_permission(self, request):
        return super().has_permission(request) and passes_second_factor(request.user)

    def login(self, request, extra_context=None):
        """Show the password step, or send a logged-in user to the code step still due."""
        user = request.user
        if user.is_active and user.is_staff and not passes_second_factor(user):
            return redirect(views.second_step_url(user))
        if request.method == "GET" and self.has_permission(request):
            return redirect("admin:index")
        context = {
            **self.each_context(request),
            "title": "Đăng nhập",
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return views.PasswordStepLoginView.as_view(extra_context=context)(request)

    def get_urls(self):
        steps = [
            path("xac-thuc/", views.VerifyView.as_view(admin_site=self), name="otp_verify"),
            path("xac-thuc/thiet-lap/", views.SetupView.as_view(admin_site=self), name="otp_setup"),
            path("xac-thuc/huy/", views.cancel_login, name="otp_cancel"),
            path(
                "xac-thuc-hai-lop/",
                self.admin_view(views.TwoFactorView.as_view(admin_site=self)),
                name="two_factor",
            ),
        ]
        return steps + super().get_urls()


def arrange_account_admins(site: admin.AdminSite) -> None:
    """Leave devices to the set-up pages and show only the lockout list, audited.

    Devices change only through the audited set-up pages (and `addstatictoken`); axes'
    success and failure logs are off, since the audit trail records logins.
    """
    from axes.models import AccessFailureLog, AccessLog
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice, AccessLog, AccessFailureLog):
        if site.is_registered(model):
            site.unregister(model)

    from axes.models import AccessAttempt

    from anphu_portal.accounts.lockout_admin import LockoutAdmin

    if site.is_registered(AccessAttempt):
        site.unregister(AccessAttempt)
    site.register(AccessAttempt, LockoutAdmin)
