"""Admin for the portal-wide settings record."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from anphu_portal.models import SiteIdentity

admin.site.site_header = "Quản trị Cổng thông tin điện tử"
admin.site.site_title = "Quản trị cổng thông tin"
admin.site.index_title = "Trang quản trị"


@admin.register(SiteIdentity)
class SiteIdentityAdmin(admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["parent_unit", "unit_name", "portal_title", "logo"]}),
        ("Liên hệ", {"fields": ["address", "phone", "email"]}),
        ("Chân trang", {"fields": ["footer_text"]}),
    ]

    def has_add_permission(self, request):
        return not SiteIdentity.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """Open the single record directly instead of a list of one."""
        identity = SiteIdentity.load()
        return redirect(reverse("admin:anphu_portal_siteidentity_change", args=[identity.pk]))
