"""Legal documents: their number, dates, status computed when asked, and drafts for comment."""

import datetime

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from anphu_portal.folding import fold
from anphu_portal.matching import TITLE_SEPARATOR, filter_by_words
from anphu_portal.models import default_unit_id
from anphu_portal.slugs import ascii_slug
from anphu_portal.uploads import FileKindValidator
from documents.models.catalogue import DocumentType, Field, Issuer, slug_in_unit
from documents.numbers import number_key, number_words, query_words

MAX_ATTACHMENT_BYTES = 30 * 1024 * 1024
ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip")


class Status(models.TextChoices):
    IN_FORCE = "con-hieu-luc", "Còn hiệu lực"
    PARTLY_EXPIRED = "het-hieu-luc-mot-phan", "Hết hiệu lực một phần"
    EXPIRED = "het-hieu-luc", "Hết hiệu lực"
    NOT_YET = "chua-co-hieu-luc", "Chưa có hiệu lực"


class RelationKind(models.TextChoices):
    """How a document acts on an earlier one; the label reads "<this> <kind> <that>"."""

    REPLACES = "thay-the", "Thay thế"
    REPLACES_PART = "thay-the-mot-phan", "Thay thế một phần"
    AMENDS = "sua-doi-bo-sung", "Sửa đổi, bổ sung"
    REPEALS = "bai-bo", "Bãi bỏ"
    REPEALS_PART = "bai-bo-mot-phan", "Bãi bỏ một phần"
    CORRECTS = "dinh-chinh", "Đính chính"
    GUIDES = "huong-dan", "Hướng dẫn"


# The same relation read from the earlier document's side.
REVERSE_LABELS = {
    RelationKind.REPLACES: "Bị thay thế bởi",
    RelationKind.REPLACES_PART: "Bị thay thế một phần bởi",
    RelationKind.AMENDS: "Được sửa đổi, bổ sung bởi",
    RelationKind.REPEALS: "Bị bãi bỏ bởi",
    RelationKind.REPEALS_PART: "Bị bãi bỏ một phần bởi",
    RelationKind.CORRECTS: "Được đính chính bởi",
    RelationKind.GUIDES: "Được hướng dẫn bởi",
}
ENDING_KINDS = [RelationKind.REPLACES, RelationKind.REPEALS]
PARTLY_ENDING_KINDS = [RelationKind.REPLACES_PART, RelationKind.REPEALS_PART, RelationKind.AMENDS]


def acting_relations(kinds: list[str], today: datetime.date, now: datetime.datetime):
    """Return relations of `kinds` on the outer document by a published document in force."""
    relations = apps.get_model("documents", "DocumentRelation")
    return relations.objects.filter(
        target=OuterRef("pk"),
        kind__in=kinds,
        source__published=True,
        source__is_draft=False,
        source__publish_at__lte=now,
    ).filter(
        Q(source__effective_on__lte=today)
        | Q(source__effective_on__isnull=True, source__issued_on__lte=today)
    )


class DocumentQuerySet(models.QuerySet):
    def for_unit(self, unit):
        """Return the documents of one unit's portal."""
        return self.filter(unit=unit)

    def published(self):
        """Return the documents visible to the public: published, their time come."""
        return self.filter(published=True, publish_at__lte=timezone.now())

    def next_publication(self, unit_id, now):
        """Return when the unit's next document scheduled after `now` is published, or None."""
        scheduled = self.filter(unit_id=unit_id, published=True, publish_at__gt=now)
        return scheduled.order_by("publish_at").values_list("publish_at", flat=True).first()

    def issued(self):
        """Return the published documents that are not drafts for comment."""
        return self.published().filter(is_draft=False)

    def drafts(self):
        """Return the published drafts for public comment."""
        return self.published().filter(is_draft=True)

    def with_status(self, now: datetime.datetime | None = None):
        """Annotate `current_status`, computed from today's date, the relations and overrides.

        Computed in the query, not stored, so a document expires at midnight without a save.
        `now` is the moment to compute it at (the current one when not given).
        """
        now = now or timezone.now()
        today = timezone.localdate(now)
        return self.annotate(
            current_status=Case(
                When(~Q(status_override=""), then=F("status_override")),
                When(
                    Exists(acting_relations(ENDING_KINDS, today, now)), then=Value(Status.EXPIRED)
                ),
                When(expires_on__lte=today, then=Value(Status.EXPIRED)),
                When(
                    Q(effective_on__gt=today) | Q(effective_on__isnull=True, issued_on__gt=today),
                    then=Value(Status.NOT_YET),
                ),
                When(
                    Exists(acting_relations(PARTLY_ENDING_KINDS, today, now)),
                    then=Value(Status.PARTLY_EXPIRED),
                ),
                default=Value(Status.IN_FORCE),
                output_field=models.CharField(),
            )
        )

    def maybe_not_in_force(self):
        """Return the documents whose status today may be other than in force.

        Every document left out is in force (see with_status): counts by status compute
        the status of these few only.
        """
        today = timezone.localdate()
        relations = apps.get_model("documents", "DocumentRelation").objects.values("target_id")
        return self.filter(
            ~Q(status_override="")
            | Q(expires_on__lte=today)
            | Q(effective_on__gt=today)
            | Q(effective_on__isnull=True, issued_on__gt=today)
            | Q(pk__in=relations)
        )

    def with_status_in(self, status: str):
        """Return the documents whose status today is `status`."""
        return self.with_status().filter(current_status=status)

    def comment_open(self):
        """Return the drafts whose comment period includes today."""
        today = timezone.localdate()
        return self.filter(comment_opens_on__lte=today, comment_closes_on__gte=today)

    def comment_closed(self):
        """Return the drafts whose comment period has ended."""
        return self.filter(comment_closes_on__lt=timezone.localdate())

    def search(self, query: str | None):
        """Return the documents matching every word of the query, number parts included."""
        return filter_by_words(self, query_words(query))


