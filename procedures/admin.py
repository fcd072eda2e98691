"""Admin of the procedure catalogue, for the role "Cán bộ thủ tục hành chính"."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path

from anphu_portal.history import PortalVersionAdmin
from anphu_portal.units import request_unit
from procedures.forms import ImportForm
from procedures.importing import UnreadableFile, import_procedures, read_procedure_file
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
class NamedEntryAdmin(PortalVersionAdmin):
    list_display = ["name", "slug"]
    list_filter = []
    search_fields = ["name", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}


# Staff paste addresses from the national portal; a bare host name means https.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class AgencyInline(admin.TabularInline):
    model = ProcedureAgency
    extra = 0
    fields = ["position", "agency"]
    autocomplete_fields = ["agency"]
    verbose_name_plural = "cơ quan thực hiện (theo thứ tự của CSDL quốc gia)"


class ChannelInline(admin.TabularInline):
    model = ProcedureChannel
    extra = 0
    fields = ["position", "channel", "processing_time", "fees", "description"]


class DocumentInline(admin.StackedInline):
    model = RequiredDocument
    extra = 0
    formfield_overrides = URL_FIELDS
    fields = [
        ("position", "case"),
        "name",
        ("form_name", "form_url"),
        "form_file",
        ("original_count", "copy_count"),
    ]


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0
    fields = ["position", "number", "title", "issued_on", "issuer"]


@admin.register(Procedure)
class ProcedureAdmin(PortalVersionAdmin):
    list_display = [
        "code",
        "name",
        "sector_names",
        "level_names",
        "service_level",
        "active",
        "updated_at",
    ]
    list_display_links = ["code", "name"]
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
    ordering = ["name", "code"]
    list_per_page = 50
    readonly_fields = ["created_at", "updated_at", "created_by", "updated_by"]
    inlines = [AgencyInline, ChannelInline, DocumentInline, LegalBasisInline]
    change_list_template = "admin/procedures/procedure/change_list.html"
    formfield_overrides = URL_FIELDS
    fieldsets = [
        (None, {"fields": ["code", "name", "active"]}),
        (
            "Quyết định công bố",
            {"fields": ["decision_number", "decision_date", "decision_summary"]},
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
            },
        ),
        ("Trình tự thực hiện", {"fields": ["steps"]}),
        (
            "Đối tượng và cơ quan",
            {
                "fields": [
                    "subjects",
                    "competent_authorities",
                    "receiving_address",
                    "authorized_agencies",
                    "coordinating_agencies",
                ]
            },
        ),
        (
            "Kết quả, yêu cầu, mô tả",
            {"fields": ["results", "requirements", "keywords", "description"]},
        ),
        ("Lịch sử", {"fields": readonly_fields, "classes": ["collapse"]}),
    ]

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
        """Upload a JSON, XLSX or CSV file and show the import summary."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        report = source = None
        rejected = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                source = read_procedure_file(upload, name=upload.name)
            except UnreadableFile as error:
                form.add_error("file", str(error))
            else:
                report = import_procedures(
                    rows=source.rows, dry_run=form.cleaned_data["dry_run"], user=request.user
                )
                rejected = [
                    (source.position_label(row.position), row.code, row.reason)
                    for row in report.rejected
                ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Nhập thủ tục từ tệp",
            "form": form,
            "report": report,
            "rejected": rejected,
        }
        return TemplateResponse(request, "admin/procedures/procedure/import.html", context)


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
