"""What hangs off a document: its files with their extracted text, relations, comments."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from anphu_portal.private_files import private_storage
from anphu_portal.uploads import CONTENT_TYPES, FileKindValidator, extension_of
from documents.models.documents import (
    ATTACHMENT_EXTENSIONS,
    MAX_ATTACHMENT_BYTES,
    REVERSE_LABELS,
    Document,
    RelationKind,
)

KIND_NAMES = {
    ".pdf": "PDF",
    ".doc": "Word (DOC)",
    ".docx": "Word (DOCX)",
    ".xls": "Excel (XLS)",
    ".xlsx": "Excel (XLSX)",
    ".zip": "Tệp nén ZIP",
}


def attachment_upload_to(instance, filename: str) -> str:
    return f"van-ban/{timezone.localdate():%Y/%m}/{filename}"


class TextState(models.TextChoices):
    PENDING = "pending", "Chờ trích xuất chữ"
    EXTRACTED = "extracted", "Đã trích xuất chữ"
    SCANNED = "scanned", "PDF scan, chưa có lớp chữ"
    LEGACY = "legacy", "Chữ mã cũ (TCVN3/VNI), cần chuyển Unicode"
    FAILED = "failed", "Không đọc được tệp PDF"
    NOT_PDF = "not-pdf", "Không phải PDF (không trích xuất)"


class Attachment(models.Model):
    """A file of a document (the signed PDF, an annex), with the text read from a PDF."""

    document = models.ForeignKey(
        Document, verbose_name="văn bản", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        "tệp",
        upload_to=attachment_upload_to,
        max_length=300,
        validators=[FileKindValidator(ATTACHMENT_EXTENSIONS, MAX_ATTACHMENT_BYTES)],
        help_text="PDF, DOC, DOCX, XLS, XLSX hoặc ZIP, tối đa 30 MB; tệp được kiểm tra nội dung.",
    )
    title = models.CharField(
        "tên tệp hiển thị",
        max_length=200,
        blank=True,
        help_text="Ví dụ “Văn bản ký số”, “Phụ lục kèm theo”. Để trống thì dùng tên tệp.",
    )
    position = models.PositiveIntegerField("thứ tự", default=0)
    size = models.PositiveBigIntegerField("dung lượng (byte)", default=0, editable=False)
    text = models.TextField("chữ trích từ tệp", blank=True, editable=False)
    text_state = models.CharField(
        "trạng thái trích xuất chữ",
        max_length=20,
        choices=TextState.choices,
        default=TextState.PENDING,
        editable=False,
    )
    text_checked_at = models.DateTimeField("trích xuất lúc", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if self.file and not getattr(self.file, "_committed", True):
            # A new file: its text is read again by the extraction command.
            self.size = self.file.size
            self.text = ""
            self.text_state = TextState.PENDING
            self.text_checked_at = None
        super().save(*args, **kwargs)

    def owning_unit_id(self):
        return self.document.unit_id

    @property
    def extension(self) -> str:
        return extension_of(self.file.name)

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.extension, self.extension[1:].upper())

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.extension, "application/octet-stream")

    @property
    def display_name(self) -> str:
        return self.title or self.file.name.rsplit("/", 1)[-1]

    def get_download_url(self):
        return reverse("documents:attachment", args=[self.document.slug, self.pk])


class DocumentRelation(models.Model):
    """`source` acts on `target`: replaces, amends, repeals, corrects or guides it."""

    source = models.ForeignKey(
        Document,
        verbose_name="văn bản này",
        on_delete=models.CASCADE,
        related_name="outgoing_relations",
    )
    kind = models.CharField("quan hệ", max_length=30, choices=RelationKind.choices)
    target = models.ForeignKey(
        Document,
        verbose_name="văn bản được tác động",
        on_delete=models.CASCADE,
        related_name="incoming_relations",
        help_text="Văn bản trước đó bị thay thế, sửa đổi, bãi bỏ… (gõ số ký hiệu để tìm).",
    )

    class Meta:
        verbose_name = "văn bản liên quan"
        verbose_name_plural = "văn bản liên quan"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target"], name="documents_relation_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="documents_relation_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.target.number}"

    def owning_unit_id(self):
        return self.source.unit_id

    @property
    def reverse_label(self) -> str:
        return REVERSE_LABELS[RelationKind(self.kind)]


class CommentState(models.TextChoices):
    PENDING = "pending", "Chờ duyệt"
    APPROVED = "approved", "Đã duyệt, hiện công khai"
    REJECTED = "rejected", "Không hiện công khai"


class DraftCommentQuerySet(models.QuerySet):
    def for_unit(self, unit):
        return self.filter(document__unit=unit)

    def approved(self):
        """Return the comments moderators let the public read."""
        return self.filter(state=CommentState.APPROVED)


def comment_upload_to(instance, filename: str) -> str:
    return f"gop-y-du-thao/{timezone.localdate():%Y/%m}/{filename}"


class DraftComment(models.Model):
    """A citizen's comment on a draft; its contact data never reaches a public page."""

    document = models.ForeignKey(
        Document, verbose_name="dự thảo", on_delete=models.CASCADE, related_name="comments"
    )
    name = models.CharField("họ và tên", max_length=200)
    contact = models.CharField(
        "thư điện tử hoặc số điện thoại", max_length=200, help_text="Không bao giờ công khai."
    )
    content = models.TextField("nội dung góp ý")
    attachment = models.FileField(
        "tệp kèm theo",
        storage=private_storage,
        upload_to=comment_upload_to,
        blank=True,
        max_length=300,
        validators=[FileKindValidator((".pdf", ".doc", ".docx"), 10 * 1024 * 1024)],
    )
    show_name = models.BooleanField("hiện tên người góp ý", default=False)
    consent = models.BooleanField("đồng ý cho sử dụng thông tin cá nhân", default=False)
    state = models.CharField(
        "trạng thái duyệt",
        max_length=20,
        choices=CommentState.choices,
        default=CommentState.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField("gửi lúc", default=timezone.now, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người duyệt",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = DraftCommentQuerySet.as_manager()

    class Meta:
        verbose_name = "góp ý dự thảo"
        verbose_name_plural = "góp ý dự thảo"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Góp ý #{self.pk} – {self.document.number}"

    def owning_unit_id(self):
        return self.document.unit_id

    @property
    def public_name(self) -> str:
        return self.name if self.show_name else "Người dân"
