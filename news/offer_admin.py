"""Admin of articles shared upward: offering one, and the province's list of offers."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from anphu_portal.history import PortalVersionAdmin
from anphu_portal.units import province_of, request_unit
from news.models import ArticleOffer, Category
from news.workflow import (
    accept_offer,
    can_publish_in,
    decline_offer,
    may_decide,
    may_offer,
    offer_article,
    refresh_copy,
)

FORM_TEMPLATE = "admin/news/share_form.html"


class OfferForm(forms.Form):
    note = forms.CharField(
        label="Lời nhắn cho cổng cấp trên",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Không bắt buộc, ví dụ “Đề nghị đăng ở chuyên mục Cải cách hành chính”.",
    )


class AcceptForm(forms.Form):
    category = forms.ModelChoiceField(
        label="Đăng vào chuyên mục",
        queryset=Category.objects.none(),
        empty_label="— Chọn chuyên mục —",
        error_messages={"required": "Hãy chọn chuyên mục để đăng tin."},
    )
    publish = forms.BooleanField(
        label="Xuất bản ngay",
        required=False,
        help_text="Bỏ chọn để nhận về làm bản nháp, sửa lại rồi mới xuất bản.",
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.for_unit(unit)


class DeclineForm(forms.Form):
    note = forms.CharField(
        label="Lý do từ chối",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Hãy ghi lý do từ chối để đơn vị gửi biết."},
    )


def render_form(model_admin, request, *, obj, form, title: str, button: str, intro: str = ""):
    """Answer with a one-form admin page; a refused POST keeps what was typed, with a 400."""
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "original": obj,
        "title": title,
        "intro": intro,
        "form": form,
        "button": button,
        "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
    }
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, FORM_TEMPLATE, context, status=status)


class OfferUpwardMixin:
    """What the article admin adds: the offer page, its action, and the copies' flags."""

    def offer_view(self, request, object_id):
        """Offer one published article to the unit's province, with an optional note."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("Không tìm thấy tin bài này.")
        if not may_offer(article=article, user=request.user):
            raise PermissionDenied
        form = OfferForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                offer = offer_article(
                    article=article,
                    user=request.user,
                    note=form.cleaned_data["note"],
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                done = f"Đã gửi tin lên {offer.unit.name}."
                self.message_user(request, done, messages.SUCCESS)
                return redirect("admin:news_article_change", article.pk)
        title = f"Gửi tin “{article.title}” lên cổng cấp trên"
        return render_form(self, request, obj=article, form=form, title=title, button="Gửi lên")

    def refresh_view(self, request, object_id):
        """Confirm, then repeat the source's current text and images in its copy."""
        copy = self.get_object(request, unquote(object_id))
        if copy is None or not ArticleOffer.objects.filter(copy=copy).exists():
            raise Http404("Không tìm thấy tin đăng lại này.")
        if not can_publish_in(request.user, copy.unit):
            raise PermissionDenied
        form = forms.Form(request.POST or None)
        if request.method == "POST":
            try:
                changed = refresh_copy(copy=copy, user=request.user, request=request)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                done = "Đã cập nhật tin theo bản gốc." if changed else "Tin đã giống bản gốc."
                self.message_user(request, done, messages.SUCCESS)
                return redirect("admin:news_article_change", copy.pk)
        intro = (
            "Tiêu đề, sa-pô, nội dung và ảnh của tin này sẽ được thay bằng bản hiện tại của "
            "bản gốc. Phiên bản cũ vẫn còn trong lịch sử."
        )
        title = f"Cập nhật “{copy.title}” theo bản gốc"
        return render_form(
            self, request, obj=copy, form=form, title=title, button="Cập nhật", intro=intro
        )

    def sharing_context(self, request, article) -> dict:
        """Return what the change form says about sharing: offers sent, or the copy's source."""
        if article is None:
            return {}
        offers = article.offers.select_related("unit").order_by("-offered_at")
        try:
            origin = article.shared_from
        except ObjectDoesNotExist:
            origin = None
        may_refresh = (
            origin is not None
            and origin.source_state != ArticleOffer.SourceState.CURRENT
            and origin.source_id is not None
            and can_publish_in(request.user, article.unit)
        )
        offers = list(offers)
        open_offer = any(o.status != ArticleOffer.Status.DECLINED for o in offers)
        may_send = (
            not open_offer
            and article.is_published()
            and may_offer(article=article, user=request.user)
        )
        return {
            "offers_sent": offers,
            "may_offer": may_send,
            "copied_from": origin,
            "may_refresh": may_refresh,
        }

    def has_offer_permission(self, request):
        unit = request_unit(request)
        has_province = unit is not None and province_of(unit) is not None
        return has_province and request.user.has_perm("news.change_article")

    @admin.action(description="Gửi lên cổng cấp trên các tin đã chọn", permissions=["offer"])
    def offer_selected(self, request, queryset):
        sent, refused = 0, []
        for article in queryset.select_related("category"):
            try:
                offer_article(article=article, user=request.user, request=request)
                sent += 1
            except (ValidationError, PermissionDenied) as error:
                refused.append(error.messages[0] if hasattr(error, "messages") else str(error))
        self.message_user(request, f"Đã gửi {sent} tin bài lên cổng cấp trên.", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, reason, messages.WARNING)

    @admin.display(description="tin chia sẻ")
    def shared_state(self, article):
        try:
            offer = article.shared_from
        except ObjectDoesNotExist:
            return ""
        if offer.source_state == ArticleOffer.SourceState.CURRENT:
            text = f"Nguồn: {offer.source_unit.name}"
        else:
            text = offer.get_source_state_display()
        return format_html('<span class="shared-flag">{}</span>', text)


