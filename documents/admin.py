"""Admin of the documents app: lists, documents with files and relations, comment moderation."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from anphu_portal.audit import Action, record_event
from anphu_portal.history import PortalVersionAdmin
from anphu_portal.private_files import private_file_response
from anphu_portal.units import request_unit
from documents.models import (
    Attachment,
    CommentState,
    Document,
    DocumentRelation,
    DocumentType,
    DraftComment,
    Field,
    Issuer,
    TextState,
)

PROBLEM_STATES = [TextState.SCANNED, TextState.LEGACY, TextState.FAILED]


class UnitListAdmin(PortalVersionAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]


@admin.register(DocumentType)
class DocumentTypeAdmin(UnitListAdmin):
    list_display = ["name", "disclosure", "slug", "position"]
    list_filter = ["disclosure"]
    fields = ["name", "slug", "disclosure", "position"]


@admin.register(Issuer)
class IssuerAdmin(UnitListAdmin):
    fields = ["name", "slug", "position"]


@admin.register(Field)
class FieldAdmin(UnitListAdmin):
    fields = ["name", "slug", "position"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 1
    fields = ["file", "title", "position", "size_shown", "text_state_shown"]
    readonly_fields = ["size_shown", "text_state_shown"]

    @admin.display(description="dung lượng")
    def size_shown(self, attachment):
        from django.template.defaultfilters import filesizeformat

        return filesizeformat(attachment.size) if attachment.pk else "–"

    @admin.display(description="chữ trong tệp")
    def text_state_shown(self, attachment):
        if not attachment.pk:
            return "–"
        label = attachment.get_text_state_display()
        if attachment.text_state in PROBLEM_STATES:
            return format_html('<strong class="errornote">{}</strong>', label)
        return label


class UnitDocumentChoices:
    """Offer only documents of the request's unit in a relation's document box."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Document:
            kwargs["queryset"] = Document.objects.filter(unit=request_unit(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RelationInline(UnitDocumentChoices, admin.TabularInline):
    model = DocumentRelation
    fk_name = "source"
    extra = 0
    fields = ["kind", "target"]
    autocomplete_fields = ["target"]
    verbose_name = "văn bản mà văn bản này tác động"
    verbose_name_plural = "văn bản mà văn bản này thay thế, sửa đổi, bãi bỏ, đính chính, hướng dẫn"


class TextProblemFilter(admin.SimpleListFilter):
    title = "tệp cần xử lý"
    parameter_name = "tep"

    def lookups(self, request, model_admin):
        return [
            ("scan", "PDF scan, chưa có lớp chữ"),
            ("ma-cu", "Chữ mã cũ TCVN3/VNI"),
            ("cho", "Chờ trích xuất chữ"),
        ]

    def queryset(self, request, queryset):
        states = {"scan": TextState.SCANNED, "ma-cu": TextState.LEGACY, "cho": TextState.PENDING}
        state = states.get(self.value())
        if state is None:
            return queryset
        files = Attachment.objects.filter(document=OuterRef("pk"), text_state=state)
        return queryset.filter(Exists(files))


@admin.register(Document)
class DocumentAdmin(PortalVersionAdmin):
    # The number carries the type's symbol (QĐ, KH…); the type stays a filter, so the list
    # fits a 1280 px screen.
    list_display = [
        "number",
        "issuer",
        "issued_on",
        "status_shown",
        "published",
        "file_problems",
    ]
    list_display_links = ["number"]
    list_filter = [
        ("document_type", admin.RelatedOnlyFieldListFilter),
        ("issuer", admin.RelatedOnlyFieldListFilter),
        "year",
        "published",
        "is_draft",
        TextProblemFilter,
    ]
    list_select_related = ["document_type", "issuer"]
    search_fields = ["number", "summary"]
    search_help_text = (
        "Tìm theo số ký hiệu (gõ “125/QĐ-UBND”, “125 qd ubnd”…) hoặc từ trong trích yếu, "
        "không cần gõ dấu."
    )
    autocomplete_fields = ["document_type", "issuer", "field"]
    date_hierarchy = "issued_on"
    ordering = ["-issued_on", "-pk"]
    readonly_fields = ["status_shown", "created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["number", "document_type", "issuer", "field", "summary"]}),
        ("Người ký", {"fields": ["signer", "signer_title"]}),
        (
            "Ngày và hiệu lực",
            {
                "fields": [
                    "issued_on",
                    "effective_on",
                    "expires_on",
                    "status_override",
                    "status_shown",
                ]
            },
        ),
        ("Toàn văn", {"fields": ["body"], "classes": ["collapse"]}),
        ("Công bố", {"fields": ["published", "publish_at", "slug"]}),
        (
            "Lấy ý kiến dự thảo",
            {
                "fields": ["is_draft", "comment_opens_on", "comment_closes_on", "comment_report"],
                "classes": ["collapse"],
            },
        ),
        (
            "Cập nhật",
            {
                "fields": ["created_at", "created_by", "updated_at", "updated_by"],
                "classes": ["collapse"],
            },
        ),
    ]
    inlines = [AttachmentInline, RelationInline]

    def get_queryset(self, request):
        problems = Attachment.objects.filter(document=OuterRef("pk"), text_state__in=PROBLEM_STATES)
        return super().get_queryset(request).with_status().annotate(has_problem=Exists(problems))

    def get_search_results(self, request, queryset, search_term):
        """Find a number however it is typed, and summary words with or without accents."""
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False

    @admin.display(description="tình trạng hiệu lực")
    def status_shown(self, document):
        if document.pk is None:
            return "–"
        return document.status_label

    @admin.display(description="tệp", boolean=False)
    def file_problems(self, document):
        if getattr(document, "has_problem", False):
            return format_html('<strong class="errornote">{}</strong>', "Có tệp cần xử lý")
        return ""


@admin.register(DraftComment)
class DraftCommentAdmin(PortalVersionAdmin):
    unit_field = "document__unit"
    list_display = ["document", "public_name_shown", "state", "created_at"]
    list_filter = ["state", ("document", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["document"]
    search_fields = ["content"]
    ordering = ["-created_at", "-pk"]
    fields = [
        "document",
        "name",
        "contact",
        "show_name",
        "content",
        "attachment_link",
        "consent",
        "state",
        "created_at",
        "moderated_by",
    ]
    readonly_fields = [
        "document",
        "name",
        "contact",
        "show_name",
        "content",
        "attachment_link",
        "consent",
        "created_at",
        "moderated_by",
    ]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False  # Comments come from citizens through the public form only.

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<int:pk>/tep-kem-theo/",
                self.admin_site.admin_view(self.attachment_view),
                name=f"{opts.app_label}_{opts.model_name}_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, pk: int):
        """Send a comment's attachment to staff who may see the comment, in its unit."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(self.get_queryset(request), pk=pk)
        return private_file_response(comment.attachment)

    @admin.display(description="tệp kèm theo")
    def attachment_link(self, comment):
        if not comment.attachment:
            return "Không có"
        url = reverse("admin:documents_draftcomment_attachment", args=[comment.pk])
        return format_html('<a href="{}">Tải tệp kèm theo</a>', url)

    @admin.display(description="tên hiển thị công khai")
    def public_name_shown(self, comment):
        return comment.public_name

    def save_model(self, request, obj, form, change):
        obj.moderated_by = request.user
        super().save_model(request, obj, form, change)

    def _moderate(self, request, queryset, state: str, message: str) -> None:
        if not self.has_change_permission(request):
            raise PermissionDenied
        for comment in queryset:
            comment.state, comment.moderated_by = state, request.user
            comment.save(update_fields=["state", "moderated_by"])
            record_event(action=Action.CHANGE, request=request, obj=comment)
        self.message_user(request, message % queryset.count(), messages.SUCCESS)

    @admin.action(description="Duyệt, cho hiện công khai", permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, CommentState.APPROVED, "Đã duyệt %d góp ý.")

    @admin.action(description="Không cho hiện công khai", permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, CommentState.REJECTED, "Đã ẩn %d góp ý.")
