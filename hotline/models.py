"""Hotline and contact directories: groups of contacts with Vietnamese phone numbers."""

import re
from typing import NamedTuple

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from anphu_portal.folding import fold
from anphu_portal.search import filter_by_words

# --- Phone numbers -------------------------------------------------------------------------

# Several numbers in one field are separated by commas, semicolons, slashes or new lines.
PHONE_SEPARATORS = re.compile(r"[,;/\n\r]+")
# Characters people put inside one number: spaces, dots, dashes and brackets.
PHONE_PUNCTUATION = re.compile(r"[\s.\-()]+")
MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
# National emergency and support numbers (police, fire, ambulance, rescue, child protection).
SHORT_NUMBERS = frozenset({"111", "112", "113", "114", "115"})
TOLL_PREFIXES = ("1800", "1900")
STORED_SEPARATOR = ","

PHONE_RULES_HINT = (
    "Số di động có 10 chữ số và bắt đầu bằng 03, 05, 07, 08 hoặc 09; "
    "số máy bàn có 11 chữ số và bắt đầu bằng 02."
)


class PhoneNumber(NamedTuple):
    """One stored number with its Vietnamese display form."""

    digits: str
    display: str

    @property
    def international(self) -> str:
        """Return the number as +84… for vCards, or unchanged for short service numbers."""
        if self.digits.startswith("0"):
            return "+84" + self.digits[1:]
        return self.digits

    @property
    def is_mobile(self) -> bool:
        return is_mobile_number(self.digits)


def is_mobile_number(digits: str) -> bool:
    """Return True for a 10-digit Vietnamese mobile number."""
    return len(digits) == 10 and digits.startswith(MOBILE_PREFIXES)


def is_landline_number(digits: str) -> bool:
    """Return True for an 11-digit Vietnamese landline number (area code 02…)."""
    return len(digits) == 11 and digits.startswith("02")


def is_service_number(digits: str) -> bool:
    """Return True for an emergency number (113…) or a 1800/1900 switchboard number."""
    return digits in SHORT_NUMBERS or (digits.startswith(TOLL_PREFIXES) and len(digits) in (8, 10))


def normalize_phone(raw: str) -> str:
    """Return the digits of one Vietnamese phone number, or raise a Vietnamese ValidationError."""
    typed = raw.strip()
    compact = PHONE_PUNCTUATION.sub("", typed)
    if compact.startswith("+84"):
        compact = "0" + compact[3:]
    elif compact.startswith("0084"):
        compact = "0" + compact[4:]
    if compact.startswith("00"):  # "+84 (0) 919…" keeps a trunk zero after the country code
        compact = compact[1:]
    if not compact.isdigit():
        raise ValidationError(
            "Số điện thoại “%(value)s” chỉ được gồm chữ số, dấu cách, dấu chấm, dấu gạch ngang "
            "hoặc mã quốc gia +84.",
            code="phone_characters",
            params={"value": typed},
        )
    if is_mobile_number(compact) or is_landline_number(compact) or is_service_number(compact):
        return compact
    raise ValidationError(_length_message(compact), code="phone_invalid", params={"value": typed})


def _length_message(digits: str) -> str:
    count = len(digits)
    if digits.startswith("02"):
        return f"Số máy bàn “%(value)s” có {count} chữ số; số máy bàn phải có đúng 11 chữ số (02…)."
    if digits.startswith(MOBILE_PREFIXES):
        return f"Số di động “%(value)s” có {count} chữ số; số di động phải có đúng 10 chữ số."
    return "“%(value)s” không phải số điện thoại Việt Nam hợp lệ. " + PHONE_RULES_HINT


def split_phones(raw: str | None) -> list[str]:
    """Return the non-empty pieces of a field holding one or more numbers."""
    return [piece.strip() for piece in PHONE_SEPARATORS.split(raw or "") if piece.strip()]


def normalize_phone_list(raw: str | None) -> str:
    """Return the stored form (digits joined by commas) of the numbers typed in one field."""
    numbers: list[str] = []
    errors: list[ValidationError] = []
    for piece in split_phones(raw):
        try:
            digits = normalize_phone(piece)
        except ValidationError as error:
            errors.append(error)
            continue
        if digits not in numbers:
            numbers.append(digits)
    if errors:
        raise ValidationError(errors)
    return STORED_SEPARATOR.join(numbers)


def format_phone(digits: str) -> str:
    """Return a number the Vietnamese way: 0919.272.108 (mobile), 02963.957.006 (landline)."""
    if is_mobile_number(digits):
        return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
    if is_landline_number(digits):
        return f"{digits[:5]}.{digits[5:8]}.{digits[8:]}"
    if digits.startswith(TOLL_PREFIXES) and len(digits) == 8:
        return f"{digits[:4]}.{digits[4:]}"
    if digits.startswith(TOLL_PREFIXES) and len(digits) == 10:
        return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
    return digits


def format_phone_list(stored: str | None) -> str:
    """Return the stored numbers for display in a form field: "0919.272.108, 02963.957.006"."""
    return ", ".join(format_phone(digits) for digits in split_phones(stored))


class PhoneNumbersField(models.CharField):
    """One or more Vietnamese phone numbers, stored as digits separated by commas."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_phone_list(value) if value else ""

    def formfield(self, **kwargs):
        from hotline.forms import PhoneNumbersFormField

        return super().formfield(**{"form_class": PhoneNumbersFormField, **kwargs})


# --- Groups and contacts -------------------------------------------------------------------


class ContactGroupQuerySet(models.QuerySet):
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

    name = models.CharField(
        "tên nhóm",
        max_length=200,
        help_text="Tên hiển thị trên trang danh bạ, ví dụ “Đường dây nóng huyện An Phú”.",
    )
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        unique=True,
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

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)
        self.refresh_contacts_search_text()

    def get_absolute_url(self):
        return reverse("hotline:directory") + f"#{self.slug}"

    def unique_slug(self) -> str:
        """Return an ASCII slug of the name not yet used by another group."""
        base = slugify(fold(self.name))[:190] or "nhom"
        slug, number = base, 1
        while ContactGroup.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

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


class ContactQuerySet(models.QuerySet):
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
