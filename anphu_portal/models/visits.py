"""Visitor statistics: daily figures per unit, without raw addresses."""

import contextlib
import functools
import hashlib
import hmac
import threading
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from anphu_portal.models.units import Unit, default_unit_id
from anphu_portal.registry import portal

# --- Visitor statistics ---
#
# A visitor is known only by a keyed hash of IP address and user agent; the key changes
# every local day, so yesterday's hashes cannot be matched with today's. A hash stays in
# RecentVisitor until the first page view after its visitor has been away for VISIT_GAP
# (checked once a minute per process); the days keep only numbers.
#
# With a Redis cache the views are recorded on Redis instead and written here each minute
# by `flush_visitor_counts` (see anphu_portal/visitor_counts.py); this is then the path
# taken only while Redis is unreachable.

VISIT_GAP = timedelta(minutes=30)
ONLINE_WINDOW = timedelta(minutes=5)
PRUNE_INTERVAL = timedelta(minutes=1)
VISITOR_FIGURES_CACHE_SECONDS = 30


class DailyVisitStats(models.Model):
    """Visits and page views of one unit's portal on one local day (Asia/Ho_Chi_Minh)."""

    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        on_delete=models.CASCADE,
        related_name="+",
        default=default_unit_id,
        editable=False,
    )
    date = models.DateField("ngày")
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
        constraints = [
            models.UniqueConstraint(fields=["unit", "date"], name="one_visit_row_per_unit_and_day")
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.visits} lượt truy cập"


class RecentVisitor(models.Model):
    """A visitor seen in the last half hour: an anonymous hash and when it was last seen."""

    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        on_delete=models.CASCADE,
        related_name="+",
        default=default_unit_id,
        editable=False,
    )
    visitor_hash = models.CharField("mã khách (băm)", max_length=64)
    last_seen = models.DateTimeField("lần xem gần nhất", db_index=True)
    views = models.PositiveIntegerField("số trang đã xem trong lượt truy cập", default=1)

    class Meta:
        verbose_name = "khách đang truy cập"
        verbose_name_plural = "khách đang truy cập"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "visitor_hash"], name="one_recent_visitor_per_unit"
            )
        ]

    def __str__(self):
        return self.visitor_hash[:12]


class ArticleViewOfDay(models.Model):
    """That a visitor has viewed an article today, so a reload does not count it again."""

    visitor_hash = models.CharField("mã khách (băm)", max_length=64)
    article_id = models.PositiveBigIntegerField("mã tin bài")
    date = models.DateField("ngày")

    class Meta:
        verbose_name = "lượt xem tin bài trong ngày"
        verbose_name_plural = "lượt xem tin bài trong ngày"
        constraints = [
            models.UniqueConstraint(
                fields=["visitor_hash", "article_id", "date"], name="article_view_once_per_day"
            )
        ]

    def __str__(self):
        return f"{self.visitor_hash[:12]} · {self.article_id} · {self.date:%d/%m/%Y}"


class VisitCountFlush(models.Model):
    """A batch of page views moved from Redis into the statistics, so it is never added twice."""

    token = models.CharField("mã đợt", max_length=64, unique=True)
    flushed_at = models.DateTimeField("thời điểm ghi", db_index=True)

    class Meta:
        verbose_name = "đợt ghi lượt truy cập"
        verbose_name_plural = "đợt ghi lượt truy cập"

    def __str__(self):
        return self.token


def local_date(moment: datetime) -> date:
    """Return the date of a moment in the portal's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def daily_secret(day: date) -> bytes:
    """Return the key of the visitor hashes of one day, derived from SECRET_KEY."""
    return _daily_secret(settings.SECRET_KEY, day)


@functools.lru_cache(maxsize=4)
def _daily_secret(secret_key: str, day: date) -> bytes:
    # Derived once a day, not for every counted view (the days around midnight kept).
    message = f"anphu-portal-visitor:{day.isoformat()}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).digest()


def visitor_hash(*, ip_address: str, user_agent: str, now: datetime) -> str:
    """Return the anonymous name of a visitor for the local day of `now`."""
    message = f"{ip_address}\n{user_agent}".encode()
    return hmac.new(daily_secret(local_date(now)), message, hashlib.sha256).hexdigest()


# SQLite runs one write transaction at a time anyway: the threads of one process (the
# test server, threaded workers) queue on this lock instead of polling SQLite's busy handler.
_sqlite_lock = threading.Lock()
_last_prune: datetime | None = None
_article_views_pruned_on: date | None = None


def record_page_view(
    *, visitor_hash: str, now: datetime, article_id: int | None = None, unit_id: int | None = None
) -> None:
    """Count one page view of a unit's portal (the current one when not given), and a visit
    when the visitor was away from it for VISIT_GAP or more."""
    unit_id = unit_id or Unit.load().pk
    sqlite = connection.vendor == "sqlite"
    with _sqlite_lock if sqlite else contextlib.nullcontext(), _commit_without_disk_wait():
        with transaction.atomic():
            if connection.vendor == "postgresql":
                _execute("SET LOCAL synchronous_commit TO OFF")
            new_visit = _touch_visitor(visitor_hash=visitor_hash, now=now, unit_id=unit_id)
            day = local_date(now)
            add_day_counts(day=day, unit_id=unit_id, visits=int(new_visit), page_views=1)
            if article_id is not None and _first_view_of_day(
                visitor_hash=visitor_hash, article_id=article_id, day=day
            ):
                _record_article_view(article_id=article_id)
        _prune_visitors(now=now)


def _execute(sql: str) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone() if cursor.description else None


@contextlib.contextmanager
def _commit_without_disk_wait():
    """Let the counting commit return before the disk confirms the write.

    A page view must not wait for an fsync: on a power cut the last second of counts may
    be lost, never the database. PostgreSQL does this per transaction (SET LOCAL
    synchronous_commit); SQLite in WAL mode per connection, so the setting is restored.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    (previous,) = _execute("PRAGMA synchronous")
    _execute("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        _execute(f"PRAGMA synchronous = {int(previous)}")


def _touch_visitor(*, visitor_hash: str, now: datetime, unit_id: int) -> bool:
    """Mark the visitor as seen now; return True when this view starts a new visit.

    One INSERT … ON CONFLICT statement (PostgreSQL, SQLite 3.35+) locks the visitor's row
    while it reads and writes it: of two concurrent views, exactly one starts the visit.
    """
    quote = connection.ops.quote_name
    table = quote(RecentVisitor._meta.db_table)
    hash_, last_seen, views = quote("visitor_hash"), quote("last_seen"), quote("views")
    unit = quote("unit_id")
    sql = (
        f"INSERT INTO {table} ({unit}, {hash_}, {last_seen}, {views}) VALUES (%s, %s, %s, 1)"
        f" ON CONFLICT ({unit}, {hash_}) DO UPDATE SET"
        f" {views} = CASE WHEN {table}.{last_seen} <= %s THEN 1 ELSE {table}.{views} + 1 END,"
        f" {last_seen} = EXCLUDED.{last_seen}"
        f" RETURNING {views}"
    )
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit_id, visitor_hash, adapt(now), adapt(now - VISIT_GAP)])
        (views_in_visit,) = cursor.fetchone()
    return views_in_visit == 1


