from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AnphuPortalConfig(AppConfig):
    name = "anphu_portal"
    verbose_name = "Cổng thông tin"

    def ready(self):
        from anphu_portal.roles import grant_role_permissions

        post_migrate.connect(grant_role_permissions, dispatch_uid="anphu_portal.roles")
