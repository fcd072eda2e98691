"""Triage of questions and feedback, the days off, and the answers to "was this page useful?"."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from mailer.models import DontSendEntry, Message, MessageLog

from anphu_portal.history import PortalVersionAdmin
from anphu_portal.models import Unit
from anphu_portal.roles import FEEDBACK_STAFF
from anphu_portal.units import request_unit
from feedback.access import may_see_personal_data
from feedback.figures import month_workbook, months_back, unit_figures
from feedback.forms import normalize_citizen_phone
from feedback.models import (
    PERSONAL_FIELDS,
    Holiday,
    PageUsefulness,
    Submission,
    SubmissionAttachment,
    SubmissionNote,
)
from feedback.workflow import (
    default_due_date,
    forward_submission,
    mail_new_submission,
    next_tracking_code,
    record_handling,
)

# Editors and approvers read the figures (no personal data) with the visitor statistics.
FIGURES_PERMISSION = "anphu_portal.view_dailyvisitstats"

# The mail queue holds citizens' addresses and texts: it is read by the send command and
# the erasure, not browsed in the admin.
for model in (Message, MessageLog, DontSendEntry):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class SubmissionAdminForm(forms.ModelForm):
    forward_to = forms.ModelChoiceField(
        label="Chuyển tới đơn vị khác",
        queryset=Unit.objects.none(),
        required=False,
        help_text="Chọn đơn vị để chuyển câu hỏi: đơn vị đó nhận một câu hỏi mới với mã tra "
        "cứu mới; câu hỏi này chuyển sang trạng thái “Chuyển cơ quan khác”.",
    )

    class Meta:
        model = Submission
        fields = [
            *PERSONAL_FIELDS,
            "kind",
            "channel",
            "field",
            "subject",
            "content",
            "publish_requested",
            "status",
            "assignee",
            "due_date",
            "answer",
            "published",
        ]

    def clean_phone(self):
        return normalize_citizen_phone(self.cleaned_data["phone"])


class NoteInline(admin.StackedInline):
    model = SubmissionNote
    extra = 1
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    verbose_name = "ghi chú nội bộ"
    verbose_name_plural = "ghi chú nội bộ (chỉ cán bộ xem)"

    def has_change_permission(self, request, obj=None):
        return False  # a note thread: notes are added, never rewritten


class AttachmentInline(admin.TabularInline):
    model = SubmissionAttachment
    extra = 0
    fields = ["file", "open_link", "size"]
    readonly_fields = ["open_link", "size"]
    # A plain file input: no link to the storage name, files open through the checked view.
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}
    verbose_name_plural = "tệp đính kèm (ảnh, PDF; tối đa 3 tệp, tổng 10 MB)"

    @admin.display(description="mở tệp")
    def open_link(self, attachment):
        if not attachment.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', attachment.get_admin_url(), attachment.original_name or "Tệp"
        )

    def get_fields(self, request, obj=None):
        # Existing files open through the checked view, never by their storage name.
        return ["file", "size"] if obj is None else ["open_link", "size", "file"]


class OverdueFilter(admin.SimpleListFilter):
    title = "hạn trả lời"
    parameter_name = "han"

    def lookups(self, request, model_admin):
        return [("qua-han", "Quá hạn"), ("con-han", "Còn hạn")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "qua-han":
            return queryset.overdue(today)
        if self.value() == "con-han":
            return queryset.open().filter(Q(due_date__gte=today) | Q(due_date=None))
        return queryset


@admin.register(Submission)
class SubmissionAdmin(PortalVersionAdmin):
    form = SubmissionAdminForm
    list_display = [
        "tracking_code",
        "subject",
        "kind",
        "field",
        "status",
        "assignee",
        "due",
        "published",
    ]
    list_display_links = ["tracking_code", "subject"]
    list_filter = ["status", OverdueFilter, "kind", "field", "channel", "published"]
    list_select_related = ["assignee"]
    search_fields = ["tracking_code", "subject"]
    search_help_text = "Tìm theo mã tra cứu (HD-2026-000123) hoặc tiêu đề."
    autocomplete_fields = []
    ordering = ["-created_at"]
    date_hierarchy = "created_at"
    inlines = [NoteInline, AttachmentInline]

    @admin.display(description="hạn trả lời", ordering="due_date")
    def due(self, submission):
        if submission.due_date is None:
            return "—"
        text = f"{submission.due_date:%d/%m/%Y}"
        if submission.is_overdue():
            return format_html('<strong class="overdue">{} (quá hạn)</strong>', text)
        return text

    def shows_personal_data(self, request) -> bool:
        return may_see_personal_data(request.user, request_unit(request))

    def get_fieldsets(self, request, obj=None):
        content = ["kind", "channel", "field", "subject", "content", "publish_requested"]
        if obj is not None:
            content = ["tracking_code", "created_at", *content, "consent"]
        fieldsets = []
        if self.shows_personal_data(request):
            fieldsets.append(("Người gửi", {"fields": list(PERSONAL_FIELDS)}))
        fieldsets += [
            ("Nội dung", {"fields": content}),
            (
                "Xử lý",
                {"fields": ["status", "assignee", "due_date", "answer", "published"]},
            ),
        ]
        if obj is not None and self.has_change_permission(request, obj):
            fieldsets.append(("Chuyển đơn vị", {"fields": ["forward_to", "forwarded_to"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fixed = ["tracking_code", "created_at", "forwarded_to", "consent"]
        if obj is not None and obj.channel == "web":
            # What the citizen wrote stays as written; staff answer it.
            fixed += ["kind", "channel", "subject", "content", "publish_requested"]
            fixed += list(PERSONAL_FIELDS)
        return fixed

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "forward_to" in form.base_fields:
            form.base_fields["forward_to"].queryset = Unit.objects.exclude(
                pk=getattr(request_unit(request), "pk", None)
            ).filter(archived=False)
        if "assignee" in form.base_fields:
            unit = request_unit(request)
            form.base_fields["assignee"].queryset = (
                form.base_fields["assignee"]
                .queryset.filter(
                    Q(is_superuser=True)
                    | Q(memberships__unit=unit, memberships__role__name=FEEDBACK_STAFF)
                    | Q(groups__name=FEEDBACK_STAFF)
                )
                .distinct()
            )
        return form

    def get_search_results(self, request, queryset, search_term):
        """Find by code or words; by phone number only for those who may see it."""
        term = search_term.strip()
        if not term:
            return queryset, False
        if self.shows_personal_data(request):
            try:
                digits = normalize_citizen_phone(term)
            except forms.ValidationError:
                pass
            else:
                return queryset.filter(phone=digits), False
        code = queryset.filter(tracking_code__iexact=term)
        return (code if code.exists() else queryset.search(term)), False

    def save_model(self, request, obj, form, change):
        previous = Submission.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        if not change:
            obj.unit = request_unit(request)
            obj.consent = True  # given in person, by phone or in the letter
            obj.tracking_code = next_tracking_code(unit=obj.unit, year=timezone.localdate().year)
            if obj.due_date is None:
                obj.due_date = default_due_date()
        super().save_model(request, obj, form, change)
        record_handling(submission=obj, previous_status=previous)
        if not change:
            submission = obj
            transaction.on_commit(lambda: mail_new_submission(submission))

    def response_change(self, request, obj):
        target = request.POST and self._forward_target(request)
        if target is not None and target:
            copy = forward_submission(
                submission=obj, to_unit=target, user=request.user, request=request
            )
            messages.success(
                request, f"Đã chuyển tới {target.unit_name}; mã tra cứu mới {copy.tracking_code}."
            )
        return super().response_change(request, obj)

    def _forward_target(self, request):
        pk = request.POST.get("forward_to")
        if not pk or not self.has_change_permission(request):
            return None
        unit = request_unit(request)
        return Unit.objects.exclude(pk=getattr(unit, "pk", None)).filter(pk=pk).first()

    def save_formset(self, request, form, formset, change):
        if formset.model is SubmissionNote:
            for note_form in formset.forms:
                if note_form.has_changed() and not note_form.instance.pk:
                    note_form.instance.author = request.user
        if formset.model is SubmissionAttachment:
            for attachment_form in formset.forms:
                upload = (
                    attachment_form.cleaned_data.get("file")
                    if attachment_form.has_changed()
                    else None
                )
                if upload is not None and not getattr(upload, "_committed", True):
                    attachment_form.instance.original_name = upload.name[:200]
                    attachment_form.instance.size = upload.size
        super().save_formset(request, form, formset, change)

    # --- Figures and the monthly export ------------------------------------------------

    def get_urls(self):
        figures = [
            path(
                "thong-ke/",
                self.admin_site.admin_view(self.figures_view),
                name="feedback_submission_figures",
            ),
            path(
                "thong-ke/xlsx/",
                self.admin_site.admin_view(self.export_view),
                name="feedback_submission_export",
            ),
        ]
        return figures + super().get_urls()

    def may_see_figures(self, request) -> bool:
        return self.has_view_or_change_permission(request) or request.user.has_perm(
            FIGURES_PERMISSION
        )

    def figures_view(self, request):
        """Show items per kind and status, median days to answer, overdue, per month."""
        if not self.may_see_figures(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Thống kê hỏi đáp, phản ánh kiến nghị",
            "figures": unit_figures(unit=request_unit(request)),
            "months": months_back(timezone.localdate(), 12),
        }
        return TemplateResponse(request, "admin/feedback/figures.html", context)

    def export_view(self, request):
        """Answer one month's items as an XLSX file (?thang=2026-11), without personal data."""
        if not self.may_see_figures(request):
            raise PermissionDenied
        try:
            month = datetime.date.fromisoformat(request.GET.get("thang", "") + "-01")
        except ValueError:
            month = timezone.localdate().replace(day=1)
        content = month_workbook(unit=request_unit(request), month=month)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"hoi-dap-{month:%Y-%m}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response

    def get_inlines(self, request, obj):
        if not self.shows_personal_data(request):
            return [NoteInline]  # files are the citizen's personal data
        return self.inlines


@admin.register(Holiday)
class HolidayAdmin(PortalVersionAdmin):
    list_display = ["date", "name"]
    list_filter = [("date", admin.DateFieldListFilter)]
    search_fields = ["name"]
    ordering = ["-date"]
    date_hierarchy = "date"


@admin.register(PageUsefulness)
class PageUsefulnessAdmin(PortalVersionAdmin):
    list_display = ["path", "useful", "comment", "created_at"]
    list_filter = ["useful"]
    search_fields = ["path", "comment"]
    ordering = ["-created_at"]
    readonly_fields = ["path", "useful", "comment", "created_at"]
    change_list_template = "admin/feedback/pageusefulness/change_list.html"

    def has_add_permission(self, request):
        return False  # answers come from the public pages only

    def changelist_view(self, request, extra_context=None):
        pages = (
            self.get_queryset(request)
            .values("path")
            .annotate(
                no=Count("pk", filter=Q(useful=False)),
                yes=Count("pk", filter=Q(useful=True)),
            )
            .filter(no__gt=0)
            .order_by("-no", "path")[:20]
        )
        context = {"least_useful": list(pages), **(extra_context or {})}
        return super().changelist_view(request, context)
