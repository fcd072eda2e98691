"""Public news pages: listings, the article page and the staff preview."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import IntegerField, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from news.menu import all_categories
from news.models import Article

ARTICLES_PER_PAGE = 12
RELATED_ARTICLES = 5
# Beyond any real archive; a bigger number would overflow the database's OFFSET.
MAX_PAGE = 100_000


def find_category(slug: str):
    """Return the category with this slug from the cached list, or raise Http404."""
    for category in all_categories():
        if category.slug == slug:
            return category
    raise Http404("Không có chuyên mục này.")


def can_preview(user) -> bool:
    """Return True for staff who may open unpublished articles at their public URL."""
    return user.is_authenticated and user.is_staff and user.has_perm("news.view_article")


class SubqueryCount(Subquery):
    """The number of rows of a queryset, as a scalar subquery the database runs once."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted_rows)"
    output_field = IntegerField()


class CountingPaginator(Paginator):
    """Fetch a page and the total number of rows in one query."""

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("Số trang không hợp lệ.") from None
        if not 1 <= number <= MAX_PAGE:
            raise EmptyPage("Không có trang này.")
        bottom = (number - 1) * self.per_page
        rows = list(
            self.object_list.annotate(
                total_rows=SubqueryCount(self.object_list.order_by().values("pk"))
            )[bottom : bottom + self.per_page]
        )
        if not rows and number > 1:
            raise EmptyPage("Trang này không có tin bài.")
        self.__dict__["count"] = rows[0].total_rows if rows else 0
        return self._get_page(rows, number, self)


class ArticleListView(ListView):
    """List published articles, newest first: all of them or one category's."""

    template_name = "news/article_list.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE
    paginator_class = CountingPaginator
    allow_empty = True

    def get_queryset(self):
        articles = Article.objects.for_unit(self.request.unit).published().for_cards()
        self.category = None
        if "category" in self.kwargs:
            self.category = find_category(self.kwargs["category"])
            also_in = Article.extra_categories.through.objects.filter(category=self.category)
            articles = articles.filter(
                Q(category=self.category) | Q(pk__in=also_in.values("article_id"))
            )
        return articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        return context


class ArticleDetailView(DetailView):
    """Show a published article; staff also see drafts, marked as such and never cached."""

    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        """Fetch the unit's article; only staff who may preview get an unpublished one."""
        articles = Article.objects.for_unit(self.request.unit).select_related("category")
        article = articles.filter(slug=self.kwargs["slug"]).first()
        if article is None:
            raise Http404("Không có tin bài này.")
        self.preview = not article.is_published()
        if self.preview and not can_preview(self.request.user):
            raise Http404("Không có tin bài này.")
        return article

    def related(self, article: Article) -> list[Article]:
        """Return the newest other published articles of the article's category."""
        others = Article.objects.published().filter(category=article.category_id)
        return list(others.exclude(pk=article.pk).for_cards()[:RELATED_ARTICLES])

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
        context["related"] = self.related(article)
        context["structured_data"] = self.structured_data(article)
        return context

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
