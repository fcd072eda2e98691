"""The catalogue: sectors, agencies, procedures and their channels, documents, legal bases."""

import re
from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Aggregate, CharField, OuterRef, Subquery, Value
from django.db.models.functions import JSONObject
from django.urls import reverse

from anphu_portal.folding import fold
from anphu_portal.matching import filter_by_words
from anphu_portal.slugs import ascii_slug
from procedures.models.form_files import validate_form_file

# URL value, label, boolean field of Procedure.
LEVELS = [
    ("tinh", "Cấp tỉnh", "at_province"),
    ("huyen", "Cấp huyện", "at_district"),
    ("xa", "Cấp xã", "at_commune"),
]

SERVICE_LEVELS = [
    ("toan-trinh", "Dịch vụ công trực tuyến toàn trình"),
    ("mot-phan", "Dịch vụ công trực tuyến một phần"),
    ("khong", "Không có dịch vụ công trực tuyến"),
]

PROCEDURE_TYPES = [
    (1, "TTHC được luật giao quy định chi tiết"),
    (2, "TTHC do địa phương quy định cụ thể"),
    (3, "TTHC không được luật giao cho địa phương quy định hoặc quy định chi tiết"),
]

CODE_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z._-]{0,59}$"
CASE_PREFIX = "Trường hợp:"


