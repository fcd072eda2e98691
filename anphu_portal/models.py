"""Portal-wide models: the units served by the portal, visitor statistics, the audit trail."""

import contextlib
import hashlib
import hmac
import threading
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from anphu_portal.caching import bump_content_version
from anphu_portal.current_unit import current_unit, set_default_unit_getter
from anphu_portal.registry import portal

UNIT_MAP_CACHE_KEY = "portal:unit-map"


# What a fresh install is: the district of An Phú, in the province of An Giang.
AN_PHU = {
    "unit_name": "Ủy ban nhân dân huyện An Phú",
    "slug": "an-phu",
    "level": "xa",
    "portal_title": "Cổng thông tin điện tử huyện An Phú",
    "address": "Thị trấn An Phú, huyện An Phú, tỉnh An Giang",
    "phone": "02963.826.207",
    "email": "anphu@angiang.gov.vn",
    "footer_text": (
        "Cơ quan chủ quản: Ủy ban nhân dân huyện An Phú. "
        "Chịu trách nhiệm chính: Chánh Văn phòng HĐND và UBND huyện. "
        "Ghi rõ nguồn khi phát hành lại thông tin từ cổng thông tin này."
    ),
}


class Unit(models.Model):
    """A commune, ward, department or the province: one portal of the platform."""

    class Level(models.TextChoices):
        PROVINCE = "tinh", "Tỉnh"
        DEPARTMENT = "so-nganh", "Sở, ban, ngành"
        COMMUNE = "xa", "Xã, phường, đặc khu"
        DISTRICT = "huyen", "Huyện (lưu trữ)"

    class Palette(models.TextChoices):
        # Each palette's text and link colours were checked at 4.5:1 on its backgrounds.
        BLUE = "xanh-duong", "Xanh dương (mặc định)"
        GREEN = "xanh-la", "Xanh lá"
        RED = "do-tham", "Đỏ thẫm"

    class Section(models.TextChoices):
        NEWS = "tin-tuc", "Tin tức"
        HOTLINE = "duong-day-nong", "Đường dây nóng"
        PROCEDURES = "thu-tuc-hanh-chinh", "Thủ tục hành chính"

    unit_name = models.CharField(
        "tên đơn vị",
        max_length=200,
        help_text="Tên cơ quan chủ quản hiển thị ở đầu trang, ví dụ “Ủy ban nhân dân xã …”.",
    )
    slug = models.SlugField(
        "mã đơn vị",
        max_length=80,
        unique=True,
        help_text="Chữ không dấu, nối bằng gạch ngang, ví dụ “xa-khanh-binh”. Dùng trong "
        "các lệnh quản trị; không hiển thị cho người dân.",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Tên đơn vị cấp trên hiển thị phía trên tên đơn vị, ví dụ “Tỉnh An Giang”.",
    )
    level = models.CharField("cấp", max_length=10, choices=Level.choices, default=Level.COMMUNE)
    portal_title = models.CharField(
        "tên cổng thông tin",
        max_length=200,
        help_text="Dùng làm tiêu đề trình duyệt và trong chân trang.",
    )
    address = models.CharField(
        "địa chỉ",
        max_length=300,
        blank=True,
    )
    phone = models.CharField("điện thoại", max_length=100, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    logo = models.ImageField(
        "biểu trưng (logo)",
        upload_to="site/",
        blank=True,
        help_text="Ảnh vuông PNG hoặc JPEG, khoảng 200×200 điểm ảnh. Để trống dùng biểu trưng mặc định.",
    )
    footer_text = models.TextField(
        "nội dung chân trang",
        blank=True,
        help_text="Thông tin giấy phép, người chịu trách nhiệm… Mỗi dòng một đoạn.",
    )
    palette = models.CharField(
        "bảng màu",
        max_length=20,
        choices=Palette.choices,
        default=Palette.BLUE,
        help_text="Chỉ chọn trong các bảng màu đã kiểm tra độ tương phản cho người khiếm thị.",
    )
    sections = models.JSONField(
        "chuyên trang bật",
        default=list,
        blank=True,
        help_text="Các chuyên trang hiển thị trên menu. Để trống là bật tất cả.",
    )
    is_default = models.BooleanField(
        "đơn vị mặc định",
        default=False,
        help_text="Đơn vị trả lời mọi tên miền khi nó chưa có tên miền riêng.",
    )
    archived = models.BooleanField(
        "lưu trữ",
        default=False,
        help_text="Đơn vị đã sáp nhập: trang công khai hiện dòng “Trang lưu trữ”, "
        "không sửa được nội dung.",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name="đơn vị kế thừa",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="Đơn vị tiếp nhận sau khi sáp nhập.",
    )
    redirect_to_successor = models.BooleanField(
        "chuyển sang đơn vị kế thừa",
        default=False,
        help_text="Đánh dấu để tên miền của đơn vị này chuyển hẳn (301) sang đơn vị kế thừa.",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["unit_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_unit",
            )
        ]

    def __str__(self):
        return self.unit_name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_units()

    @property
    def name(self) -> str:
        return self.unit_name

    @property
    def parent_unit(self) -> str:
        """Return the name shown above the unit's own (the parent unit's)."""
        return self.parent.unit_name if self.parent_id else ""

    def shows_section(self, key: str) -> bool:
        """Return True when the unit's portal shows this section."""
        return not self.sections or key in self.sections

    @property
    def hidden_sections(self) -> dict[str, bool]:
        """Return {"news": True, …} for the sections the menu leaves out."""
        names = {"tin-tuc": "news", "duong-day-nong": "hotline", "thu-tuc-hanh-chinh": "procedures"}
        return {names[key]: not self.shows_section(key) for key in self.Section.values}

    @classmethod
    def load(cls) -> "Unit":
        """Return the unit of the current request, else the default unit (created if missing)."""
        return current_unit() or cls.default()

    @classmethod
    def default(cls) -> "Unit":
        """Return the default unit, from the cache when possible."""
        data = unit_map()
        return data["units"][data["default"]]

    @classmethod
    def create_default(cls) -> "Unit":
        """Create An Phú, under the province of An Giang, as the default unit."""
        province, _ = cls.objects.get_or_create(  # get_or_create survives a race itself
            slug="an-giang",
            defaults={
                "unit_name": "Tỉnh An Giang",
                "level": cls.Level.PROVINCE,
                "portal_title": "Cổng thông tin điện tử tỉnh An Giang",
            },
        )
        try:
            with transaction.atomic():
                return cls.objects.create(is_default=True, parent=province, **AN_PHU)
        except IntegrityError:
            # Another request of a fresh install created it first.
            return cls.objects.get(is_default=True)


class UnitHost(models.Model):
    """A host name that opens one unit's portal, such as anphu.angiang.gov.vn."""

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="hosts"
    )
    host = models.CharField(
        "tên miền",
        max_length=253,
        unique=True,
        help_text="Chỉ tên miền, không có “https://” hay dấu “/”, ví dụ “anphu.angiang.gov.vn”.",
    )

    class Meta:
        verbose_name = "tên miền"
        verbose_name_plural = "tên miền"
        ordering = ["host"]

    def __str__(self):
        return self.host

    def save(self, *args, **kwargs):
        self.host = self.host.strip().lower().rstrip(".")
        super().save(*args, **kwargs)
        forget_units()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_units()
        return result


