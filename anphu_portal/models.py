"""Portal-wide models: the identity of the unit that runs the portal."""

from django.core.cache import cache
from django.db import models

from anphu_portal.caching import bump_content_version

SITE_IDENTITY_CACHE_KEY = "portal:site-identity"


class SiteIdentity(models.Model):
    """The one record that names the unit; change it to serve a commune, ward or department."""

    unit_name = models.CharField(
        "tên đơn vị",
        max_length=200,
        default="Ủy ban nhân dân huyện An Phú",
        help_text="Tên cơ quan chủ quản hiển thị ở đầu trang, ví dụ “Ủy ban nhân dân xã …”.",
    )
    parent_unit = models.CharField(
        "đơn vị cấp trên",
        max_length=200,
        blank=True,
        default="Tỉnh An Giang",
        help_text="Hiển thị phía trên tên đơn vị, ví dụ “Tỉnh An Giang”.",
    )
    portal_title = models.CharField(
        "tên cổng thông tin",
        max_length=200,
        default="Cổng thông tin điện tử huyện An Phú",
        help_text="Dùng làm tiêu đề trình duyệt và trong chân trang.",
    )
    address = models.CharField(
        "địa chỉ",
        max_length=300,
        blank=True,
        default="Thị trấn An Phú, huyện An Phú, tỉnh An Giang",
    )
    phone = models.CharField("điện thoại", max_length=100, blank=True, default="02963.826.207")
    email = models.EmailField("thư điện tử", blank=True, default="anphu@angiang.gov.vn")
    logo = models.ImageField(
        "biểu trưng (logo)",
        upload_to="site/",
        blank=True,
        help_text="Ảnh vuông PNG hoặc JPEG, khoảng 200×200 điểm ảnh. Để trống dùng biểu trưng mặc định.",
    )
    footer_text = models.TextField(
        "nội dung chân trang",
        blank=True,
        default=(
            "Cơ quan chủ quản: Ủy ban nhân dân huyện An Phú. "
            "Chịu trách nhiệm chính: Chánh Văn phòng HĐND và UBND huyện. "
            "Ghi rõ nguồn khi phát hành lại thông tin từ cổng thông tin này."
        ),
        help_text="Thông tin giấy phép, người chịu trách nhiệm… Mỗi dòng một đoạn.",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "thông tin đơn vị"
        verbose_name_plural = "thông tin đơn vị"

    def __str__(self):
        return self.unit_name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(SITE_IDENTITY_CACHE_KEY)
        bump_content_version()

    def delete(self, *args, **kwargs):
        """Keep the single record: deleting it would leave the portal nameless."""
        return (0, {})

    @classmethod
    def load(cls) -> "SiteIdentity":
        """Return the site identity, from the cache when possible."""
        identity = cache.get(SITE_IDENTITY_CACHE_KEY)
        if identity is None:
            identity, _ = cls.objects.get_or_create(pk=1)
            cache.set(SITE_IDENTITY_CACHE_KEY, identity, None)
        return identity
