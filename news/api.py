"""The news app's open-data endpoints: published articles and categories."""

from datetime import date, datetime, time, timedelta

import django_filters
from django.conf import settings
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from anphu_portal.api.units import UNIT_PARAMETER, absolute
from anphu_portal.api.views import PublicReadOnlyViewSet
from anphu_portal.matching import filter_by_words_in_order
from news.listing import Listing, listing
from news.models import Article, Category


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute address of the object's public page, on its unit's host."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return absolute(self.context["request"], self.context["unit"], value.get_absolute_url())


class CategorySerializer(serializers.ModelSerializer):
    url = PageUrlField()
    articles_api_url = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = ["slug", "name", "description", "position", "url", "articles_api_url"]

    def get_articles_api_url(self, category) -> str:
        path = reverse("api:article-list") + f"?category={category.slug}"
        return absolute(self.context["request"], self.context["unit"], path)


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name"]


class ArticleSerializer(serializers.ModelSerializer):
    """An article as a list shows it: no body."""

    url = PageUrlField()
    api_url = serializers.SerializerMethodField()
    category = CategoryRefSerializer()
    extra_categories = CategoryRefSerializer(many=True)
    published_at = serializers.DateTimeField(source="publish_at")
    cover = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "slug",
            "title",
            "summary",
            "url",
            "api_url",
            "category",
            "extra_categories",
            "author",
            "source",
            "featured",
            "cover",
            "published_at",
            "updated_at",
        ]

    def get_api_url(self, article) -> str:
        path = reverse("api:article-detail", args=[article.slug])
        return absolute(self.context["request"], self.context["unit"], path)

    def get_cover(self, article) -> dict | None:
        if not article.cover:
            return None
        return {
            "url": absolute(self.context["request"], self.context["unit"], article.cover.url),
            "width": article.cover_width,
            "height": article.cover_height,
            "alt": article.cover_alt or article.title,
            "caption": article.cover_caption,
        }


class ArticleDetailSerializer(ArticleSerializer):
    """An article with its body (sanitised HTML, as the page shows it)."""

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body"]


def local_midnight(day: date) -> datetime:
    """Return the moment a day starts in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, time()))


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Tìm theo từ (không phân biệt dấu)")
    category = django_filters.CharFilter(method="in_category", label="Mã chuyên mục (slug)")
    published_after = django_filters.DateFilter(
        method="published_from", label="Xuất bản từ ngày (YYYY-MM-DD)"
    )
    published_before = django_filters.DateFilter(
        method="published_until", label="Xuất bản đến ngày (YYYY-MM-DD)"
    )
    featured = django_filters.BooleanFilter(label="Tin nổi bật")

    class Meta:
        model = Article
        fields = []

    # Days are compared as moments (local midnights), so the listing index serves them:
    # `publish_at__date` was an expression on every row, which no index holds.
    # The first and last days a date field holds bound nothing (and have no midnight in UTC).
    def published_from(self, articles, name, value):
        if value <= date.min + timedelta(days=1):
            return articles
        return articles.filter(publish_at__gte=local_midnight(value))

    def published_until(self, articles, name, value):
        if value >= date.max - timedelta(days=1):
            return articles
        return articles.filter(publish_at__lt=local_midnight(value + timedelta(days=1)))

    def search(self, articles, name, value):
        return filter_by_words_in_order(articles, value)

    def in_category(self, articles, name, value):
        """Keep the articles of the category, as its main or one of its other categories."""
        also_in = Article.extra_categories.through.objects.filter(category__slug=value)
        return articles.filter(Q(category__slug=value) | Q(pk__in=also_in.values("article_id")))


class ArticleViewSet(PublicReadOnlyViewSet):
    """Published articles of the unit, newest first; the detail adds the body."""

    section = "tin-tuc"
    queryset = Article.objects.none()
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    lookup_field = "slug"

    def public_queryset(self, unit):
        articles = (
            Article.objects.for_unit(unit)
            .published()
            .select_related("category")
            .prefetch_related("extra_categories")
            .order_by("-publish_at", "-pk")
        )
        if self.action == "list":
            return articles.defer("body", "search_text")
        return articles.defer("search_text")

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    # A list filtered by category only is paged as its HTML listing is. The filter's "main
    # or extra category" condition is one OR that no index serves: counted, or OFFSET to a
    # deep page, it walked the unit's articles (83 ms counted at 100,000, 112 ms for page
    # 400). The listing's two branches each read no more index entries than needed.
    def category_listing(self) -> Listing | None:
        """Return the listing of the category that is the list's one filter, or None."""
        if not hasattr(self, "_category_listing"):
            asked = set(self.request.query_params) - {"page", "page_size", "format"}
            slug = self.request.query_params.get("category", "")
            found = None
            if asked - {UNIT_PARAMETER} == {"category"} and slug:
                category = Category.objects.for_unit(self.unit).filter(slug=slug).first()
                found = listing(self.unit, category) if category else Listing([])
            self._category_listing = found
        return self._category_listing

    def max_rows(self) -> int:
        """Return how many rows the list counts and pages: a search, as the site search."""
        if self.request.query_params.get("q", "").strip():
            return settings.SEARCH_MAX_COUNTED
        return settings.API_MAX_ROWS

    def count_rows(self, limit: int) -> int | None:
        """Return the list's number of rows up to `limit`; None for the usual count."""
        rows = self.category_listing()
        if rows is None:
            return None
        return rows.count(limit) if rows.branches else 0

    def page_ids(self, bottom: int, size: int) -> RawSQL | None:
        """Return the ids of a slice of the list, as SQL; None for the usual OFFSET."""
        rows = self.category_listing()
        if rows is None or not rows.branches:
            return None
        return rows.subquery("SELECT id FROM ({}) AS page_rows", bottom, size)


class CategoryViewSet(PublicReadOnlyViewSet):
    """The unit's news categories, in menu order."""

    section = "tin-tuc"
    queryset = Category.objects.none()
    serializer_class = CategorySerializer
    lookup_field = "slug"

    def public_queryset(self, unit):
        return Category.objects.for_unit(unit).order_by("position", "name")


router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("categories", CategoryViewSet, basename="category")
urlpatterns = router.urls