class Membership(models.Model):
    """A role a person holds in one unit: an editor in a commune may approve at the province."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.ForeignKey(
        "auth.Group",
        verbose_name="vai trò",
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text="Vai trò của người này trong đơn vị, ví dụ “Biên tập viên”.",
    )

    class Meta:
        verbose_name = "vai trò trong đơn vị"
        verbose_name_plural = "vai trò trong đơn vị"
        ordering = ["unit", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="one_role_once_per_unit")
        ]

    def __str__(self):
        return f"{self.user} · {self.role} · {self.unit}"


def unit_map() -> dict:
    """Return {"hosts": {host: unit id}, "units": {id: Unit}, "default": id}, cached.

    One cache entry for every unit: about a hundred small rows for a province.
    """
    data = cache.get(UNIT_MAP_CACHE_KEY)
    if data is None:
        # One row per unit and host name (a LEFT JOIN): the map costs one query.
        rows = Unit.objects.select_related("parent", "successor").annotate(
            host_name=models.F("hosts__host")
        )
        units, hosts = {}, {}
        for unit in rows:
            units.setdefault(unit.pk, unit)
            if unit.host_name:
                hosts[unit.host_name] = unit.pk
        default = next((u for u in units.values() if u.is_default), None)
        if default is None:
            default = Unit.create_default()
            units[default.pk] = default
        data = {"hosts": hosts, "units": units, "default": default.pk}
        cache.set(UNIT_MAP_CACHE_KEY, data, None)
    return data


set_default_unit_getter(Unit.default)


def forget_units() -> None:
    """Drop the cached units and host map after a unit or host name changes."""
    cache.delete(UNIT_MAP_CACHE_KEY)
    bump_content_version()


def default_unit_id() -> int:
    """Return the unit new content belongs to: the request's unit, else the default one."""
    return Unit.load().pk


