"""Categories and articles: what the newsroom writes and the public reads."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_ckeditor_5.fields import CKEditor5Field

from anphu_portal.folding import fold
from anphu_portal.matching import filter_by_words
from anphu_portal.models import UnitContentQuerySet, default_unit_id
from anphu_portal.slugs import ascii_slug, unique_slug
from news.images import (
    RENDITION_OPTIONS,
    RENDITION_WIDTHS,
    cover_rendition,
    cover_upload_to,
    validate_image_upload,
)
from news.sanitizing import html_to_text, sanitize_body

# Part of the cache key of rendition URLs: changing the specs changes the URLs.
RENDITIONS_KEY = hashlib.md5(
    repr((RENDITION_WIDTHS, RENDITION_OPTIONS)).encode(), usedforsecurity=False
).hexdigest()[:8]


class CategoryQuerySet(UnitContentQuerySet):
    pass


class Category(models.Model):
    unit = models.ForeignKey(
        "anphu_portal.Unit",
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="+",
        default=default_unit_id,
        editable=False,
    )
    name = models.CharField(
        "tên chuyên mục",
        max_length=120,
        help_text="Tên hiển thị trên menu và trang chủ, ví dụ “Cải cách hành chính”.",
    )
    slug = models.SlugField(
        "đường dẫn",
        max_length=140,
        help_text="Phần địa chỉ trang, tự tạo từ tên (chữ không dấu, nối bằng gạch ngang). "
        "Không nên đổi sau khi đã công bố vì các liên kết cũ sẽ hỏng.",
    )
    description = models.TextField(
        "mô tả",
        blank=True,
        help_text="Một hai câu giới thiệu chuyên mục; hiển thị ở đầu trang chuyên mục.",
    )
    position = models.PositiveSmallIntegerField(
        "thứ tự",
        default=0,
        help_text="Số nhỏ đứng trước trên menu và trang chủ.",
    )
    show_on_home = models.BooleanField(
        "hiện trên trang chủ",
        default=True,
        help_text="Đánh dấu để trang chủ có một khối tin mới nhất của chuyên mục này.",
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "slug"], name="news_category_slug_per_unit"),
            models.UniqueConstraint(fields=["unit", "name"], name="news_category_name_per_unit"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = ascii_slug(self.name, max_length=140)
        renamed = (
            self.pk is not None and not Category.objects.filter(pk=self.pk, name=self.name).exists()
        )
        super().save(*args, **kwargs)
        if renamed:
            self.refresh_articles_search_text()

    def get_absolute_url(self):
        return reverse("news:category", args=[self.slug])

    def refresh_articles_search_text(self) -> None:
        """Keep the category's name inside its articles' search text after a rename."""
        for article in self.articles.all().iterator():
            article.category = self
            Article.objects.filter(pk=article.pk).update(search_text=article.build_search_text())


class ArticleQuerySet(UnitContentQuerySet):
    def published(self):
        """Return the articles visible to the public: published and due."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

    def search(self, query: str | None):
        """Return the articles whose folded text contains every word of the query."""
        return filter_by_words(self, query)

    def waiting_for_review(self):
        """Return the articles an approver should look at."""
        return self.filter(status=Article.Status.PENDING)

    def for_cards(self):
        """Return the rows with what a card shows, newest first, without the heavy text."""
        return (
            self.select_related("category")
            .defer("body", "search_text")
            .order_by("-publish_at", "-pk")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        PENDING = "pending", "Chờ duyệt"
        PUBLISHED = "published", "Đã xuất bản"

    # Always its main category's unit (set on save), so the public lists filter one column.
    unit = models.ForeignKey(
        "anphu_portal.Unit",
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="+",
        default=default_unit_id,
        editable=False,
    )
    title = models.CharField(
        "tiêu đề",
        max_length=255,
        help_text="Ngắn gọn, đủ ý, không viết hoa toàn bộ. Khoảng 60–100 ký tự là vừa.",
    )
    slug = models.SlugField(
        "đường dẫn",
        max_length=255,
        help_text="Tự tạo từ tiêu đề khi gõ (chữ không dấu). Được giữ nguyên khi sửa tiêu đề "
        "sau này, để liên kết đã chia sẻ không bị hỏng.",
    )
    summary = models.TextField(
        "sa-pô (tóm tắt)",
        max_length=800,
        help_text="Đoạn mở đầu 1–3 câu, hiển thị in đậm dưới tiêu đề và trong danh sách tin.",
    )
    body = CKEditor5Field(
        "nội dung",
        config_name="news",
        blank=True,
        help_text="Dùng “Tiêu đề” cho các đoạn lớn, chèn ảnh bằng nút ảnh và ghi chú thích "
        "dưới ảnh. Định dạng dán từ Word được làm sạch khi lưu.",
    )
    cover = models.ImageField(
        "ảnh đại diện",
        upload_to=cover_upload_to,
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
        validators=[validate_image_upload],
        help_text="Ảnh JPEG, PNG hoặc WebP, tối đa 10 MB; nên rộng từ 1200 điểm ảnh. "
        "Hệ thống tự tạo các bản thu nhỏ cho điện thoại và máy tính.",
    )
    cover_width = models.PositiveIntegerField(editable=False, null=True)
    cover_height = models.PositiveIntegerField(editable=False, null=True)
    cover_alt = models.CharField(
        "mô tả ảnh (thay thế)",
        max_length=255,
        blank=True,
        help_text="Bắt buộc khi có ảnh: tả ngắn nội dung ảnh cho người khiếm thị, ví dụ "
        "“Cán bộ hướng dẫn người dân nộp hồ sơ tại bộ phận một cửa”.",
    )
    cover_caption = models.CharField(
        "chú thích ảnh",
        max_length=300,
        blank=True,
        help_text="Hiển thị dưới ảnh trong trang tin (không bắt buộc).",
    )
    author = models.CharField(
        "tác giả",
        max_length=120,
        blank=True,
        help_text="Tên người viết hiển thị ở cuối bài, ví dụ “Huỳnh Như”.",
    )
    source = models.CharField(
        "nguồn",
        max_length=255,
        blank=True,
        help_text="Ghi nguồn khi đăng lại tin của đơn vị khác, ví dụ “Báo An Giang”.",
    )
    source_url = models.URLField(
        "liên kết nguồn",
        max_length=500,
        blank=True,
        help_text="Địa chỉ bài gốc khi đăng lại, ví dụ “https://baoangiang.com.vn/…”. "
        "Tên nguồn ở trên trở thành liên kết tới địa chỉ này.",
    )
    category = models.ForeignKey(
        Category,
        verbose_name="chuyên mục chính",
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="Quyết định địa chỉ của bài và khối tin trên trang chủ.",
    )
    extra_categories = models.ManyToManyField(
        Category,
        verbose_name="chuyên mục khác",
        blank=True,
        related_name="extra_articles",
        help_text="Các chuyên mục khác mà bài cũng liên quan (không bắt buộc).",
    )
    status = models.CharField(
        "trạng thái",
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Bản nháp → Chờ duyệt → Đã xuất bản. Chỉ người duyệt tin được xuất bản.",
    )
    publish_at = models.DateTimeField(
        "thời gian xuất bản",
        null=True,
        blank=True,
        help_text="Để trống: xuất bản ngay khi duyệt. Chọn thời điểm trong tương lai để hẹn "
        "giờ: bài tự hiện khi đến giờ.",
    )
    featured = models.BooleanField(
        "tin nổi bật",
        default=False,
        help_text="Tin nổi bật hiện ảnh lớn ở đầu trang chủ.",
    )
    view_count = models.PositiveIntegerField("lượt xem", default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người sửa gần nhất",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("tạo lúc", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    cover_400_webp = cover_rendition(400, "WEBP")
    cover_800_webp = cover_rendition(800, "WEBP")
    cover_1200_webp = cover_rendition(1200, "WEBP")
    cover_400_jpeg = cover_rendition(400, "JPEG")
    cover_800_jpeg = cover_rendition(800, "JPEG")
    cover_1200_jpeg = cover_rendition(1200, "JPEG")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "tin bài"
        verbose_name_plural = "tin bài"
        ordering = ["-publish_at", "-pk"]
        permissions = [("publish_article", "Được xuất bản, gỡ và hẹn giờ tin bài")]
        constraints = [
            models.UniqueConstraint(fields=["unit", "slug"], name="news_article_slug_per_unit"),
        ]
        # The listings order by (publish_at, id) after equalities on the leading columns:
        # with id in the index, a page's ids come from an index-only scan, a LIMIT stops
        # after as many entries, and no sort runs (bench/explain_news.py shows the plans).
        indexes = [
            models.Index(
                fields=["unit", "status", "publish_at", "id"], name="news_article_unit_listing"
            ),
            models.Index(fields=["status", "publish_at"], name="news_article_visible"),
            models.Index(
                fields=["category", "status", "publish_at", "id"],
                name="news_article_category_list",
            ),
            models.Index(
                fields=["unit", "featured", "status", "publish_at", "id"],
                name="news_article_unit_featured",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.category_id:
            self.unit_id = self.category.unit_id
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="tin-bai")
        self.body = sanitize_body(self.body)
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()  # a publication time left blank means "now"
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:article", args=[self.category.slug, self.slug])

    def clean(self):
        super().clean()
        if self.cover and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": "Hãy nhập mô tả ảnh đại diện (cần cho người khiếm thị)."}
            )

    def build_search_text(self) -> str:
        """Return the folded title, then " | ", then the category and the other text."""
        category = self.category.name if self.category_id else ""
        others = " ".join(
            [
                category,
                self.summary,
                html_to_text(self.body),
                self.author,
                self.source,
                self.cover_caption,
            ]
        )
        return f"{fold(self.title)} | {fold(others)}"

    def is_published(self) -> bool:
        """Return True when the public can see the article now."""
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    is_published.boolean = True
    is_published.short_description = "đang hiển thị"

    def is_scheduled(self) -> bool:
        """Return True for a published article whose publication time is still ahead."""
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    def cover_picture(self) -> dict | None:
        """Return what a <picture> of the cover needs: srcsets, fallback, size and alt."""
        if not self.has_cover_picture():
            return None
        known = getattr(self, "_renditions", None)
        if known is not None and known[0] == self.cover.name:
            picture = known[1]
        else:
            # Rendition URLs depend only on the (uniquely named) cover file and the specs,
            # and computing them costs imagekit a hash each: keep them in the cache.
            picture = cache.get(self.renditions_key())
            if picture is None:
                picture = self.cover_renditions()
                cache.set(self.renditions_key(), picture, None)
            self._renditions = (self.cover.name, picture)
        return {**picture, "alt": self.cover_alt or self.title}

    def has_cover_picture(self) -> bool:
        return bool(self.cover and self.cover_width and self.cover_height)

    def renditions_key(self) -> str:
        return f"news:cover-renditions:{RENDITIONS_KEY}:{self.cover.name}"

    def cover_renditions(self) -> dict:
        webp, jpeg, seen = [], [], set()
        for target in RENDITION_WIDTHS:
            width = min(target, self.cover_width)
            if width in seen:  # a small original yields one rendition for several targets
                continue
            seen.add(width)
            webp.append(f"{getattr(self, f'cover_{target}_webp').url} {width}w")
            jpeg.append(f"{getattr(self, f'cover_{target}_jpeg').url} {width}w")
        fallback_width = min(800, self.cover_width)
        return {
            "webp_srcset": ", ".join(webp),
            "jpeg_srcset": ", ".join(jpeg),
            "src": self.cover_800_jpeg.url,
            "width": fallback_width,
            "height": round(self.cover_height * fallback_width / self.cover_width),
        }


def read_cover_pictures(articles) -> list:
    """Give a list's articles their covers' renditions in one cache round trip; return them.

    A card asks for its cover's renditions: twenty cards were twenty cache reads.
    """
    articles = list(articles)
    covered = [
        (article.renditions_key(), article) for article in articles if article.has_cover_picture()
    ]
    if not covered:
        return articles
    found = cache.get_many([key for key, _ in covered])
    made = {}
    for key, article in covered:
        picture = found.get(key) or made.get(key)
        if picture is None:
            picture = made[key] = article.cover_renditions()
        article._renditions = (article.cover.name, picture)
    if made:
        cache.set_many(made, None)
    return articles
