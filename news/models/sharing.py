"""Articles a unit offers to its province's portal, and the copies the province keeps."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from news.models.articles import Article


def source_fingerprint(article: Article | None) -> str:
    """Return a hash of what a copy repeats (title, summary, body) and whether it is public."""
    if article is None:
        return ""
    published = article.status == Article.Status.PUBLISHED
    text = "\x00".join([article.title, article.summary, article.body, str(published)])
    return hashlib.sha256(text.encode()).hexdigest()


class ArticleOfferQuerySet(models.QuerySet):
    def for_unit(self, unit):
        """Return the offers a unit's portal received."""
        return self.filter(unit=unit)

    def waiting(self):
        """Return the offers nobody has accepted or declined yet."""
        return self.filter(status=ArticleOffer.Status.OFFERED)

    def open(self):
        """Return the offers still waiting or accepted: a source is offered once at a time."""
        return self.filter(status__in=[ArticleOffer.Status.OFFERED, ArticleOffer.Status.ACCEPTED])


class ArticleOffer(models.Model):
    """A unit's published article offered to the province's news, and what became of it."""

    class Status(models.TextChoices):
        OFFERED = "offered", "Chờ nhận"
        ACCEPTED = "accepted", "Đã nhận"
        DECLINED = "declined", "Đã từ chối"

    class SourceState(models.TextChoices):
        CURRENT = "current", "Như bản gốc"
        CHANGED = "changed", "Bản gốc đã sửa"
        REMOVED = "removed", "Bản gốc đã gỡ"

    # The receiving unit: the admin lists a unit's offers by this column.
    unit = models.ForeignKey(
        "anphu_portal.Unit",
        verbose_name="đơn vị nhận",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    source = models.ForeignKey(
        Article,
        verbose_name="tin gốc",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    source_unit = models.ForeignKey(
        "anphu_portal.Unit",
        verbose_name="đơn vị gửi",
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("tiêu đề tin gốc", max_length=255)
    source_url = models.URLField("địa chỉ tin gốc", max_length=500, blank=True)
    note = models.TextField("lời nhắn của đơn vị gửi", blank=True)
    status = models.CharField(
        "trạng thái", max_length=16, choices=Status.choices, default=Status.OFFERED
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gửi",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    offered_at = models.DateTimeField("gửi lúc", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xử lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("xử lý lúc", null=True, blank=True)
    decision_note = models.TextField("ghi chú khi xử lý", blank=True)
    copy = models.OneToOneField(
        Article,
        verbose_name="bản đăng lại",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_from",
    )
    # The source as it was when the copy was made (or last refreshed from it).
    fingerprint = models.CharField("dấu vân tay bản gốc", max_length=64, blank=True)
    source_state = models.CharField(
        "tình trạng bản gốc",
        max_length=16,
        choices=SourceState.choices,
        default=SourceState.CURRENT,
    )

    objects = ArticleOfferQuerySet.as_manager()

    class Meta:
        verbose_name = "tin đơn vị gửi lên"
        verbose_name_plural = "tin các đơn vị gửi lên"
        ordering = ["-offered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "unit"],
                condition=models.Q(status__in=["offered", "accepted"]),
                name="news_offer_open_once_per_unit",
            )
        ]
        indexes = [models.Index(fields=["unit", "status", "offered_at"], name="news_offer_unit")]

    def __str__(self):
        return self.title

    def state_of_source(self, article: Article | None) -> str:
        """Return how the source stands against the copy's fingerprint."""
        if article is None or article.status != Article.Status.PUBLISHED:
            return self.SourceState.REMOVED
        if source_fingerprint(article) != self.fingerprint:
            return self.SourceState.CHANGED
        return self.SourceState.CURRENT
