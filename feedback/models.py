"""Citizens' questions and feedback, their files and notes, days off, and page usefulness."""

import uuid

import reversion
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_ckeditor_5.fields import CKEditor5Field

from anphu_portal.folding import fold
from anphu_portal.matching import TITLE_SEPARATOR, filter_by_words
from anphu_portal.models import default_unit_id
from anphu_portal.private_files import private_storage
from anphu_portal.sanitizing import sanitize_body
from anphu_portal.uploads import FileKindValidator

ATTACHMENT_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".pdf")
MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # all attachments of one item together
MAX_CONTENT_CHARS = 5000
# The personal details of an item: never on a public page, never in an audit entry.
PERSONAL_FIELDS = ("name", "phone", "email", "address")


class Kind(models.TextChoices):
    QUESTION = "question", "Câu hỏi"
    PROCEDURE_FEEDBACK = "procedure", "Phản ánh về thủ tục hành chính"
    PROPOSAL = "proposal", "Kiến nghị"


class Field(models.TextChoices):
    LAND = "land", "Đất đai"
    CONSTRUCTION = "construction", "Xây dựng, nhà ở"
    JUSTICE = "justice", "Tư pháp, hộ tịch"
    LABOUR = "labour", "Lao động, thương binh và xã hội"
    EDUCATION = "education", "Giáo dục"
    HEALTH = "health", "Y tế"
    AGRICULTURE = "agriculture", "Nông nghiệp"
    ENVIRONMENT = "environment", "Tài nguyên, môi trường"
    TRANSPORT = "transport", "Giao thông"
    BUSINESS = "business", "Kinh doanh, thuế"
    OTHER = "other", "Lĩnh vực khác"


class Status(models.TextChoices):
    NEW = "new", "Mới tiếp nhận"
    IN_PROGRESS = "in_progress", "Đang xử lý"
    ANSWERED = "answered", "Đã trả lời"
    FORWARDED = "forwarded", "Chuyển cơ quan khác"
    OUT_OF_SCOPE = "out_of_scope", "Không thuộc thẩm quyền"
    DUPLICATE = "duplicate", "Trùng lặp"
    SPAM = "spam", "Spam"


OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)


class Channel(models.TextChoices):
    WEB = "web", "Cổng thông tin"
    PHONE = "phone", "Điện thoại"
    LETTER = "letter", "Thư, văn bản"
    IN_PERSON = "in_person", "Trực tiếp"


class TrackingCounter(models.Model):
    """The last tracking number given in one unit and year, raised by one atomic UPDATE."""

    unit = models.ForeignKey("anphu_portal.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="feedback_counter_per_unit_year")
        ]

    def __str__(self):
        return f"{self.year}: {self.last}"


class SubmissionQuerySet(models.QuerySet):
    def for_unit(self, unit):
        """Return the items of one unit."""
        return self.filter(unit=unit)

    def open(self):
        """Return the items still waiting for an answer."""
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        """Return the open items past their due date."""
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)

    def published(self):
        """Return the questions and answers shown on the public Q&A page, newest first."""
        return self.filter(published=True, status=Status.ANSWERED).order_by("-answered_at", "-pk")

    def search(self, query: str | None):
        """Return the items matching every word of the query, accents ignored."""
        return filter_by_words(self, query)


