"""Admin of the news app: the newsroom's editing and review desk."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from anphu_portal.audit import Action, record_event
from anphu_portal.history import PortalVersionAdmin
from news.models import (
    Article,
    Category,
    can_publish,
    publish_article,
    store_editor_image,
    submit_for_review,
    unpublish_article,
)

WRITER_STATUSES = [Article.Status.DRAFT, Article.Status.PENDING]
# The audit action of a status an article is moved to through its form.
STATUS_ACTIONS = {
    Article.Status.PENDING: Action.SUBMIT,
    Article.Status.PUBLISHED: Action.PUBLISH,
}


@admin.register(Category)
class CategoryAdmin(PortalVersionAdmin):
    list_display = ["name", "slug", "position", "show_on_home", "article_count"]
    list_editable = ["position", "show_on_home"]
    list_filter = ["show_on_home"]
    search_fields = ["name", "slug"]
    ordering = ["position", "name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_articles=Count("articles"))

    @admin.display(description="số tin bài", ordering="number_of_articles")
    def article_count(self, category):
        return category.number_of_articles


class ArticleAdminForm(forms.ModelForm):
    """The article form; it knows the user, so the publish rule holds whatever is POSTed."""

    user = None

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "cover",
            "cover_alt",
            "cover_caption",
            "category",
            "extra_categories",
            "author",
            "source",
            "status",
            "publish_at",
            "featured",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and not can_publish(self.user):
            status.choices = [c for c in status.choices if c[0] in WRITER_STATUSES]
            status.help_text = "Chọn “Chờ duyệt” khi bài đã xong để người duyệt tin xuất bản."

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Article.Status.PUBLISHED and not can_publish(self.user):
            raise ValidationError("Bạn không có quyền xuất bản tin bài; hãy chọn “Chờ duyệt”.")
        return status


@admin.register(Article)
class ArticleAdmin(PortalVersionAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "status",
        "category",
        "author",
        "publish_at",
        "featured",
        "is_published",
        "view_count",
        "updated_by",
    ]
    list_filter = [
        "status",
        # Only the categories of the unit's own articles, never another unit's names.
        ("category", admin.RelatedOnlyFieldListFilter),
        "featured",
        ("publish_at", admin.DateFieldListFilter),
        "author",
        ("created_by", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["category", "updated_by"]
    search_fields = ["title", "slug"]
    search_help_text = "Tìm theo tiêu đề hoặc đường dẫn của tin bài."
    ordering = ["-updated_at"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["category", "extra_categories"]
    prepopulated_fields = {"slug": ["title"]}

    actions = ["submit_selected", "publish_selected", "unpublish_selected"]
    readonly_fields = ["view_count", "created_by", "created_at", "updated_by", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Ảnh đại diện", {"fields": ["cover", "cover_alt", "cover_caption"]}),
        (
            "Phân loại và nguồn",
            {"fields": ["category", "extra_categories", "author", "source"]},
        ),
        ("Xuất bản", {"fields": ["status", "publish_at", "featured"]}),
        (
            "Theo dõi",
            {
                "classes": ["collapse"],
                "fields": ["view_count", "created_by", "created_at", "updated_by", "updated_at"],
            },
        ),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            fields += ["publish_at", "featured"]
        return fields

    def has_change_permission(self, request, obj=None):
        """A published article is read-only for those who may not publish."""
        if obj is not None and obj.status == Article.Status.PUBLISHED:
            if not can_publish(request.user):
                return False
        return super().has_change_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_publish(request.user):
            actions.pop("publish_selected", None)
            actions.pop("unpublish_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if obj.status == Article.Status.PUBLISHED and not can_publish(request.user):
            raise PermissionDenied("Bạn không có quyền xuất bản tin bài.")
        if obj.status == Article.Status.PUBLISHED and obj.publish_at is None:
            obj.publish_at = timezone.now()
        super().save_model(request, obj, form, change)
        if getattr(request, "portal_restore", None) is None and "status" in form.changed_data:
            self._record_status_change(request, obj, before=form.initial.get("status"))

    def _record_status_change(self, request, article, *, before):
        action = STATUS_ACTIONS.get(article.status)
        if before == Article.Status.PUBLISHED:
            action = Action.UNPUBLISH
        if action is not None:
            record_event(action=action, request=request, obj=article)

    def protect_restored_state(self, request, *, live, restored):
        """Keep a reverted article's publication state; only approvers recover it as published."""
        if live is not None:
            for name in ("status", "publish_at", "featured"):
                setattr(restored, name, getattr(live, name))
        elif not can_publish(request.user):
            restored.status = Article.Status.DRAFT

    @admin.action(description="Gửi duyệt các tin đã chọn")
    def submit_selected(self, request, queryset):
        done = sum(
            submit_for_review(article=a, user=request.user, request=request) for a in queryset
        )
        self.message_user(request, f"Đã gửi duyệt {done} tin bài.", messages.SUCCESS)

    @admin.action(description="Xuất bản các tin đã chọn", permissions=["publish"])
    def publish_selected(self, request, queryset):
        done = sum(publish_article(article=a, user=request.user, request=request) for a in queryset)
        self.message_user(request, f"Đã xuất bản {done} tin bài.", messages.SUCCESS)

    @admin.action(description="Gỡ xuống (về bản nháp) các tin đã chọn", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        done = sum(
            unpublish_article(article=a, user=request.user, request=request) for a in queryset
        )
        self.message_user(request, f"Đã gỡ {done} tin bài về bản nháp.", messages.SUCCESS)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_urls(self):
        upload = self.admin_site.admin_view(require_POST(self.upload_image_view))
        return [
            path("tai-anh-len/", upload, name="news_article_upload_image"),
            *super().get_urls(),
        ]

    def upload_image_view(self, request):
        """Store an image inserted in the editor and answer CKEditor with its URL."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return _upload_error("Bạn không có quyền tải ảnh lên.", status=403)
        upload = request.FILES.get("upload")
        if upload is None:
            return _upload_error("Không nhận được tệp ảnh. Hãy chọn lại ảnh.")
        try:
            url = store_editor_image(file=upload)
        except ValidationError as error:
            return _upload_error(error.messages[0])
        return JsonResponse({"url": url})


def _upload_error(message: str, *, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": {"message": message}}, status=status)
