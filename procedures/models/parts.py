"""The rows of a procedure's tables: agencies in source order, channels, papers, legal bases."""

from django.db import models
from django.urls import reverse

from procedures.form_files import validate_form_file
from procedures.text import split_lines


class ProcedureChild(models.Model):
    """A row of a procedure's table, kept in the order of the national database."""

    position = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class ProcedureChannel(ProcedureChild):
    """One way of submitting (cách thức thực hiện) with its time limit and fees."""

    class Channel(models.IntegerChoices):
        DIRECT = 1, "Trực tiếp"
        ONLINE = 2, "Trực tuyến"
        POST = 3, "Dịch vụ bưu chính"

    procedure = models.ForeignKey(
        "procedures.Procedure",
        related_name="channels",
        on_delete=models.CASCADE,
        verbose_name="thủ tục",
    )
    channel = models.PositiveSmallIntegerField("hình thức nộp", choices=Channel.choices)
    processing_time = models.TextField(
        "thời hạn giải quyết",
        blank=True,
        help_text="Ghi như nguồn công bố, ví dụ “03 Ngày làm việc” hoặc “Không quy định”; "
        "để trống khi chưa có thông tin.",
    )
    fees = models.TextField(
        "phí, lệ phí",
        blank=True,
        help_text="Mỗi khoản một dòng. Để trống khi chưa có thông tin; nếu không thu, "
        "ghi rõ “Không thu phí”.",
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
        "procedures.Procedure",
        related_name="documents",
        on_delete=models.CASCADE,
        verbose_name="thủ tục",
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
    original_count = models.PositiveSmallIntegerField(
        "số bản chính", null=True, blank=True, help_text="Để trống khi chưa có thông tin."
    )
    copy_count = models.PositiveSmallIntegerField(
        "số bản sao", null=True, blank=True, help_text="Để trống khi chưa có thông tin."
    )

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
        "procedures.Procedure",
        related_name="legal_bases",
        on_delete=models.CASCADE,
        verbose_name="thủ tục",
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


class ProcedureAgency(ProcedureChild):
    """An agency that carries out the procedure, at its place in the national database's list."""

    procedure = models.ForeignKey(
        "procedures.Procedure",
        related_name="agency_links",
        on_delete=models.CASCADE,
        verbose_name="thủ tục",
    )
    agency = models.ForeignKey(
        "procedures.Agency",
        related_name="procedure_links",
        on_delete=models.CASCADE,
        verbose_name="cơ quan thực hiện",
    )

    class Meta(ProcedureChild.Meta):
        verbose_name = "cơ quan thực hiện thủ tục"
        verbose_name_plural = "cơ quan thực hiện (theo thứ tự)"
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "agency"], name="procedures_agency_once_per_procedure"
            )
        ]

    def __str__(self):
        return str(self.agency)
