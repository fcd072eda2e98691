from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin tức"

    def ready(self):
        import reversion

        from anphu_portal.caching import bump_content_version
        from news.models import Article, Category

        for model in (Category, Article):
            if not reversion.is_registered(model):
                reversion.register(model)
            uid = f"news.{model.__name__}.bump_content_version"
            post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}.save")
            post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}.delete")
        m2m_changed.connect(
            bump_content_version,
            sender=Article.extra_categories.through,
            dispatch_uid="news.Article.extra_categories.bump_content_version",
        )
