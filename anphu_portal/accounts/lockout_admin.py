"""The lockout list in admin: django-axes' own, in Vietnamese, with unlocking audited."""

from axes.admin import AccessAttemptAdmin
from django.contrib import admin

from anphu_portal.audit import Action, record_event
from anphu_portal.units import at_province_host


class LockoutAdmin(AccessAttemptAdmin):
    """Deleting a row unlocks that username at that address; the audit trail keeps who did."""

    @staticmethod
    def _record_unlock(request, attempt) -> None:
        record_event(
            action=Action.DELETE,
            request=request,
            object_type="auth.user",
            object_label=attempt.username or "",
            detail="Mở khóa đăng nhập",
        )

    def has_delete_permission(self, request, obj=None):
        # Accounts are the platform's: only its administrator, at the province, unlocks.
        allowed = request.user.is_superuser and at_province_host(request)
        return allowed and super().has_delete_permission(request, obj)

    @admin.display(description="Trạng thái")
    def status(self, obj):
        return super().status(obj)

    def delete_model(self, request, obj):
        self._record_unlock(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for attempt in queryset:
            self._record_unlock(request, attempt)
        super().delete_queryset(request, queryset)