class Submission(models.Model):
    """A question, feedback or proposal from a citizen, with its handling and answer."""

    unit = models.ForeignKey(
        "anphu_portal.Unit",
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="+",
        default=default_unit_id,
        editable=False,
    )
    tracking_code = models.CharField("mã tra cứu", max_length=20, editable=False)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    channel = models.CharField(
        "hình thức tiếp nhận",
        max_length=20,
        choices=Channel.choices,
        default=Channel.WEB,
        help_text="Chọn “Điện thoại”, “Thư, văn bản” hoặc “Trực tiếp” khi cán bộ nhập thay "
        "người dân.",
    )
    name = models.CharField("họ và tên", max_length=200)
    phone = models.CharField(
        "số điện thoại",
        max_length=20,
        help_text="Lưu dạng chữ số, ví dụ 0919272108; nhập có dấu chấm hoặc +84 đều được.",
    )
    email = models.EmailField(
        "thư điện tử",
        blank=True,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: ten@gmail.com."},
    )
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    field = models.CharField("lĩnh vực", max_length=20, choices=Field.choices, default=Field.OTHER)
    subject = models.CharField("tiêu đề", max_length=200)
    content = models.TextField("nội dung", max_length=MAX_CONTENT_CHARS)
    consent = models.BooleanField("đồng ý xử lý dữ liệu cá nhân", default=False)
    publish_requested = models.BooleanField(
        "người gửi đồng ý công khai",
        default=False,
        help_text="Người gửi đồng ý công khai câu hỏi (không kèm thông tin cá nhân).",
    )
    published = models.BooleanField(
        "công khai hỏi đáp",
        default=False,
        help_text="Đánh dấu để hiện câu hỏi và câu trả lời trên trang Hỏi đáp. Chỉ hiện "
        "tiêu đề, nội dung câu hỏi và câu trả lời, không bao giờ hiện họ tên, số điện "
        "thoại, thư điện tử hay địa chỉ.",
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ xử lý",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(
        "hạn trả lời",
        null=True,
        blank=True,
        help_text="Mặc định 10 ngày làm việc kể từ ngày tiếp nhận (không tính thứ Bảy, "
        "Chủ nhật và ngày nghỉ trong danh sách “Ngày nghỉ”).",
    )
    answer = CKEditor5Field(
        "câu trả lời",
        blank=True,
        config_name="default",
        help_text="Hiện cho người gửi khi tra cứu và gửi tới thư điện tử của họ khi chọn "
        "trạng thái “Đã trả lời”.",
    )
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True, editable=False)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True, editable=False)
    forwarded_to = models.ForeignKey(
        "anphu_portal.Unit",
        verbose_name="chuyển tới đơn vị",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    personal_data_erased = models.BooleanField("đã xóa thông tin cá nhân", default=False)
    created_at = models.DateTimeField("tiếp nhận lúc", default=timezone.now, editable=False)
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

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "câu hỏi, phản ánh"
        verbose_name_plural = "câu hỏi, phản ánh"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "tracking_code"], name="feedback_tracking_code_per_unit"
            )
        ]
        indexes = [
            models.Index(fields=["unit", "status", "due_date"]),
            # The public Q&A list, newest answer first: read 10 rows per page, not every
            # published question (5 ms at 5,000 of 50,000, bench/explain_pages.py).
            models.Index(
                fields=["unit", "-answered_at", "-id"],
                condition=models.Q(published=True, status="answered"),
                name="feedback_published_answers",
            ),
        ]

    def __str__(self):
        # Never the citizen's name: this string reaches audit entries and history lists.
        return self.tracking_code or "câu hỏi mới"

    def save(self, *args, **kwargs):
        self.answer = sanitize_body(self.answer, images=False)
        # Only the public text is searchable: subject first (the "title"), then the rest.
        self.search_text = (
            fold(self.subject) + TITLE_SEPARATOR + fold(f"{self.content} {self.answer}")
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("feedback:question", args=[self.pk])

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_open() and self.due_date is not None and self.due_date < today

    def is_published(self) -> bool:
        return self.published and self.status == Status.ANSWERED


class SubmissionNote(models.Model):
    """An internal note on an item, seen by staff only."""

    submission = models.ForeignKey(
        Submission, verbose_name="câu hỏi", on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField("ghi chú nội bộ", max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField("ghi lúc", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "ghi chú nội bộ"
        verbose_name_plural = "ghi chú nội bộ"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Ghi chú {self.pk}"


def attachment_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"feedback/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


attachment_validator = FileKindValidator(ATTACHMENT_EXTENSIONS, MAX_ATTACHMENT_BYTES)


class SubmissionAttachment(models.Model):
    """A photo or PDF sent with an item, kept in private storage."""

    submission = models.ForeignKey(
        Submission, verbose_name="câu hỏi", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        "tệp",
        storage=private_storage,
        upload_to=attachment_path,
        max_length=200,
        validators=[attachment_validator],
    )
    original_name = models.CharField("tên tệp", max_length=200, blank=True)
    size = models.PositiveIntegerField("dung lượng", default=0)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["pk"]

    def __str__(self):
        return self.original_name or f"Tệp {self.pk}"

    def get_admin_url(self):
        return reverse("feedback:attachment", args=[self.pk])


class PendingUpload(models.Model):
    """A file accepted on a form that was re-shown with errors, held for an hour."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.original_name


class Holiday(models.Model):
    """A public holiday or a compensatory day off, skipped when counting working days."""

    date = models.DateField("ngày nghỉ", unique=True)
    name = models.CharField(
        "tên ngày nghỉ",
        max_length=200,
        help_text="Ví dụ “Tết Nguyên đán” hoặc “Nghỉ bù ngày Quốc khánh”.",
    )

    class Meta:
        verbose_name = "ngày nghỉ"
        verbose_name_plural = "ngày nghỉ lễ, nghỉ bù"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.name}"


class PageUsefulness(models.Model):
    """One answer to “Trang này có hữu ích không?” on a public page."""

    unit = models.ForeignKey(
        "anphu_portal.Unit",
        verbose_name="đơn vị",
        on_delete=models.CASCADE,
        related_name="+",
        default=default_unit_id,
        editable=False,
    )
    path = models.CharField("trang", max_length=500, db_index=True)
    useful = models.BooleanField("hữu ích")
    comment = models.CharField("còn thiếu gì", max_length=500, blank=True)
    created_at = models.DateTimeField("gửi lúc", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "đánh giá trang"
        verbose_name_plural = "đánh giá “Trang này có hữu ích không?”"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.path} – {'Có' if self.useful else 'Không'}"


# Attachments and notes are saved in the same revision as their item.
reversion.register(SubmissionAttachment)
reversion.register(SubmissionNote)
reversion.register(Submission, follow=["attachments", "notes"])
reversion.register(Holiday)
reversion.register(PageUsefulness)
