"""Admin of the hotline app: groups with their contacts inline, history and recovery."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count

from anphu_portal.history import PortalVersionAdmin
from hotline.forms import ContactForm
from hotline.models import Contact, ContactGroup
from hotline.phones import format_phone_list, normalize_phone


class ContactInline(admin.StackedInline):
    model = Contact
    form = ContactForm
    extra = 0
    ordering = ["position", "pk"]
    show_change_link = True
    fields = [
        ("name", "title"),
        "organization",
        "phones",
        "email",
        "address",
        "note",
        ("position", "active"),
    ]


@admin.register(ContactGroup)
class ContactGroupAdmin(PortalVersionAdmin):
    list_display = [
        "name",
        "kind",
        "position",
        "show_in_sidebar",
        "active",
        "contact_count",
    ]
    list_display_links = ["name"]
    list_editable = ["position", "show_in_sidebar", "active"]
    list_filter = ["kind", "show_in_sidebar", "active"]
    search_fields = ["name", "sidebar_title"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]
    readonly_fields = ["updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "description"]}),
        ("Hiển thị", {"fields": ["position", "show_in_sidebar", "sidebar_title", "active"]}),
        ("Cập nhật", {"fields": ["updated_at", "updated_by"], "classes": ["collapse"]}),
    ]
    inlines = [ContactInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_contacts=Count("contacts"))

    @admin.display(description="số liên hệ", ordering="number_of_contacts")
    def contact_count(self, group):
        return group.number_of_contacts


@admin.register(Contact)
class ContactAdmin(PortalVersionAdmin):
    unit_field = "group__unit"
    form = ContactForm
    list_display = [
        "display_name",
        "group",
        "phone_list",
        "email",
        "position",
        "active",
    ]
    list_display_links = ["display_name"]
    list_editable = ["position", "active"]
    # Only the unit's own groups in the filter, never another unit's names.
    list_filter = [("group", admin.RelatedOnlyFieldListFilter), "group__kind", "active"]
    list_select_related = ["group"]
    search_fields = ["name", "title", "organization", "phones", "email"]
    search_help_text = (
        "Tìm theo tên, chức vụ, cơ quan, số điện thoại (gõ có hoặc không có dấu chấm) "
        "hoặc thư điện tử; không cần gõ dấu tiếng Việt."
    )
    autocomplete_fields = ["group"]
    ordering = ["group__position", "position", "pk"]
    readonly_fields = ["updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["group", "name", "title", "organization"]}),
        ("Liên lạc", {"fields": ["phones", "email", "address", "note"]}),
        ("Hiển thị", {"fields": ["position", "active"]}),
        ("Cập nhật", {"fields": ["updated_at", "updated_by"], "classes": ["collapse"]}),
    ]

    # search_text starts with the folded display name.
    @admin.display(description="họ tên / đơn vị", ordering="search_text")
    def display_name(self, contact):
        return contact.display_name

    @admin.display(description="số điện thoại")
    def phone_list(self, contact):
        return format_phone_list(contact.phones)

    def get_search_results(self, request, queryset, search_term):
        """Find a number however it is typed, and words with or without accents."""
        if not search_term.strip():
            return queryset, False
        try:
            digits = normalize_phone(search_term)
        except ValidationError:
            return queryset.search(search_term), False
        return queryset.filter(phones__contains=digits), False
