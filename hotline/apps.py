from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class HotlineConfig(AppConfig):
    name = "hotline"
    verbose_name = "Đường dây nóng và danh bạ"

    def ready(self):
        from anphu_portal.caching import bump_content_version
        from hotline.models import Contact, ContactGroup

        # Every page shows the sidebar boxes, so any edit invalidates every cached page.
        for model in (ContactGroup, Contact):
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_content_version,
                    sender=model,
                    dispatch_uid=f"hotline.{model.__name__}.{signal is post_save}",
                )
