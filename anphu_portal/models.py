"""Portal-wide models: the identity of the unit that runs the portal, visitor statistics."""

import hashlib
import hmac
import threading
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.utils import timezone

from anphu_portal.caching import bump_content_version

SITE_IDENTITY_CACHE_KEY = "portal:site-identity"


class SiteIdentity(models.Model):
    """The one record that names the unit; change it to serve a commune, ward or department."""

    unit_name = models.CharField(
        "tên đơn vị",
        max_length=200,
        default="Ủy ban nhân dân huyện An Phú",
        help_text="Tên cơ quan chủ quản hiển thị ở đầu trang, ví dụ “Ủy ban nhân dân xã …”.",
    )
    parent_unit = models.CharField(
        "đơn vị cấp trên",
        max_length=200,
        blank=True,
        default="Tỉnh An Giang",
        help_text="Hiển thị phía trên tên đơn vị, ví dụ “Tỉnh An Giang”.",
    )
    portal_title = models.CharField(
        "tên cổng thông tin",
        max_length=200,
        default="Cổng thông tin điện tử huyện An Phú",
        help_text="Dùng làm tiêu đề trình duyệt và trong chân trang.",
    )
    address = models.CharField(
        "địa chỉ",
        max_length=300,
        blank=True,
        default="Thị trấn An Phú, huyện An Phú, tỉnh An Giang",
    )
    phone = models.CharField("điện thoại", max_length=100, blank=True, default="02963.826.207")
    email = models.EmailField("thư điện tử", blank=True, default="anphu@angiang.gov.vn")
    logo = models.ImageField(
        "biểu trưng (logo)",
        upload_to="site/",
        blank=True,
        help_text="Ảnh vuông PNG hoặc JPEG, khoảng 200×200 điểm ảnh. Để trống dùng biểu trưng mặc định.",
    )
    footer_text = models.TextField(
        "nội dung chân trang",
        blank=True,
        default=(
            "Cơ quan chủ quản: Ủy ban nhân dân huyện An Phú. "
            "Chịu trách nhiệm chính: Chánh Văn phòng HĐND và UBND huyện. "
            "Ghi rõ nguồn khi phát hành lại thông tin từ cổng thông tin này."
        ),
        help_text="Thông tin giấy phép, người chịu trách nhiệm… Mỗi dòng một đoạn.",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "thông tin đơn vị"
        verbose_name_plural = "thông tin đơn vị"

    def __str__(self):
        return self.unit_name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(SITE_IDENTITY_CACHE_KEY)
        bump_content_version()

    def delete(self, *args, **kwargs):
        """Keep the single record: deleting it would leave the portal nameless."""
        return (0, {})

    @classmethod
    def load(cls) -> "SiteIdentity":
        """Return the site identity, from the cache when possible."""
        identity = cache.get(SITE_IDENTITY_CACHE_KEY)
        if identity is None:
            identity, _ = cls.objects.get_or_create(pk=1)
            cache.set(SITE_IDENTITY_CACHE_KEY, identity, None)
        return identity


# --- Visitor statistics ---
#
# A visitor is known only by a keyed hash of IP address and user agent; the key changes
# every local day, so yesterday's hashes cannot be matched with today's. Hashes live in
# RecentVisitor for at most VISIT_GAP (plus the pruning interval); the days keep numbers.

VISIT_GAP = timedelta(minutes=30)
ONLINE_WINDOW = timedelta(minutes=5)
PRUNE_INTERVAL = timedelta(minutes=1)
VISITOR_FIGURES_CACHE_SECONDS = 30


class DailyVisitStats(models.Model):
    """Visits and page views of one local day (Asia/Ho_Chi_Minh)."""

    date = models.DateField("ngày", unique=True)
    visits = models.PositiveBigIntegerField(
        "lượt truy cập",
        default=0,
        help_text="Số lần khách bắt đầu xem trang sau ít nhất 30 phút không truy cập.",
    )
    page_views = models.PositiveBigIntegerField(
        "lượt xem trang", default=0, help_text="Số trang đã được xem trong ngày."
    )

    class Meta:
        verbose_name = "thống kê truy cập"
        verbose_name_plural = "thống kê truy cập"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.visits} lượt truy cập"


class RecentVisitor(models.Model):
    """A visitor seen in the last half hour: an anonymous hash and when it was last seen."""

    visitor_hash = models.CharField("mã khách (băm)", max_length=64, unique=True)
    last_seen = models.DateTimeField("lần xem gần nhất", db_index=True)

    class Meta:
        verbose_name = "khách đang truy cập"
        verbose_name_plural = "khách đang truy cập"

    def __str__(self):
        return self.visitor_hash[:12]


