"""Public news pages: listings, the article page and the staff preview."""

from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.text import Truncator
from django.views.generic import DetailView, ListView
from django.views.generic.base import ContextMixin

from anphu_portal.caching import cached_by_sections, prefetch_page, versioned_key
from anphu_portal.templatetags.portal_tags import parameters_besides_page, thousands
from news.listing import (
    ARTICLES_PER_PAGE,
    MAX_PAGES,
    CappedPaginator,
    Month,
    listing,
    month_of_position,
    neighbour_months,
    page_number,
)
from news.menu import all_categories, categories_key
from news.models import Article
from news.templatetags.news_tags import json_ld

RELATED_ARTICLES = 5
LIST_BODY = "news/partials/article_list_body.html"


def find_category(slug: str):
    """Return the category with this slug from the cached list, or raise Http404."""
    for category in all_categories():
        if category.slug == slug:
            return category
    raise Http404("Không có chuyên mục này.")


def can_preview(user) -> bool:
    """Return True for staff who may open unpublished articles at their public URL."""
    return user.is_authenticated and user.is_staff and user.has_perm("news.view_article")


class ArticleListView(ListView):
    """List published articles, newest first: all of them or one category's, capped pages."""

    template_name = "news/article_list.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE
    allow_empty = True

    def get(self, request, *args, **kwargs):
        try:
            self.page_number = page_number(request.GET.get("page"))
        except InvalidPage:
            raise Http404("Không có trang này.") from None
        # The categories, this page's kept list and the layout's fragments: one round trip.
        list_key = versioned_key("news-list", *self.list_parts(), sections=("news",))
        prefetch_page(request, [categories_key(), list_key])
        self.category = find_category(kwargs["category"]) if "category" in kwargs else None
        if self.page_number > MAX_PAGES:
            return self.beyond_the_cap()
        return super().get(request, *args, **kwargs)

    def beyond_the_cap(self):
        """Send a page past the cap to the month archive of its first article, for good."""
        month = month_of_position(self.get_queryset(), (self.page_number - 1) * self.paginate_by)
        if month is None:
            raise Http404("Không có trang này.")
        return redirect(month.url(self.category), permanent=True)

    def get_queryset(self):
        return listing(self.request.unit, self.category)

    def paginate_queryset(self, queryset, page_size):
        paginator = CappedPaginator(queryset, page_size)
        try:
            page = paginator.page(self.page_number)
        except InvalidPage:
            raise Http404("Không có trang này.") from None
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        """Return the page's context; its list is a fragment of the news section.

        The list of a page (its articles, pagination and month links) is kept per
        category, month, page and other GET parameters (the pagination keeps them), so a
        page rebuilt after an edit of another section (a document) makes no query for it:
        a category's page took 4.8-6.0 ms of CPU instead of 12.7-14.4 (bench database, in
        process, bench/cpu_pages.py).
        """
        listed = cached_by_sections(
            "news-list", self.render_list, *self.list_parts(), sections=("news",), scheduled=True
        )
        context = ContextMixin.get_context_data(self, **kwargs)
        context.update(category=self.category, page_number=self.page_number, listed=listed)
        return context

    def list_parts(self) -> tuple:
        """Return what a page's kept list is keyed by: category, month, page, parameters."""
        month = getattr(self, "month", "")
        category = self.kwargs.get("category", "")
        return (category, month, self.page_number, parameters_besides_page(self.request))

    def render_list(self) -> str:
        """Render the list of this page; raise Http404 for a page past the last."""
        _paginator, page, articles, _ = self.paginate_queryset(self.object_list, self.paginate_by)
        context = {
            "articles": articles,
            "page_obj": page,
            "category": self.category,
            "request": self.request,
            **self.list_context(page),
        }
        return get_template(LIST_BODY).render(context)

    def list_context(self, page) -> dict:
        """Return what the list shows beside its articles: the way on past the page cap."""
        last = page.number == page.paginator.num_pages
        if page.paginator.capped and last and page:
            # The cap's last page points on to the older articles, month by month.
            return {
                "older_month": Month.of(page[-1].publish_at),
                "pages_shown": thousands(page.paginator.num_pages),
            }
        return {}


