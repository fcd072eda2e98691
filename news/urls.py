from django.urls import path

from news import views

app_name = "news"

# Sitemaps of this app, merged into /sitemap.xml by the root URLconf.
sitemaps = {}

urlpatterns = [
    path("", views.NewsIndexView.as_view(), name="index"),
]
