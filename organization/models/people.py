"""Leaders and the bodies they belong to, for the leaders and organisation pages."""

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from anphu_portal.folding import fold
from anphu_portal.matching import filter_by_words
from hotline.phones import (
    PHONE_RULES_HINT,
    PhoneNumber,
    PhoneNumbersField,
    format_phone,
    split_phones,
)
from organization.models.common import unit_field, unit_slug, updated_by_field


class BodyQuerySet(models.QuerySet):
    def for_unit(self, unit):
        """Return the bodies of one unit's portal."""
        return self.filter(unit=unit)

    def active(self):
        """Return the bodies shown to the public, in their order."""
        return self.filter(active=True).order_by("position", "name")

    def with_active_people(self):
        """Prefetch each body's active people, with their hotline contacts, in one query."""
        people = Person.objects.active().select_related("contact")
        return self.prefetch_related(
            models.Prefetch("people", queryset=people, to_attr="public_people")
        )


class Body(models.Model):
    """A body the leaders belong to: Thường trực HĐND, Lãnh đạo UBND, a phòng ban."""

    class Kind(models.TextChoices):
        COUNCIL = "hdnd", "Hội đồng nhân dân"
        COMMITTEE = "ubnd", "Ủy ban nhân dân"
        DEPARTMENT = "phong-ban", "Phòng, ban chuyên môn"
        OTHER = "khac", "Khác"

    unit = unit_field()
    name = models.CharField(
        "tên cơ quan, bộ phận", max_length=200, help_text="Ví dụ “Thường trực HĐND huyện”."
    )
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    functions = models.TextField(
        "chức năng, nhiệm vụ",
        blank=True,
        help_text="Vài câu hiện trên trang Cơ cấu tổ chức (không bắt buộc).",
    )
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phones = PhoneNumbersField(
        "số điện thoại", max_length=200, blank=True, help_text=PHONE_RULES_HINT
    )
    email = models.EmailField("thư điện tử", blank=True)
    position = models.PositiveIntegerField("thứ tự", default=0, help_text="Số nhỏ đứng trước.")
    active = models.BooleanField("đang hiển thị", default=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = updated_by_field()

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = "cơ quan, bộ phận"
        verbose_name_plural = "cơ quan, bộ phận"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @property
    def phone_numbers(self) -> list[PhoneNumber]:
        return [PhoneNumber(digits, format_phone(digits)) for digits in split_phones(self.phones)]


class PersonQuerySet(models.QuerySet):
    def for_unit(self, unit):
        """Return the people of one unit's portal."""
        return self.filter(unit=unit)

    def active(self):
        """Return the people shown to the public, in their order."""
        return self.filter(active=True, body__active=True).order_by("position", "pk")

    def search(self, query: str | None):
        """Return the people matching every word of the query, accents ignored."""
        return filter_by_words(self, query)


def photo_upload_to(person, filename: str) -> str:
    return f"organization/people/{filename}"


class Person(models.Model):
    """A leader or head of a body, with the fields and communes they are in charge of."""

    unit = unit_field()
    body = models.ForeignKey(
        Body,
        verbose_name="cơ quan, bộ phận",
        on_delete=models.PROTECT,
        related_name="people",
    )
    name = models.CharField("họ và tên", max_length=200, help_text="Ví dụ “Ông Nguyễn Văn A”.")
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        blank=True,
        help_text="Dùng cho lịch công tác riêng (/lich-cong-tac/<đường dẫn>.ics). "
        "Để trống để tự tạo từ họ tên.",
    )
    title = models.CharField("chức vụ", max_length=200, help_text="Ví dụ “Phó Chủ tịch UBND”.")
    title_en = models.CharField(
        "chức vụ bằng tiếng Anh",
        max_length=200,
        blank=True,
        help_text="Hiện trên trang tiếng Anh, ví dụ “Vice Chairman of the People's Committee”. "
        "Để trống thì người này không hiện ở trang tiếng Anh.",
    )
    portfolio = models.TextField(
        "lĩnh vực phụ trách",
        blank=True,
        help_text="Các lĩnh vực được phân công, ví dụ “Nông nghiệp, tài nguyên và môi trường”.",
    )
    communes = models.CharField(
        "địa bàn phụ trách",
        max_length=300,
        blank=True,
        help_text="Các xã, thị trấn được phân công theo dõi, cách nhau bằng dấu phẩy.",
    )
    photo = models.ImageField("ảnh", upload_to=photo_upload_to, blank=True)
    photo_alt = models.CharField(
        "mô tả ảnh",
        max_length=200,
        blank=True,
        help_text="Cho người khiếm thị, ví dụ “Ảnh chân dung ông Nguyễn Văn A”.",
    )
    contact = models.ForeignKey(
        "hotline.Contact",
        verbose_name="liên hệ trong danh bạ",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Nếu người này đã có trong danh bạ đường dây nóng, chọn ở đây: số điện thoại "
        "và thư điện tử lấy từ danh bạ, không phải nhập lại.",
    )
    phones = PhoneNumbersField(
        "số điện thoại",
        max_length=200,
        blank=True,
        help_text="Chỉ nhập khi không chọn liên hệ trong danh bạ. " + PHONE_RULES_HINT,
    )
    email = models.EmailField("thư điện tử", blank=True)
    term = models.CharField("nhiệm kỳ", max_length=100, blank=True, help_text="Ví dụ “2021–2026”.")
    is_head = models.BooleanField(
        "người đứng đầu", default=False, help_text="Người đứng đầu cơ quan, bộ phận."
    )
    is_spokesperson = models.BooleanField(
        "người phát ngôn",
        default=False,
        help_text="Người phát ngôn và cung cấp thông tin cho báo chí của đơn vị.",
    )
    position = models.PositiveIntegerField("thứ tự", default=0, help_text="Số nhỏ đứng trước.")
    active = models.BooleanField("đang hiển thị", default=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = updated_by_field()
    search_text = models.TextField("nội dung tìm kiếm", blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "lãnh đạo"
        verbose_name_plural = "lãnh đạo"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "slug"], name="organization_person_slug"),
        ]

    def __str__(self):
        return f"{self.name} – {self.title}"

    def save(self, *args, **kwargs):
        if self.body_id:
            self.unit_id = self.body.unit_id  # a person belongs to the unit of their body
        if not self.slug:
            self.slug = unit_slug(self, self.name, fallback="lanh-dao")
        details = [
            self.title,
            self.portfolio,
            self.communes,
            self.body.name if self.body_id else "",
        ]
        self.search_text = f"{fold(self.name)} | {fold(' '.join(filter(None, details)))}"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organization:leaders") + f"#{self.slug}"

    def clean(self):
        if self.photo and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": "Ảnh cần có mô tả cho người khiếm thị."})

    @property
    def phone_numbers(self) -> list[PhoneNumber]:
        """Return the numbers to call: the hotline contact's when linked, else the person's."""
        stored = self.contact.phones if self.contact_id else self.phones
        return [PhoneNumber(digits, format_phone(digits)) for digits in split_phones(stored)]

    @property
    def email_address(self) -> str:
        return (self.contact.email if self.contact_id else "") or self.email


reversion.register(Body)
reversion.register(Person)