def add_day_counts(*, day: date, unit_id: int, visits: int, page_views: int) -> None:
    """Add visits and page views to a unit's day row, creating it if needed."""
    quote = connection.ops.quote_name
    table = quote(DailyVisitStats._meta.db_table)
    date_, visits_, page_views_ = quote("date"), quote("visits"), quote("page_views")
    unit = quote("unit_id")
    sql = (
        f"INSERT INTO {table} ({unit}, {date_}, {visits_}, {page_views_})"
        f" VALUES (%s, %s, %s, %s) ON CONFLICT ({unit}, {date_}) DO UPDATE SET"
        f" {visits_} = {table}.{visits_} + EXCLUDED.{visits_},"
        f" {page_views_} = {table}.{page_views_} + EXCLUDED.{page_views_}"
    )
    day_value = connection.ops.adapt_datefield_value(day)
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit_id, day_value, visits, page_views])


def _first_view_of_day(*, visitor_hash: str, article_id: int, day: date) -> bool:
    """Remember that the visitor viewed the article today; return False if already known.

    One INSERT … ON CONFLICT DO NOTHING: of two concurrent views, exactly one inserts.
    """
    quote = connection.ops.quote_name
    table = quote(ArticleViewOfDay._meta.db_table)
    columns = ", ".join(quote(name) for name in ("visitor_hash", "article_id", "date"))
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s)"
        f" ON CONFLICT ({columns}) DO NOTHING RETURNING 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [visitor_hash, article_id, connection.ops.adapt_datefield_value(day)])
        return cursor.fetchone() is not None


def _record_article_view(*, article_id: int) -> None:
    """Add one view to an article when the news app registers its counter."""
    record_article_views(article_id=article_id, views=1)


def record_article_views(*, article_id: int, views: int) -> None:
    """Add views to an article when the news app registers its counter.

    The counter adds one view per call: a flush calls it once per view it moves, a few
    UPDATEs a minute for the most read articles.
    """
    most_read = portal.most_read.get("tin-bai")
    if most_read and most_read.record_view:
        for _ in range(views):
            most_read.record_view(item_id=article_id)


def _prune_visitors(*, now: datetime) -> None:
    """Forget visitors away for VISIT_GAP and past days' article views, once a minute."""
    global _last_prune, _article_views_pruned_on
    if _last_prune is not None and abs(now - _last_prune) < PRUNE_INTERVAL:
        return
    _last_prune = now
    RecentVisitor.objects.filter(last_seen__lte=now - VISIT_GAP).delete()
    today = local_date(now)
    if _article_views_pruned_on != today:
        # Only past days' pairs go: once a day per process is enough, and costs no query after.
        ArticleViewOfDay.objects.filter(date__lt=today).delete()
        _article_views_pruned_on = today


def visitor_figures(*, now: datetime, unit_id: int | None = None) -> dict[str, int]:
    """Return a unit's total visits, today's visits and visitors online, in one SQL query."""
    unit_id = unit_id or Unit.load().pk
    quote = connection.ops.quote_name
    daily, recent = quote(DailyVisitStats._meta.db_table), quote(RecentVisitor._meta.db_table)
    visits, day, last_seen = quote("visits"), quote("date"), quote("last_seen")
    unit = quote("unit_id")
    sql = (
        f"SELECT (SELECT COALESCE(SUM({visits}), 0) FROM {daily} WHERE {unit} = %s),"
        f" (SELECT COALESCE(SUM({visits}), 0) FROM {daily} WHERE {unit} = %s AND {day} = %s),"
        f" (SELECT COUNT(*) FROM {recent} WHERE {unit} = %s AND {last_seen} > %s)"
    )
    moment = now - ONLINE_WINDOW
    params = [
        unit_id,
        unit_id,
        connection.ops.adapt_datefield_value(local_date(now)),
        unit_id,
        connection.ops.adapt_datetimefield_value(moment),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        total, today, online = cursor.fetchone()
    return {"total": int(total), "today": int(today), "online": int(online)}
