"""Emergency banners, the footer's links and the English page."""

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from anphu_portal.models import Unit
from organization.models.common import unit_field, updated_by_field


class BannerQuerySet(models.QuerySet):
    def reaching(self, unit):
        """Return the banners shown on a unit's pages: its own, and its province's for it."""
        province = models.Q(unit__level=Unit.Level.PROVINCE) & (
            models.Q(all_units=True) | models.Q(target_units=unit)
        )
        return self.filter(models.Q(unit=unit) | province).distinct()

    def not_ended(self, now):
        """Return the banners shown now or later, soonest start first."""
        return self.filter(ends_at__gt=now).order_by("starts_at", "pk")


class Banner(models.Model):
    """A message at the top of every public page for a while: a flood, a storm, an outage."""

    class Level(models.TextChoices):
        INFO = "thong-tin", "Thông tin"
        WARNING = "canh-bao", "Cảnh báo"
        EMERGENCY = "khan-cap", "Khẩn cấp"

    unit = unit_field()
    level = models.CharField("mức độ", max_length=20, choices=Level.choices, default=Level.INFO)
    text = models.CharField(
        "nội dung",
        max_length=300,
        help_text="Một câu ngắn nói người dân cần làm gì, ví dụ “Nước lên nhanh ở xã Khánh "
        "An: di dời người già, trẻ em lên chỗ cao trước 17 giờ.”",
    )
    link_url = models.URLField("đường dẫn xem thêm", blank=True)
    link_text = models.CharField(
        "chữ của đường dẫn", max_length=100, blank=True, help_text="Ví dụ “Xem hướng dẫn”."
    )
    starts_at = models.DateTimeField("bắt đầu hiện lúc")
    ends_at = models.DateTimeField(
        "thôi hiện lúc", help_text="Thông báo tự tắt vào lúc này, không cần ai sửa."
    )
    all_units = models.BooleanField(
        "hiện ở mọi đơn vị",
        default=False,
        help_text="Chỉ dùng ở cổng của tỉnh: hiện thông báo trên cổng của mọi đơn vị.",
    )
    target_units = models.ManyToManyField(
        "anphu_portal.Unit",
        verbose_name="hiện ở các đơn vị",
        blank=True,
        related_name="+",
        help_text="Chỉ dùng ở cổng của tỉnh: các đơn vị hiện thông báo này.",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = updated_by_field()

    objects = BannerQuerySet.as_manager()

    class Meta:
        verbose_name = "thông báo khẩn"
        verbose_name_plural = "thông báo khẩn"
        ordering = ["-starts_at", "pk"]

    def __str__(self):
        return f"{self.get_level_display()}: {self.text[:80]}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "Thời điểm thôi hiện phải sau lúc bắt đầu."})
        if self.link_text and not self.link_url:
            raise ValidationError({"link_url": "Cần nhập đường dẫn cho chữ “xem thêm”."})

    def is_shown(self, now) -> bool:
        return self.starts_at <= now < self.ends_at


class LinkQuerySet(models.QuerySet):
    def for_unit(self, unit):
        return self.filter(unit=unit)

    def active(self):
        """Return the links shown in the footer, in their order."""
        return self.filter(active=True).order_by("position", "name")


class Link(models.Model):
    """An external website listed in the footer (Liên kết website)."""

    unit = unit_field()
    name = models.CharField(
        "tên trang", max_length=200, help_text="Ví dụ “Cổng Dịch vụ công quốc gia”."
    )
    url = models.URLField("địa chỉ", help_text="Ví dụ https://dichvucong.gov.vn.")
    logo = models.ImageField("biểu trưng", upload_to="organization/links/", blank=True)
    logo_alt = models.CharField(
        "mô tả biểu trưng",
        max_length=200,
        blank=True,
        help_text="Đọc cho người khiếm thị; để trống thì dùng tên trang.",
    )
    position = models.PositiveIntegerField("thứ tự", default=0, help_text="Số nhỏ đứng trước.")
    active = models.BooleanField("đang hiển thị", default=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = updated_by_field()

    objects = LinkQuerySet.as_manager()

    class Meta:
        verbose_name = "liên kết website"
        verbose_name_plural = "liên kết website"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @property
    def alt_text(self) -> str:
        return self.logo_alt or self.name


class EnglishPage(models.Model):
    """The unit's page in English (/en/), as Nghị định 42/2022 asks."""

    unit = unit_field()
    name = models.CharField(
        "tên đơn vị bằng tiếng Anh", max_length=200, help_text="Ví dụ “An Phu District”."
    )
    location = models.TextField(
        "vị trí (tiếng Anh)", blank=True, help_text="Ví dụ “In the north-west of An Giang…”."
    )
    introduction = models.TextField("giới thiệu (tiếng Anh)", blank=True)
    contacts = models.TextField(
        "liên hệ chính (tiếng Anh)",
        blank=True,
        help_text="Mỗi dòng một liên hệ, ví dụ “Office of the People's Committee: 0296 3830 …”.",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = updated_by_field()

    class Meta:
        verbose_name = "trang tiếng Anh"
        verbose_name_plural = "trang tiếng Anh"
        constraints = [models.UniqueConstraint(fields=["unit"], name="organization_english_page")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organization:english")


reversion.register(Banner)
reversion.register(Link)
reversion.register(EnglishPage)
