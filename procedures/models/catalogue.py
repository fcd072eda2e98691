"""The catalogue: sectors, levels, agencies and procedures."""

from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from anphu_portal.folding import fold
from anphu_portal.slugs import ascii_slug
from procedures.models.parts import LegalBasis, RequiredDocument
from procedures.models.querysets import CODE_PATTERN, ProcedureQuerySet
from procedures.text import split_lines, split_steps


# The national list of levels (cấp thực hiện): URL value and label, in the list's order.
# The data migration that created the Level table holds its own copy of these rows.
class NationalLevel(models.TextChoices):
    CENTRAL = "trung-uong", "Cấp Bộ/Trung ương"
    PROVINCE = "tinh", "Cấp tỉnh"
    DISTRICT = "huyen", "Cấp huyện"
    COMMUNE = "xa", "Cấp xã"
    OTHER = "khac", "Cơ quan khác"


class ServiceLevel(models.TextChoices):
    FULL = "toan-trinh", "Dịch vụ công trực tuyến toàn trình"
    PARTIAL = "mot-phan", "Dịch vụ công trực tuyến một phần"
    NONE = "khong", "Không có dịch vụ công trực tuyến"
    # A source without the field must never read as "no online service".
    UNKNOWN = "", "Chưa có thông tin"


UNKNOWN_SERVICE_LEVEL = ServiceLevel.UNKNOWN

# Labels short enough for a list item and a filter option.
SHORT_SERVICE_LEVELS = {
    "toan-trinh": "Toàn trình",
    "mot-phan": "Một phần",
    "khong": "Không trực tuyến",
    UNKNOWN_SERVICE_LEVEL: "Chưa có thông tin",
}


class ProcedureType(models.IntegerChoices):
    DETAILED_BY_LAW = 1, "TTHC được luật giao quy định chi tiết"
    SET_LOCALLY = 2, "TTHC do địa phương quy định cụ thể"
    NOT_DELEGATED = 3, "TTHC không được luật giao cho địa phương quy định hoặc quy định chi tiết"


