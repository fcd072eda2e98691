"""Contact groups and contacts, the data of the hotline boxes and of the directory page."""

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from anphu_portal.folding import fold
from anphu_portal.matching import filter_by_words
from anphu_portal.models import UnitContentQuerySet, default_unit_id
from anphu_portal.slugs import unique_slug
from hotline.phones import (
    PHONE_RULES_HINT,
    PhoneNumber,
    PhoneNumbersField,
    format_phone,
    split_phones,
)


class ContactGroupQuerySet(UnitContentQuerySet):
    def active(self):
        """Return the groups shown to the public, in their order."""
        return self.filter(active=True).order_by("position", "name")

    def in_sidebar(self):
        """Return the groups shown as boxes in the sidebar, each with its active contacts."""
        return self.active().filter(show_in_sidebar=True).with_active_contacts()

    def with_active_contacts(self, contacts: models.QuerySet | None = None):
        """Prefetch each group's active contacts (or the given contacts) in one query."""
        contacts = Contact.objects.active() if contacts is None else contacts
        return self.prefetch_related(
            models.Prefetch("contacts", queryset=contacts, to_attr="public_contacts")
        )


class ContactGroup(models.Model):
    """A list of contacts shown together: a hotline, a sidebar box, a directory section."""

    class Kind(models.TextChoices):
        HOTLINE = "hotline", "Đường dây nóng"
        PROCEDURE_FEEDBACK = "feedback", "Tiếp nhận phản ánh, kiến nghị về thủ tục hành chính"
        AGENCY = "agency", "Danh bạ cơ quan, đơn vị"
        COMMUNE = "commune", "Danh bạ xã, thị trấn"
        EMERGENCY = "emergency", "Số khẩn cấp"

    unit = models.ForeignKey(
        "anphu_portal.Unit",
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="+",
        default=default_unit_id,
        editable=False,
    )
    name = models.CharField(
        "tên nhóm",
        max_length=200,
        help_text="Tên hiển thị trên trang danh bạ, ví dụ “Đường dây nóng huyện An Phú”.",
    )
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        blank=True,
        help_text="Chữ không dấu, nối bằng gạch ngang; dùng làm liên kết tới nhóm trên trang "
        "danh bạ. Để trống để tự tạo từ tên nhóm.",
    )
    kind = models.CharField(
        "loại", max_length=20, choices=Kind.choices, default=Kind.AGENCY, db_index=True
    )
    sidebar_title = models.CharField(
        "tiêu đề ở cột bên",
        max_length=200,
        blank=True,
        help_text="Tiêu đề của ô ở cột bên phải mọi trang, ví dụ “Thông tin đường dây nóng”. "
        "Để trống thì dùng tên nhóm.",
    )
    description = models.TextField(
        "giới thiệu",
        blank=True,
        help_text="Một vài câu hiển thị dưới tên nhóm trên trang danh bạ (không bắt buộc).",
    )
    position = models.PositiveIntegerField(
        "thứ tự", default=0, help_text="Số nhỏ đứng trước, cả trên trang danh bạ và ở cột bên."
    )
    show_in_sidebar = models.BooleanField(
        "hiện ở cột bên",
        default=False,
        help_text="Đánh dấu để nhóm này hiện thành một ô ở cột bên phải của mọi trang.",
    )
    active = models.BooleanField(
        "đang hiển thị", default=True, help_text="Bỏ đánh dấu để ẩn cả nhóm khỏi trang công khai."
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cập nhật",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ContactGroupQuerySet.as_manager()

    class Meta:
        verbose_name = "nhóm danh bạ"
        verbose_name_plural = "nhóm danh bạ"
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "slug"], name="hotline_group_slug_per_unit"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, fallback="nhom")
        super().save(*args, **kwargs)
        self.refresh_contacts_search_text()

    def get_absolute_url(self):
        return reverse("hotline:directory") + f"#{self.slug}"

    @property
    def box_title(self) -> str:
        return self.sidebar_title or self.name

    def refresh_contacts_search_text(self) -> None:
        """Keep the group name inside each contact's search text after a rename."""
        stale = []
        for contact in self.contacts.all():
            contact.group = self
            text = contact.build_search_text()
            if text != contact.search_text:
                contact.search_text = text
                stale.append(contact)
        Contact.objects.bulk_update(stale, ["search_text"])


