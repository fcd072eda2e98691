"""Views of the second login step, the authenticator set-up and the "Xác thực hai lớp" page."""

from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from django_otp import user_has_device

from anphu_portal.accounts import devices
from anphu_portal.accounts.forms import CodeForm, SetupCodeForm
from anphu_portal.accounts.login_steps import (
    finish_login,
    redirect_after_login,
    second_step_user,
    start_second_step,
)
from anphu_portal.accounts.policy import (
    asks_for_second_factor,
    has_authenticator_app,
    is_verified,
    passes_second_factor,
    second_factor_required,
)

SETUP_KEY = "accounts:authenticator_key"
FRESH_CODES_KEY = "accounts:fresh_backup_codes"
CONTINUE_KEY = "accounts:continue_to"


def second_step_url(user) -> str:
    """Return the code page for a user with a device, the set-up page for one without."""
    return reverse("admin:otp_verify" if user_has_device(user) else "admin:otp_setup")


class PasswordStepLoginView(LoginView):
    """Check the password; hand over to the code step when the account needs one."""

    template_name = "admin/login.html"
    authentication_form = AdminAuthenticationForm
    next_page = "admin:index"

    def form_valid(self, form):
        user = form.get_user()
        if not asks_for_second_factor(user):
            return super().form_valid(form)
        start_second_step(self.request, user=user, redirect_to=self.get_success_url())
        return redirect(second_step_url(user))


@method_decorator(never_cache, name="dispatch")
class SecondStepView(FormView):
    """A page of the login's second step, shown in the admin's login layout."""

    admin_site = None
    title = ""

    def dispatch(self, request, *args, **kwargs):
        self.user = second_step_user(request)
        if self.user is None:
            return redirect("admin:login")
        if request.user.is_authenticated and passes_second_factor(request.user):
            return self.already_verified()
        return super().dispatch(request, *args, **kwargs)

    def already_verified(self):
        return redirect("admin:index")

    def get_context_data(self, **kwargs):
        return {
            **self.admin_site.each_context(self.request),
            "title": self.title,
            "account": self.user,
            **super().get_context_data(**kwargs),
        }

    def form_invalid(self, form, status=400):
        return self.render_to_response(self.get_context_data(form=form), status=status)


class VerifyView(SecondStepView):
    """Ask for the code of the authenticator app or a backup code."""

    template_name = "accounts/verify.html"
    form_class = CodeForm
    title = "Nhập mã xác thực"

    def dispatch(self, request, *args, **kwargs):
        user = second_step_user(request)
        if user is not None and not user_has_device(user):
            return redirect("admin:otp_setup")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        code = form.cleaned_data["code"]
        try:
            device = devices.check_code(user=self.user, code=code, request=self.request)
        except devices.SecondFactorThrottled as blocked:
            until = timezone.localtime(blocked.until)
            form.add_error(
                "code",
                f"Bạn đã nhập sai mã nhiều lần. Hãy chờ đến {until:%H:%M:%S} rồi nhập mã mới.",
            )
            return self.form_invalid(form, status=429)
        if device is None:
            form.add_error("code", "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã mới.")
            return self.form_invalid(form)
        target = redirect_after_login(self.request)
        finish_login(self.request, user=self.user, device=device)
        if not has_authenticator_app(self.user):
            messages.warning(
                self.request,
                "Bạn vừa đăng nhập bằng mã dự phòng. Hãy thiết lập ứng dụng xác thực ngay.",
            )
            return redirect("admin:otp_setup")
        return redirect(target)


class SetupView(SecondStepView):
    """Show the QR code and secret of a new authenticator app, then confirm it with a code."""

    template_name = "accounts/setup.html"
    form_class = SetupCodeForm
    title = "Thiết lập xác thực hai lớp"

    def dispatch(self, request, *args, **kwargs):
        user = second_step_user(request)
        # Replacing a device takes a verified session, or the password alone would do.
        if user is not None and user_has_device(user) and not is_verified(request.user):
            return redirect("admin:otp_verify")
        return super().dispatch(request, *args, **kwargs)

    def already_verified(self):
        # A verified or not-required user may (re)do the set-up from the 2FA page.
        return FormView.dispatch(self, self.request)

    def get_key(self) -> str:
        key = self.request.session.get(SETUP_KEY)
        if not key:
            key = self.request.session[SETUP_KEY] = devices.new_authenticator_key()
        return key

    def get_context_data(self, **kwargs):
        key = self.get_key()
        return {
            **super().get_context_data(**kwargs),
            "qr_svg": devices.setup_qr_svg(key=key, user=self.user),
            "secret": devices.readable_secret(key),
            "required": second_factor_required(self.user),
            "replacing": has_authenticator_app(self.user),
        }

    def form_valid(self, form):
        request = self.request
        device = devices.confirm_authenticator(
            user=self.user, key=self.get_key(), code=form.cleaned_data["code"], request=request
        )
        if device is None:
            form.add_error(
                "code",
                "Mã không đúng. Hãy kiểm tra giờ trên điện thoại và nhập mã đang hiển thị.",
            )
            return self.form_invalid(form)
        del request.session[SETUP_KEY]
        codes = devices.issue_backup_codes(user=self.user, request=request)
        target = redirect_after_login(request)
        finish_login(request, user=self.user, device=device)
        request.session[FRESH_CODES_KEY] = codes
        request.session[CONTINUE_KEY] = target
        return redirect("admin:two_factor")


@require_POST
def cancel_login(request):
    """Drop a half-done login (or an unverified session) and go back to the password."""
    logout(request)
    return redirect("admin:login")


class TwoFactorView(TemplateView):
    """Show the account's second factor, new backup codes once, and what may be changed."""

    template_name = "accounts/two_factor.html"
    admin_site = None

    def get_context_data(self, **kwargs):
        user, session = self.request.user, self.request.session
        return {
            **self.admin_site.each_context(self.request),
            **super().get_context_data(**kwargs),
            "title": "Xác thực hai lớp",
            "has_app": has_authenticator_app(user),
            "has_device": user_has_device(user),
            "required": second_factor_required(user),
            "remaining": devices.remaining_backup_codes(user),
            "fresh_codes": session.pop(FRESH_CODES_KEY, None),
            "continue_url": session.pop(CONTINUE_KEY, None) or reverse("admin:index"),
        }

    def post(self, request, *args, **kwargs):
        user, action = request.user, request.POST.get("action")
        if action == "backup_codes" and user_has_device(user):
            codes = devices.issue_backup_codes(user=user, request=request)
            request.session[FRESH_CODES_KEY] = codes
        elif action == "remove" and user_has_device(user) and not second_factor_required(user):
            devices.remove_second_factor(user=user, request=request)
            messages.success(request, "Đã tắt xác thực hai lớp cho tài khoản của bạn.")
        else:
            messages.error(request, "Không thực hiện được thao tác này với tài khoản của bạn.")
        return redirect("admin:two_factor")
