"""Admin of the procedure catalogue, for the role "Cán bộ thủ tục hành chính"."""

import io

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms import Textarea
from django.template.response import TemplateResponse
from django.urls import path

from anphu_portal.folded_ordering import FOLDED_RANK, FoldedNameOrderingMixin
from anphu_portal.history import PortalVersionAdmin
from anphu_portal.units import request_unit
from procedures.forms import ImportForm
from procedures.importing import UnreadableFile, import_procedures, read_procedure_file
from procedures.kept_uploads import keep_upload, take_upload
from procedures.models import (
    Agency,
    LegalBasis,
    Procedure,
    ProcedureAgency,
    ProcedureChannel,
    RequiredDocument,
    Sector,
    UnitProcedureDetail,
    UnitProcedureScope,
)


@admin.register(Sector, Agency)
class NamedEntryAdmin(FoldedNameOrderingMixin, PortalVersionAdmin):
    list_display = ["folded_name", "slug", "name_edited"]
    list_filter = ["name_edited"]
    search_fields = ["name", "slug", "aliases"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "name_edited", "aliases"]

    def save_model(self, request, obj, form, change):
        # Staff's spelling wins over the spelling most imported rows use.
        if "name" in form.changed_data:
            obj.name_edited = True
            former = form.initial.get("name")
            # The former spelling keeps finding the procedures imported under it.
            if change and former and former not in obj.searchable_names():
                obj.aliases = "\n".join(filter(None, [obj.aliases.strip(), former]))
        super().save_model(request, obj, form, change)

    @admin.display(description="tên", ordering=FOLDED_RANK)
    def folded_name(self, entry):
        return entry.name


# The button "Nhập thật tệp này" after a dry run posts the kept file's token in this field.
CONFIRM_FIELD = "nhap-that"

# Staff paste addresses from the national portal; a bare host name means https.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
# The inlines' texts are a few lines each: short boxes keep the whole form within reach.
SHORT_TEXTS = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 60})}}


class AgencyInline(admin.TabularInline):
    model = ProcedureAgency
    extra = 0
    fields = ["position", "agency"]
    autocomplete_fields = ["agency"]
    verbose_name_plural = "cơ quan thực hiện (theo thứ tự của CSDL quốc gia)"


