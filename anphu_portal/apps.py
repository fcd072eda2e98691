from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class AnphuPortalConfig(AppConfig):
    name = "anphu_portal"
    verbose_name = "Cổng thông tin"

    def ready(self):
        from anphu_portal import db_routers, revision_units, visitor_counts
        from anphu_portal.accounts import signals
        from anphu_portal.registry import portal
        from anphu_portal.roles import grant_role_permissions
        from anphu_portal.templatetags.portal_tags import header_menu_key, header_top_key

        post_migrate.connect(grant_role_permissions, dispatch_uid="anphu_portal.roles")
        signals.connect()
        portal.register_layout_fragment("header-top", header_top_key)
        portal.register_layout_fragment("header-menu", header_menu_key)
        portal.register_layout_script("visitor-figures", visitor_counts.figures_read)
        revision_units.connect()
        if db_routers.replica_configured():
            db_routers.connect_write_log()


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, served by the portal's site (login with a second factor)."""

    default = False
    default_site = "anphu_portal.accounts.admin_site.PortalAdminSite"

    def ready(self):
        super().ready()
        from anphu_portal.accounts.admin_site import arrange_account_admins

        arrange_account_admins(self.module.site)


class LoginProtectionConfig(axes_apps.AppConfig):
    """django-axes, under a Vietnamese name in the admin."""

    default = False
    verbose_name = "Chống dò mật khẩu"
