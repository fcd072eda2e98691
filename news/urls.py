from django.urls import path, register_converter

from news import views
from news.feeds import CategoryFeed, LatestArticlesFeed


class MonthConverter:
    """A month written YYYY-MM; its value is checked by the view, which says what is wrong."""

    regex = "[0-9]{4}-[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(MonthConverter, "month")

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="index"),
    path("rss/", LatestArticlesFeed(), name="feed"),
    path("thang/<month:month>/", views.MonthArchiveView.as_view(), name="month"),
    path("<slug:category>/", views.ArticleListView.as_view(), name="category"),
    path("<slug:category>/rss/", CategoryFeed(), name="category_feed"),
    path(
        "<slug:category>/thang/<month:month>/",
        views.MonthArchiveView.as_view(),
        name="category_month",
    ),
    path("<slug:category>/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
]
