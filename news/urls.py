from django.urls import path

from news import views
from news.feeds import CategoryFeed, LatestArticlesFeed

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="index"),
    path("rss/", LatestArticlesFeed(), name="feed"),
    path("<slug:category>/", views.ArticleListView.as_view(), name="category"),
    path("<slug:category>/rss/", CategoryFeed(), name="category_feed"),
    path("<slug:category>/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
]
