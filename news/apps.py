from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin tức"

    def ready(self):
        import reversion

        from anphu_portal.caching import invalidate_on_change
        from anphu_portal.registry import portal
        from news import api, search
        from news.models import Article, Category
        from news.sitemaps import ArticleSitemap, CategorySitemap
        from news.unit_template import create_default_categories

        for model in (Category, Article):
            if not reversion.is_registered(model):
                reversion.register(model)
        invalidate_on_change(Category, Article)
        portal.register_search_section(search.SEARCH_SECTION)
        portal.register_most_read(search.MOST_READ)
        portal.register_unit_template("news", create_default_categories)
        portal.register_api_routes("news", api.urlpatterns)
        portal.register_sitemaps(
            {"news-categories": CategorySitemap, "news-articles": ArticleSitemap}
        )