class ArticleOfferAdmin(PortalVersionAdmin):
    """The offers a unit received, to accept into its news or decline; read-only otherwise."""

    list_display = ["title", "source_unit", "offered_by", "offered_at", "status", "copy_state"]
    list_filter = ["status", ("source_unit", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["source_unit", "offered_by"]
    search_fields = ["title"]
    search_help_text = "Tìm theo tiêu đề tin gửi lên."
    ordering = ["-offered_at"]
    change_form_template = "admin/news/articleoffer/change_form.html"
    fields = [
        "title",
        "source_unit",
        "source_url",
        "note",
        "offered_by",
        "offered_at",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
        "copy",
        "source_state",
    ]
    readonly_fields = fields

    @admin.display(description="tình trạng bản gốc", ordering="source_state")
    def copy_state(self, offer):
        """Say how the source stands against its copy; nothing before a copy exists."""
        if offer.status != ArticleOffer.Status.ACCEPTED:
            return "—"
        return offer.get_source_state_display()

    def may_see_deleted(self, request) -> bool:
        return False  # offers are never deleted, so there is nothing to recover

    # Offers are made from an article and decided on their own pages, never edited here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        waiting = obj is not None and obj.status == ArticleOffer.Status.OFFERED
        context["may_decide"] = waiting and may_decide(offer=obj, user=request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/nhan/", wrap(self.accept_view), name="news_articleoffer_accept"),
            path(
                "<path:object_id>/tu-choi/",
                wrap(self.decline_view),
                name="news_articleoffer_decline",
            ),
            *super().get_urls(),
        ]

    def _offer_to_decide(self, request, object_id) -> ArticleOffer:
        offer = self.get_object(request, unquote(object_id))
        if offer is None:
            raise Http404("Không tìm thấy tin gửi lên này.")
        if not may_decide(offer=offer, user=request.user):
            raise PermissionDenied
        return offer

    def accept_view(self, request, object_id):
        """Copy the offered article into one of the unit's categories."""
        offer = self._offer_to_decide(request, object_id)
        form = AcceptForm(request.POST or None, unit=request_unit(request))
        if request.method == "POST" and form.is_valid():
            try:
                copy = accept_offer(
                    offer=offer, user=request.user, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                done = f"Đã nhận tin “{copy.title}” vào chuyên mục {copy.category.name}."
                self.message_user(request, done, messages.SUCCESS)
                return redirect("admin:news_article_change", copy.pk)
        intro = f"Tin của {offer.source_unit.name}. Bản đăng lại ghi nguồn và liên kết về bài gốc."
        return render_form(
            self,
            request,
            obj=offer,
            form=form,
            title=f"Nhận tin “{offer.title}”",
            button="Nhận tin",
            intro=intro,
        )

    def decline_view(self, request, object_id):
        """Decline the offered article with a note for the unit that sent it."""
        offer = self._offer_to_decide(request, object_id)
        form = DeclineForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                decline_offer(
                    offer=offer, user=request.user, note=form.cleaned_data["note"], request=request
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, "Đã từ chối tin gửi lên.", messages.SUCCESS)
                return redirect("admin:news_articleoffer_changelist")
        return render_form(
            self,
            request,
            obj=offer,
            form=form,
            title=f"Từ chối tin “{offer.title}”",
            button="Từ chối",
        )