class MonthArchiveView(ArticleListView):
    """List one month's published articles (all or one category's), with the months around."""

    def get(self, request, *args, **kwargs):
        try:
            self.month = Month.parse(kwargs["month"])
        except ValueError:
            raise Http404("Tháng không hợp lệ.") from None
        if self.month > Month.current():
            raise Http404("Tháng này chưa có tin bài.")
        return super().get(request, *args, **kwargs)

    def beyond_the_cap(self):
        raise Http404("Không có trang này.")

    def get_queryset(self):
        return listing(self.request.unit, self.category, **self.month.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["month"] = self.month
        return context

    def list_context(self, page) -> dict:
        earlier, later = neighbour_months(self.request.unit, self.category, self.month)
        return {"month": self.month, "earlier_month": earlier, "later_month": later}


def newest_of_category(category_id: int) -> list[Article]:
    """Return the category's newest published articles, one more than an article lists."""
    published = Article.objects.published().filter(category=category_id)
    return list(published.for_cards()[: RELATED_ARTICLES + 1])


class ArticleDetailView(DetailView):
    """Show a published article; staff also see drafts, marked as such and never cached."""

    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        """Fetch the unit's article; only staff who may preview get an unpublished one.

        The article is kept per version of the news (and until the next scheduled
        publication): a page rebuilt after another section's edit reads it from the cache.
        """
        slug = self.kwargs["slug"]
        # The article, its page's kept HTML and the layout's fragments: one round trip.
        url = self.request.build_absolute_uri(self.request.path)
        prefetch_page(
            self.request,
            [
                versioned_key("article", slug, sections=("news",)),
                versioned_key("article-page", slug, url, sections=("news",)),
                versioned_key("article-around", slug, url, sections=("news",)),
            ],
        )
        article = cached_by_sections(
            "article", lambda: self.read_article(slug), slug, sections=("news",), scheduled=True
        )
        if article is None:
            raise Http404("Không có tin bài này.")
        self.preview = not article.is_published()
        if self.preview and not can_preview(self.request.user):
            raise Http404("Không có tin bài này.")
        return article

    def read_article(self, slug: str) -> Article | None:
        articles = Article.objects.for_unit(self.request.unit).select_related("category")
        return articles.filter(slug=slug).first()

    def related(self, article: Article) -> list[Article]:
        """Return the newest other published articles of the article's category.

        The category's newest few are a fragment of the news section, shared by all its
        articles: a page rebuilt after an edit of another section makes no query for them.
        """
        newest = cached_by_sections(
            "related-articles",
            lambda: newest_of_category(article.category_id),
            article.category_id,
            sections=("news",),
            scheduled=True,
        )
        return [other for other in newest if other.pk != article.pk][:RELATED_ARTICLES]

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.category.slug != kwargs["category"]:
            return redirect(self.object, permanent=not self.preview)
        response = self.render_to_response(self.get_context_data(object=self.object))
        if self.preview:
            add_never_cache_headers(response)
        else:
            response["X-Article-Id"] = str(self.object.pk)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["preview"] = self.preview
        context["article_url"] = self.request.build_absolute_uri(article.get_absolute_url())
        context["site_root"] = self.request.build_absolute_uri("/").rstrip("/")
        # Read only when the article's kept HTML is rebuilt (the template's fragment).
        context["related"] = SimpleLazyObject(lambda: self.related(article))
        urls = {"article_url": context["article_url"], "site_root": context["site_root"]}
        if self.preview:
            context["head"] = self.head_tags(article, **urls)
        else:
            context["head"] = cached_by_sections(
                "article-around",
                lambda: self.head_tags(article, **urls),
                article.slug,
                urls["article_url"],
                sections=("news",),
            )
        return context

    def head_tags(self, article: Article, *, article_url: str, site_root: str) -> dict:
        """Return the parts of the page around the article, kept with it (`article-around`).

        The descriptions, the Open Graph and Twitter tags, the JSON-LD block and the
        breadcrumb trail: the same for every visitor until the news changes, so a page
        rebuilt after another section's edit does not render them again. (Kept before
        as `article-head`, without the tags and the trail: a new name, so that a value of
        the old shape still in the cache is never read as one of the new.)
        """
        summary = Truncator(article.summary)
        description = summary.chars(300)
        social = {
            "article": article,
            "article_url": article_url,
            "site_root": site_root,
            "description": description,
            "short_description": summary.chars(200),
        }
        trail = {
            "section": "Tin tức",
            "section_url": reverse("news:index"),
            "subsection": article.category.name,
            "subsection_url": article.category.get_absolute_url(),
        }
        return {
            "description": description,
            "social_meta": render_to_string("news/partials/article_social_meta.html", social),
            "structured_data": json_ld(self.structured_data(article)),
            "breadcrumb": render_to_string("partials/breadcrumbs.html", trail),
        }

    def structured_data(self, article: Article) -> dict:
        """Return the schema.org NewsArticle description of the article."""
        request = self.request
        site = request.unit
        picture = article.cover_picture()
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title[:110],
            "description": article.summary,
            "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
            "datePublished": article.publish_at.isoformat() if article.publish_at else None,
            "dateModified": article.updated_at.isoformat(),
            "articleSection": article.category.name,
            "inLanguage": "vi",
            "publisher": {"@type": "GovernmentOrganization", "name": site.unit_name},
        }
        if article.author:
            data["author"] = {"@type": "Person", "name": article.author}
        if picture:
            data["image"] = [request.build_absolute_uri(picture["src"])]
        return data
