from django.urls import path

from procedures import views

app_name = "procedures"

# Sitemaps of this app, merged into /sitemap.xml by the root URLconf.
sitemaps = {}

urlpatterns = [
    path("", views.ProcedureListView.as_view(), name="list"),
]
