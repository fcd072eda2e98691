"""The audit trail: who did what, when, from where."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from anphu_portal.models.units import Unit

# --- Audit trail ---


class AuditEvent(models.Model):
    """One thing a person did that an inspector may need to see: who, what, when, from where.

    Written only through `anphu_portal.audit.record_event`. It names the object, never the
    values of personal data, and nobody edits or deletes an entry (only the prune command).
    """

    class Action(models.TextChoices):
        LOGIN = "login", "Đăng nhập"
        LOGOUT = "logout", "Đăng xuất"
        LOGIN_FAILED = "login_failed", "Đăng nhập sai"
        LOCKED_OUT = "locked_out", "Bị khóa đăng nhập"
        OTP_FAILED = "otp_failed", "Mã xác thực sai"
        OTP_DEVICE = "otp_device", "Thay đổi xác thực hai lớp"
        CREATE = "create", "Thêm mới"
        CHANGE = "change", "Sửa"
        DELETE = "delete", "Xóa"
        SUBMIT = "submit", "Gửi duyệt"
        PUBLISH = "publish", "Xuất bản"
        UNPUBLISH = "unpublish", "Gỡ xuống"
        REVERT = "revert", "Khôi phục phiên bản cũ"
        RECOVER = "recover", "Khôi phục mục đã xóa"
        IMPORT = "import", "Nhập dữ liệu"
        BACKUP = "backup", "Sao lưu"
        RESTORE = "restore", "Phục hồi bản sao lưu"
        DENIED = "denied", "Bị từ chối"

    created_at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as typed, so an entry still names its author after the account is deleted.
    actor_name = models.CharField("tài khoản", max_length=150, blank=True)
    action = models.CharField("hành động", max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField("loại đối tượng", max_length=100, blank=True)
    object_id = models.CharField("mã đối tượng", max_length=64, blank=True)
    object_label = models.CharField("đối tượng", max_length=300, blank=True)
    detail = models.CharField("ghi chú", max_length=500, blank=True)
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "nhật ký thao tác"
        verbose_name_plural = "nhật ký thao tác"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.actor_name or '—'} · {self.get_action_display()} · {self.object_label}"
