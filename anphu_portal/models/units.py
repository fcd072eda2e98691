"""The units served by the portal (province, communes, departments), their hosts and members."""

import pickle
from collections.abc import Mapping

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, models, transaction

from anphu_portal.caching import bump_content_version
from anphu_portal.current_unit import current_unit, set_default_unit_getter

# Named for the entry's shape: each unit pickled on its own (CachedUnits) since "unit-map".
UNIT_MAP_CACHE_KEY = "portal:unit-map:lazy"


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


class CachedUnits(Mapping):
    """Units by id, as the unit map keeps them: each pickled on its own, made when asked for.

    Every rendered page reads the unit map and needs one unit of it. Unpickling every
    unit, with its parent and successor, cost about 1 ms a page at 100 units (a tenth of
    an article page's CPU); now the map's other units stay bytes.
    """

    def __init__(self, units: dict):
        self._pickled = {
            pk: pickle.dumps(unit, pickle.HIGHEST_PROTOCOL) for pk, unit in units.items()
        }
        self._units = dict(units)

    def __getitem__(self, pk):
        unit = self._units.get(pk)
        if unit is None:
            unit = self._units[pk] = pickle.loads(self._pickled[pk])
        return unit

    def own_instance(self, pk):
        """Return a new instance of unit `pk` (None for no such unit), shared with nobody."""
        pickled = self._pickled.get(pk)
        return None if pickled is None else pickle.loads(pickled)

    def __iter__(self):
        return iter(self._pickled)

    def __len__(self):
        return len(self._pickled)

    def __getstate__(self):
        return self._pickled

    def __setstate__(self, state):
        self._pickled = state
        self._units = {}


def unit_map() -> dict:
    """Return {"hosts": {host: unit id}, "units": {id: Unit}, "default": id}, cached.

    One cache entry for every unit: about a hundred small rows for a province. Its
    "units" is a `CachedUnits`: a unit is unpickled when first asked for.
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
        data = {"hosts": hosts, "units": CachedUnits(units), "default": default.pk}
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


class UnitContentQuerySet(models.QuerySet):
    """The queryset of content that belongs to one unit; `unit_path` names the way to it."""

    unit_path = "unit"

    def for_unit(self, unit):
        """Return the rows of one unit's portal."""
        return self.filter(**{self.unit_path: unit})
