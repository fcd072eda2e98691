"""Introduction pages (Giới thiệu): a two-level tree of rich-text pages per unit."""

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django_ckeditor_5.fields import CKEditor5Field

from anphu_portal.folding import fold
from anphu_portal.matching import filter_by_words
from anphu_portal.sanitizing import html_to_text, sanitize_body
from organization.models.common import unit_field, unit_slug, updated_by_field

# Their pages are generated (leaders, organisation chart); a Page with one of these slugs
# is the editable introduction shown above what they generate.
LEADERS_SLUG = "lanh-dao"
ORGANISATION_SLUG = "co-cau-to-chuc"
GENERATED_SLUGS = {LEADERS_SLUG: "organization:leaders", ORGANISATION_SLUG: "organization:chart"}


class PageQuerySet(models.QuerySet):
    def for_unit(self, unit):
        """Return the pages of one unit's portal."""
        return self.filter(unit=unit)

    def published(self):
        """Return the pages the public may read, in menu order."""
        return self.filter(published=True).order_by("position", "title")

    def top_level(self):
        return self.filter(parent__isnull=True)

    def search(self, query: str | None):
        """Return the pages matching every word of the query, accents ignored."""
        return filter_by_words(self, query)


class Page(models.Model):
    """A page of the introduction section: Tổng quan, Lịch sử, Điều kiện tự nhiên…"""

    unit = unit_field()
    parent = models.ForeignKey(
        "self",
        verbose_name="trang cha",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="Để trống cho trang ở mục “Giới thiệu” của menu; chọn một trang để đặt "
        "trang này bên dưới nó (menu có hai cấp).",
    )
    title = models.CharField("tiêu đề", max_length=200)
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        blank=True,
        help_text="Chữ không dấu, nối bằng gạch ngang; trang ở /gioi-thieu/<đường dẫn>/. "
        "“lanh-dao” và “co-cau-to-chuc” là phần giới thiệu ở đầu trang Lãnh đạo và "
        "trang Cơ cấu tổ chức. Để trống để tự tạo từ tiêu đề.",
    )
    body = CKEditor5Field("nội dung", config_name="pages", blank=True)
    position = models.PositiveIntegerField(
        "thứ tự", default=0, help_text="Số nhỏ đứng trước trong menu và danh sách trang."
    )
    published = models.BooleanField(
        "đang hiển thị", default=True, help_text="Bỏ đánh dấu để ẩn trang khỏi người xem."
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = updated_by_field()
    search_text = models.TextField("nội dung tìm kiếm", blank=True, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = "trang giới thiệu"
        verbose_name_plural = "trang giới thiệu"
        ordering = ["position", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "slug"], name="organization_page_slug_per_unit"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unit_slug(self, self.title, fallback="trang")
        self.body = sanitize_body(self.body)
        self.search_text = f"{fold(self.title)} | {fold(html_to_text(self.body))}"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.slug in GENERATED_SLUGS:
            return reverse(GENERATED_SLUGS[self.slug])
        return reverse("organization:page", args=[self.slug])

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent_id == self.pk or self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": "Chỉ chọn được trang cấp một (trang không có trang cha) làm trang cha."}
            )
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": "Trang này đang có trang con nên phải ở cấp một; hãy để trống."}
            )

    def is_published(self) -> bool:
        return self.published


reversion.register(Page)
