"""Admin of the news app: the newsroom's editing and review desk."""

from typing import NamedTuple

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST

from anphu_portal.history import PortalVersionAdmin
from news.images import store_editor_image
from news.models import Article, ArticleOffer, Category
from news.offer_admin import ArticleOfferAdmin, OfferUpwardMixin
from news.workflow import (
    allowed_steps,
    can_publish,
    publish_article,
    refresh_copy,
    submit_for_review,
    take_step,
    unpublish_article,
)


class StepButton(NamedTuple):
    """A workflow button of the article form: its POST name, label and message once done."""

    name: str
    label: str
    done: str


# In the order they appear in the submit row, after the save buttons.
STEP_BUTTONS = {
    "submit": StepButton("_submit", "Gửi duyệt", "Đã gửi tin bài cho người duyệt tin."),
    "publish": StepButton("_publish", "Xuất bản", "Đã xuất bản tin bài."),
    "unpublish": StepButton("_unpublish", "Gỡ xuống", "Đã gỡ tin bài xuống, về bản nháp."),
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


admin.site.register(ArticleOffer, ArticleOfferAdmin)


@admin.register(Article)
class ArticleAdmin(OfferUpwardMixin, PortalVersionAdmin):
    list_display = ["title", "status", "category", "publish_at", "featured", "shared_state"]
    list_filter = [
        "status",
        # Only the categories of the unit's own articles, never another unit's names.
        ("category", admin.RelatedOnlyFieldListFilter),
        "featured",
        ("publish_at", admin.DateFieldListFilter),
        "shared_from__source_state",
        "author",
        ("created_by", admin.RelatedOnlyFieldListFilter),
    ]
    # The copy's offer and its source unit come in the same query: no query per row.
    list_select_related = ["category", "updated_by", "shared_from__source_unit"]
    search_fields = ["title", "slug"]
    search_help_text = "Tìm theo tiêu đề hoặc đường dẫn của tin bài."
    ordering = ["-updated_at"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["category", "extra_categories"]
    prepopulated_fields = {"slug": ["title"]}

    change_form_template = "admin/news/article/change_form.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = [
        "submit_selected",
        "publish_selected",
        "unpublish_selected",
        "offer_selected",
        "refresh_selected",
    ]
    # The status changes only through the workflow buttons and actions.
    readonly_fields = [
        "status",
        "view_count",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Ảnh đại diện", {"fields": ["cover", "cover_alt", "cover_caption"]}),
        (
            "Phân loại và nguồn",
            {"fields": ["category", "extra_categories", "author", "source", "source_url"]},
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

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            fields += ["publish_at", "featured"]
        return fields

    def get_fieldsets(self, request, obj=None):
        """Leave out what only approvers set, rather than show it read-only with advice."""
        fieldsets = super().get_fieldsets(request, obj)
        if can_publish(request.user):
            return fieldsets
        hidden = {"publish_at", "featured"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in fieldsets
        ]

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

    # --- The workflow buttons of the change form ------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Refuse a workflow button the user may not press before anything is saved."""
        step = posted_step(request)
        if step is not None:
            article = self.get_object(request, unquote(object_id)) if object_id else None
            restoring = getattr(request, "portal_restore", None) is not None
            if restoring or step not in allowed_steps(article=article, user=request.user):
                raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        draft = obj is None or obj.status == Article.Status.DRAFT
        context["save_label"] = "Lưu nháp" if draft else "Lưu"
        context.update(self.sharing_context(request, obj))
        context["show_save_and_add_another"] = False
        may_save = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        if may_save and getattr(request, "portal_restore", None) is None:
            steps = allowed_steps(article=obj, user=request.user)
            context["workflow_buttons"] = [
                button for step, button in STEP_BUTTONS.items() if step in steps
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        self._take_posted_step(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._take_posted_step(request, obj)
        return super().response_change(request, obj)

    def _take_posted_step(self, request, article) -> None:
        # Inside the save's transaction and revision: the step and the edit are one version.
        step = posted_step(request)
        if step is not None and take_step(
            step=step, article=article, user=request.user, request=request
        ):
            self.message_user(request, STEP_BUTTONS[step].done, messages.SUCCESS)

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

    @admin.action(description="Cập nhật theo bản gốc các tin đã chọn", permissions=["publish"])
    def refresh_selected(self, request, queryset):
        done, refused = 0, []
        for copy in queryset.filter(shared_from__isnull=False):
            try:
                done += refresh_copy(copy=copy, user=request.user, request=request)
            except ValidationError as error:
                refused.append(error.messages[0])
        self.message_user(request, f"Đã cập nhật {done} tin bài theo bản gốc.", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, reason, messages.WARNING)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_urls(self):
        upload = self.admin_site.admin_view(require_POST(self.upload_image_view))
        offer = self.admin_site.admin_view(self.offer_view)
        return [
            path("tai-anh-len/", upload, name="news_article_upload_image"),
            path("<path:object_id>/gui-len-cap-tren/", offer, name="news_article_offer"),
            path(
                "<path:object_id>/cap-nhat-theo-ban-goc/",
                self.admin_site.admin_view(self.refresh_view),
                name="news_article_refresh",
            ),
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


def posted_step(request) -> str | None:
    """Return the workflow step whose button was pressed in a POSTed change form."""
    if request.method != "POST":
        return None
    pressed = (step for step, button in STEP_BUTTONS.items() if button.name in request.POST)
    return next(pressed, None)


def _upload_error(message: str, *, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": {"message": message}}, status=status)