class ContactQuerySet(UnitContentQuerySet):
    # Contacts follow their group.
    unit_path = "group__unit"

    def active(self):
        """Return the contacts shown to the public, in their order."""
        return self.filter(active=True, group__active=True).order_by("position", "pk")

    def search(self, query: str | None):
        """Return the contacts matching every word of the query, accents ignored."""
        return filter_by_words(self, query)


class Contact(models.Model):
    """A person or an office that citizens can call or write to."""

    group = models.ForeignKey(
        ContactGroup,
        verbose_name="nhóm",
        on_delete=models.PROTECT,
        related_name="contacts",
        help_text="Nhóm danh bạ chứa liên hệ này.",
    )
    name = models.CharField(
        "họ và tên",
        max_length=200,
        blank=True,
        help_text="Có thể kèm danh xưng, ví dụ “Ông Huỳnh Hưng Thượng”. "
        "Để trống nếu đây là số của cả cơ quan.",
    )
    title = models.CharField(
        "chức vụ",
        max_length=200,
        blank=True,
        help_text="Ví dụ “Chánh văn phòng HĐND và UBND huyện”.",
    )
    organization = models.CharField(
        "cơ quan, đơn vị",
        max_length=300,
        blank=True,
        help_text="Ví dụ “Phòng Kiểm soát thủ tục hành chính tỉnh”.",
    )
    phones = PhoneNumbersField(
        "số điện thoại",
        max_length=200,
        blank=True,
        help_text="Một hoặc nhiều số, cách nhau bằng dấu phẩy. Được nhập dấu cách, dấu chấm, "
        "gạch ngang hoặc +84, ví dụ “0919.272.108, 02963 957 006”. " + PHONE_RULES_HINT,
    )
    email = models.EmailField(
        "thư điện tử",
        blank=True,
        error_messages={
            "invalid": "Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: ten@angiang.gov.vn."
        },
    )
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    note = models.CharField(
        "ghi chú",
        max_length=300,
        blank=True,
        help_text="Ví dụ giờ tiếp nhận, hoặc “dữ liệu mẫu” cho số chưa xác minh.",
    )
    position = models.PositiveIntegerField(
        "thứ tự", default=0, help_text="Số nhỏ đứng trước trong nhóm."
    )
    active = models.BooleanField(
        "đang hiển thị",
        default=True,
        help_text="Bỏ đánh dấu để ẩn liên hệ khỏi trang công khai mà không xóa.",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cập nhật",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    search_text = models.TextField("nội dung tìm kiếm", blank=True, editable=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = "liên hệ"
        verbose_name_plural = "liên hệ"
        ordering = ["group__position", "position", "pk"]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("hotline:directory") + f"#lien-he-{self.pk}"

    def owning_unit_id(self):
        """Return the unit whose pages show the contact: its group's."""
        return self.group.unit_id

    def get_vcard_url(self):
        return reverse("hotline:vcard", args=[self.pk])

    @property
    def display_name(self) -> str:
        """Return the person's name, or the organization for an office number."""
        return self.name or self.organization or "(chưa có tên)"

    @property
    def phone_numbers(self) -> list[PhoneNumber]:
        return [PhoneNumber(digits, format_phone(digits)) for digits in split_phones(self.phones)]

    def is_active(self) -> bool:
        return self.active and self.group.active

    def clean(self):
        if not self.name.strip() and not self.organization.strip():
            raise ValidationError(
                {"name": "Cần nhập họ và tên, hoặc tên cơ quan, đơn vị ở ô bên dưới."}
            )
        if not self.phones and not self.email:
            raise ValidationError(
                "Liên hệ cần có ít nhất một số điện thoại hoặc một địa chỉ thư điện tử.",
                code="no_phone_nor_email",
            )

    def build_search_text(self) -> str:
        """Return fold(name) | fold(title, organization, group, phones, email, note, address)."""
        numbers = self.phone_numbers
        details = [
            self.title,
            self.organization if self.name else "",
            self.group.name if self.group_id else "",
            *(number.digits for number in numbers),
            *(number.display for number in numbers),
            self.email,
            self.note,
            self.address,
        ]
        return f"{fold(self.display_name)} | {fold(' '.join(filter(None, details)))}"


reversion.register(ContactGroup, follow=["contacts"])
reversion.register(Contact)