class ChannelInline(admin.StackedInline):
    """Each way of submitting stacked: fees and time limit in full width, nothing off screen."""

    model = ProcedureChannel
    extra = 0
    fields = [("channel", "position"), "processing_time", "fees", "description"]
    formfield_overrides = SHORT_TEXTS

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A time limit is one line ("15 Ngày làm việc") however long the source may write it.
        if db_field.name in ("processing_time", "description"):
            kwargs["widget"] = Textarea(
                attrs={"rows": 1 if db_field.name == "processing_time" else 2, "cols": 60}
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class DocumentInline(admin.StackedInline):
    model = RequiredDocument
    extra = 0
    formfield_overrides = {**URL_FIELDS, **SHORT_TEXTS}
    fields = [
        ("position", "case"),
        "name",
        ("form_name", "form_url"),
        "form_file",
        ("original_count", "copy_count"),
    ]


class LegalBasisInline(admin.StackedInline):
    model = LegalBasis
    extra = 0
    fields = [("number", "issued_on"), "title", ("issuer", "position")]
    formfield_overrides = SHORT_TEXTS


@admin.register(Procedure)
class ProcedureAdmin(PortalVersionAdmin):
    list_display = [
        "code",
        "title",
        "sector_names",
        "level_names",
        "active",
    ]
    list_display_links = ["code", "title"]
    list_filter = [
        "service_level",
        "levels",
        "procedure_type",
        "active",
        ("sectors", admin.RelatedOnlyFieldListFilter),
        ("agencies", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["code", "name"]
    search_help_text = "Tìm theo mã thủ tục (ví dụ 1.001193) hoặc tên thủ tục."
    autocomplete_fields = ["sectors"]
    filter_horizontal = ["levels"]
    # search_text starts with the folded name: the order of the public list.
    ordering = ["search_text", "code"]
    list_per_page = 50
    readonly_fields = ["created_at", "updated_at", "created_by", "updated_by"]
    # What staff change most (fees, time limits, forms) first, right under the short form.
    inlines = [ChannelInline, DocumentInline, AgencyInline, LegalBasisInline]
    change_list_template = "admin/procedures/procedure/change_list.html"
    formfield_overrides = URL_FIELDS
    fieldsets = [
        (None, {"fields": ["code", "name", "issuing_body", "active"]}),
        (
            "Quyết định công bố",
            {
                "fields": ["decision_number", "decision_date", "decision_summary"],
                "classes": ["collapse"],
            },
        ),
        (
            "Phân loại",
            {
                "fields": [
                    "levels",
                    "procedure_type",
                    "sectors",
                    "service_level",
                    "online_url",
                ],
                "description": "Chọn mọi cấp và mọi lĩnh vực của thủ tục này.",
                "classes": ["collapse"],
            },
        ),
        ("Trình tự thực hiện", {"fields": ["steps"], "classes": ["collapse"]}),
        (
            "Đối tượng và cơ quan",
            {
                "fields": [
                    "subjects",
                    "competent_authorities",
                    "receiving_address",
                    "authorized_agencies",
                    "coordinating_agencies",
                ],
                "classes": ["collapse"],
            },
        ),
        (
            "Kết quả, yêu cầu, mô tả",
            {
                "fields": ["results", "requirements", "keywords", "description"],
                "classes": ["collapse"],
            },
        ),
        ("Lịch sử", {"fields": readonly_fields, "classes": ["collapse"]}),
    ]

    @admin.display(description="tên thủ tục", ordering="search_text")
    def title(self, procedure):
        return procedure.name

    @admin.display(description="lĩnh vực")
    def sector_names(self, procedure):
        return ", ".join(sector.name for sector in procedure.sector_list())

    @admin.display(description="cấp thực hiện")
    def level_names(self, procedure):
        return ", ".join(procedure.level_labels) or "Chưa rõ"

    def get_queryset(self, request):
        return super().get_queryset(request).with_sector_rows().with_level_rows()

    def get_search_results(self, request, queryset, search_term):
        """Match the code or name as typed, and also the name without accents."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            results = results | queryset.search(search_term)
        return results, may_have_duplicates

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        # A hand edit must be overwritten by the next import of this procedure.
        obj.import_hash = ""
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The sectors are part of the search text and are saved after the procedure.
        form.instance.refresh_search_text()

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("nhap/", view, name="procedures_procedure_import"), *super().get_urls()]

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """Upload a JSON, XLSX or CSV file, or confirm the last dry run, and show the summary."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        context = {"form": form, "report": None, "rejected": [], "warnings": []}
        if request.method == "POST" and CONFIRM_FIELD in request.POST:
            context.update(self.import_kept_upload(request, request.POST[CONFIRM_FIELD]))
        elif request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            dry_run = form.cleaned_data["dry_run"]
            context.update(
                self.run_import(request, form, name=upload.name, data=data, dry_run=dry_run)
            )
            if context["report"] is not None and dry_run:
                context["kept"] = {
                    "token": keep_upload(request, name=upload.name, data=data),
                    "name": upload.name,
                }
        return TemplateResponse(
            request,
            "admin/procedures/procedure/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Nhập thủ tục từ tệp",
                "confirm_field": CONFIRM_FIELD,
                **context,
            },
        )

    def import_kept_upload(self, request, token: str) -> dict:
        """Import for real the file of the last dry run."""
        form = ImportForm()
        kept = take_upload(request, token)
        if kept is None:
            return {
                "form": form,
                "import_error": "Tệp chạy thử không còn được giữ; hãy chọn lại tệp.",
            }
        name, data = kept
        return self.run_import(request, form, name=name, data=data, dry_run=False)

    def run_import(self, request, form, *, name: str, data: bytes, dry_run: bool) -> dict:
        """Read and import the file; a fresh form (dry run ticked) follows a finished run."""
        try:
            source = read_procedure_file(io.BytesIO(data), name=name)
        except UnreadableFile as error:
            if not form.is_bound:
                return {"form": form, "import_error": str(error)}
            form.add_error("file", str(error))
            return {"form": form}
        report = import_procedures(rows=source.rows, dry_run=dry_run, user=request.user)
        return {
            "form": ImportForm(),
            "report": report,
            "rejected": report_lines(source, report.rejected),
            "warnings": report_lines(source, report.warnings),
        }


def report_lines(source, rows) -> list[tuple[str, str, str]]:
    """Return (position, code, reason) of report rows, the reason naming the file's own field."""
    return [
        (source.position_label(row.position), row.code, source.explain(row.reason, row.key))
        for row in rows
    ]


class UnitSettingAdmin(admin.ModelAdmin):
    """One row per unit: the admin at a unit's host opens that unit's own row."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit=request_unit(request))

    def has_add_permission(self, request):
        exists = self.model.objects.filter(unit=request_unit(request)).exists()
        return not exists and super().has_add_permission(request)

    def save_model(self, request, obj, form, change):
        obj.unit = request_unit(request)
        super().save_model(request, obj, form, change)


@admin.register(UnitProcedureScope)
class UnitProcedureScopeAdmin(UnitSettingAdmin):
    list_display = ["__str__"]
    filter_horizontal = ["levels", "agencies"]


@admin.register(UnitProcedureDetail)
class UnitProcedureDetailAdmin(UnitSettingAdmin):
    list_display = ["__str__", "office_address", "phone"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