# --- Visitor statistics ---
#
# A visitor is known only by a keyed hash of IP address and user agent; the key changes
# every local day, so yesterday's hashes cannot be matched with today's. A hash stays in
# RecentVisitor until the first page view after its visitor has been away for VISIT_GAP
# (checked once a minute per process); the days keep only numbers.

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
            _add_to_day(day=day, visits=int(new_visit), unit_id=unit_id)
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


def _add_to_day(*, day: date, visits: int, unit_id: int) -> None:
    """Add one page view (and the given visits) to the day's row, creating it if needed."""
    quote = connection.ops.quote_name
    table = quote(DailyVisitStats._meta.db_table)
    date_, visits_, page_views = quote("date"), quote("visits"), quote("page_views")
    unit = quote("unit_id")
    sql = (
        f"INSERT INTO {table} ({unit}, {date_}, {visits_}, {page_views}) VALUES (%s, %s, %s, 1)"
        f" ON CONFLICT ({unit}, {date_}) DO UPDATE SET"
        f" {visits_} = {table}.{visits_} + EXCLUDED.{visits_},"
        f" {page_views} = {table}.{page_views} + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit_id, connection.ops.adapt_datefield_value(day), visits])


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
    most_read = portal.most_read.get("tin-bai")
    if most_read and most_read.record_view:
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


# --- Audit trail ---


class AuditEvent(models.Model):
    """One thing a person did that an inspector may need to see: who, what, when, from where.

    Written only through `anphu_portal.audit.record_event`. It names the object, never the
    values of personal data, and nobody edits or deletes an entry (only the prune command).
    """

    class Action(models.TextChoices):
        LOGIN = "login", "Đăng nhập"
        LOGOUT = "logout", "Đăng xuất"
        LOGIN_FAILED = "login_failed", "Đăng nhập sai"
        LOCKED_OUT = "locked_out", "Bị khóa đăng nhập"
        OTP_FAILED = "otp_failed", "Mã xác thực sai"
        OTP_DEVICE = "otp_device", "Thay đổi xác thực hai lớp"
        CREATE = "create", "Thêm mới"
        CHANGE = "change", "Sửa"
        DELETE = "delete", "Xóa"
        SUBMIT = "submit", "Gửi duyệt"
        PUBLISH = "publish", "Xuất bản"
        UNPUBLISH = "unpublish", "Gỡ xuống"
        REVERT = "revert", "Khôi phục phiên bản cũ"
        RECOVER = "recover", "Khôi phục mục đã xóa"
        IMPORT = "import", "Nhập dữ liệu"
        BACKUP = "backup", "Sao lưu"
        RESTORE = "restore", "Phục hồi bản sao lưu"
        DENIED = "denied", "Bị từ chối"

    created_at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as typed, so an entry still names its author after the account is deleted.
    actor_name = models.CharField("tài khoản", max_length=150, blank=True)
    action = models.CharField("hành động", max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField("loại đối tượng", max_length=100, blank=True)
    object_id = models.CharField("mã đối tượng", max_length=64, blank=True)
    object_label = models.CharField("đối tượng", max_length=300, blank=True)
    detail = models.CharField("ghi chú", max_length=500, blank=True)
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "nhật ký thao tác"
        verbose_name_plural = "nhật ký thao tác"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.actor_name or '—'} · {self.get_action_display()} · {self.object_label}"


# --- Limits on what anonymous visitors may send ---


class RateLimitCounter(models.Model):
    """How many times one key (an IP address, a phone number) used one action in a window.

    Counted in the database, so limits hold with the cache down and across every worker.
    The key is stored as a keyed hash, never as the address or number itself.
    """

    scope = models.CharField("hành động", max_length=50)
    key_digest = models.CharField("khóa (đã băm)", max_length=64)
    window_start = models.DateTimeField("đầu khoảng thời gian")
    count = models.PositiveIntegerField("số lần", default=0)

    class Meta:
        verbose_name = "bộ đếm giới hạn"
        verbose_name_plural = "bộ đếm giới hạn"
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key_digest", "window_start"], name="rate_limit_once_per_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="rate_limit_window_idx")]

    def __str__(self):
        return f"{self.scope} {self.window_start:%d/%m/%Y %H:%M}: {self.count}"
