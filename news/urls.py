from django.urls import path

from news import views
from news.feeds import CategoryFeed, LatestArticlesFeed
from news.sitemaps import ArticleSitemap, CategorySitemap

app_name = "news"

# Sitemaps of this app, merged into /sitemap.xml by the root URLconf.
sitemaps = {"news-categories": CategorySitemap, "news-articles": ArticleSitemap}

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="index"),
    path("rss/", LatestArticlesFeed(), name="feed"),
    path("<slug:category>/", views.ArticleListView.as_view(), name="category"),
    path("<slug:category>/rss/", CategoryFeed(), name="category_feed"),
    path("<slug:category>/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
]
