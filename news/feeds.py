"""RSS 2.0 feeds: all news and one category's news."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.views.decorators.http import require_safe

from anphu_portal.current_unit import current_unit
from news.models import Article, Category

FEED_ITEMS = 30


# Like every public page, a feed answers GET and HEAD only (405 with Allow otherwise).
@method_decorator(require_safe, name="__call__")
class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    link = "/tin-tuc/"
    language = "vi"

    def title(self):
        return f"Tin tức – {current_unit().portal_title}"

    def description(self):
        return f"Tin tức, sự kiện mới nhất của {current_unit().unit_name}."

    def items(self):
        return Article.objects.for_unit(current_unit()).published().for_cards()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [item.category.name]

    def item_enclosures(self, item):
        if not item.cover:
            return []
        rendition = item.cover_800_jpeg
        try:
            length = rendition.storage.size(rendition.name)
        except OSError:
            length = 0
        return [Enclosure(rendition.url, str(length), "image/jpeg")]

    def item_link(self, item):
        return item.get_absolute_url()


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, category):
        return get_object_or_404(Category.objects.for_unit(request.unit), slug=category)

    def title(self, category):
        return f"{category.name} – {current_unit().portal_title}"

    def link(self, category):
        return category.get_absolute_url()

    def description(self, category):
        return category.description or f"Tin mới nhất của chuyên mục {category.name}."

    def items(self, category):
        return Article.objects.published().for_cards().filter(category=category)[:FEED_ITEMS]
