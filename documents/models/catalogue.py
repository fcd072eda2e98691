"""The unit's lists a document is filed under: types, issuing bodies and fields."""

from django.db import models

from anphu_portal.models import default_unit_id
from anphu_portal.slugs import ascii_slug


class Disclosure(models.TextChoices):
    """The sections of the "Công khai" menu (Nghị định 42/2022/NĐ-CP)."""

    BUDGET = "ngan-sach", "Công khai ngân sách"
    LAND_PLANNING = "quy-hoach-dat", "Quy hoạch, kế hoạch sử dụng đất"
    PROCUREMENT = "du-an-dau-thau", "Dự án, đấu thầu, mua sắm công"
    STATISTICS = "bao-cao-thong-ke", "Báo cáo thống kê"


class UnitListQuerySet(models.QuerySet):
    def for_unit(self, unit):
        """Return the rows of one unit's portal."""
        return self.filter(unit=unit)


class UnitList(models.Model):
    """A named entry of one of the unit's lists, with a slug for the filter links."""

    unit = models.ForeignKey(
        "anphu_portal.Unit",
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="+",
        default=default_unit_id,
        editable=False,
    )
    name = models.CharField("tên", max_length=200)
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        blank=True,
        help_text="Chữ không dấu, nối bằng gạch ngang, dùng trong liên kết lọc. "
        "Để trống để tự tạo từ tên.",
    )
    position = models.PositiveIntegerField(
        "thứ tự", default=0, help_text="Số nhỏ đứng trước trong danh sách lọc."
    )

    objects = UnitListQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slug_in_unit(self, [ascii_slug(self.name, max_length=180) or "muc"])
        super().save(*args, **kwargs)


def slug_in_unit(instance: models.Model, candidates: list[str]) -> str:
    """Return the first candidate slug free in the instance's unit, else the last numbered."""
    taken = type(instance)._default_manager.filter(unit_id=instance.unit_id).exclude(pk=instance.pk)
    for slug in candidates:
        if not taken.filter(slug=slug).exists():
            return slug
    number = 2
    while taken.filter(slug=f"{candidates[-1]}-{number}").exists():
        number += 1
    return f"{candidates[-1]}-{number}"


class DocumentType(UnitList):
    """A kind of document (Quyết định, Kế hoạch…); staff add the unit's own kinds."""

    disclosure = models.CharField(
        "mục công khai",
        max_length=30,
        choices=Disclosure.choices,
        blank=True,
        help_text="Chọn nếu văn bản loại này thuộc một mục “Công khai” trên menu, "
        "ví dụ loại “Dự toán ngân sách” thuộc “Công khai ngân sách”.",
    )

    class Meta(UnitList.Meta):
        verbose_name = "loại văn bản"
        verbose_name_plural = "loại văn bản"
        constraints = [
            models.UniqueConstraint(fields=["unit", "slug"], name="documents_type_slug_per_unit"),
        ]


class Issuer(UnitList):
    """A body that issues documents (Ủy ban nhân dân, Hội đồng nhân dân, a phòng…)."""

    class Meta(UnitList.Meta):
        verbose_name = "cơ quan ban hành"
        verbose_name_plural = "cơ quan ban hành"
        constraints = [
            models.UniqueConstraint(fields=["unit", "slug"], name="documents_issuer_slug_per_unit"),
        ]


class Field(UnitList):
    """A field (lĩnh vực) a document is about."""

    class Meta(UnitList.Meta):
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        constraints = [
            models.UniqueConstraint(fields=["unit", "slug"], name="documents_field_slug_per_unit"),
        ]
