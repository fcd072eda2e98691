"""Admin of the organization app: pages, leaders, schedule, banners, links, English page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models

from anphu_portal.history import PortalVersionAdmin
from anphu_portal.models import Unit
from anphu_portal.units import request_unit
from hotline.models import Contact
from organization.models import (
    Banner,
    Body,
    EnglishPage,
    Link,
    Page,
    Person,
    ScheduleEntry,
    SignedSchedule,
)
from organization.workflow import copy_to_next_week


class UnitSlugAdmin(PortalVersionAdmin):
    """Check a typed slug against the unit's other rows, with a message instead of an error."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        unit = request_unit(request)
        model = self.model

        def clean_slug(self):
            slug = self.cleaned_data.get("slug", "")
            taken = model._default_manager.filter(unit=unit, slug=slug).exclude(pk=self.instance.pk)
            if slug and taken.exists():
                raise ValidationError(
                    "Đường dẫn này đã được dùng ở đơn vị; hãy chọn đường dẫn khác."
                )
            return slug

        return type(form.__name__, (form,), {"clean_slug": clean_slug})


@admin.register(Page)
class PageAdmin(UnitSlugAdmin):
    list_display = ["title", "parent", "slug", "position", "published", "updated_at"]
    list_display_links = ["title"]
    list_editable = ["position", "published"]
    list_filter = ["published", ("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["parent__position", "position", "title"]
    readonly_fields = ["updated_at", "updated_by"]
    fields = [
        "title",
        "slug",
        "parent",
        "body",
        ("position", "published"),
        "updated_at",
        "updated_by",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Page.objects.for_unit(request_unit(request)).top_level()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ["name", "title", "position", "active"]
    show_change_link = True


@admin.register(Body)
class BodyAdmin(PortalVersionAdmin):
    list_display = ["name", "kind", "position", "active"]
    list_display_links = ["name"]
    list_editable = ["position", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    ordering = ["position", "name"]
    readonly_fields = ["updated_at", "updated_by"]
    fields = [
        "name",
        "kind",
        "functions",
        "address",
        "phones",
        "email",
        ("position", "active"),
        "updated_at",
        "updated_by",
    ]


@admin.register(Person)
class PersonAdmin(UnitSlugAdmin):
    list_display = ["name", "title", "body", "position", "active"]
    list_display_links = ["name"]
    list_editable = ["position", "active"]
    list_filter = [("body", admin.RelatedOnlyFieldListFilter), "is_spokesperson", "active"]
    list_select_related = ["body"]
    search_fields = ["name", "title", "portfolio", "communes"]
    search_help_text = "Tìm theo họ tên, chức vụ, lĩnh vực hoặc địa bàn phụ trách."
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["body__position", "position", "pk"]
    readonly_fields = ["updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["body", "name", "slug", "title", "title_en", "term"]}),
        ("Phân công", {"fields": ["portfolio", "communes", ("is_head", "is_spokesperson")]}),
        ("Ảnh", {"fields": ["photo", "photo_alt"]}),
        ("Liên lạc", {"fields": ["contact", "phones", "email"]}),
        ("Hiển thị", {"fields": [("position", "active")]}),
        ("Cập nhật", {"fields": ["updated_at", "updated_by"], "classes": ["collapse"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "contact":
            unit = request_unit(request)
            kwargs["queryset"] = Contact.objects.for_unit(unit).select_related("group")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ScheduleEntry)
class ScheduleEntryAdmin(PortalVersionAdmin):
    list_display = [
        "date",
        "start_time",
        "short_content",
        "place",
        "is_citizen_reception",
        "status",
        "changed_at",
    ]
    list_display_links = ["date", "start_time", "short_content"]
    list_filter = ["date", "is_citizen_reception", "status"]
    search_fields = ["content", "place", "participants", "preparer"]
    date_hierarchy = "date"
    ordering = ["-date", "start_time"]
    filter_horizontal = ["leaders"]
    readonly_fields = ["sequence", "changed_at", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": [("date", "start_time", "end_time"), "content", "leaders"]}),
        (
            "Chi tiết",
            {"fields": ["place", "participants", "preparer", "is_citizen_reception", "status"]},
        ),
        (
            "Thay đổi",
            {
                "fields": ["sequence", "changed_at", "updated_at", "updated_by"],
                "classes": ["collapse"],
            },
        ),
    ]
    actions = ["copy_to_next_week"]

    @admin.display(description="nội dung", ordering="content")
    def short_content(self, entry):
        return entry.content[:80]

    @admin.action(description="Sao chép các mục đã chọn sang tuần sau", permissions=["add"])
    def copy_to_next_week(self, request, queryset):
        copies = copy_to_next_week(entries=queryset, user=request.user)
        self.message_user(
            request, f"Đã sao chép {len(copies)} mục sang tuần sau.", messages.SUCCESS
        )


@admin.register(SignedSchedule)
class SignedScheduleAdmin(PortalVersionAdmin):
    list_display = ["title", "week", "document", "updated_at"]
    list_display_links = ["title"]
    list_filter = ["week"]
    search_fields = ["title"]
    ordering = ["-week"]
    date_hierarchy = "week"
    readonly_fields = ["updated_at", "updated_by"]
    fields = ["title", "week", "document", "updated_at", "updated_by"]


@admin.register(Banner)
class BannerAdmin(PortalVersionAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["text", "level", "starts_at", "ends_at", "all_units"]
    list_display_links = ["text"]
    list_filter = ["level", "all_units"]
    search_fields = ["text"]
    ordering = ["-starts_at"]
    readonly_fields = ["updated_at", "updated_by"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["widgets"] = {"text": forms.Textarea(attrs={"rows": 2})}
        return super().get_form(request, obj, change=change, **kwargs)

    def at_province(self, request) -> bool:
        unit = request_unit(request)
        return unit is not None and unit.level == Unit.Level.PROVINCE

    def get_fields(self, request, obj=None):
        fields = ["level", "text", "link_url", "link_text", "starts_at", "ends_at"]
        if self.at_province(request):
            fields += ["all_units", "target_units"]
        return [*fields, "updated_at", "updated_by"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "target_units":
            kwargs["queryset"] = Unit.objects.exclude(level=Unit.Level.PROVINCE).order_by(
                "unit_name"
            )
            kwargs["widget"] = forms.CheckboxSelectMultiple
            return db_field.formfield(**kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Link)
class LinkAdmin(PortalVersionAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "url", "position", "active"]
    list_display_links = ["name"]
    list_editable = ["position", "active"]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    ordering = ["position", "name"]
    readonly_fields = ["updated_at", "updated_by"]
    fields = ["name", "url", "logo", "logo_alt", ("position", "active"), "updated_at", "updated_by"]


@admin.register(EnglishPage)
class EnglishPageAdmin(PortalVersionAdmin):
    list_display = ["name", "updated_at"]
    search_fields = ["name"]
    ordering = ["-updated_at"]
    readonly_fields = ["updated_at", "updated_by"]
    fields = ["name", "location", "introduction", "contacts", "updated_at", "updated_by"]

    def has_add_permission(self, request):
        # One English page per unit.
        exists = EnglishPage.objects.filter(unit=request_unit(request)).exists()
        return not exists and super().has_add_permission(request)