def local_date(moment: datetime) -> date:
    """Return the date of a moment in the portal's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def daily_secret(day: date) -> bytes:
    """Return the key of the visitor hashes of one day, derived from SECRET_KEY."""
    message = f"anphu-portal-visitor:{day.isoformat()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()


def visitor_hash(*, ip_address: str, user_agent: str, now: datetime) -> str:
    """Return the anonymous name of a visitor for the local day of `now`."""
    message = f"{ip_address}\n{user_agent}".encode()
    return hmac.new(daily_secret(local_date(now)), message, hashlib.sha256).hexdigest()


# SQLite runs one write transaction at a time anyway; serializing this process's counting
# transactions also keeps threads that share one connection (the test server's in-memory
# database) from interleaving their transactions.
_sqlite_lock = threading.Lock()
_last_prune: datetime | None = None


def record_page_view(*, visitor_hash: str, now: datetime, article_id: int | None = None) -> None:
    """Count one page view, and a visit when the visitor was away for VISIT_GAP or more."""
    lock = _sqlite_lock if connection.vendor == "sqlite" else None
    if lock:
        lock.acquire()
    try:
        with transaction.atomic():
            new_visit = _touch_visitor(visitor_hash=visitor_hash, now=now)
            _add_to_day(day=local_date(now), visits=int(new_visit))
            if article_id is not None:
                _record_article_view(article_id=article_id)
        _prune_visitors(now=now)
    finally:
        if lock:
            lock.release()


def _touch_visitor(*, visitor_hash: str, now: datetime) -> bool:
    """Mark the visitor as seen now; return True when this view starts a new visit."""
    visitors = RecentVisitor.objects.filter(visitor_hash=visitor_hash)
    # Both UPDATEs lock the row, so of two concurrent views only one can start the visit.
    if visitors.filter(last_seen__gt=now - VISIT_GAP).update(last_seen=now):
        return False
    if visitors.filter(last_seen__lte=now - VISIT_GAP).update(last_seen=now):
        return True
    try:
        with transaction.atomic():
            RecentVisitor.objects.create(visitor_hash=visitor_hash, last_seen=now)
    except IntegrityError:
        # A concurrent view of the same visitor created the row and counted the visit.
        return False
    return True


def _add_to_day(*, day: date, visits: int) -> None:
    """Add one page view (and the given visits) to the day's row, creating it if needed."""
    changes = {"page_views": F("page_views") + 1, "visits": F("visits") + visits}
    if DailyVisitStats.objects.filter(date=day).update(**changes):
        return
    try:
        with transaction.atomic():
            DailyVisitStats.objects.create(date=day, page_views=1, visits=visits)
    except IntegrityError:
        # Another request created the day's row first: add to it instead.
        DailyVisitStats.objects.filter(date=day).update(**changes)


def _record_article_view(*, article_id: int) -> None:
    """Add one view to an article when the news app provides its counter."""
    try:
        from news.models import record_article_view
    except ImportError:
        return
    record_article_view(article_id=article_id)


def _prune_visitors(*, now: datetime) -> None:
    """Forget visitors away for longer than VISIT_GAP, at most once a minute per process."""
    global _last_prune
    if _last_prune is not None and abs(now - _last_prune) < PRUNE_INTERVAL:
        return
    _last_prune = now
    RecentVisitor.objects.filter(last_seen__lte=now - VISIT_GAP).delete()


def visitor_figures(*, now: datetime) -> dict[str, int]:
    """Return total visits, today's visits and visitors online, in one SQL query."""
    quote = connection.ops.quote_name
    daily, recent = quote(DailyVisitStats._meta.db_table), quote(RecentVisitor._meta.db_table)
    visits, day, last_seen = quote("visits"), quote("date"), quote("last_seen")
    sql = (
        f"SELECT (SELECT COALESCE(SUM({visits}), 0) FROM {daily}),"
        f" (SELECT COALESCE(SUM({visits}), 0) FROM {daily} WHERE {day} = %s),"
        f" (SELECT COUNT(*) FROM {recent} WHERE {last_seen} > %s)"
    )
    moment = now - ONLINE_WINDOW
    params = [
        connection.ops.adapt_datefield_value(local_date(now)),
        connection.ops.adapt_datetimefield_value(moment),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        total, today, online = cursor.fetchone()
    return {"total": int(total), "today": int(today), "online": int(online)}
