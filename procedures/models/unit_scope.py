"""What each unit shows of the province's shared catalogue, and its own one-stop details."""

from django.db import models

from anphu_portal.models import default_unit_id


class UnitProcedureScope(models.Model):
    """The levels and agencies whose procedures a unit's portal lists (none chosen: all)."""

    unit = models.OneToOneField(
        "anphu_portal.Unit",
        verbose_name="đơn vị",
        on_delete=models.CASCADE,
        related_name="procedure_scope",
        default=default_unit_id,
        editable=False,
    )
    levels = models.ManyToManyField(
        "procedures.Level",
        verbose_name="cấp thực hiện",
        blank=True,
        related_name="unit_scopes",
        help_text="Chỉ hiện thủ tục của các cấp này, ví dụ “Cấp xã”. Để trống: mọi cấp.",
    )
    agencies = models.ManyToManyField(
        "procedures.Agency",
        verbose_name="cơ quan thực hiện",
        blank=True,
        related_name="unit_scopes",
        help_text="Chỉ hiện thủ tục của các cơ quan này. Để trống: mọi cơ quan.",
    )

    class Meta:
        verbose_name = "phạm vi thủ tục của đơn vị"
        verbose_name_plural = "phạm vi thủ tục của đơn vị"

    def __str__(self):
        return f"Phạm vi thủ tục – {self.unit}"


class UnitProcedureDetail(models.Model):
    """A unit's one-stop office, shown on every procedure page of its portal."""

    unit = models.OneToOneField(
        "anphu_portal.Unit",
        verbose_name="đơn vị",
        on_delete=models.CASCADE,
        related_name="procedure_detail",
        default=default_unit_id,
        editable=False,
    )
    office_address = models.CharField(
        "địa chỉ bộ phận một cửa",
        max_length=300,
        blank=True,
        help_text="Nơi người dân nộp hồ sơ, ví dụ “Bộ phận Một cửa, UBND xã, ấp …”.",
    )
    office_hours = models.CharField(
        "giờ làm việc",
        max_length=200,
        blank=True,
        help_text="Ví dụ “Sáng 7g00–11g30, chiều 13g30–17g00, thứ Hai đến thứ Sáu”.",
    )
    phone = models.CharField("điện thoại", max_length=100, blank=True)
    online_url = models.URLField(
        "địa chỉ nộp hồ sơ trực tuyến",
        blank=True,
        help_text="Trang nộp hồ sơ của đơn vị trên Cổng dịch vụ công, nếu khác trang chung.",
    )

    class Meta:
        verbose_name = "thông tin một cửa của đơn vị"
        verbose_name_plural = "thông tin một cửa của đơn vị"

    def __str__(self):
        return f"Một cửa – {self.unit}"
