from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin tức"

    def ready(self):
        import reversion
        from django.db.models.signals import post_save, pre_delete

        from anphu_portal.caching import SITE, invalidate_on_change
        from anphu_portal.registry import portal
        from news import api, search
        from news.menu import next_publication
        from news.models import Article, ArticleOffer, Category
        from news.sitemaps import CategorySitemap, MonthSitemap, article_month_sections
        from news.templatetags.news_tags import home_news_key
        from news.unit_template import create_default_categories

        post_save.connect(_source_saved, sender=Article, dispatch_uid="news-shared-source-saved")
        pre_delete.connect(
            _source_deleted, sender=Article, dispatch_uid="news-shared-source-deleted"
        )
        for model in (Category, Article, ArticleOffer):
            if not reversion.is_registered(model):
                reversion.register(model)
        # The categories are also the main menu, on every page.
        invalidate_on_change(Category, sections=("news", SITE))
        invalidate_on_change(Article)
        # An article published at a set time appears then on the pages cached before it.
        portal.register_page_deadline("news-scheduled", next_publication, sections=("news",))
        # The home page's news, read with the layout's fragments in one round trip.
        portal.register_page_fragment("home", home_news_key)
        portal.register_search_section(search.SEARCH_SECTION)
        portal.register_most_read(search.MOST_READ)
        portal.register_unit_template("news", create_default_categories)
        portal.register_api_routes("news", api.urlpatterns)
        portal.register_sitemaps(
            {
                "news-categories": CategorySitemap,
                "news-months": MonthSitemap,
            }
        )
        portal.register_sitemap_group("news-articles", article_month_sections)


# Every path that saves an article (admin form, workflow step, revert, recovery) must keep
# the flags of its copies at the province right, so they hang on the model's signals.
def _source_saved(sender, instance, **kwargs):
    from news.workflow import record_source_change

    record_source_change(article=instance)


def _source_deleted(sender, instance, **kwargs):
    from news.workflow import record_source_removal

    record_source_removal(article=instance)
