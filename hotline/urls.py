from django.urls import path

from hotline import views

app_name = "hotline"

# Sitemaps of this app, merged into /sitemap.xml by the root URLconf.
sitemaps = {}

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
]
