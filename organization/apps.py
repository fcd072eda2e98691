from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = "Giới thiệu, lãnh đạo và lịch công tác"

    def ready(self):
        from anphu_portal.caching import invalidate_on_change
        from anphu_portal.registry import portal
        from organization import api, chrome, search
        from organization.models import (
            Body,
            EnglishPage,
            Link,
            Page,
            Person,
            ScheduleEntry,
            SignedSchedule,
        )
        from organization.sitemaps import OrganizationSitemap, PageSitemap

        # The menu, the footer's links and the banner are on every page of the unit.
        # Pages and links are in the menu and the footer of every page of the unit.
        invalidate_on_change(Page, Link, sections=("organization", "site"))
        invalidate_on_change(Body, Person, ScheduleEntry, SignedSchedule, EnglishPage)
        chrome.connect_banner_invalidation()
        portal.register_page_deadline("organization-banners", chrome.next_banner_change)
        portal.register_page_deadline("organization-midnight", chrome.next_midnight)
        portal.register_layout_fragment("organization-chrome", lambda request: chrome.chrome_key())
        portal.register_search_section(search.PAGES_SECTION)
        portal.register_api_routes("organization", api.urlpatterns)
        portal.register_search_section(search.PEOPLE_SECTION)
        portal.register_sitemaps(
            {"organization-pages": PageSitemap, "organization": OrganizationSitemap}
        )