def report_upload_to(instance, filename: str) -> str:
    return f"van-ban/bao-cao-tong-hop/{timezone.localdate():%Y}/{filename}"


class Document(models.Model):
    """A legal document the unit issues or publishes, or a draft asking for comments."""

    unit = models.ForeignKey(
        "anphu_portal.Unit",
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="+",
        default=default_unit_id,
        editable=False,
    )
    number = models.CharField(
        "số, ký hiệu",
        max_length=100,
        help_text="Ghi như trên văn bản, ví dụ “125/QĐ-UBND”. Dự thảo chưa có số: ghi “Dự thảo”.",
    )
    number_key = models.CharField(
        "số ký hiệu đã chuẩn hóa", max_length=120, editable=False, db_index=True
    )
    year = models.PositiveSmallIntegerField("năm ban hành", editable=False, db_index=True)
    document_type = models.ForeignKey(
        DocumentType, verbose_name="loại văn bản", on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        Issuer, verbose_name="cơ quan ban hành", on_delete=models.PROTECT, related_name="+"
    )
    field = models.ForeignKey(
        Field,
        verbose_name="lĩnh vực",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    signer = models.CharField("người ký", max_length=200, blank=True)
    signer_title = models.CharField(
        "chức vụ người ký",
        max_length=200,
        blank=True,
        help_text="Ví dụ “Chủ tịch”, “KT. Chủ tịch – Phó Chủ tịch”.",
    )
    issued_on = models.DateField("ngày ban hành")
    effective_on = models.DateField(
        "ngày có hiệu lực",
        null=True,
        blank=True,
        help_text="Để trống nếu văn bản có hiệu lực từ ngày ban hành.",
    )
    expires_on = models.DateField(
        "ngày hết hiệu lực",
        null=True,
        blank=True,
        help_text="Ngày văn bản không còn hiệu lực; từ 0 giờ ngày này trang công khai ghi “Hết hiệu lực”.",
    )
    status_override = models.CharField(
        "tình trạng (đặt tay)",
        max_length=30,
        choices=Status.choices,
        blank=True,
        help_text="Để trống để cổng tự tính tình trạng từ các ngày và văn bản liên quan. "
        "Chỉ chọn khi tình trạng thực tế khác với cách tính đó.",
    )
    summary = models.TextField(
        "trích yếu",
        help_text="Trích yếu nội dung như trên văn bản, ví dụ “Về việc ban hành Kế hoạch…”.",
    )
    body = models.TextField(
        "toàn văn", blank=True, help_text="Không bắt buộc: nội dung văn bản dạng chữ, nếu có."
    )
    slug = models.SlugField(
        "đường dẫn",
        max_length=220,
        blank=True,
        help_text="Để trống để tự tạo từ số ký hiệu và năm, ví dụ “125-qd-ubnd-2026”.",
    )
    published = models.BooleanField(
        "công bố", default=True, help_text="Bỏ đánh dấu để ẩn văn bản khỏi trang công khai."
    )
    publish_at = models.DateTimeField(
        "thời điểm công bố",
        default=timezone.now,
        help_text="Văn bản hiện trên trang công khai từ thời điểm này.",
    )
    is_draft = models.BooleanField(
        "dự thảo lấy ý kiến",
        default=False,
        help_text="Đánh dấu nếu đây là dự thảo đưa ra lấy ý kiến nhân dân.",
    )
    comment_opens_on = models.DateField("bắt đầu lấy ý kiến", null=True, blank=True)
    comment_closes_on = models.DateField("kết thúc lấy ý kiến", null=True, blank=True)
    comment_report = models.FileField(
        "báo cáo tổng hợp ý kiến",
        upload_to=report_upload_to,
        blank=True,
        max_length=300,
        validators=[FileKindValidator(ATTACHMENT_EXTENSIONS, MAX_ATTACHMENT_BYTES)],
        help_text="Sau khi hết hạn lấy ý kiến, đính kèm báo cáo tổng hợp (PDF, DOC, DOCX, "
        "tối đa 30 MB); trang dự thảo sẽ hiện báo cáo này.",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
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

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "issuer", "year", "number_key"],
                name="documents_number_per_issuer_year",
                violation_error_message="Cơ quan này đã có văn bản cùng số ký hiệu trong năm.",
            ),
            models.UniqueConstraint(fields=["unit", "slug"], name="documents_slug_per_unit"),
        ]
        indexes = [
            models.Index(fields=["unit", "-issued_on"], name="documents_unit_issued"),
            # The public list and its counts: issued documents only, read from the index
            # alone (the counts read every issued document: 6 ms each at 20,000 from the
            # table, bench/explain_pages.py).
            models.Index(
                fields=["unit", "-issued_on", "-id"],
                include=[
                    *("publish_at", "document_type", "issuer", "field", "year"),
                    *("status_override", "expires_on", "effective_on"),
                ],
                condition=models.Q(published=True, is_draft=False),
                name="documents_issued_list",
            ),
            # The RSS feed, newest published first: 30 rows from the index instead of a sort
            # of every published document (21 ms at 20,000).
            models.Index(
                fields=["unit", "-publish_at", "-id"],
                condition=models.Q(published=True),
                name="documents_published_feed",
            ),
            # The drafts page: a few hundred drafts among tens of thousands of documents.
            models.Index(
                fields=["unit", "comment_closes_on"],
                condition=models.Q(is_draft=True),
                name="documents_drafts",
            ),
        ]

    def __str__(self):
        return f"{self.number} – {self.summary[:80]}"

    def save(self, *args, **kwargs):
        self.number_key = number_key(self.number)
        self.year = self.issued_on.year
        if not self.slug:
            self.slug = self.make_slug()
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("documents:detail", args=[self.slug])

    def make_slug(self) -> str:
        """Return "125-qd-ubnd-2026", with the issuer added when the unit has it already."""
        base = f"{number_key(self.number)[:120] or 'van-ban'}-{self.year}"
        with_issuer = f"{base}-{ascii_slug(self.issuer.name, max_length=80)}"
        return slug_in_unit(self, [base, with_issuer])

    def owning_unit_id(self):
        return self.unit_id

    def clean(self):
        errors = {}
        if self.expires_on and self.issued_on and self.expires_on <= self.issued_on:
            errors["expires_on"] = "Ngày hết hiệu lực phải sau ngày ban hành."
        if self.effective_on and self.expires_on and self.expires_on <= self.effective_on:
            errors["expires_on"] = "Ngày hết hiệu lực phải sau ngày có hiệu lực."
        if self.is_draft and not (self.comment_opens_on and self.comment_closes_on):
            errors["comment_closes_on"] = "Dự thảo cần có ngày bắt đầu và kết thúc lấy ý kiến."
        if (
            self.comment_opens_on
            and self.comment_closes_on
            and self.comment_closes_on < self.comment_opens_on
        ):
            errors["comment_closes_on"] = "Ngày kết thúc phải từ ngày bắt đầu lấy ý kiến trở đi."
        if errors:
            raise ValidationError(errors)

    def is_published(self) -> bool:
        return self.published and self.publish_at <= timezone.now()

    @property
    def status(self) -> str:
        """Return today's status: the annotated one, else computed by one query."""
        value = getattr(self, "current_status", None)
        if value is None:
            value = (
                Document.objects.filter(pk=self.pk)
                .with_status()
                .values_list("current_status", flat=True)
                .first()
            )
        return value or Status.IN_FORCE

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    def comment_is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(
            self.is_draft
            and self.comment_opens_on
            and self.comment_closes_on
            and self.comment_opens_on <= today <= self.comment_closes_on
        )

    def comment_has_closed(self) -> bool:
        return bool(self.comment_closes_on and self.comment_closes_on < timezone.localdate())

    def build_search_text(self, attachment_texts: list[str] | None = None) -> str:
        """Return fold(number, summary) | fold(number parts, type, issuer, signer, body, PDFs)."""
        if attachment_texts is None:
            attachment_texts = (
                list(self.attachments.values_list("text", flat=True)) if self.pk else []
            )
        details = [
            " ".join(number_words(self.number)),
            self.document_type.name if self.document_type_id else "",
            self.issuer.name if self.issuer_id else "",
            self.field.name if self.field_id else "",
            self.signer,
            self.signer_title,
            self.body,
            *attachment_texts,
        ]
        title = fold(f"{self.number} {self.summary}").replace(TITLE_SEPARATOR.strip(), " ")
        return f"{title}{TITLE_SEPARATOR}{fold(' '.join(filter(None, details)))}"

    def refresh_search_text(self) -> None:
        """Store the search text again after an attachment's text changed."""
        text = self.build_search_text()
        if text != self.search_text:
            Document.objects.filter(pk=self.pk).update(search_text=text)
            self.search_text = text
