from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "hotline"
    verbose_name = "Đường dây nóng và danh bạ"

    def ready(self):
        from anphu_portal.caching import invalidate_on_change
        from anphu_portal.registry import portal
        from hotline import api, search
        from hotline.models import Contact, ContactGroup
        from hotline.sitemaps import DirectorySitemap
        from hotline.templatetags.hotline_tags import sidebar_key
        from hotline.unit_template import create_default_hotline_group

        # Every page shows the sidebar boxes and the phone bar: a number is never shown late,
        # so any edit ends the unit's cached pages at once.
        invalidate_on_change(ContactGroup, Contact, hard=True)
        portal.register_search_section(search.SEARCH_SECTION)
        portal.register_sitemaps({"hotline": DirectorySitemap})
        portal.register_api_routes("hotline", api.urlpatterns)
        portal.register_unit_template("hotline", create_default_hotline_group)
        portal.register_layout_fragment("hotline-boxes", sidebar_key)