def split_lines(text: str) -> list[str]:
    """Return the non-empty stripped lines of a one-item-per-line text field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def split_steps(text: str) -> list[tuple[str, list[str]]]:
    """Return the steps text as (case, [step, …]) groups.

    A line "Trường hợp: …" starts a case; steps are separated by blank lines.
    """
    groups: list[tuple[str, list[str]]] = []
    case, steps, current = "", [], []

    def close_step():
        if current:
            steps.append("\n".join(current))
            current.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if line.startswith(CASE_PREFIX):
            close_step()
            if steps or case:
                groups.append((case, steps))
            case, steps = line[len(CASE_PREFIX) :].strip(), []
        elif line:
            current.append(line)
        else:
            close_step()
    close_step()
    if steps or case:
        groups.append((case, steps))
    return groups


class NamedEntry(models.Model):
    """A name with an ASCII slug used in the catalogue's filter URLs."""

    name = models.CharField("tên", max_length=300, unique=True)
    slug = models.SlugField(
        "đường dẫn",
        max_length=120,
        unique=True,
        help_text="Chữ không dấu, nối bằng gạch ngang; dùng trong địa chỉ bộ lọc của danh mục.",
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


class GroupConcat(Aggregate):
    """Join the grouped values with newlines (GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value("\n"), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


class JSONArrayAgg(Aggregate):
    """Collect the grouped values in a JSON array (JSON_GROUP_ARRAY / JSONB_AGG)."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


class ProcedureQuerySet(models.QuerySet):
    def active(self):
        """Return the procedures shown to the public."""
        return self.filter(active=True)

    def search(self, query: str | None):
        """Return the procedures matching every word of the query, or its exact code."""
        code = (query or "").strip()[:60]
        matches = filter_by_words(self, query)
        if code and re.match(CODE_PATTERN, code):
            matches = matches | self.filter(code__iexact=code)
        return matches

    def with_agency_names(self):
        """Annotate agency_names (newline-separated) in the same query as the procedure."""
        names = (
            Agency.objects.filter(procedures=OuterRef("pk"))
            .order_by()
            .values("procedures")
            .annotate(joined=GroupConcat("name"))
            .values("joined")
        )
        return self.annotate(agency_names=Subquery(names, output_field=CharField()))

    def with_legal_basis_rows(self):
        """Annotate legal_basis_rows (a JSON list) in the same query as the procedure."""
        columns = JSONObject(
            pk="pk",
            position="position",
            number="number",
            title="title",
            issued_on="issued_on",
            issuer="issuer",
        )
        rows = (
            LegalBasis.objects.filter(procedure=OuterRef("pk"))
            .order_by()
            .values("procedure")
            .annotate(rows=JSONArrayAgg(columns))
            .values("rows")
        )
        return self.annotate(legal_basis_rows=Subquery(rows, output_field=models.JSONField()))

    def for_detail_page(self):
        """Return active procedures with everything the detail page shows, in three queries."""
        return (
            self.active()
            .select_related("sector")
            .with_agency_names()
            .with_legal_basis_rows()
            .prefetch_related("channels", "documents")
        )


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
    name = models.CharField("tên thủ tục", max_length=500)
    at_province = models.BooleanField("cấp tỉnh", default=False)
    at_district = models.BooleanField("cấp huyện", default=False)
    at_commune = models.BooleanField("cấp xã", default=False)
    procedure_type = models.PositiveSmallIntegerField(
        "loại thủ tục", choices=PROCEDURE_TYPES, null=True, blank=True
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name="lĩnh vực",
        related_name="procedures",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
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
        Agency, verbose_name="cơ quan thực hiện", related_name="procedures", blank=True
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
        choices=SERVICE_LEVELS,
        default="khong",
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

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("procedures:detail", args=[self.code])

    def build_search_text(self) -> str:
        """Return the folded name, then " | " and the other searchable fields."""
        others = [
            self.code,
            self.sector.name if self.sector_id and self.sector else "",
            self.keywords,
            self.description,
            self.subjects,
            self.results,
            self.competent_authorities,
            self.decision_number,
        ]
        return f"{fold(self.name)} | {fold(' '.join(others))}"

    def is_active(self) -> bool:
        return self.active

    @property
    def level_codes(self) -> list[str]:
        return [code for code, _label, field in LEVELS if getattr(self, field)]

    @property
    def level_labels(self) -> list[str]:
        return [label for _code, label, field in LEVELS if getattr(self, field)]

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
        """Return the agencies' names, from the annotation when the query made one."""
        if not hasattr(self, "agency_names"):
            return [agency.name for agency in self.agencies.all()]
        return sorted(split_lines(self.agency_names or ""))

    def legal_basis_list(self) -> list["LegalBasis"]:
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


class ProcedureChild(models.Model):
    """A row of a procedure's table, kept in the order of the national database."""

    position = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class ProcedureChannel(ProcedureChild):
    """One way of submitting (cách thức thực hiện) with its time limit and fees."""

    DIRECT, ONLINE, POST = 1, 2, 3
    CHANNELS = [(DIRECT, "Trực tiếp"), (ONLINE, "Trực tuyến"), (POST, "Dịch vụ bưu chính")]

    procedure = models.ForeignKey(
        Procedure, related_name="channels", on_delete=models.CASCADE, verbose_name="thủ tục"
    )
    channel = models.PositiveSmallIntegerField("hình thức nộp", choices=CHANNELS)
    processing_time = models.CharField(
        "thời hạn giải quyết", max_length=300, blank=True, help_text="Ví dụ: 03 Ngày làm việc."
    )
    fees = models.TextField(
        "phí, lệ phí", blank=True, help_text="Mỗi khoản một dòng; để trống nếu không thu."
    )
    description = models.TextField("mô tả", blank=True)

    class Meta(ProcedureChild.Meta):
        verbose_name = "cách thức thực hiện"
        verbose_name_plural = "cách thức thực hiện"

    def __str__(self):
        return self.get_channel_display()

    def fee_list(self):
        return split_lines(self.fees)


class RequiredDocument(ProcedureChild):
    """A paper of the application file (thành phần hồ sơ), with its form template."""

    procedure = models.ForeignKey(
        Procedure, related_name="documents", on_delete=models.CASCADE, verbose_name="thủ tục"
    )
    case = models.CharField(
        "trường hợp", max_length=500, blank=True, help_text="Để trống nếu áp dụng chung."
    )
    name = models.TextField("tên giấy tờ")
    form_name = models.CharField("tên mẫu đơn, tờ khai", max_length=500, blank=True)
    form_url = models.URLField(
        "đường dẫn mẫu đơn bên ngoài",
        max_length=500,
        blank=True,
        help_text="Dùng khi mẫu đơn nằm trên trang khác; người dân mở bằng liên kết.",
    )
    form_file = models.FileField(
        "tệp mẫu đơn",
        upload_to="thu-tuc/mau-don/%Y/",
        max_length=255,
        blank=True,
        validators=[validate_form_file],
        help_text="PDF, DOC, DOCX, XLS, XLSX hoặc ODT, tối đa 20 MB.",
    )
    original_count = models.PositiveSmallIntegerField("số bản chính", default=0)
    copy_count = models.PositiveSmallIntegerField("số bản sao", default=0)

    class Meta(ProcedureChild.Meta):
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"

    def __str__(self):
        return self.name[:100]

    def get_download_url(self):
        return reverse("procedures:form", args=[self.procedure.code, self.pk])


class LegalBasis(ProcedureChild):
    """A legal document the procedure rests on (căn cứ pháp lý)."""

    procedure = models.ForeignKey(
        Procedure, related_name="legal_bases", on_delete=models.CASCADE, verbose_name="thủ tục"
    )
    number = models.CharField("số ký hiệu", max_length=200)
    title = models.TextField("trích yếu", blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=300, blank=True)

    class Meta(ProcedureChild.Meta):
        verbose_name = "căn cứ pháp lý"
        verbose_name_plural = "căn cứ pháp lý"

    def __str__(self):
        return self.number