class NamedEntry(models.Model):
    """A name with an ASCII slug used in the catalogue's filter URLs."""

    name = models.CharField("tên", max_length=300, unique=True)
    slug = models.SlugField(
        "đường dẫn",
        max_length=120,
        unique=True,
        help_text="Chữ không dấu, nối bằng gạch ngang; dùng trong địa chỉ bộ lọc của danh mục.",
    )
    name_edited = models.BooleanField(
        "tên do cán bộ sửa",
        default=False,
        help_text="Khi chọn, tên này được giữ nguyên khi nhập tệp; nếu bỏ chọn, tên hiển thị "
        "theo cách viết mà đa số thủ tục trong tệp nhập dùng.",
    )
    aliases = models.TextField(
        "cách viết khác",
        blank=True,
        help_text="Các cách viết khác của tên này gặp trong tệp nhập, mỗi cách một dòng; "
        "người dân gõ theo cách viết nào cũng tìm thấy.",
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.slug_for(self.name)
        super().save(*args, **kwargs)

    def searchable_names(self) -> list[str]:
        """Return the name and the other spellings met in imports."""
        return [self.name, *split_lines(self.aliases)]

    @staticmethod
    def slug_for(name: str) -> str:
        """Return the slug an entry of that name gets (never empty)."""
        return ascii_slug(name, max_length=120, fallback="khong-ten")


class Sector(NamedEntry):
    """A field of procedures (lĩnh vực), e.g. Hộ tịch, Đất đai."""

    class Meta(NamedEntry.Meta):
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"


class Agency(NamedEntry):
    """An agency that carries out procedures (cơ quan thực hiện)."""

    class Meta(NamedEntry.Meta):
        verbose_name = "cơ quan thực hiện"
        verbose_name_plural = "cơ quan thực hiện"


class Level(models.Model):
    """A level of government that carries out procedures (cấp thực hiện), from the national list.

    A table rather than a many-valued choices field: SQLite has no array column, and as a
    many-to-many relation the levels are filtered, counted and edited (filter_horizontal)
    exactly like the sectors.
    """

    slug = models.SlugField("đường dẫn", max_length=20, unique=True)
    name = models.CharField("tên", max_length=100, unique=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "cấp thực hiện"
        verbose_name_plural = "cấp thực hiện"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name

    @classmethod
    def national(cls, slug: str) -> "Level":
        """Return the level of the national list with this URL value, creating it if missing."""
        position, name = next(
            (i, label) for i, (code, label) in enumerate(NationalLevel.choices) if code == slug
        )
        level, _ = cls.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        return level


class Procedure(models.Model):
    """An administrative procedure as published by the national database (CSDL quốc gia về TTHC)."""

    code = models.CharField(
        "mã thủ tục",
        max_length=60,
        unique=True,
        validators=[
            RegexValidator(CODE_PATTERN, "Mã thủ tục chỉ gồm chữ, số, dấu chấm, gạch ngang.")
        ],
        help_text="Mã trên Cơ sở dữ liệu quốc gia về TTHC, ví dụ 1.001193.",
    )
    decision_number = models.CharField("số quyết định công bố", max_length=100, blank=True)
    decision_date = models.DateField("ngày quyết định công bố", null=True, blank=True)
    decision_summary = models.TextField("trích yếu quyết định công bố", blank=True)
    # The national database has names of up to 1,094 characters.
    name = models.CharField("tên thủ tục", max_length=2000)
    issuing_body = models.CharField(
        "cơ quan ban hành",
        max_length=300,
        blank=True,
        help_text="Bộ, ngành hoặc địa phương công bố thủ tục, ví dụ “Bộ Tư pháp”.",
    )
    levels = models.ManyToManyField(
        Level,
        verbose_name="cấp thực hiện",
        related_name="procedures",
        blank=True,
        help_text="Chọn mọi cấp thực hiện thủ tục này; để trống khi chưa rõ.",
    )
    procedure_type = models.PositiveSmallIntegerField(
        "loại thủ tục", choices=ProcedureType.choices, null=True, blank=True
    )
    sectors = models.ManyToManyField(
        Sector,
        verbose_name="lĩnh vực",
        related_name="procedures",
        blank=True,
        help_text="Một thủ tục có thể thuộc nhiều lĩnh vực.",
    )
    steps = models.TextField(
        "trình tự thực hiện",
        blank=True,
        help_text="Mỗi bước một đoạn, cách nhau một dòng trống. Dòng bắt đầu bằng "
        "“Trường hợp:” mở đầu nhóm bước của một trường hợp.",
    )
    subjects = models.TextField(
        "đối tượng thực hiện", blank=True, help_text="Mỗi đối tượng một dòng."
    )
    agencies = models.ManyToManyField(
        Agency,
        through="procedures.ProcedureAgency",
        verbose_name="cơ quan thực hiện",
        related_name="procedures",
        blank=True,
    )
    competent_authorities = models.TextField(
        "cơ quan có thẩm quyền", blank=True, help_text="Mỗi cơ quan một dòng."
    )
    receiving_address = models.TextField("địa chỉ tiếp nhận hồ sơ", blank=True)
    authorized_agencies = models.TextField(
        "cơ quan được ủy quyền", blank=True, help_text="Mỗi cơ quan một dòng."
    )
    coordinating_agencies = models.TextField(
        "cơ quan phối hợp", blank=True, help_text="Mỗi cơ quan một dòng."
    )
    results = models.TextField("kết quả thực hiện", blank=True, help_text="Mỗi kết quả một dòng.")
    requirements = models.TextField("yêu cầu, điều kiện thực hiện", blank=True)
    keywords = models.TextField("từ khóa", blank=True)
    description = models.TextField("mô tả", blank=True)
    service_level = models.CharField(
        "mức độ dịch vụ công trực tuyến",
        max_length=20,
        choices=ServiceLevel.choices,
        default=ServiceLevel.UNKNOWN,
        blank=True,
        help_text="Để “Chưa có thông tin” khi chưa rõ; chỉ chọn “Không có dịch vụ công trực "
        "tuyến” khi nguồn ghi rõ như vậy.",
    )
    online_url = models.URLField(
        "đường dẫn nộp hồ sơ trực tuyến",
        max_length=500,
        blank=True,
        help_text="Địa chỉ trên Cổng dịch vụ công; để trống nếu không nộp trực tuyến.",
    )
    active = models.BooleanField(
        "đang áp dụng", default=True, help_text="Bỏ chọn để ẩn thủ tục khỏi trang công khai."
    )
    import_hash = models.CharField(
        "dấu vân tay lần nhập",
        max_length=64,
        blank=True,
        editable=False,
        help_text="Nhận biết dòng nhập không đổi; xóa khi cán bộ sửa tay.",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người sửa",
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    search_text = models.TextField(editable=False, blank=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["name", "code"]

    def __str__(self):
        return f"{self.code} – {self.name}"

    def save(self, *args, linked_names: list[str] | None = None, **kwargs):
        """Save with a fresh search text; the import passes the names it is about to link."""
        self.search_text = self.build_search_text(linked_names)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("procedures:detail", args=[self.code])

    def linked_names(self) -> list[str]:
        """Return the names (and former spellings) of the procedure's sectors and agencies."""
        if not self.pk:
            return []
        entries = [*self.sectors.all(), *self.agencies.all()]
        return [name for entry in entries for name in entry.searchable_names()]

    def build_search_text(self, linked_names: list[str] | None = None) -> str:
        """Return the folded name, then " | " and the other searchable fields."""
        if linked_names is None:
            linked_names = self.linked_names()
        others = [
            self.code,
            self.issuing_body,
            *linked_names,
            self.keywords,
            self.description,
            self.subjects,
            self.results,
            self.competent_authorities,
            self.decision_number,
        ]
        return f"{fold(self.name)} | {fold(' '.join(others))}"

    def refresh_search_text(self) -> None:
        """Store the search text again, once the sectors have been saved."""
        self.search_text = self.build_search_text()
        Procedure.objects.filter(pk=self.pk).update(search_text=self.search_text)

    def is_active(self) -> bool:
        return self.active

    def sector_list(self) -> list[Sector]:
        """Return the sectors by name, from the annotation when the query made one."""
        if not hasattr(self, "sector_rows"):
            return sorted(self.sectors.all(), key=lambda sector: fold(sector.name))
        rows = [Sector(slug=row["slug"], name=row["name"]) for row in self.sector_rows or []]
        return sorted(rows, key=lambda sector: fold(sector.name))

    def level_list(self) -> list[Level]:
        """Return the levels in the national list's order, from the annotation if made."""
        if not hasattr(self, "level_rows"):
            return list(self.levels.all())
        rows = [Level(**row) for row in self.level_rows or []]
        return sorted(rows, key=lambda level: level.position)

    def short_service_level(self) -> str:
        return SHORT_SERVICE_LEVELS[self.service_level]

    @property
    def level_codes(self) -> list[str]:
        return [level.slug for level in self.level_list()]

    @property
    def level_labels(self) -> list[str]:
        return [level.name for level in self.level_list()]

    def step_groups(self):
        return split_steps(self.steps)

    def subject_list(self):
        return split_lines(self.subjects)

    def result_list(self):
        return split_lines(self.results)

    def competent_authority_list(self):
        return split_lines(self.competent_authorities)

    def authorized_agency_list(self):
        return split_lines(self.authorized_agencies)

    def coordinating_agency_list(self):
        return split_lines(self.coordinating_agencies)

    def agency_name_list(self) -> list[str]:
        """Return the agencies' names in the source's order, from the annotation if made."""
        if not hasattr(self, "agency_rows"):
            links = self.agency_links.select_related("agency")
            return [link.agency.name for link in links]
        rows = sorted(self.agency_rows or [], key=lambda row: (row["position"], row["pk"]))
        return [row["name"] for row in rows]

    def legal_basis_list(self) -> list[LegalBasis]:
        """Return the legal bases in order, from the annotation when the query made one."""
        if not hasattr(self, "legal_basis_rows"):
            return list(self.legal_bases.all())
        rows = sorted(self.legal_basis_rows or [], key=lambda row: (row["position"], row["pk"]))
        return [
            LegalBasis(
                id=row["pk"],
                procedure=self,
                position=row["position"],
                number=row["number"],
                title=row["title"],
                issued_on=date.fromisoformat(row["issued_on"][:10]) if row["issued_on"] else None,
                issuer=row["issuer"],
            )
            for row in rows
        ]

    def document_groups(self):
        """Return the required documents grouped by case, in their order."""
        groups: dict[str, list[RequiredDocument]] = {}
        for document in self.documents.all():
            groups.setdefault(document.case, []).append(document)
        return list(groups.items())
